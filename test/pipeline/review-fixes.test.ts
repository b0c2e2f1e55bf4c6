import { and, eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterEach, expect, it } from 'vitest';
import { conversations, messages } from '../../src/db/schema';
import { RetryLaterError } from '../../src/jobs/job-queue';
import { commitTurn } from '../../src/pipeline/commit-turn';
import { processConversation } from '../../src/pipeline/process-conversation';
import { sendOutbound } from '../../src/pipeline/send-outbound';
import type { TurnHandler } from '../../src/pipeline/turn-handler';
import { times } from '../support/stubs/graph-api-stub';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeWithServices } from '../support/test-database';

const texts = (t: TestApp, phone: string) =>
  t.graph.requests.filter((r) => (r.json as { to?: string }).to === phone.slice(1)).map((r) => (r.json as { text?: { body?: string } }).text?.body);

function recordJobIds(t: TestApp): string[] {
  const added: string[] = [];
  const add = t.app.jobs.add.bind(t.app.jobs);
  t.app.jobs.add = (async (name, data, options) => {
    if (options?.jobId) added.push(options.jobId);
    return add(name, data, options);
  }) as typeof t.app.jobs.add;
  return added;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Behaviours an independent review found missing; real Postgres and Redis. */
describeWithServices('pipeline: ordering, staff holds, slow turns', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  /** Echo app; "primeira" answered, its reply put back to `sending`, then "segunda" sent behind it. */
  async function secondBehindFirstInFlight(phone: string) {
    const echo: TurnHandler = async (ctx) => ({ replies: [{ text: `eco ${ctx.message.body}` }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: echo });
    await t.whatsappText(phone, 'primeira');
    await t.idle(30_000);
    const db = t.t.database.db;
    const [first] = await db.select().from(messages).where(and(eq(messages.direction, 'out'), eq(messages.body, 'eco primeira')));
    await db.update(messages).set({ status: 'sending' }).where(eq(messages.id, first!.id));
    await t.whatsappText(phone, 'segunda');
    return { db, first: first! };
  }

  it('replies reach the patient in the order written, even when the first one needs a retry', async () => {
    const three: TurnHandler = async (ctx) => ({ replies: [{ text: 'parte 1' }, { text: 'parte 2' }, { text: 'parte 3' }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', redis: true, handler: three });
    t.graph.setBehaviour({ sequence: times(1, { status: 503, body: { error: { message: 'temporarily unavailable', code: 2 } } }) });
    const phone = '+5511955501001';
    await t.whatsappText(phone, 'oi');
    await t.idle(30_000);
    const delivered = t.graph.requests.filter((r, i) => i > 0 && (r.json as { to?: string }).to === phone.slice(1)).map((r) => (r.json as { text: { body: string } }).text.body);
    expect(delivered).toEqual(['parte 1', 'parte 2', 'parte 3']);
  });

  it('the replies of a turn go out in order through one send job, none left to a retry', async () => {
    const three: TurnHandler = async (ctx) => ({ replies: [{ text: 'um' }, { text: 'dois' }, { text: 'três' }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: three });
    const added = recordJobIds(t);
    const phone = '+5511955501009';
    await t.whatsappText(phone, 'oi');
    await t.idle(30_000);
    expect(texts(t, phone)).toEqual(['um', 'dois', 'três']);
    const out = await t.t.database.db.select({ id: messages.id }).from(messages).where(eq(messages.direction, 'out')).orderBy(messages.seq);
    expect(added.filter((id) => id.startsWith('send:'))).toEqual([`send:${out[0]!.id}:0`]);
  });

  it('a reply queued behind one still being sent goes out when that one is done, long before the recovery sweep', async () => {
    const echo: TurnHandler = async (ctx) => ({ replies: [{ text: `eco ${ctx.message.body}` }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: echo });
    const added = recordJobIds(t);
    // The first send takes 1.5 s, so the second reply is committed while the first is still `sending`.
    t.graph.setBehaviour({ sequence: [{ status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: 'wamid.slow-1' }] }, delayMs: 1500 }] });
    const phone = '+5511955501011';
    const t0 = Date.now();
    await t.whatsappText(phone, 'primeira');
    await waitFor(() => t!.graph.requests.length === 1);
    await t.whatsappText(phone, 'segunda');
    await waitFor(() => texts(t!, phone).length === 2, 8_000);
    expect(Date.now() - t0).toBeLessThan(8_000); // the sweep would only take it after 10 s
    expect(texts(t, phone)).toEqual(['eco primeira', 'eco segunda']);
    // The turn saw it queued behind the first, so it got no job of its own (it would only find it
    // blocked) — the first one's ending went on to it; the one look a second later found nothing to do.
    const out = await t.t.database.db.select({ id: messages.id }).from(messages).where(eq(messages.direction, 'out')).orderBy(messages.seq);
    expect(added.filter((id) => id.startsWith('send:'))).toEqual([`send:${out[0]!.id}:0`]);
    expect(added.filter((id) => id.startsWith('unblock:'))).toHaveLength(1);
  });

  it('a reply blocked behind one whose ending missed it (a snapshot from before it existed) goes out a second later, not at the sweep', async () => {
    const phone = '+5511955501013';
    // The first reply back in flight, as if its send were still being recorded…
    const { db, first } = await secondBehindFirstInFlight(phone);
    const t0 = Date.now();
    let second: { status: string } | undefined;
    for (let i = 0; i < 50 && !second; i++) {
      [second] = await db.select({ status: messages.status }).from(messages).where(and(eq(messages.direction, 'out'), eq(messages.body, 'eco segunda')));
      if (!second) await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(texts(t!, phone)).toEqual(['eco primeira']); // blocked behind the first
    // …whose recording then lands without going on to the second (its RETURNING read an older snapshot).
    await db.update(messages).set({ status: 'sent' }).where(eq(messages.id, first.id));
    await waitFor(() => texts(t!, phone).length === 2, 5_000);
    expect(Date.now() - t0).toBeLessThan(5_000); // the recovery sweep only takes messages older than 10 s
    expect(texts(t!, phone)).toEqual(['eco primeira', 'eco segunda']);
  });

  it('a reply still blocked when the first look comes is looked at again until the message before it is done', async () => {
    const phone = '+5511955501017';
    // The first reply "being sent" for 2.5 s — longer than the look a second and a half after the commit…
    const { db, first } = await secondBehindFirstInFlight(phone);
    await new Promise((r) => setTimeout(r, 2500));
    expect(texts(t!, phone)).toEqual(['eco primeira']);
    // …and its ending does not go on to the second (as if it had read an older snapshot).
    await db.update(messages).set({ status: 'sent' }).where(eq(messages.id, first.id));
    const t0 = Date.now();
    await waitFor(() => texts(t!, phone).length === 2, 6_000);
    expect(Date.now() - t0).toBeLessThan(3_000); // the recovery sweep only takes messages older than 10 s
    expect(texts(t!, phone)).toEqual(['eco primeira', 'eco segunda']);
  });

  it('a reply refused for good, whose fallback then fails, does not hold back the replies after it', async () => {
    const two: TurnHandler = async (ctx) => ({ replies: [{ text: 'um' }, { text: 'dois' }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: two });
    const hooks = t.app.pipeline.hooks;
    let fallbacks = 0;
    t.app.pipeline.hooks = {
      ...hooks,
      onFailed: async () => {
        fallbacks++;
        throw new Error('fallback channel down');
      },
    };
    t.graph.setBehaviour({ sequence: [{ status: 400, body: { error: { message: 'Invalid parameter', code: 100 } } }] });
    const phone = '+5511955501018';
    const t0 = Date.now();
    await t.whatsappText(phone, 'oi');
    await waitFor(() => texts(t!, phone).length === 2, 8_000); // the refused attempt at "um", then "dois"
    expect(Date.now() - t0).toBeLessThan(5_000); // not left to the recovery sweep (10 s)
    await t.idle(10_000);
    expect(fallbacks).toBe(1);
    const out = await t.t.database.db.select({ body: messages.body, status: messages.status }).from(messages).where(eq(messages.direction, 'out')).orderBy(messages.seq);
    expect(texts(t, phone)).toEqual(['um', 'dois']);
    expect(out).toEqual([
      { body: 'um', status: 'failed' },
      { body: 'dois', status: 'sent' },
    ]);
  });

  it('a claim that waited for another worker\'s commit does not answer again what that commit answered', async () => {
    const bodies: string[] = [];
    const echo: TurnHandler = async (ctx) => {
      bodies.push(ctx.message.body ?? '');
      return { replies: [{ text: 'eco' }], state: ctx.conversation.state, engine: 'test' };
    };
    t = await startTestApp({ kind: 'postgres', handler: echo });
    const phone = '+5511955501019';
    await t.whatsappText(phone, 'primeira');
    await t.idle(30_000);
    const db = t.t.database.db;
    const [conv] = await db.select({ id: conversations.id, clinicId: conversations.clinicId }).from(conversations);
    // A second message, pending, with no job yet…
    const [m] = await db
      .insert(messages)
      .values({ clinicId: conv!.clinicId, conversationId: conv!.id, direction: 'in', author: 'patient', channel: 'whatsapp', kind: 'text', body: 'segunda', status: 'pending' })
      .returning({ id: messages.id });
    // …which another worker is committing right now: its statement holds the conversation's row.
    const other = postgres(t.t.url!, { max: 1, onnotice: () => {} });
    const tx = await other.reserve();
    try {
      await tx`begin`;
      await tx`update messages set status = 'processed' where id = ${m!.id}`;
      await tx`update conversations set revision = revision + 1 where id = ${conv!.id}`;
      const claiming = processConversation(t.app.pipeline, conv!.id);
      // This worker's claim now waits for that row, with a snapshot in which "segunda" is pending.
      for (let i = 0; i < 100; i++) {
        const [w] = await tx<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%lease_owner%'`;
        if (w!.n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await tx`commit`;
      await claiming;
    } finally {
      tx.release();
      await other.end();
    }
    expect(bodies).toEqual(['primeira']); // "segunda" was answered by the other worker, not run again
    const [after] = await db.select({ leaseOwner: conversations.leaseOwner }).from(conversations);
    expect(after!.leaseOwner).toBeNull();
  });

  it('the provider is answered once the message is stored, without waiting for the job queue (BullMQ)', async () => {
    const echo: TurnHandler = async (ctx) => ({ replies: [{ text: `eco ${ctx.message.body}` }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', redis: true, handler: echo });
    const add = t.app.jobs.add.bind(t.app.jobs);
    t.app.jobs.add = (async (name, data, options) => {
      if (name === 'turn') await new Promise((r) => setTimeout(r, 1500)); // a slow Redis
      return add(name, data, options);
    }) as typeof t.app.jobs.add;
    const phone = '+5511955501020';
    const t0 = Date.now();
    const { response } = await t.whatsappText(phone, 'oi');
    expect(response.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1000);
    const [stored] = await t.t.database.db.select({ status: messages.status }).from(messages).where(eq(messages.direction, 'in'));
    expect(stored!.status).toBe('pending');
    await waitFor(() => texts(t!, phone).length === 1, 10_000); // the turn runs once the slow add lands
    expect(texts(t, phone)).toEqual(['eco oi']);
  });

  it('when going on to the next reply fails, that reply gets its own job and still goes out, in order', async () => {
    const three: TurnHandler = async (ctx) => ({ replies: [{ text: 'um' }, { text: 'dois' }, { text: 'três' }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: three });
    const added = recordJobIds(t);
    const hooks = t.app.pipeline.hooks;
    let thrown = 0;
    t.app.pipeline.hooks = {
      ...hooks,
      beforeSend: async (m, facts) => {
        if (m.body === 'dois' && thrown++ === 0) throw new Error('database hiccup');
        return (await hooks?.beforeSend?.(m, facts)) ?? null;
      },
    };
    const phone = '+5511955501014';
    await t.whatsappText(phone, 'oi');
    await t.idle(30_000);
    expect(thrown).toBeGreaterThan(0);
    expect(texts(t, phone)).toEqual(['um', 'dois', 'três']);
    const out = await t.t.database.db.select({ id: messages.id }).from(messages).where(eq(messages.direction, 'out')).orderBy(messages.seq);
    expect(added).toContain(`send:${out[1]!.id}:after-${out[0]!.id}`);
  });

  it('a hook follow-up write failing after the provider took the message: the send is still recorded, never repeated', async () => {
    const echo: TurnHandler = async (ctx) => ({ replies: [{ text: `eco ${ctx.message.body}` }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: echo });
    // A follow-up that fails for every row it touches (division by zero).
    t.app.pipeline.hooks = {
      ...t.app.pipeline.hooks,
      onSentSql: [sql`update conversations c set version = c.version from sent where c.id = (select conversation_id from messages where id = sent.id) and 1 / (sent.seq - sent.seq) = 1`],
    };
    const phone = '+5511955501019';
    await t.whatsappText(phone, 'oi');
    await t.idle(30_000);
    expect(texts(t, phone)).toEqual(['eco oi']);
    const out = await t.t.database.db.select({ status: messages.status, providerMessageId: messages.providerMessageId }).from(messages).where(eq(messages.direction, 'out'));
    expect(out).toEqual([{ status: 'sent', providerMessageId: expect.stringMatching(/^wamid\./) }]);
  });

  it('a reply in its retry backoff is not sent early by another job for it', async () => {
    const echo: TurnHandler = async (ctx) => ({ replies: [{ text: 'eco' }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: echo });
    const phone = '+5511955501010';
    await t.whatsappText(phone, 'oi');
    await t.idle(30_000);
    const [reply] = await t.t.database.db.select().from(messages).where(and(eq(messages.direction, 'out'), eq(messages.body, 'eco')));
    await t.t.database.db.update(messages).set({ status: 'queued', nextAttemptAt: new Date(Date.now() + 60_000) }).where(eq(messages.id, reply!.id));
    const before = t.graph.requests.length;
    await expect(sendOutbound(t.app.pipeline, reply!.id)).rejects.toBeInstanceOf(RetryLaterError);
    expect(t.graph.requests.length).toBe(before);
    const [still] = await t.t.database.db.select().from(messages).where(eq(messages.id, reply!.id));
    expect(still!.status).toBe('queued');
    await t.t.database.db.update(messages).set({ status: 'sent', nextAttemptAt: null }).where(eq(messages.id, reply!.id));
  });

  it('no rate-limit notice (nor any bot text) in a thread staff holds', async () => {
    const echo: TurnHandler = async (ctx) => ({ replies: [{ text: 'eco' }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: echo, env: { RATE_LIMIT_PER_MINUTE: '3' } });
    const phone = '+5511955501002';
    await t.whatsappText(phone, 'primeira');
    await t.idle();
    await t.t.database.db.update(conversations).set({ mode: 'staff' }).where(eq(conversations.patientAddress, phone));
    for (let i = 0; i < 6; i++) await t.whatsappText(phone, `rajada ${i}`);
    await t.idle();
    expect(await t.repliesTo(phone)).toEqual(['eco']);
  });

  it('a turn slower than the lease is answered exactly once, while the next message waits its turn', async () => {
    const seen: string[] = [];
    const slow: TurnHandler = async (ctx) => {
      seen.push(ctx.message.body ?? '');
      await new Promise((r) => setTimeout(r, 2500));
      return { replies: [{ text: `respondi: ${ctx.message.body}` }], state: ctx.conversation.state, engine: 'test' };
    };
    t = await startTestApp({ kind: 'postgres', redis: true, handler: slow, env: { TURN_LEASE_MS: '1000' } });
    const phone = '+5511955501003';
    await t.whatsappText(phone, 'primeira');
    // The patient writes again while the first (slow) turn runs: its job competes for the lease.
    await new Promise((r) => setTimeout(r, 300));
    await t.whatsappText(phone, 'segunda');
    const deadline = Date.now() + 30_000;
    while ((await t.repliesTo(phone, ['sent'])).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await t.repliesTo(phone)).toEqual(['respondi: primeira', 'respondi: segunda']);
    expect(seen).toEqual(['primeira', 'segunda']);
  });

  it('a bot reply still waiting for a retry is not sent once a person takes the thread', async () => {
    const echo: TurnHandler = async (ctx) => ({ replies: [{ text: 'resposta do robô' }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: echo });
    t.graph.setBehaviour({ sequence: times(1, { status: 500, body: { error: { message: 'oops', code: 1 } } }) });
    const phone = '+5511955501004';
    await t.whatsappText(phone, 'oi');
    // The first attempt failed; before the retry, reception takes over.
    const deadline = Date.now() + 10_000;
    while (t.graph.requests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await t.t.database.db.update(conversations).set({ mode: 'staff' }).where(eq(conversations.patientAddress, phone));
    await t.idle(30_000);
    const [out] = await t.t.database.db
      .select()
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.patientAddress, phone), eq(messages.direction, 'out')));
    expect(out!.messages.status).toBe('failed');
    expect(out!.messages.error).toMatch(/took over/);
    expect(texts(t, phone)).toHaveLength(1); // only the failed first attempt ever reached the provider
  });

  it('a lone message is answered with its lease released by the turn commit itself, no separate release', async () => {
    const echo: TurnHandler = async (ctx) => ({ replies: [{ text: 'eco' }], state: ctx.conversation.state, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: echo });
    const phone = '+5511955501012';
    await t.whatsappText(phone, 'primeira'); // first contact: conversation created
    await t.idle(30_000);
    const statements: string[] = [];
    const database = t.t.database;
    const rows = database.rows.bind(database);
    const dialect = new PgDialect();
    database.rows = ((query, executor) => {
      statements.push(dialect.sqlToQuery(query).sql.replace(/\s+/g, ' ').trim());
      return rows(query, executor);
    }) as typeof database.rows;
    await t.whatsappText(phone, 'segunda');
    await t.idle(30_000);
    expect(texts(t, phone)).toEqual(['eco', 'eco']);
    expect(statements.filter((s) => s.startsWith('update conversations set lease_owner = null'))).toHaveLength(0);
    const [conv] = await database.db.select({ leaseOwner: conversations.leaseOwner }).from(conversations);
    expect(conv!.leaseOwner).toBeNull();
  });

  it('messages that arrive during a turn are answered next, in order, each turn seeing the state the one before committed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const counting: TurnHandler = async (ctx) => {
      if (ctx.message.body === 'a') await gate;
      const n = ((ctx.conversation.state as { n?: number }).n ?? 0) + 1;
      return { replies: [{ text: `n=${n} ${ctx.message.body}` }], state: { ...ctx.conversation.state, n }, engine: 'test' };
    };
    t = await startTestApp({ kind: 'postgres', handler: counting });
    const phone = '+5511955501016';
    await t.whatsappText(phone, 'a');
    await t.whatsappText(phone, 'b');
    await t.whatsappText(phone, 'c');
    const db = t.t.database.db;
    for (let i = 0; i < 100; i++) {
      const pending = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.direction, 'in'), eq(messages.status, 'pending')));
      if (pending.length === 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    release(); // "b" and "c" are pending when "a"'s turn commits: its commit hands over "b", and "b"'s hands over "c"
    await t.idle(30_000);
    expect(texts(t, phone)).toEqual(['n=1 a', 'n=2 b', 'n=3 c']);
    const [conv] = await db.select({ state: conversations.state, revision: conversations.revision, leaseOwner: conversations.leaseOwner }).from(conversations);
    expect(conv).toEqual({ state: { n: 3 }, revision: 3, leaseOwner: null });
  });

  it('a turn whose message was answered meanwhile (by the previous lease holder) does not overwrite the conversation', async () => {
    const echo: TurnHandler = async (ctx) => ({ replies: [{ text: 'eco' }], state: { ...ctx.conversation.state, answered: true }, engine: 'test' });
    t = await startTestApp({ kind: 'postgres', handler: echo });
    const phone = '+5511955501015';
    await t.whatsappText(phone, 'oi');
    await t.idle(30_000);
    const db = t.t.database.db;
    const [inbound] = await db.select().from(messages).where(eq(messages.direction, 'in'));
    const [before] = await db.select().from(conversations);
    expect(inbound!.status).toBe('processed');
    // A second worker took over the (expired) lease having read the message while it was still pending.
    await db.update(conversations).set({ leaseOwner: 'late-worker', leaseUntil: new Date(Date.now() + 60_000) }).where(eq(conversations.id, before!.id));
    const committed = await commitTurn(t.t.database, {
      clinicId: before!.clinicId,
      conversationId: before!.id,
      channel: 'whatsapp',
      inboundMessageId: inbound!.id,
      leaseOwner: 'late-worker',
      releaseIfDone: true,
      result: { replies: [{ text: 'eco de novo' }], state: { stale: true }, engine: 'test' },
      mode: null,
      flowVersion: 'test',
      latencyMs: 1,
      now: new Date(),
    });
    expect(committed).toBeNull();
    const [after] = await db.select().from(conversations);
    expect(after!.state).toEqual(before!.state);
    expect(after!.revision).toBe(before!.revision);
    expect(await db.select().from(messages).where(eq(messages.body, 'eco de novo'))).toHaveLength(0);
  });
});
