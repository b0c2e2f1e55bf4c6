import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, expect, inject, it } from 'vitest';
import { conversations, messages } from '../../src/db/schema';
import { echoHandler } from '../support/echo-handler';
import { signPayload } from '../support/stubs/sign';
import { APP_SECRET, PHONE_NUMBER_ID, startTestApp, whatsappTextPayload, type TestApp } from '../support/test-app';
import { createTestDatabase, describeWithServices, type TestDatabase } from '../support/test-database';
import { startGraphApiStub, type GraphApiStub } from '../support/stubs/graph-api-stub';

/** Starts `atende` as a separate OS process on the test database and queue prefix. */
function startChild(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/child-app.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        lines.push(line);
        if (line.startsWith('READY ')) resolve({ child, url: line.slice(6), lines });
      }
    });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => reject(new Error(`child exited ${code}: ${err.slice(-2000)}`)));
    setTimeout(() => reject(new Error('child did not start')), 60_000).unref();
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describeWithServices('a process killed mid-flight loses nothing and answers once (Postgres + Redis)', () => {
  let t: TestDatabase;
  let graph: GraphApiStub;
  let prefix: string;
  let restarted: TestApp | undefined;
  beforeEach(async () => {
    t = await createTestDatabase('postgres');
    graph = await startGraphApiStub();
    prefix = `crash-${randomUUID().slice(0, 8)}`;
  });
  afterEach(async () => {
    await restarted?.stop({ keepDatabase: true });
    restarted = undefined;
    await graph.close();
    await t.drop();
  });

  const childEnv = (extra: Record<string, string>) => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    // Its generated key ring goes to a scratch folder, never the checkout's ./.data.
    DATA_DIR: `/tmp/atende-test-child-${prefix}`,
    DATABASE_URL: t.url!,
    REDIS_URL: inject('redisUrl'),
    QUEUE_PREFIX: prefix,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_TOKEN: 'x',
    WHATSAPP_GRAPH_URL: `${graph.url}/v21.0`,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    TURN_LEASE_MS: '1500',
    ...extra,
  });

  const post = (url: string, phone: string, text: string, id: string) => {
    const raw = JSON.stringify(whatsappTextPayload(phone, text, id));
    return fetch(`${url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signPayload(raw, APP_SECRET) }, body: raw });
  };

  const restart = async () => {
    restarted = await startTestApp({
      database: t,
      handler: echoHandler(),
      env: { REDIS_URL: inject('redisUrl'), QUEUE_PREFIX: prefix, TURN_LEASE_MS: '1500', WHATSAPP_GRAPH_URL: `${graph.url}/v21.0` },
    });
    return restarted;
  };

  const outbound = async (phone: string) =>
    t.database.db
      .select({ body: messages.body, status: messages.status })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.patientAddress, phone), eq(messages.direction, 'out')));

  it('killed after persisting the message (before any turn): answered exactly once after restart', async () => {
    const { child, url } = await startChild(childEnv({ RUN_WORKERS: 'no' }));
    const phone = '+5511976540001';
    expect((await post(url, phone, 'olá, sobrevivi?', 'wamid.crash-1')).status).toBe(200);
    await kill(child);
    const [pending] = await t.database.db.select().from(messages).where(eq(messages.providerMessageId, 'wamid.crash-1'));
    expect(pending!.status).toBe('pending');
    const app = await restart();
    await waitFor(async () => (await outbound(phone)).some((m) => m.status === 'sent'));
    await app.idle();
    expect((await outbound(phone)).map((m) => m.body)).toEqual(['eco: olá, sobrevivi?']);
    expect(graph.requests.filter((r) => (r.json as { to?: string }).to === phone.slice(1))).toHaveLength(1);
  });

  it('killed in the middle of a turn: after restart the message is answered exactly once', async () => {
    const { child, url, lines } = await startChild(childEnv({ CHILD_HANDLER: 'hang' }));
    const phone = '+5511976540002';
    expect((await post(url, phone, 'vou derrubar você', 'wamid.crash-2')).status).toBe(200);
    await waitFor(() => lines.some((l) => l.startsWith('IN_TURN')));
    await kill(child);
    expect(await outbound(phone)).toEqual([]);
    await restart();
    await waitFor(async () => (await outbound(phone)).some((m) => m.status === 'sent'), 30_000);
    // The dead worker's BullMQ job stays "active" until BullMQ's stall check re-runs it, which
    // then finds nothing pending: so wait on the data, not on the queue, and give a duplicate
    // every chance to appear before asserting there is none.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await outbound(phone)).map((m) => m.body)).toEqual(['eco: vou derrubar você']);
    expect(graph.requests.filter((r) => (r.json as { to?: string }).to === phone.slice(1))).toHaveLength(1);
    const [inbound] = await t.database.db.select().from(messages).where(eq(messages.providerMessageId, 'wamid.crash-2'));
    expect(inbound!.status).toBe('processed');
  });
});
