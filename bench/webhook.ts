import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { parseEnv } from '../src/config/env';
import { silentLogger } from '../src/lib/logger';
import { createApp } from '../src/main';
import type { TurnHandler } from '../src/pipeline/turn-handler';
import { startGraphApiStub } from '../test/support/stubs/graph-api-stub';
import { expressFloor, loadTest } from './floors';
import { benchPostgres, postgresAvailable } from './support/bench-db';
import type { Bench, BenchRow } from './types';

const SECRET = 'bench-secret';
const PHONE_NUMBER_ID = '106540352242922';

function payload(i: number, patients: number): Buffer {
  const wa = `55119${String(10_000_000 + (i % patients)).padStart(8, '0')}`;
  return Buffer.from(
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '5511940001234', phone_number_id: PHONE_NUMBER_ID }, contacts: [{ profile: { name: 'Bench' }, wa_id: wa }], messages: [{ from: wa, id: `wamid.bench-${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: `mensagem ${i}` } }] } }] }],
    }),
  );
}

/**
 * Webhook ingest on real Postgres with an echo handler, so the pipeline is measured on its own:
 * signed Meta payloads in, replies reaching a Graph API stub out. Aim ≥ 300 msg/s per process
 * and ack p99 < 50 ms at that load. Floor: a bare express endpoint under the same load.
 */
export const run: Bench = async ({ quick }) => {
  if (!(await postgresAvailable())) return [];
  let queries = 0;
  const bench = await benchPostgres({ onQuery: () => queries++, maxConnections: 20 });
  const graph = await startGraphApiStub();
  const echo: TurnHandler = async (ctx) => ({ replies: [{ text: `eco: ${ctx.message.body ?? ''}` }], state: ctx.conversation.state, engine: 'echo' });
  const env = parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: bench.url,
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_TOKEN: 'bench',
    WHATSAPP_GRAPH_URL: `${graph.url}/v21.0`,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    RATE_LIMIT_PER_MINUTE: '1000',
    IP_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const app = await createApp({ env, database: bench.database, handler: echo, logger: silentLogger, maintenanceEveryMs: 60_000 });
  const { server } = await app.listen(0, '127.0.0.1');
  const port = (server.address() as AddressInfo).port;
  const rows: BenchRow[] = [];
  try {
    const total = quick ? 600 : 3000;
    const patients = Math.max(1, Math.floor(total / 10));
    const sign = (_i: number, body: Buffer) => ({ 'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` });
    // Warm-up (JIT, connection pool) with distinct ids.
    await loadTest({ port, path: '/webhooks/whatsapp', body: (i) => payload(1_000_000 + i, 50), headers: sign, requests: 100, concurrency: 16 });
    await app.jobs.idle(60_000);
    const sentBefore = graph.requests.length;
    const queriesBefore = queries;
    const t0 = performance.now();
    const ack = await loadTest({ port, path: '/webhooks/whatsapp', body: (i) => payload(i, patients), headers: sign, requests: total, concurrency: 32 });
    while (graph.requests.length - sentBefore < total && performance.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 10));
    const e2eSeconds = (performance.now() - t0) / 1000;
    const delivered = graph.requests.length - sentBefore;
    await app.jobs.idle(60_000);
    const perMessageQueries = (queries - queriesBefore) / total;
    const floor = await expressFloor({ requests: total, concurrency: 32 });
    const floorRow = { metric: 'bare express POST', value: Math.round(floor.perSecond), unit: 'req/s' };
    rows.push({ group: 'webhook', metric: 'ack throughput (32 in flight, Postgres)', value: Math.round(ack.perSecond), unit: 'msg/s', better: 'higher', floor: floorRow, notes: `statuses ${JSON.stringify(ack.statuses)}` });
    rows.push({ group: 'webhook', metric: 'ack latency p50', value: Number(ack.p50.toFixed(2)), unit: 'ms', better: 'lower', floor: { metric: 'bare express p50', value: Number(floor.p50.toFixed(2)), unit: 'ms' } });
    rows.push({ group: 'webhook', metric: 'ack latency p99', value: Number(ack.p99.toFixed(2)), unit: 'ms', better: 'lower', floor: { metric: 'bare express p99', value: Number(floor.p99.toFixed(2)), unit: 'ms' }, aim: '< 50 ms' });
    rows.push({ group: 'webhook', metric: 'end to end: in → echo turn → reply at Graph stub', value: Math.round(delivered / e2eSeconds), unit: 'msg/s', better: 'higher', floor: floorRow, aim: '>= 300 msg/s', notes: `${delivered}/${total} replies in ${e2eSeconds.toFixed(1)} s` });
    rows.push({ group: 'webhook', metric: 'Postgres queries per message (ingest + turn + send)', value: Number(perMessageQueries.toFixed(1)), unit: 'queries', better: 'lower' });
  } finally {
    await app.stop();
    await graph.close();
    await bench.drop();
  }
  return rows;
};
