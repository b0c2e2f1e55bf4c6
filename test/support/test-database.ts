import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { describe, inject } from 'vitest';
import { syncCatalog } from '../../src/catalog/sync-catalog';
import { type Database, openDatabase, pgliteDatabase } from '../../src/db/open-database';
import { clinicFileSchema, type ClinicFile } from '../../src/flows/clinic-schema';
import { parseFlowFile } from '../../src/flows/parse-flow-file';
import { migrationsHash, testDatabaseName, withDatabase } from './services';

export type DbKind = 'pglite' | 'postgres';

export interface TestDatabase {
  kind: DbKind;
  database: Database;
  /** Postgres URL of this test's own database (postgres kind only). */
  url?: string;
  drop(): Promise<void>;
}

let pgliteDump: Promise<Blob> | undefined;

/** A migrated PGlite image, built once per migration set and cached on disk across workers. */
async function migratedPgliteImage(): Promise<Blob> {
  pgliteDump ??= (async () => {
    const file = join(tmpdir(), `atende-pglite-${migrationsHash()}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const db = await openDatabase({});
    const { PGlite } = await import('@electric-sql/pglite');
    const client = (db.db as unknown as { $client: InstanceType<typeof PGlite> }).$client;
    const blob = await client.dumpDataDir('none');
    await db.close();
    writeFileSync(`${file}.${process.pid}`, Buffer.from(await blob.arrayBuffer()));
    const { renameSync } = await import('node:fs');
    renameSync(`${file}.${process.pid}`, file);
    return blob;
  })();
  return pgliteDump;
}

/** An isolated, migrated database of the given kind; `drop()` removes it. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const image = await migratedPgliteImage();
    const { PGlite } = await import('@electric-sql/pglite');
    const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
    const { drizzle } = await import('drizzle-orm/pglite');
    const schema = await import('../../src/db/schema');
    const client = await PGlite.create({ loadDataDir: image, extensions: { btree_gist } });
    const db = drizzle(client, { schema }) as unknown as Database['db'];
    const database = pgliteDatabase(client, db, {
      migrate: async () => {},
      close: async () => {
        if (!client.closed) await client.close();
      },
    });
    return { kind, database, drop: () => database.close() };
  }
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  if (!adminUrl) throw new Error('Postgres is not reachable');
  const name = testDatabaseName();
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`create database "${name}" template "${template}"`);
        break;
      } catch (err) {
        // Two files cloning the template at the same instant: retry shortly.
        if (attempt > 20 || !String(err).includes('being accessed')) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end({ timeout: 2 });
  }
  const url = withDatabase(adminUrl, name);
  const database = await openDatabase({ url, migrate: false, maxConnections: 20 });
  return {
    kind,
    database,
    url,
    drop: async () => {
      await database.close();
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await a.end({ timeout: 2 });
    },
  };
}

/** The database kinds this run can test: PGlite always, Postgres when reachable (required on CI). */
export function availableKinds(): DbKind[] {
  return inject('pgAdminUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/** `describe` that runs only with real Postgres, skipping loudly without it. */
export function describePostgres(name: string, fn: () => void): void {
  if (inject('pgAdminUrl')) describe(name, fn);
  else {
    console.warn(`SKIPPED (no Postgres): ${name}`);
    describe.skip(name, fn);
  }
}

/** `describe` that runs only with real Postgres and Redis, skipping loudly without them. */
export function describeWithServices(name: string, fn: () => void): void {
  if (inject('pgAdminUrl') && inject('redisUrl')) describe(name, fn);
  else {
    console.warn(`SKIPPED (no Postgres/Redis): ${name}`);
    describe.skip(name, fn);
  }
}

let demoClinic: { file: ClinicFile; hash: string } | undefined;

/** The shipped demo clinic (flows/clinic.yaml), parsed once. */
export function demoClinicFile(): { file: ClinicFile; hash: string } {
  if (!demoClinic) {
    const text = readFileSync(new URL('../../flows/clinic.yaml', import.meta.url), 'utf8');
    const parsed = parseFlowFile('flows/clinic.yaml', text, clinicFileSchema);
    if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
    demoClinic = { file: parsed.value, hash: parsed.hash };
  }
  return demoClinic;
}

/** Syncs the demo clinic (or a variant) into a test database. */
export async function seedClinic(database: Database, mutate?: (file: ClinicFile) => ClinicFile): Promise<ClinicFile> {
  const { file, hash } = demoClinicFile();
  const chosen = mutate ? mutate(structuredClone(file)) : file;
  await syncCatalog(database.db, chosen, mutate ? `${hash}-variant-${Math.random()}` : hash);
  return chosen;
}
