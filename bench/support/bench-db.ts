import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { syncCatalog } from '../../src/catalog/sync-catalog';
import { type Database, openDatabase } from '../../src/db/open-database';
import { clinicFileSchema, type ClinicFile } from '../../src/flows/clinic-schema';
import { parseFlowFile } from '../../src/flows/parse-flow-file';
import { readFileSync } from 'node:fs';
import { postgresReachable } from '../../test/support/services';

/** Admin URL of the local Postgres the benchmarks use (BENCH_PG_URL overrides). */
export const benchPgAdminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function postgresAvailable(): Promise<boolean> {
  return postgresReachable(benchPgAdminUrl);
}

/** A fresh migrated Postgres database for one benchmark; `drop()` removes it. */
export async function benchPostgres(options: { onQuery?: (query: string) => void; maxConnections?: number } = {}): Promise<{ database: Database; url: string; drop(): Promise<void> }> {
  const name = `atende_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(benchPgAdminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const u = new URL(benchPgAdminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openDatabase({ url, onQuery: options.onQuery, maxConnections: options.maxConnections });
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      const a = postgres(benchPgAdminUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await a.end();
    },
  };
}

export function demoClinic(mutate?: (f: ClinicFile) => ClinicFile): ClinicFile {
  const parsed = parseFlowFile('flows/clinic.yaml', readFileSync(new URL('../../flows/clinic.yaml', import.meta.url), 'utf8'), clinicFileSchema);
  if (!parsed.ok) throw new Error('demo clinic invalid');
  return mutate ? mutate(structuredClone(parsed.value)) : parsed.value;
}

export async function seedBenchClinic(database: Database, file: ClinicFile): Promise<void> {
  await syncCatalog(database.db, file, `bench-${randomBytes(4).toString('hex')}`);
}

/** p-th percentile (0–100) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
