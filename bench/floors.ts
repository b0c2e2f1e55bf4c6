import express from 'express';
import type { AddressInfo } from 'node:net';
import { benchPostgres, postgresAvailable } from './support/bench-db';
import { startOutside, type LoadResult, type Outside } from './support/outside';
import type { Bench, BenchRow } from './types';

/**
 * The floors every figure is read against, measured in the same run on the same machine:
 * a bare express endpoint under the same load shape as the webhook (load generated from the
 * outside process, like the webhook's), and a raw Postgres insert loop.
 */
export async function expressFloor(outside: Outside, opts: { requests: number; concurrency: number; ratePerSecond?: number }): Promise<LoadResult> {
  const app = express();
  app.post('/x', express.raw({ type: () => true }), (_req, res) => void res.status(200).send('ok'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const text = JSON.stringify({ hello: 'world', padding: 'x'.repeat(600) });
  const result = await outside.load({ port, path: '/x', body: { kind: 'fixed', text }, ...opts });
  server.close();
  return result;
}

/** Sequential single-row inserts into a scratch table on a fresh database: rows per second. */
export async function pgInsertFloor(rows: number): Promise<number> {
  const bench = await benchPostgres();
  try {
    const { sql } = await import('drizzle-orm');
    await bench.database.db.execute(sql`create table floor_rows (id bigserial primary key, body text not null, at timestamptz not null default now())`);
    const t0 = performance.now();
    for (let i = 0; i < rows; i++) await bench.database.db.execute(sql`insert into floor_rows (body) values (${`row ${i}`})`);
    return rows / ((performance.now() - t0) / 1000);
  } finally {
    await bench.drop();
  }
}

export const run: Bench = async ({ quick }) => {
  const rows: BenchRow[] = [];
  const outside = await startOutside();
  const e = await expressFloor(outside, { requests: quick ? 2000 : 10_000, concurrency: 32 }).finally(() => outside.close());
  rows.push({ group: 'floor', metric: 'bare express POST (32 in flight)', value: Math.round(e.perSecond), unit: 'req/s', better: 'higher', notes: `p50 ${e.p50.toFixed(2)} ms, p99 ${e.p99.toFixed(2)} ms` });
  if (await postgresAvailable()) {
    const ins = await pgInsertFloor(quick ? 1000 : 5000);
    rows.push({ group: 'floor', metric: 'raw Postgres insert loop (sequential)', value: Math.round(ins), unit: 'rows/s', better: 'higher' });
  }
  return rows;
};
