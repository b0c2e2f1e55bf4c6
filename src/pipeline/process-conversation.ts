import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, lt, or, sql, type SQLWrapper } from 'drizzle-orm';
import { conversations, messages, patients } from '../db/schema';
import { type Db, onceFor } from '../db/open-database';
import { RetryLaterError } from '../jobs/job-queue';
import { raiseEscalation } from '../staff/raise-escalation';
import { commitTurn, type PendingTurn, recentInboundOf, replyAad } from './commit-turn';
import { enqueueSend, enqueueTurn } from './enqueue';
import type { PipelineDeps } from './pipeline-deps';
import type { ConversationRow, MessageRow, TurnResult } from './turn-handler';
import type { Patient } from '../patients/find-or-create-patient';
import { isValidCpf } from '../lib/redact-pii';

/**
 * The turn job: takes the conversation's lease (one worker at a time per patient), then answers
 * its pending inbound messages one by one in arrival order. Each turn commits in one statement the
 * new state, the replies to send and the message marked processed — so a crash at any point leaves
 * either nothing or everything, and a message is answered exactly once.
 */
export async function processConversation(deps: PipelineDeps, conversationId: string): Promise<void> {
  const owner = `${deps.settings.workerId}:${randomUUID().slice(0, 8)}`;
  const first = await claimWithFirstPending(deps, conversationId, owner);
  if (!first) throw new RetryLaterError(150 + Math.floor(Math.random() * 150), `conversation ${conversationId} is leased`);
  let claimedAt = Date.now();
  // Nothing pending: the claim took no lease (or, read again, one to release below).
  let released = !first.leased;
  let morePending = false;
  try {
    let next: Pending | null = first.pending;
    while (next) {
      const done = await processOne(deps, next, owner);
      released = done.released;
      if (released) break;
      // Renew only when a third of the lease has gone by (long LLM turns); saves a query per turn.
      if (Date.now() - claimedAt > deps.settings.leaseMs / 3) {
        if (!(await renewLease(deps, conversationId, owner))) throw new RetryLaterError(200, `lost the lease of ${conversationId}`);
        claimedAt = Date.now();
      }
      // The commit kept the lease because another message was pending, and read it in the same statement.
      next = done.next ?? (await nextPending(deps, conversationId));
    }
  } finally {
    if (!released) {
      const rows = await deps.database
        .rows<{ more: boolean }>(
          sql`update conversations set lease_owner = null, lease_until = null where id = ${conversationId}::uuid and lease_owner = ${owner}
              returning exists (select 1 from messages where conversation_id = ${conversationId}::uuid and direction = 'in' and status = 'pending') as more`,
        )
        .catch(() => []);
      morePending = rows[0]?.more ?? false;
    }
  }
  // A message that arrived while we released the lease gets its own job.
  if (morePending) await enqueueTurn(deps, conversationId, `again-${Date.now()}`);
}

type Pending = PendingTurn;

/** No live lease on the conversation, or it is this worker's own (values, or placeholders for statements prepared once). */
const leaseFree = (owner: string | SQLWrapper, now: Date | SQLWrapper) =>
  or(isNull(conversations.leaseUntil), lt(conversations.leaseUntil, now), eq(conversations.leaseOwner, owner));

const leaseFreeAt = leaseFree(sql.placeholder('owner'), sql`${sql.placeholder('now')}::timestamptz`);

/** Extends this worker's lease; false when another worker holds the conversation now. */
async function renewLease(deps: PipelineDeps, conversationId: string, owner: string): Promise<boolean> {
  const [row] = await deps.database.db
    .update(conversations)
    .set({ leaseOwner: owner, leaseUntil: new Date(Date.now() + deps.settings.leaseMs) })
    .where(and(eq(conversations.id, conversationId), leaseFree(owner, new Date())))
    .returning({ id: conversations.id });
  return row != null;
}

/** Inbound messages of the conversation in the minute up to this one (the per-sender rate limit). */
const recentInbound = sql<number>`${recentInboundOf('"messages"')}`;

// Literals, not parameters: only then can a cached generic plan use the partial indexes (their
// predicates must be provable from the statement), and Postgres stops re-planning on every call.
export const isPendingInbound = sql`${messages.direction} = 'in' and ${messages.status} = 'pending'`;
/** The conversation's pending inbound messages (placeholder `conversationId`), for an exists check. */
const pendingOf = sql`messages p where p.conversation_id = ${sql.placeholder('conversationId')}::uuid and p.direction = 'in' and p.status = 'pending'`;

/**
 * Takes the conversation's lease and reads its oldest pending message in one statement. Null when
 * another worker holds the lease; `pending` null when there was nothing left to answer (`leased`
 * says whether the lease was taken all the same and must be released).
 */
async function claimWithFirstPending(deps: PipelineDeps, conversationId: string, owner: string): Promise<{ pending: Pending | null; leased: boolean } | null> {
  const now = Date.now();
  const [row] = await pendingStatements(deps.database.db).claim.execute({
    conversationId,
    owner,
    now: new Date(now).toISOString(),
    until: new Date(now + deps.settings.leaseMs).toISOString(),
  });
  if (!row) return { pending: null, leased: false };
  if (!row.claimedId) return null;
  if (row.claimedRevision !== row.conversation.revision) {
    // The lease update waited for another worker's turn commit (the row lock) and took the lease it
    // released, but this statement's snapshot predates that commit: what it read as pending may be
    // answered already, and answering it again would repeat the turn's side effects. Read again.
    return { pending: await nextPending(deps, conversationId), leased: true };
  }
  const { message, conversation, patient, recent } = row;
  return { pending: { message, conversation, patient, recent }, leased: true };
}

/** The oldest pending inbound message with its conversation, patient and recent-message count: one query. */
async function nextPending(deps: PipelineDeps, conversationId: string): Promise<Pending | null> {
  const [row] = await pendingStatements(deps.database.db).next.execute({ conversationId });
  return row ?? null;
}

/** The turn loop's two reads, built and prepared once per database (building costs more than running). */
const pendingStatements = (db: Db) => onceFor(pendingStatementCache, db, () => buildPendingStatements(db));
const pendingStatementCache = new WeakMap<Db, ReturnType<typeof buildPendingStatements>>();

function buildPendingStatements(db: Db) {
  const claimed = db.$with('claimed').as(
    db
      .update(conversations)
      .set({ leaseOwner: sql`${sql.placeholder('owner')}`, leaseUntil: sql`${sql.placeholder('until')}::timestamptz` })
      .where(and(eq(conversations.id, sql.placeholder('conversationId')), leaseFreeAt, sql`exists (select 1 from ${pendingOf})`))
      .returning({ claimedId: conversations.id, claimedRevision: conversations.revision }),
  );
  // Every row of this select is a pending message; `claimedId` says whether the lease was taken.
  const claim = db
    .with(claimed)
    .select({ claimedId: claimed.claimedId, claimedRevision: claimed.claimedRevision, message: messages, conversation: conversations, patient: patients, recent: recentInbound })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(patients, eq(patients.id, conversations.patientId))
    .leftJoin(claimed, eq(claimed.claimedId, messages.conversationId))
    .where(and(eq(messages.conversationId, sql.placeholder('conversationId')), isPendingInbound))
    .orderBy(asc(messages.seq))
    .limit(1)
    .prepare('turn_claim');
  const next = db
    .select({ message: messages, conversation: conversations, patient: patients, recent: recentInbound })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(patients, eq(patients.id, conversations.patientId))
    .where(and(eq(messages.conversationId, sql.placeholder('conversationId')), isPendingInbound))
    .orderBy(asc(messages.seq))
    .limit(1)
    .prepare('turn_next');
  return { claim, next };
}

/** A message whose turn failed this many times is answered with an apology and handed to staff. */
export const MAX_TURN_ATTEMPTS = 5;

/** What answering one message left: whether its commit released the lease, else the next pending message. */
interface TurnDone {
  released: boolean;
  next: Pending | null;
}

/** Answers one message. */
async function processOne(deps: PipelineDeps, pending: Pending, owner: string): Promise<TurnDone> {
  // While the turn runs (an LLM can take tens of seconds) the lease is renewed, so no other worker
  // takes the conversation and reruns the turn; a failed turn is counted, so it cannot loop forever.
  const heartbeat = setInterval(() => {
    void deps.database.db
      .update(conversations)
      .set({ leaseUntil: new Date(Date.now() + deps.settings.leaseMs) })
      .where(and(eq(conversations.id, pending.conversation.id), eq(conversations.leaseOwner, owner)))
      .catch(() => {});
  }, Math.max(250, Math.floor(deps.settings.leaseMs / 3)));
  try {
    return await runTurn(deps, pending, owner);
  } catch (err) {
    await deps.database.db
      .update(messages)
      .set({ attempts: sql`${messages.attempts} + 1` })
      .where(eq(messages.id, pending.message.id))
      .catch(() => {});
    throw err;
  } finally {
    clearInterval(heartbeat);
  }
}

async function runTurn(deps: PipelineDeps, pending: Pending, owner: string): Promise<TurnDone> {
  const { message, conversation, patient } = pending;
  const conversationId = conversation.id;
  const started = Date.now();
  const flows = deps.flows.require(conversation.clinicId);
  const now = deps.clock.now();
  let result: TurnResult;
  let escalate = false;

  if (conversation.mode !== 'bot') {
    // Staff holds (or is about to take) the thread: store, show in the inbox, stay silent — no notice either.
    result = { replies: [], state: conversation.state, engine: 'staff_hold' };
  } else if (message.attempts >= MAX_TURN_ATTEMPTS) {
    deps.logger.error({ conversationId, messageId: message.id, attempts: message.attempts }, 'turn failed repeatedly; apologising and handing off');
    result = { replies: [{ text: flows.get('messages.yaml').error }], state: conversation.state, mode: 'waiting_staff', engine: 'error' };
    escalate = true;
  } else if (pending.recent > deps.settings.rateLimitPerMinute) {
    // One polite notice when the limit is crossed, then silence for the rest of the minute.
    const firstOver = pending.recent === deps.settings.rateLimitPerMinute + 1;
    result = { replies: firstOver ? [{ text: flows.get('messages.yaml').rate_limited }] : [], state: conversation.state, engine: 'rate_limited' };
  } else if (message.kind === 'media' && !(message.body ?? '').trim()) {
    result = { replies: [{ text: flows.get('messages.yaml').media_not_supported }], state: conversation.state, engine: 'pipeline' };
  } else {
    try {
      const clinic = await deps.clinics.describe(conversation.clinicId);
      result = await deps.handler({
        db: deps.database.db,
        database: deps.database,
        clinic: clinic!,
        flows,
        conversation,
        patient,
        message,
        messageTime: message.sentAt ?? message.receivedAt,
        now,
        log: deps.logger.child({ conversationId, messageId: message.id }),
      });
    } catch (err) {
      if (await databaseDown(deps)) throw err; // transient: the job retries, the message stays pending
      deps.logger.error({ err, conversationId, messageId: message.id }, 'turn handler failed; apologising and handing off');
      deps.metrics?.error('turn');
      result = { replies: [{ text: flows.get('messages.yaml').error }], state: conversation.state, mode: 'waiting_staff', engine: 'error' };
      escalate = true;
    }
  }

  const protectedBody = protectBody(deps, message, result);
  const committed = await commitTurn(deps.database, {
    protectedBody,
    protectedReplies: protectedBody && deps.crypto ? result.replies.map((r, i) => deps.crypto!.encrypt('template' in r ? r.fallbackText : r.text, replyAad(message.id, i))) : undefined,
    clinicId: conversation.clinicId,
    conversationId,
    channel: conversation.channel,
    inboundMessageId: message.id,
    leaseOwner: owner,
    releaseIfDone: true,
    result,
    mode: result.mode ?? null,
    flowVersion: flows.version(),
    latencyMs: Date.now() - started,
    now,
  });
  if (!committed) throw new RetryLaterError(200, 'lease lost before commit');
  deps.metrics?.turn(result.engine, Date.now() - started);
  if (escalate) {
    await raiseEscalation(deps, {
      clinicId: conversation.clinicId,
      conversationId,
      patientId: conversation.patientId,
      reason: 'engine_failure',
      detail: 'o robô falhou ao responder',
      dedupeKey: `engine_failure:${message.id}`,
    }).catch((err) => deps.logger.error({ err }, 'could not raise escalation'));
  }
  if (result.mode && result.mode !== conversation.mode) {
    deps.bus.publish({ type: 'conversation', clinicId: conversation.clinicId, conversationId, mode: result.mode });
  }
  for (const id of committed.outboundIds) deps.bus.publish({ type: 'message', clinicId: conversation.clinicId, conversationId, messageId: id, direction: 'out' });
  // The first reply's send job goes on to the ones after it, in order (sendOutbound). Behind an
  // earlier message still going out, that one's ending goes on to them: no job now (it would only
  // find them blocked), just the watch's look a second later for the race it can miss.
  const first = committed.outboundIds[0];
  if (first && committed.behindEarlier && deps.blockedReplies) deps.blockedReplies.note();
  else if (first) await enqueueSend(deps, first, 0);
  return { released: committed.released, next: committed.next };
}

export const PROTECTED_PLACEHOLDER = '🔒 dado de saúde ou documento (protegido)';

/**
 * Sensitive inbound text (the handler says so, or it holds a valid CPF) is stored encrypted, bound
 * to the message id; the history keeps a placeholder. Without an encryptor nothing changes.
 */
function protectBody(deps: PipelineDeps, message: MessageRow, result: TurnResult): { enc: string; placeholder: string } | undefined {
  const body = message.body ?? '';
  if (!deps.crypto || !body) return undefined;
  const hasCpf = [...body.matchAll(/\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b/g)].some((m) => isValidCpf(m[0].replace(/\D/g, '')));
  if (!result.sensitive && !hasCpf) return undefined;
  return { enc: deps.crypto.encrypt(body, `message:${message.id}`), placeholder: PROTECTED_PLACEHOLDER };
}

async function databaseDown(deps: PipelineDeps): Promise<boolean> {
  try {
    await deps.database.ping();
    return false;
  } catch {
    return true;
  }
}
