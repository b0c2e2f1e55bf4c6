import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open-database';
import { conversations, messages } from '../../src/db/schema';
import { echoHandler } from '../support/echo-handler';
import { canRunPrivatePostgres, startPrivatePostgres, startPrivateRedis, type PrivatePostgres, type PrivateRedis } from '../support/private-services';
import { startTestApp, whatsappTextPayload, type TestApp } from '../support/test-app';
import type { TestDatabase } from '../support/test-database';
import { describeWithServices } from '../support/test-database';

const describeFaults = canRunPrivatePostgres() ? describeWithServices : describe.skip;

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Wraps an already-open database so startTestApp can use a private server. */
async function privateDatabase(url: string): Promise<TestDatabase> {
  const database = await openDatabase({ url, maxConnections: 10 });
  return { kind: 'postgres', database, url, drop: () => database.close() };
}

describeFaults('faults against private Postgres and Redis servers', () => {
  describe('Postgres restarted during load', () => {
    let pg: PrivatePostgres;
    let t: TestApp;
    beforeAll(async () => {
      pg = await startPrivatePostgres();
      t = await startTestApp({ database: await privateDatabase(pg.url), handler: echoHandler(), logger: (await import('../../src/lib/logger')).createLogger({ level: process.env.FAULT_LOG ?? 'silent' }) });
    });
    afterAll(async () => {
      await t?.stop();
      await pg?.dispose();
    });

    it('readyz says so, the webhook answers 503 instead of hanging, and no accepted message is lost', async () => {
      const accepted = new Set<string>();
      const refused = new Set<string>();
      let i = 0;
      let sending = true;
      // A patient population writing steadily; a refused delivery is retried later, as Meta does.
      const sender = (async () => {
        while (sending) {
          const id = `wamid.pg-${i}`;
          const phone = `+55119888${String(i % 20).padStart(5, '0')}`;
          const started = Date.now();
          const r = await t.postWhatsApp(whatsappTextPayload(phone, `m${i}`, id)).catch(() => null);
          if (r?.status === 200) accepted.add(id);
          else {
            refused.add(id);
            // Liveness bound, not a timing benchmark: a refusal must come back, not hang.
            expect(Date.now() - started).toBeLessThan(15_000);
          }
          i++;
          await new Promise((res) => setTimeout(res, 20));
        }
      })();
      await waitFor(async () => accepted.size >= 30);
      await pg.stop();
      await waitFor(async () => (await fetch(`${t.url}/readyz`)).status === 503);
      const down = await (await fetch(`${t.url}/readyz`)).json();
      expect(down.checks.database).toBe('down');
      await waitFor(async () => refused.size >= 5);
      await pg.start();
      await waitFor(async () => (await fetch(`${t.url}/readyz`)).status === 200);
      const before = accepted.size;
      await waitFor(async () => accepted.size >= before + 20);
      sending = false;
      await sender;
      // Meta redelivers what was refused, with pauses; dedupe makes the ones that did get stored harmless.
      for (const id of refused) {
        const n = Number(id.split('-')[1]);
        let status = 0;
        for (let attempt = 0; attempt < 10 && status !== 200; attempt++) {
          if (attempt) await new Promise((r) => setTimeout(r, 500));
          status = (await t.postWhatsApp(whatsappTextPayload(`+55119888${String(n % 20).padStart(5, '0')}`, `m${n}`, id))).status;
        }
        expect(status).toBe(200);
        accepted.add(id);
      }
      const db = t.t.database.db;
      await waitFor(async () => (await db.select({ id: messages.id }).from(messages).where(and(eq(messages.direction, 'in'), eq(messages.status, 'pending')))).length === 0, 60_000);
      await t.idle(60_000);
      const inbound = await db.select().from(messages).where(eq(messages.direction, 'in'));
      expect(new Set(inbound.map((m) => m.providerMessageId))).toEqual(accepted);
      expect(inbound.every((m) => m.status === 'processed')).toBe(true);
      const replies = await db.select({ replyTo: messages.replyToId }).from(messages).where(eq(messages.direction, 'out'));
      expect(replies).toHaveLength(inbound.length);
      expect(new Set(replies.map((r) => r.replyTo)).size).toBe(inbound.length);
      // The provider got each reply once: a send whose result could not be recorded during the
      // outage is not sent again.
      const bodies = t.graph.requests.map((r) => `${(r.json as { to?: string }).to} ${(r.json as { text?: { body?: string } }).text?.body}`);
      expect(bodies).toHaveLength(inbound.length);
      expect(new Set(bodies).size).toBe(bodies.length);
    }, 180_000);
  });

  describe('Redis stopped and started', () => {
    let redis: PrivateRedis;
    let t: TestApp;
    beforeAll(async () => {
      redis = await startPrivateRedis();
      t = await startTestApp({ kind: 'postgres', handler: echoHandler(), env: { REDIS_URL: redis.url, QUEUE_PREFIX: 'faults' } });
    });
    afterAll(async () => {
      await t?.stop();
      await redis?.dispose();
    });

    it('webhooks are still accepted and stored, and answered once Redis is back', async () => {
      const phone = '+5511977770001';
      await t.whatsappText(phone, 'antes', { id: 'wamid.redis-0' });
      await waitFor(async () => (await t.repliesTo(phone, ['sent'])).length === 1);
      await redis.stop();
      for (let i = 1; i <= 5; i++) {
        const { response } = await t.whatsappText(phone, `sem redis ${i}`, { id: `wamid.redis-${i}` });
        expect(response.status).toBe(200);
      }
      const stored = await t.t.database.db
        .select()
        .from(messages)
        .where(inArray(messages.providerMessageId, [1, 2, 3, 4, 5].map((i) => `wamid.redis-${i}`)));
      expect(stored).toHaveLength(5);
      expect(stored.every((m) => m.status === 'pending')).toBe(true);
      expect((await fetch(`${t.url}/readyz`)).status).toBe(503);
      await redis.start();
      await waitFor(async () => (await t.repliesTo(phone, ['sent'])).length === 6, 60_000);
      expect(await t.repliesTo(phone)).toEqual(['eco: antes', ...[1, 2, 3, 4, 5].map((i) => `eco: sem redis ${i}`)]);
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    }, 120_000);
  });

  describe('WhatsApp API slow (10 s)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ kind: 'postgres', handler: echoHandler(), env: { PROVIDER_TIMEOUT_MS: '1000' } });
    });
    afterAll(async () => t?.stop());

    it('sends give up at the timeout and retry; the service keeps answering meanwhile', async () => {
      t.graph.setBehaviour({ sequence: [{ status: 200, delayMs: 10_000 }] });
      const phone = '+5511977770002';
      await t.whatsappText(phone, 'devagar', { id: 'wamid.slow-1' });
      // While the first send hangs on the provider, the service stays responsive.
      for (let i = 0; i < 5; i++) {
        expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
        const { response } = await t.whatsappText('+5511977770003', `outro ${i}`, { id: `wamid.slow-other-${i}` });
        expect(response.status).toBe(200);
      }
      await waitFor(async () => (await t.repliesTo(phone, ['sent'])).length === 1, 60_000);
      const [row] = await t.t.database.db
        .select()
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(and(eq(conversations.patientAddress, phone), eq(messages.direction, 'out')));
      expect(row!.messages.attempts).toBeGreaterThanOrEqual(2);
      expect(row!.messages.status).toBe('sent');
    }, 90_000);
  });
});
