import { and, asc, eq, gt, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { type Database, type Db, onceFor, pgErrorCode } from '../db/open-database';
import { replyAad } from './commit-turn';
import type { OutboundMessage } from '../channels/types';
import { conversations, messages } from '../db/schema';
import { backoffDelay, RetryLaterError } from '../jobs/job-queue';
import { AppError, ProviderError } from '../lib/errors';
import { maskPii } from '../lib/logger';
import { enqueueSend } from './enqueue';
import type { PipelineDeps } from './pipeline-deps';
import type { MessageRow } from './turn-handler';

/** How many messages one send job takes in a row before handing the rest to a new job. */
const MESSAGES_PER_JOB = 20;
/** A message blocked behind an earlier one looks again after this long (see the claim's race note). */
const BLOCKED_RECHECK_MS = 1000;

/**
 * The send job: one persisted outbound message to its channel, then the conversation's next queued
 * ones in order. The guarded `queued → sending` transition makes a second job for the same message
 * a no-op. A refusal the provider says is permanent fails the message (hooks may fall back to SMS);
 * anything else is retried with exponential backoff until `sendAttempts`.
 *
 * A message queued behind an earlier one of its conversation is sent by whatever ends the earlier
 * one (sent, failed), which goes on to it; its own job looks once more a second later for the narrow
 * race where that ending read a snapshot from before this message existed. A turn's reply committed
 * behind an earlier one gets no job at all: the blocked-reply watch covers that race for all of them
 * with one look a second. The recovery sweep stays the safety net for a process that dies in between.
 */
export async function sendOutbound(deps: PipelineDeps, messageId: string): Promise<void> {
  let next = await sendOne(deps, messageId, { first: true });
  for (let sent = 1; next; sent++) {
    // Past the budget, or when going on fails, the next message gets a job of its own (retried as usual).
    if (sent >= MESSAGES_PER_JOB) return enqueueSend(deps, next.id, 0, 0, `after-${next.after}`);
    const current: { id: string; after: string } = next;
    try {
      next = await sendOne(deps, current.id, { first: false });
    } catch (err) {
      deps.logger.warn({ messageId: current.id, err: (err as Error).message }, 'could not go on to the next message; it gets its own job');
      return enqueueSend(deps, current.id, 0, 0, `after-${current.after}`);
    }
  }
}

/** Sends one message; returns the conversation's next queued message to go on with, if any. */
async function sendOne(deps: PipelineDeps, messageId: string, options: { first: boolean }): Promise<{ id: string; after: string } | null> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const [claimed] = await claim(db, messageId, deps.hooks?.sendFacts);
  if (!claimed) {
    // Taken by another job, or (continuing a conversation) someone else's to send: nothing to do.
    if (!options.first) return null;
    const still = await statusOf(deps, messageId);
    const backoffLeft = still?.status === 'queued' ? (still.nextAttemptAt?.getTime() ?? 0) - Date.now() : 0;
    if (backoffLeft > 0) throw new RetryLaterError(backoffLeft, `outbound ${messageId} is in its retry backoff`);
    if (still?.status !== 'queued') return null;
    // It waits for an earlier message of its conversation, whose ending normally goes on to it. That
    // ending reads the next message from its statement's snapshot, which may predate this message's
    // commit: one look again a second later covers that window (no-op if it was sent meanwhile).
    throw new RetryLaterError(BLOCKED_RECHECK_MS, `outbound ${messageId} waits for an earlier message of its conversation`);
  }
  const row = claimed.message;
  const conversation = { clinicAddress: claimed.clinicAddress, patientAddress: claimed.patientAddress };
  const sender = deps.senders[row.channel as keyof PipelineDeps['senders']];
  if (!conversation.patientAddress || !sender) {
    return fail(deps, row, new Error(!sender ? `no sender configured for channel ${row.channel}` : 'conversation has no patient address'));
  }
  // The situation may have changed since the message was queued (a retry minutes later).
  let skip: string | null | undefined;
  try {
    skip =
      row.author === 'bot' && row.origin === 'turn' && claimed.mode === 'staff'
        ? 'a person took over the thread before this bot reply went out'
        : await deps.hooks?.beforeSend?.(row, (claimed.facts as Record<string, unknown> | null) ?? {});
  } catch (err) {
    // Nothing went out: back to queued, so the retry can claim it (not stuck `sending` till the deadline).
    await db.update(messages).set({ status: 'queued', nextAttemptAt: null }).where(and(eq(messages.id, row.id), eq(messages.status, 'sending')));
    throw err;
  }
  if (skip) return fail(deps, row, new Error(`not sent: ${skip}`), { skipped: true });
  let text: string;
  try {
    text = await readOutboundText(deps, row);
  } catch (err) {
    return fail(deps, row, new Error(`cannot decrypt protected reply: ${(err as Error).message}`));
  }
  const outbound: OutboundMessage = row.template
    ? { kind: 'template', to: conversation.patientAddress, template: row.template, fallbackText: text }
    : { kind: 'text', to: conversation.patientAddress, text };
  let result: Awaited<ReturnType<typeof sender.send>>;
  try {
    result = await sender.send(conversation.clinicAddress, outbound);
  } catch (err) {
    const permanent = (err instanceof ProviderError && err.permanent) || err instanceof AppError;
    if (permanent || row.attempts >= deps.settings.sendAttempts) return fail(deps, row, err as Error);
    const delay = backoffDelay(row.attempts, deps.settings.sendBackoffMs);
    await db
      .update(messages)
      .set({ status: 'queued', nextAttemptAt: new Date(Date.now() + delay), error: maskPii((err as Error).message).slice(0, 500) })
      .where(and(eq(messages.id, row.id), eq(messages.status, 'sending')));
    deps.metrics?.outbound(row.channel, 'retry');
    deps.logger.warn({ messageId: row.id, attempt: row.attempts, delay, err: maskPii((err as Error).message) }, 'send failed, will retry');
    await enqueueSend(deps, row.id, row.attempts, delay);
    // The messages behind it wait: its retry job goes on to them once it is through.
    return null;
  }
  // The provider has it: from here on a database error must never lead to sending it again.
  const record = (followUps: boolean) => untilDatabaseAnswers(deps, row.nextAttemptAt, () => recordSent(deps, row.id, result.providerMessageId, now, followUps));
  const [recorded] = await record(true).catch((err: unknown) => {
    // A hook's follow-up write failing must not undo the record (the sweep would send it again):
    // record the send alone; the hook's owner catches its own row up (the reminder reconciler).
    if (!deps.hooks?.onSentSql?.length || isConnectionError(err)) throw err;
    deps.logger.error({ messageId: row.id, err: maskPii((err as Error).message) }, 'a follow-up write of a send failed; recording the send alone');
    return record(false);
  });
  deps.metrics?.outbound(row.channel, 'sent');
  deps.bus.publish({ type: 'message_status', clinicId: row.clinicId, conversationId: row.conversationId, messageId: row.id, status: 'sent' });
  return recorded?.next_id ? { id: recorded.next_id, after: row.id } : null;
}

/** A message's status and retry time, read by id. */
async function statusOf(deps: PipelineDeps, messageId: string): Promise<{ status: string; nextAttemptAt: Date | null } | undefined> {
  const db = deps.database.db;
  const [row] = await onceFor(statusStatements, db, () => prepareStatus(db)).execute({ id: messageId });
  return row;
}
const statusStatements = new WeakMap<Db, ReturnType<typeof prepareStatus>>();
const prepareStatus = (db: Db) => db.select({ status: messages.status, nextAttemptAt: messages.nextAttemptAt }).from(messages).where(eq(messages.id, sql.placeholder('id'))).prepare('send_status');

/**
 * `sending → sent`, the hooks' follow-up writes (a reminder's row) and the conversation's next
 * queued message, in one statement. The next message is read from the statement's snapshot, which
 * may predate a reply committed meanwhile: that reply's own job looks again (BLOCKED_RECHECK_MS).
 */
function recordSent(deps: PipelineDeps, id: string, providerMessageId: string, now: Date, followUps = true): Promise<{ next_id: string | null }[]> {
  const follow = (followUps && deps.hooks?.onSentSql) || NO_FOLLOW_UPS;
  const statement = builtFor(recordSentStatements, deps.database, follow, () => {
    const ctes = follow.map((s, i) => sql`, ${sql.raw(`on_sent_${i}`)} as (${s})`);
    return deps.database.statement<{ next_id: string | null }>(
      sql`with sent as (
            update messages set status = 'sent', provider_message_id = ${sql.placeholder('providerMessageId')}, sent_at = ${sql.placeholder('now')}::timestamptz,
              error = null, next_attempt_at = null
            where id = ${sql.placeholder('id')}::uuid and status = 'sending'
            returning id, conversation_id, seq, reminder_id, provider_message_id, sent_at
          )${sql.join(ctes)}
          select (select n.id from messages n where n.conversation_id = sent.conversation_id and n.direction = 'out'
                    and n.status = 'queued' and n.seq > sent.seq order by n.seq limit 1) as next_id
          from sent`,
    );
  });
  return statement({ id, providerMessageId, now: now.toISOString() });
}

/** A statement built once per database and per set of hook SQL (building costs more than running). */
function builtFor<D extends object, K extends object, S>(cache: WeakMap<D, WeakMap<K, S>>, database: D, hookSql: K, build: () => S): S {
  return onceFor(onceFor(cache, database, () => new WeakMap<K, S>()), hookSql, build);
}

const NO_FOLLOW_UPS: SQL[] = [];
const recordSentStatements = new WeakMap<Database, WeakMap<SQL[], (values: Record<string, unknown>) => Promise<{ next_id: string | null }[]>>>();

/**
 * The guarded `queued → sending` claim, with what sending needs. Replies reach the patient in the
 * order they were written: a message waits while an earlier outbound message of its conversation
 * is still queued or being sent, and a message in its retry backoff waits it out, whichever job for
 * it comes first. While sending, nextAttemptAt is a deadline: still `sending` after it means the
 * process died mid-call.
 */
function claim(db: Db, messageId: string, facts: Record<string, SQL> | undefined) {
  const statement = builtFor(claimStatements, db, facts ?? NO_FACTS, () => buildClaim(db, facts).prepare('send_claim'));
  return statement.execute({ id: messageId, deadline: new Date(Date.now() + SENDING_DEADLINE_MS).toISOString(), now: new Date().toISOString() });
}

const NO_FACTS: Record<string, SQL> = {};
const claimStatements = new WeakMap<Db, WeakMap<object, ReturnType<ReturnType<typeof buildClaim>['prepare']>>>();

function buildClaim(db: Db, facts: Record<string, SQL> | undefined) {
  const entries = Object.entries(facts ?? {});
  return db
    .update(messages)
    .set({ status: 'sending', attempts: sql`${messages.attempts} + 1`, nextAttemptAt: sql`${sql.placeholder('deadline')}::timestamptz` })
    .from(conversations)
    .where(
      and(
        // Only outbound messages are ever `queued`; naming the direction here would let the planner
        // scan the open-outbound index instead of the primary key (see the schema's note).
        eq(messages.id, sql.placeholder('id')),
        eq(messages.status, 'queued'),
        or(isNull(messages.nextAttemptAt), lte(messages.nextAttemptAt, sql`${sql.placeholder('now')}::timestamptz`)),
        eq(conversations.id, messages.conversationId),
        sql`not exists (select 1 from messages e where e.conversation_id = ${messages.conversationId} and e.direction = 'out'
          and e.seq < ${messages.seq} and e.status in ('queued', 'sending'))`,
      ),
    )
    .returning({
      message: messages,
      clinicAddress: conversations.clinicAddress,
      patientAddress: conversations.patientAddress,
      mode: conversations.mode,
      facts: entries.length ? sql<unknown>`json_build_object(${sql.join(entries.map(([k, v]) => sql`${k}::text, ${v}`), sql`, `)})` : sql<null>`null`,
    });
}

/** How long recording a completed send keeps trying through a database outage (a restart, a failover). */
const RECORD_SENT_PATIENCE_MS = 60_000;
/** Stop retrying this long before the row's `sending` deadline, when the recovery sweep would requeue it. */
const DEADLINE_MARGIN_MS = 15_000;

/**
 * Runs a write that records something already done outside (the provider accepted the message),
 * retrying while the database is unreachable: giving up would leave the row `sending`, blocking the
 * conversation's next replies until the recovery sweep — which would then send it a second time.
 * Only connection-type errors are retried, and never past the row's `sending` deadline.
 */
async function untilDatabaseAnswers<T>(deps: Pick<PipelineDeps, 'logger'>, sendingDeadline: Date | null, write: () => Promise<T>): Promise<T> {
  const giveUpAt = Math.min(Date.now() + RECORD_SENT_PATIENCE_MS, (sendingDeadline?.getTime() ?? Infinity) - DEADLINE_MARGIN_MS);
  for (let wait = 100; ; wait = Math.min(wait * 2, 2_000)) {
    try {
      return await write();
    } catch (err) {
      if (!isConnectionError(err) || Date.now() + wait > giveUpAt) throw err;
      deps.logger.warn({ err: (err as Error).message, retryInMs: wait }, 'could not record a completed send yet; retrying');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** The database could not be reached (no SQLSTATE, a connection exception, or a server shutting down). */
function isConnectionError(err: unknown): boolean {
  const code = pgErrorCode(err);
  return code === undefined || code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/**
 * The text an outbound message carries to the patient: its body, or — for a reply on a sensitive
 * turn, stored encrypted — the decrypted original. Only the sender (and tests) need it in clear.
 */
export async function readOutboundText(deps: Pick<PipelineDeps, 'database' | 'crypto'>, row: MessageRow): Promise<string> {
  if (!row.bodyEnc) return row.body ?? '';
  if (!deps.crypto) throw new Error('no encryption key configured');
  const index = Math.max(0, (await positionInTurn(deps, row)) ?? 0);
  return deps.crypto.decrypt(row.bodyEnc, replyAad(row.replyToId ?? '', index));
}

/** Position of an outbound message among the replies to the same inbound message (the AAD index). */
async function positionInTurn(deps: Pick<PipelineDeps, 'database'>, row: MessageRow): Promise<number | undefined> {
  if (!row.replyToId) return 0;
  const siblings = await deps.database.db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.replyToId, row.replyToId), eq(messages.direction, 'out'), eq(messages.origin, 'turn')))
    .orderBy(asc(messages.seq));
  return siblings.findIndex((s) => s.id === row.id);
}

/** A provider call never takes this long (timeouts are ~10 s); past it, a `sending` row is stuck. */
export const SENDING_DEADLINE_MS = 120_000;

async function fail(deps: PipelineDeps, row: MessageRow, err: Error, options: { skipped?: boolean } = {}): Promise<{ id: string; after: string } | null> {
  const [failed] = await deps.database.db
    .update(messages)
    .set({ status: 'failed', error: maskPii(err.message).slice(0, 500) })
    .where(and(eq(messages.id, row.id), eq(messages.status, 'sending')))
    .returning();
  deps.metrics?.outbound(row.channel, 'failed');
  deps.logger.warn({ messageId: row.id, attempts: row.attempts, err: maskPii(err.message) }, 'send failed for good');
  deps.bus.publish({ type: 'message_status', clinicId: row.clinicId, conversationId: row.conversationId, messageId: row.id, status: 'failed' });
  // A message skipped on purpose is not a delivery failure: no fallback channel for it.
  if (failed && !options.skipped) {
    try {
      await deps.hooks?.onFailed?.(failed, err);
    } catch (hookErr) {
      // The conversation's next replies must not wait for the sweep because a fallback failed.
      deps.logger.error({ messageId: row.id, err: maskPii((hookErr as Error).message) }, 'the fallback after a failed send failed');
    }
  }
  return nextAfter(deps, row);
}

/**
 * The message queued behind a failed one, to go on with. When this read fails the waiting message
 * is not lost: the recovery sweep enqueues it.
 */
async function nextAfter(deps: PipelineDeps, row: MessageRow): Promise<{ id: string; after: string } | null> {
  try {
    const [next] = await deps.database.db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.conversationId, row.conversationId), eq(messages.direction, 'out'), eq(messages.status, 'queued'), gt(messages.seq, row.seq)))
      .orderBy(asc(messages.seq))
      .limit(1);
    return next ? { id: next.id, after: row.id } : null;
  } catch (err) {
    deps.logger.warn({ messageId: row.id, err: (err as Error).message }, 'could not read the next message of the conversation; the recovery sweep will send it');
    return null;
  }
}
