import { and, asc, eq, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { messages } from '../../src/db/schema';
import { isPendingInbound } from '../../src/pipeline/process-conversation';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recentInboundOf } from '../../src/pipeline/commit-turn';
import { createTestDatabase, describePostgres, seedClinic, type TestDatabase } from '../support/test-database';

/** Index names a plan reads, and whether it scans a table whole. */
function planUses(plan: unknown): { indexes: string[]; seqScans: string[] } {
  const indexes: string[] = [];
  const seqScans: string[] = [];
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Index Name'] === 'string') indexes.push(node['Index Name']);
    if (node['Node Type'] === 'Seq Scan') seqScans.push(String(node['Relation Name']));
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk((plan as { Plan: Record<string, unknown> }[])[0]!.Plan);
  return { indexes, seqScans };
}

/**
 * The statements the pipeline runs per message must stay exact when a backlog builds up after the
 * statistics were taken (a burst, a restart after an outage): the planner then believes almost
 * nothing is pending. A status-led partial index used to look cheapest for "this message, if
 * pending" and was scanned whole — every commit read the entire backlog.
 */
describePostgres('messages indexes under a backlog the statistics have not seen', () => {
  let t: TestDatabase;
  let inboundId: string;
  let outboundId: string;
  let conversationId: string;

  const explain = async (statement: ReturnType<typeof sql>) => {
    const rows = await t.database.rows<{ 'QUERY PLAN': unknown }>(sql`explain (format json) ${statement}`);
    return planUses(rows[0]!['QUERY PLAN']);
  };

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await seedClinic(t.database);
    await t.database.rows(sql`insert into patients (clinic_id, phone) select 'bella-pele', '+55119' || lpad(g::text, 8, '0') from generate_series(1, 300) g`);
    await t.database.rows(
      sql`insert into conversations (clinic_id, patient_id, channel, clinic_address, patient_address) select clinic_id, id, 'whatsapp', 'clinic', phone from patients`,
    );
    // History: everything answered and sent, then statistics taken — nothing pending in them.
    await t.database.rows(sql`insert into messages (clinic_id, conversation_id, direction, author, channel, kind, body, status)
      select c.clinic_id, c.id, d.direction, case d.direction when 'in' then 'patient' else 'bot' end, 'whatsapp', 'text', 'oi',
             case d.direction when 'in' then 'processed' else 'read' end
      from conversations c, generate_series(1, 10) g, (values ('in'), ('out')) d(direction)`);
    await t.database.rows(sql`analyze messages`);
    // Then a backlog: 3,000 inbound messages waiting and 3,000 replies queued.
    await t.database.rows(sql`insert into messages (clinic_id, conversation_id, direction, author, channel, kind, body, status)
      select c.clinic_id, c.id, d.direction, case d.direction when 'in' then 'patient' else 'bot' end, 'whatsapp', 'text', 'oi',
             case d.direction when 'in' then 'pending' else 'queued' end
      from conversations c, generate_series(1, 10) g, (values ('in'), ('out')) d(direction)`);
    const [row] = await t.database.rows<{ inbound: string; outbound: string; conversation: string }>(sql`
      select (select id from messages where direction = 'in' and status = 'pending' order by seq desc limit 1) as inbound,
             (select id from messages where direction = 'out' and status = 'queued' order by seq desc limit 1) as outbound,
             (select conversation_id from messages where direction = 'in' and status = 'pending' order by seq desc limit 1) as conversation`);
    inboundId = row!.inbound;
    outboundId = row!.outbound;
    conversationId = row!.conversation;
  });
  afterAll(async () => t?.drop());

  it('a guarded update of one message by id reads the primary key only', async () => {
    const marked = await explain(sql`update messages set status = 'processed' where id = ${inboundId}::uuid and status = 'pending'`);
    const claimed = await explain(sql`update messages set status = 'sending' where id = ${outboundId}::uuid and status = 'queued'`);
    const recorded = await explain(sql`update messages set status = 'sent' where id = ${outboundId}::uuid and status = 'sending'`);
    for (const plan of [marked, claimed, recorded]) {
      expect(plan.indexes).toEqual(['messages_pkey']);
      expect(plan.seqScans).toEqual([]);
    }
  });

  it("a conversation's pending message and earlier queued reply are found through the conversation", async () => {
    const pending = await explain(
      sql`select id from messages where conversation_id = ${conversationId}::uuid and direction = 'in' and status = 'pending' order by seq limit 1`,
    );
    const earlier = await explain(
      sql`select 1 from messages where conversation_id = ${conversationId}::uuid and direction = 'out' and status in ('queued', 'sending') and seq < 1000000`,
    );
    expect(pending.indexes).toEqual(['messages_inbound_pending_idx']);
    expect(earlier.indexes).toEqual(['messages_outbound_open_idx']);
  });

  it('the recovery sweep reads only open work, not the history', async () => {
    const sweep = await explain(sql`select distinct conversation_id from messages where direction = 'in' and status = 'pending' and received_at <= now()`);
    expect(sweep.seqScans).toEqual([]);
    expect(sweep.indexes).toEqual(['messages_inbound_pending_idx']);
  });

  it("the per-sender rate limit reads the last minute of a conversation, not its whole history", async () => {
    // A long thread: 2,000 inbound messages a day old, then 3 in the last minute.
    const [conv] = await t.database.rows<{ id: string }>(sql`with p as (insert into patients (clinic_id, phone) values ('bella-pele', '+5511988887777') returning id)
      insert into conversations (clinic_id, patient_id, channel, clinic_address, patient_address) select 'bella-pele', id, 'whatsapp', 'clinic', '+5511988887777' from p returning id`);
    await t.database.rows(sql`insert into messages (clinic_id, conversation_id, direction, author, channel, kind, body, status, received_at)
      select 'bella-pele', ${conv!.id}::uuid, 'in', 'patient', 'whatsapp', 'text', 'oi', 'processed', now() - interval '1 day' + g * interval '1 second'
      from generate_series(1, 2000) g`);
    await t.database.rows(sql`insert into messages (clinic_id, conversation_id, direction, author, channel, kind, body, status, received_at)
      select 'bella-pele', ${conv!.id}::uuid, 'in', 'patient', 'whatsapp', 'text', 'oi', 'pending', now() - interval '30 seconds' + g * interval '1 second'
      from generate_series(1, 3) g`);
    const [last] = await t.database.rows<{ id: string }>(sql`select id from messages where conversation_id = ${conv!.id}::uuid order by seq desc limit 1`);
    const count = sql`select ${recentInboundOf('m')} as recent from messages m where m.id = ${last!.id}::uuid`;
    const [counted] = await t.database.rows<{ recent: number }>(count);
    expect(counted!.recent).toBe(3);
    const rows = await t.database.rows<{ 'QUERY PLAN': unknown }>(sql`explain (analyze, buffers, format json) ${count}`);
    const plan = rows[0]!['QUERY PLAN'] as { Plan: Record<string, unknown> }[];
    expect(planUses(plan).indexes).toContain('messages_inbound_recent_idx');
    // Reading the 2,000 older messages takes dozens of pages; the last minute, a handful.
    expect(plan[0]!.Plan['Shared Hit Blocks'] as number).toBeLessThan(20);
  });

  it("the turn loop's pending read uses the partial index under a cached generic plan", async () => {
    // Postgres switches a prepared statement to a generic plan, built without the parameter values;
    // a partial index is usable there only if its predicate is literal in the statement.
    const query = t.database.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.conversationId, sql.placeholder('c')), isPendingInbound))
      .orderBy(asc(messages.seq))
      .limit(1);
    const { sql: text } = new PgDialect().sqlToQuery(query.getSQL());
    const raw = postgres(t.url!, { max: 1, onnotice: () => {} });
    try {
      await raw.begin(async (tx) => {
        await tx`set local plan_cache_mode = force_generic_plan`;
        await tx.unsafe(`prepare pending_read as ${text}`);
        const [row] = await tx.unsafe(`explain (format json) execute pending_read('${conversationId}', 1)`);
        expect(planUses(row!['QUERY PLAN']).indexes).toEqual(['messages_inbound_pending_idx']);
        await tx.unsafe('deallocate pending_read');
      });
    } finally {
      await raw.end({ timeout: 2 });
    }
  });
});
