import type { AddressInfo } from 'node:net';
import { parseEnv } from '../src/config/env';
import { silentLogger } from '../src/lib/logger';
import { createApp } from '../src/main';
import { expressFloor } from './floors';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { benchPostgres, postgresAvailable } from './support/bench-db';
import { benchRedisUrl, dropPrefix, redisAvailable } from './support/bench-redis';
import { echoHandler } from './support/echo-handler';
import { startOutside, type LoadBody, type Outside } from './support/outside';
import type { Bench, BenchRow } from './types';

const SECRET = 'bench-secret';
const PHONE_NUMBER_ID = '106540352242922';
/** Signed webhook payloads from `patients` numbers, message ids from `idOffset` on. */
const webhook = (idOffset: number, patients: number): LoadBody => ({ kind: 'webhook', secret: SECRET, patients, phoneNumberId: PHONE_NUMBER_ID, idOffset });

/** The load the aims are stated at. */
const TARGET_RATE = 300;

/**
 * Webhook ingest on real Postgres with an echo handler, so the pipeline is measured on its own:
 * signed Meta payloads in, replies reaching a Graph API stub out. The load generator and the Graph
 * stub run in their own process (as Meta does), so the figures are the app process's work.
 * Two runs: closed loop (32 in flight) for the sustained end-to-end rate, then open loop at 300
 * msg/s offered for the acknowledgement latency "at that load". Aim ≥ 300 msg/s per process and
 * ack p99 < 50 ms at that load. Floor: a bare express endpoint under the same two loads.
 */
export const run: Bench = async ({ quick }) => {
  if (!(await postgresAvailable())) return [];
  let queries = 0;
  const bench = await benchPostgres({ onQuery: () => queries++ });
  const outside = await startOutside();
  const graphUrl = await outside.graphUrl();
  const vars: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: bench.url,
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_TOKEN: 'bench',
    WHATSAPP_GRAPH_URL: `${graphUrl}/v21.0`,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    RATE_LIMIT_PER_MINUTE: '1000',
    IP_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  const app = await createApp({ env: parseEnv(vars), database: bench.database, handler: echoHandler, logger: silentLogger, maintenanceEveryMs: 60_000 });
  const { server } = await app.listen(0, '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  const path = '/webhooks/whatsapp';
  const rows: BenchRow[] = [];
  let floorAtRateP99 = { metric: 'bare express p99, same rate', value: NaN, unit: 'ms' };
  try {
    const total = quick ? 600 : 3000;
    // Warm-up (JIT, connection pool) with distinct ids.
    await outside.load({ port, path, body: webhook(1_000_000, 50), requests: 200, concurrency: 16 });
    await app.jobs.idle(60_000);

    // Closed loop: as fast as the app takes them, 10 messages per patient.
    let sentBefore = await outside.graphCount();
    const queriesBefore = queries;
    let t0 = performance.now();
    const ack = await outside.load({ port, path, body: webhook(0, total / 10), requests: total, concurrency: 32 });
    const delivered = (await outside.waitGraph(sentBefore + total, 120_000)) - sentBefore;
    const e2eSeconds = (performance.now() - t0) / 1000;
    await app.jobs.idle(60_000);
    const perMessageQueries = (queries - queriesBefore) / total;

    // Open loop at the target rate: the latency a provider sees at that load.
    const openTotal = quick ? TARGET_RATE * 3 : TARGET_RATE * 10;
    sentBefore = await outside.graphCount();
    t0 = performance.now();
    const atRate = await outside.load({ port, path, body: webhook(2_000_000, openTotal / 10), requests: openTotal, concurrency: 0, ratePerSecond: TARGET_RATE });
    const sendingSeconds = (performance.now() - t0) / 1000;
    const openDelivered = (await outside.waitGraph(sentBefore + openTotal, 120_000)) - sentBefore;
    const openSeconds = (performance.now() - t0) / 1000;
    await app.jobs.idle(60_000);

    const floor = await expressFloor(outside, { requests: total, concurrency: 32 });
    const floorAtRate = await expressFloor(outside, { requests: openTotal, concurrency: 0, ratePerSecond: TARGET_RATE });
    const floorRow = { metric: 'bare express POST', value: Math.round(floor.perSecond), unit: 'req/s' };
    floorAtRateP99 = { metric: 'bare express p99, same rate', value: Number(floorAtRate.p99.toFixed(2)), unit: 'ms' };
    rows.push({ group: 'webhook', metric: 'ack throughput (32 in flight, Postgres)', value: Math.round(ack.perSecond), unit: 'msg/s', better: 'higher', floor: floorRow, notes: `statuses ${JSON.stringify(ack.statuses)}; p50 ${ack.p50.toFixed(1)} ms, p99 ${ack.p99.toFixed(1)} ms` });
    rows.push({ group: 'webhook', metric: 'end to end: in → echo turn → reply at Graph stub', value: Math.round(delivered / e2eSeconds), unit: 'msg/s', better: 'higher', floor: floorRow, aim: `>= ${TARGET_RATE} msg/s`, notes: `${delivered}/${total} replies in ${e2eSeconds.toFixed(1)} s` });
    rows.push({ group: 'webhook', metric: `ack latency p50 at ${TARGET_RATE} msg/s offered`, value: Number(atRate.p50.toFixed(2)), unit: 'ms', better: 'lower', floor: { metric: 'bare express p50, same rate', value: Number(floorAtRate.p50.toFixed(2)), unit: 'ms' } });
    rows.push({ group: 'webhook', metric: `ack latency p99 at ${TARGET_RATE} msg/s offered`, value: Number(atRate.p99.toFixed(2)), unit: 'ms', better: 'lower', floor: { metric: 'bare express p99, same rate', value: Number(floorAtRate.p99.toFixed(2)), unit: 'ms' }, aim: '< 50 ms', notes: `statuses ${JSON.stringify(atRate.statuses)}` });
    rows.push({ group: 'webhook', metric: `end to end at ${TARGET_RATE} msg/s offered`, value: Math.round(openDelivered / openSeconds), unit: 'msg/s', better: 'higher', notes: `${openTotal} sent in ${sendingSeconds.toFixed(1)} s; ${openDelivered} replies by ${openSeconds.toFixed(1)} s` });
    rows.push({ group: 'webhook', metric: 'Postgres queries per message (ingest + turn + send)', value: Number(perMessageQueries.toFixed(1)), unit: 'queries', better: 'lower' });
  } finally {
    await app.stop();
  }
  try {
    if (await redisAvailable()) {
      rows.push(...(await withBullmq(outside, vars, quick, floorAtRateP99, 'one process')));
      rows.push(...(await withBullmq(outside, vars, quick, floorAtRateP99, 'split')));
    }
  } finally {
    await outside.close();
    await bench.drop();
  }
  return rows;
};

/**
 * The production shapes with Redis (README, scaling), open loop at the target rate again: BullMQ
 * jobs in the web process itself ('one process'), or the web process only accepting and
 * acknowledging while turns and sends run in an `atende worker`-like process ('split').
 */
async function withBullmq(
  outside: Outside,
  vars: Record<string, string>,
  quick: boolean,
  floorP99: { metric: string; value: number; unit: string },
  shape: 'one process' | 'split',
): Promise<BenchRow[]> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const splitVars = { ...vars, REDIS_URL: benchRedisUrl, QUEUE_PREFIX: prefix };
  const worker =
    shape === 'split'
      ? fork(fileURLToPath(new URL('./support/echo-worker-process.ts', import.meta.url)), [], {
          execArgv: ['--import', 'tsx'],
          env: { ...process.env, ATENDE_BENCH_ENV: JSON.stringify(splitVars) },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        })
      : undefined;
  const web = await createApp({ env: parseEnv(splitVars), handler: echoHandler, runWorkers: shape === 'one process', logger: silentLogger, maintenanceEveryMs: 60_000 });
  try {
    if (worker) {
      await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('exit', () => reject(new Error('the benchmark worker process exited')));
      });
    }
    const { server } = await web.listen(0, '127.0.0.1');
    const port = (server.address() as AddressInfo).port;
    const path = '/webhooks/whatsapp';
    // Warm-up until its replies are through (the worker's JIT and pools too).
    const warmBefore = await outside.graphCount();
    // Distinct message ids per shape: the same database serves both runs.
    const idOffset = shape === 'split' ? 3_000_000 : 5_000_000;
    await outside.load({ port, path, body: webhook(idOffset + 900_000, 50), requests: 200, concurrency: 16 });
    await outside.waitGraph(warmBefore + 200, 60_000);
    const total = quick ? TARGET_RATE * 3 : TARGET_RATE * 10;
    const sentBefore = await outside.graphCount();
    const t0 = performance.now();
    const atRate = await outside.load({ port, path, body: webhook(idOffset, total / 10), requests: total, concurrency: 0, ratePerSecond: TARGET_RATE });
    const sendingSeconds = (performance.now() - t0) / 1000;
    const delivered = (await outside.waitGraph(sentBefore + total, 120_000)) - sentBefore;
    const seconds = (performance.now() - t0) / 1000;
    const where = shape === 'split' ? 'workers in their own process, BullMQ' : 'workers in the web process, BullMQ';
    return [
      { group: 'webhook', metric: `${shape}: ack latency p50 at ${TARGET_RATE} msg/s (${where})`, value: Number(atRate.p50.toFixed(2)), unit: 'ms', better: 'lower' },
      { group: 'webhook', metric: `${shape}: ack latency p99 at ${TARGET_RATE} msg/s (${where})`, value: Number(atRate.p99.toFixed(2)), unit: 'ms', better: 'lower', floor: floorP99, aim: '< 50 ms', notes: `statuses ${JSON.stringify(atRate.statuses)}` },
      { group: 'webhook', metric: `${shape}: end to end at ${TARGET_RATE} msg/s offered`, value: Math.round(delivered / seconds), unit: 'msg/s', better: 'higher', notes: `${total} sent in ${sendingSeconds.toFixed(1)} s; ${delivered} replies by ${seconds.toFixed(1)} s` },
    ];
  } finally {
    await web.stop();
    if (worker) {
      const exited = new Promise((r) => worker.once('exit', r));
      if (worker.connected) worker.disconnect();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
    await dropPrefix(prefix);
  }
}
