import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TurnHandler } from '../../src/pipeline/turn-handler';
import { fixtureJson } from '../support/stubs/fixtures';
import { signPayload } from '../support/stubs/sign';
import { APP_SECRET, PHONE_NUMBER_ID, startTestApp, type TestApp } from '../support/test-app';
import { describePostgres } from '../support/test-database';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

const FIXTURES = ['text', 'interactive-button-reply', 'interactive-list-reply', 'image', 'audio', 'location', 'reaction', 'unsupported', 'status-delivered', 'status-failed', 'multiple-messages', 'button-template-reply'];

/** A small seeded PRNG so a failure can be replayed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIRD: unknown[] = [null, true, 0, -1, 1e308, '', ' ', 'x'.repeat(20_000), '💥'.repeat(300), '\u0000\u0007\u001b', '<script>alert(1)</script>', "'; drop table messages; --", [], {}, [[[[[[]]]]]], { __proto__: { polluted: 1 } }, 'NaN', '2026-02-30', '+5511', '99999999999999999999999'];

/** Mutates a JSON value in place at random depth: delete, retype, replace, duplicate, nest. */
function mutate(value: unknown, rand: () => number, depth = 0): unknown {
  const pick = <T,>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  if (rand() < 0.08 || depth > 8) return pick(WEIRD);
  if (Array.isArray(value)) {
    const out = value.map((v) => (rand() < 0.5 ? mutate(v, rand, depth + 1) : v));
    if (rand() < 0.2 && out.length) out.push(out[0]);
    if (rand() < 0.1) out.splice(0, 1);
    return out;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key of Object.keys(out)) {
      const r = rand();
      if (r < 0.1) delete out[key];
      else if (r < 0.5) out[key] = mutate(out[key], rand, depth + 1);
    }
    if (rand() < 0.1) out[`extra_${Math.floor(rand() * 1000)}`] = pick(WEIRD);
    return out;
  }
  if (typeof value === 'string' && rand() < 0.3) return value + pick(['', '9', '🙂', '\n', '%s', value]);
  return value;
}

describePostgres('webhook fuzzing: 10,000 mutated payloads with valid signatures', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The turn handler does nothing: this test is about the edge (parsing, validation, storage).
    const quiet: TurnHandler = async (ctx) => ({ replies: [], state: ctx.conversation.state, engine: 'fuzz' });
    t = await startTestApp({ kind: 'postgres', handler: quiet, env: { IP_RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_PER_MINUTE: '100000' } });
  });
  afterAll(async () => t?.stop());

  it('never answers 500, never crashes, memory stays flat', async () => {
    const rand = rng(20261122);
    const bases = FIXTURES.map((f) => fixtureJson<Record<string, unknown>>(`whatsapp/${f}.json`));
    for (const b of bases) {
      const value = (b.entry as { changes: { value: { metadata?: { phone_number_id: string } } }[] }[])[0]!.changes[0]!.value;
      if (value.metadata) value.metadata.phone_number_id = PHONE_NUMBER_ID;
    }
    const port = Number(new URL(t.url).port);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const statuses: Record<number, number> = {};
    let sent = 0;
    const send = (raw: string) =>
      new Promise<number>((resolve, reject) => {
        const body = Buffer.from(raw);
        const req = request(
          { host: '127.0.0.1', port, path: '/webhooks/whatsapp', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-hub-signature-256': signPayload(body, APP_SECRET) } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const batch = async (n: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < n) {
            next++;
            const base = bases[Math.floor(rand() * bases.length)]!;
            const r = rand();
            // Mostly structural mutations; some raw-text corruption that breaks the JSON itself.
            let raw = JSON.stringify(mutate(structuredClone(base), rand));
            if (r < 0.05) raw = raw.slice(0, Math.floor(rand() * raw.length));
            else if (r < 0.08) raw = raw.replace(/[{}[\]",:]/, '');
            const status = await send(raw);
            statuses[status] = (statuses[status] ?? 0) + 1;
            sent++;
          }
        }),
      );
    };
    await batch(1000);
    await t.idle(60_000);
    gc();
    const heapAfterWarmup = process.memoryUsage().heapUsed;
    await batch(9000);
    await t.idle(120_000);
    gc();
    const heapAtEnd = process.memoryUsage().heapUsed;
    agent.destroy();
    console.info(`fuzz: ${sent} payloads, statuses ${JSON.stringify(statuses)}, heap +${((heapAtEnd - heapAfterWarmup) / 1048576).toFixed(1)} MB over the last 9,000`);
    expect(sent).toBe(10_000);
    expect(Object.keys(statuses).map(Number).filter((s) => s >= 500)).toEqual([]);
    expect(statuses[200]).toBeGreaterThan(500);
    expect(statuses[400]).toBeGreaterThan(500);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    // Flat: what 9,000 more requests leave behind on the heap is small and bounded.
    expect(heapAtEnd - heapAfterWarmup).toBeLessThan(40 * 1024 * 1024);
  }, 240_000);
});
