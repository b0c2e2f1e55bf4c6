import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { MIGRATIONS_DIR, openDatabase } from '../../src/db/open-database';

/** Real local services for integration tests: reachability, template database, cleanup. */

export async function postgresReachable(adminUrl: string): Promise<boolean> {
  const sql = postgres(adminUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 2 }).catch(() => {});
  }
}

export async function redisReachable(url: string): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** A hash of the migration files: the template is rebuilt whenever a migration changes. */
export function migrationsHash(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else h.update(entry.name).update(readFileSync(p));
    }
  };
  walk(MIGRATIONS_DIR);
  return h.digest('hex').slice(0, 10);
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates (once per migration set) a migrated database every test file clones. */
export async function ensureTemplateDatabase(adminUrl: string): Promise<string> {
  const name = `atende_tpl_${migrationsHash()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(913377)`;
    const exists = await admin`select 1 from pg_database where datname = ${name}`;
    if (exists.length === 0) {
      await admin.unsafe(`create database "${name}"`);
      const db = await openDatabase({ url: withDatabase(adminUrl, name), maxConnections: 1 });
      await db.close();
    }
    await admin`select pg_advisory_unlock(913377)`;
  } finally {
    await admin.end({ timeout: 2 });
  }
  return name;
}

/** Test databases are named atende_t_<unix seconds>_<random>; ones older than 3 hours are leftovers. */
export function testDatabaseName(): string {
  return `atende_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
}

export async function dropStaleTestDatabases(adminUrl: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'atende_t\\_%'`;
    const cutoff = Date.now() / 1000 - 3 * 3600;
    for (const { datname } of rows) {
      const ts = Number(datname.split('_')[2]);
      if (Number.isFinite(ts) && ts < cutoff) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    }
    const templates = await admin<{ datname: string }[]>`select datname from pg_database where datname like 'atende_tpl\\_%'`;
    const current = `atende_tpl_${migrationsHash()}`;
    for (const { datname } of templates) {
      // Without FORCE: a template another run is still cloning from stays.
      if (datname !== current) await admin.unsafe(`drop database if exists "${datname}"`).catch(() => {});
    }
  } finally {
    await admin.end({ timeout: 2 });
  }
}
