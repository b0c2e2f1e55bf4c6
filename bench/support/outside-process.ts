/**
 * The world outside the app, in its own process: the Graph API stub replies reach, and the load
 * generator that plays Meta's webhook (or a floor's client). Kept out of the measured process so a
 * benchmark's figure is the app's own work, not the app plus its load generator and stub.
 * Driven over IPC by `startOutside()` (outside.ts).
 */
import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { startGraphApiStub, type GraphApiStub } from '../../test/support/stubs/graph-api-stub';
import { percentile } from './bench-db';
import type { LoadResult, LoadSpec, OutsideCommand } from './outside';

let graph: GraphApiStub | undefined;

/** A signed WhatsApp Cloud API text message from one of `patients` numbers, id `wamid.bench-{i}`. */
export function webhookPayload(i: number, patients: number, phoneNumberId: string): Buffer {
  const wa = `55119${String(10_000_000 + (i % patients)).padStart(8, '0')}`;
  return Buffer.from(
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '5511940001234', phone_number_id: phoneNumberId }, contacts: [{ profile: { name: 'Bench' }, wa_id: wa }], messages: [{ from: wa, id: `wamid.bench-${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: `mensagem ${i}` } }] } }] }],
    }),
  );
}

function requestFor(spec: LoadSpec): (i: number) => { body: Buffer; headers: Record<string, string> } {
  switch (spec.body.kind) {
    case 'webhook': {
      const { secret, patients, phoneNumberId, idOffset } = spec.body;
      return (i) => {
        const body = webhookPayload(idOffset + i, patients, phoneNumberId);
        return { body, headers: { 'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` } };
      };
    }
    case 'fixed': {
      const body = Buffer.from(spec.body.text);
      const headers = spec.body.headers ?? {};
      return () => ({ body, headers });
    }
  }
}

/**
 * Closed loop (`concurrency` requests in flight, the next as soon as one answers) or open loop
 * (`ratePerSecond`: request i leaves at i/rate whatever the answers; latency counts from that
 * planned time, so a stalled server cannot hide its queue).
 */
async function load(spec: LoadSpec): Promise<LoadResult> {
  const make = requestFor(spec);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.ratePerSecond ? 1024 : spec.concurrency });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const post = (i: number) => {
    const { body, headers } = make(i);
    return new Promise<number>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: spec.port, path: spec.path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
  const record = (status: number, since: number) => {
    latencies.push(performance.now() - since);
    statuses[status] = (statuses[status] ?? 0) + 1;
  };
  const started = performance.now();
  if (spec.ratePerSecond) {
    const interval = 1000 / spec.ratePerSecond;
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < spec.requests; i++) {
      const planned = started + i * interval;
      const wait = planned - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      inFlight.push(post(i).then((status) => record(status, planned), () => record(0, planned)));
    }
    await Promise.all(inFlight);
  } else {
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < spec.requests; i = next++) {
        const t0 = performance.now();
        record(await post(i).catch(() => 0), t0);
      }
    };
    await Promise.all(Array.from({ length: spec.concurrency }, worker));
  }
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: spec.requests / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), statuses };
}

async function handle(cmd: OutsideCommand): Promise<unknown> {
  switch (cmd.cmd) {
    case 'graph':
      graph ??= await startGraphApiStub();
      return { url: graph.url };
    case 'graphCount':
      return { count: graph?.requests.length ?? 0 };
    case 'waitGraph': {
      const deadline = Date.now() + cmd.timeoutMs;
      while ((graph?.requests.length ?? 0) < cmd.count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      return { count: graph?.requests.length ?? 0 };
    }
    case 'load':
      return load(cmd.spec);
  }
}

process.on('message', (msg: { id: number; command: OutsideCommand }) => {
  handle(msg.command).then(
    (result) => process.send!({ id: msg.id, result }),
    (err: Error) => process.send!({ id: msg.id, error: err.message }),
  );
});
process.on('disconnect', () => {
  void graph?.close().finally(() => process.exit(0));
  if (!graph) process.exit(0);
});
