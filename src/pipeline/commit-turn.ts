import { sql } from 'drizzle-orm';
import { type Database, onceFor } from '../db/open-database';
import { conversations, messages, patients } from '../db/schema';
import { rowFromJson } from '../db/row-from-json';
import type { Patient } from '../patients/find-or-create-patient';
import type { ConversationRow, MessageRow, TurnResult } from './turn-handler';

/** An inbound message waiting for its turn, with what the turn needs. */
export interface PendingTurn {
  message: MessageRow;
  conversation: ConversationRow;
  patient: Patient;
  /** Inbound messages of this conversation in the minute up to this one, itself included. */
  recent: number;
}

/**
 * Inbound messages of the conversation of message row `m` in the minute up to it, itself included
 * (the per-sender rate limit). `messages_inbound_recent_idx` lets it read that minute, not the
 * thread's history; `seq + 0` keeps a seq bound from making the (conversation, seq) index, whose
 * range is the whole history before `m`, look cheaper (on a small table the planner may still walk
 * the conversation's rows, which are then few).
 */
export const recentInboundOf = (m: string) =>
  sql.raw(`(select count(*) from messages r where r.conversation_id = ${m}.conversation_id and r.direction = 'in'
    and r.received_at > ${m}.received_at - interval '60 seconds' and r.seq + 0 <= ${m}.seq)::int`);

export interface TurnCommit {
  clinicId: string;
  conversationId: string;
  channel: string;
  inboundMessageId: string;
  /** The lease this worker holds; a commit under a lost lease changes nothing. */
  leaseOwner: string;
  /** Release the lease in the same statement when no other inbound message of the conversation is pending. */
  releaseIfDone?: boolean;
  result: TurnResult;
  /** The mode the turn switches to; null leaves it as it is (a staff claim made meanwhile survives). */
  mode: string | null;
  flowVersion: string;
  latencyMs: number;
  now: Date;
  /** When the inbound text is sensitive: its encrypted form and the placeholder kept in `body`. */
  protectedBody?: { enc: string; placeholder: string };
  /**
   * On a sensitive turn the replies (which may restate the condition) are stored encrypted too;
   * the send job decrypts them just before sending. Index-aligned with `result.replies`.
   */
  protectedReplies?: string[];
}

/** The associated data an encrypted reply is bound to (its inbound message and position). */
export function replyAad(inboundMessageId: string, index: number): string {
  return `reply:${inboundMessageId}:${index}`;
}

/**
 * Commits one turn in a single statement: the conversation's new state (only while this worker
 * holds the lease), the inbound message marked processed, the turn record, and the replies as
 * queued outbound messages — each part conditional on the one before, so the statement does all of
 * it or none of it. Returns the new outbound ids, whether the lease was released, whether an
 * earlier outbound message of the conversation was still waiting to go out, and — when the lease is
 * kept — the next pending message with the conversation as this commit left it (the turn loop's
 * next read, saved). Null when the lease was lost.
 */
export async function commitTurn(
  database: Database,
  c: TurnCommit,
): Promise<{ outboundIds: string[]; released: boolean; behindEarlier: boolean; next: PendingTurn | null } | null> {
  const r = c.result;
  const shape: CommitShape = { replies: r.replies.length, protectedBody: !!c.protectedBody, releaseIfDone: !!c.releaseIfDone };
  const key = `${shape.replies}|${shape.protectedBody}|${shape.releaseIfDone}`;
  const byShape = onceFor(commitStatements, database, () => new Map<string, ReturnType<typeof buildCommit>>());
  let statement = byShape.get(key);
  if (!statement) byShape.set(key, (statement = buildCommit(database, shape)));
  const values: Record<string, unknown> = {
    clinicId: c.clinicId,
    conversationId: c.conversationId,
    channel: c.channel,
    inboundId: c.inboundMessageId,
    leaseOwner: c.leaseOwner,
    state: JSON.stringify(r.state),
    mode: c.mode,
    now: c.now.toISOString(),
    flowVersion: c.flowVersion,
    engine: r.engine,
    intent: r.intent ?? null,
    step: r.step ?? null,
    llmCalls: r.llm?.calls ?? 0,
    promptTokens: r.llm?.promptTokens ?? 0,
    completionTokens: r.llm?.completionTokens ?? 0,
    latencyMs: c.latencyMs,
    protectedPlaceholder: c.protectedBody?.placeholder ?? null,
    protectedEnc: c.protectedBody?.enc ?? null,
  };
  r.replies.forEach((reply, i) => {
    const isTemplate = 'template' in reply;
    const enc = c.protectedReplies?.[i];
    values[`r${i}_kind`] = isTemplate ? 'template' : 'text';
    values[`r${i}_body`] = enc && c.protectedBody ? c.protectedBody.placeholder : isTemplate ? reply.fallbackText : reply.text;
    values[`r${i}_enc`] = enc ?? null;
    values[`r${i}_template`] = isTemplate ? JSON.stringify(reply.template) : null;
    values[`r${i}_at`] = new Date(c.now.getTime() + i).toISOString();
  });
  const row = (await statement(values))[0];
  if (!row || row.conv_ok === 0) return null;
  const nextJson: NextJson | null = typeof row.next === 'string' ? (JSON.parse(row.next) as NextJson) : row.next;
  return {
    outboundIds: row.out_ids ?? [],
    released: row.released === true,
    behindEarlier: row.behind === true,
    next: nextJson
      ? {
          message: rowFromJson(messages, nextJson.message),
          conversation: rowFromJson(conversations, nextJson.conversation),
          patient: rowFromJson(patients, nextJson.patient),
          recent: nextJson.recent,
        }
      : null,
  };
}

/** What varies the commit statement's text; each shape is built once per database. */
interface CommitShape {
  replies: number;
  protectedBody: boolean;
  releaseIfDone: boolean;
}

const commitStatements = new WeakMap<Database, Map<string, ReturnType<typeof buildCommit>>>();

function buildCommit(database: Database, shape: CommitShape) {
  const p = (name: string) => sql.placeholder(name);
  const now = sql`${p('now')}::timestamptz`;
  const replies = shape.replies
    ? sql`, outs as (
        insert into messages (clinic_id, conversation_id, channel, kind, body, body_enc, template, received_at, direction, author, status, reply_to_id, origin)
        select v.clinic_id, v.conversation_id, v.channel, v.kind, v.body, v.body_enc, v.template, v.received_at, 'out', 'bot', 'queued', ${p('inboundId')}::uuid, 'turn'
        from (values ${sql.join(
          Array.from(
            { length: shape.replies },
            (_, i) => sql`(${p('clinicId')}, ${p('conversationId')}::uuid, ${p('channel')}, ${p(`r${i}_kind`)}, ${p(`r${i}_body`)}, ${p(`r${i}_enc`)},
              ${p(`r${i}_template`)}::jsonb, ${p(`r${i}_at`)}::timestamptz)`,
          ),
          sql`, `,
        )}) as v(clinic_id, conversation_id, channel, kind, body, body_enc, template, received_at)
        where exists (select 1 from marked)
        returning id, seq)`
    : sql``;
  // The next pending message, read in the same snapshot as the release decision below.
  const next = sql`, nxt as (
      select m.* from messages m
      where m.conversation_id = ${p('conversationId')}::uuid and m.direction = 'in' and m.status = 'pending' and m.id <> ${p('inboundId')}::uuid
        and exists (select 1 from conv where not conv.released)
      order by m.seq limit 1
    )`;
  // A message that arrives after this statement's snapshot has its own turn job, which waits for the lease.
  // The conversation is only written while the inbound message is still pending: a worker that took
  // over an expired lease may have read it before the previous holder's commit, and must not
  // overwrite the state that commit wrote.
  const done = shape.releaseIfDone
    ? sql`not exists (select 1 from messages p where p.conversation_id = ${p('conversationId')}::uuid and p.direction = 'in' and p.status = 'pending' and p.id <> ${p('inboundId')}::uuid)`
    : sql`false`;
  return database.statement<{ conv_ok: number; released: boolean | null; out_ids: string[] | null; behind: boolean; next: NextJson | string | null }>(sql`
    with release as (select ${done} as ok), conv as (
      update conversations set
        lease_owner = case when (select ok from release) then null else lease_owner end,
        lease_until = case when (select ok from release) then null else lease_until end,
        state = ${p('state')}::jsonb,
        revision = revision + 1,
        mode = coalesce(${p('mode')}::text, mode),
        updated_at = ${now},
        last_message_at = ${shape.replies > 0 ? now : sql`last_message_at`}
      where id = ${p('conversationId')}::uuid and lease_owner = ${p('leaseOwner')}
        and (select i.status from messages i where i.id = ${p('inboundId')}::uuid) = 'pending'
      returning *, lease_owner is null as released
    ), marked as (
      update messages set status = 'processed', processed_at = ${now}${
        shape.protectedBody ? sql`, body = ${p('protectedPlaceholder')}, body_enc = ${p('protectedEnc')}` : sql``
      }
      where id = ${p('inboundId')}::uuid and status = 'pending' and exists (select 1 from conv)
      returning id
    ), turn as (
      insert into turns (clinic_id, conversation_id, inbound_message_id, flow_version, engine, intent, step, llm_calls, prompt_tokens, completion_tokens, latency_ms, created_at)
      select ${p('clinicId')}, ${p('conversationId')}::uuid, id, ${p('flowVersion')}, ${p('engine')}, ${p('intent')}::text, ${p('step')}::text,
        ${p('llmCalls')}::int, ${p('promptTokens')}::int, ${p('completionTokens')}::int, ${p('latencyMs')}::int, ${now}
      from marked
      returning id
    )${replies}${next}
    select (select count(*) from conv)::int as conv_ok,
           (select released from conv) as released,
           ${shape.replies ? sql`(select json_agg(id order by seq) from outs)` : sql`null::json`} as out_ids,
           exists (select 1 from messages e where e.conversation_id = ${p('conversationId')}::uuid and e.direction = 'out' and e.status in ('queued', 'sending')) as behind,
           (select json_build_object(
              'message', row_to_json(nxt),
              'conversation', (select row_to_json(conv) from conv),
              'patient', (select row_to_json(pt) from patients pt where pt.id = nxt_conv.patient_id),
              'recent', ${recentInboundOf('nxt')})
            from nxt, conv nxt_conv) as next
  `);
}

interface NextJson {
  message: Record<string, unknown>;
  conversation: Record<string, unknown>;
  patient: Record<string, unknown>;
  recent: number;
}
