import express from 'express';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'node:http';
import { benchPostgres, percentile, postgresAvailable } from './support/bench-db';
import type { Bench, BenchRow } from './types';

/**
 * The floors every figure is read against, measured in the same run on the same machine:
 * a bare express endpoint under the same load shape as the webhook, and a raw Postgres insert loop.
 */
export async function expressFloor(opts: { requests: number; concurrency: number }): Promise<{ perSecond: number; p50: number; p99: number }> {
  const app = express();
  app.post('/x', express.raw({ type: () => true }), (_req, res) => void res.status(200).send('ok'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  const body = Buffer.from(JSON.stringify({ hello: 'world', padding: 'x'.repeat(600) }));
  const result = await loadTest({ port, path: '/x', body: () => body, requests: opts.requests, concurrency: opts.concurrency });
  server.close();
  return result;
}

/** Fires `requests` POSTs with `concurrency` in flight over keep-alive sockets; latency per request. */
export async function loadTest(opts: {
  port: number;
  path: string;
  body: (i: number) => Buffer;
  headers?: (i: number, body: Buffer) => Record<string, string>;
  requests: number;
  concurrency: number;
}): Promise<{ perSecond: number; p50: number; p99: number; statuses: Record<number, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= opts.requests) return;
      const body = opts.body(i);
      const t0 = performance.now();
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: opts.port, path: opts.path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, ...(opts.headers?.(i, body) ?? {}) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: opts.requests / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), statuses };
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
  const e = await expressFloor({ requests: quick ? 2000 : 10_000, concurrency: 32 });
  rows.push({ group: 'floor', metric: 'bare express POST (32 in flight)', value: Math.round(e.perSecond), unit: 'req/s', better: 'higher', notes: `p50 ${e.p50.toFixed(2)} ms, p99 ${e.p99.toFixed(2)} ms` });
  if (await postgresAvailable()) {
    const ins = await pgInsertFloor(quick ? 1000 : 5000);
    rows.push({ group: 'floor', metric: 'raw Postgres insert loop (sequential)', value: Math.round(ins), unit: 'rows/s', better: 'higher' });
  }
  return rows;
};
