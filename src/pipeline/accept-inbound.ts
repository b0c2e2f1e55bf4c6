import { and, eq, sql } from 'drizzle-orm';
import { type Database, type Executor, onceFor } from '../db/open-database';
import { conversations } from '../db/schema';
import type { InboundMessage } from '../channels/types';
import type { PipelineDeps } from './pipeline-deps';
import { enqueueTurn } from './enqueue';

export type AcceptResult =
  | { status: 'accepted'; messageId: string; conversationId: string; clinicId: string }
  | { status: 'duplicate' }
  | { status: 'unknown_clinic' };

/** The conversation of a patient on a channel, created on first contact (race-safe). */
export async function findOrCreateConversation(
  db: Executor,
  input: { clinicId: string; patientId: string; channel: string; clinicAddress: string; patientAddress: string; now: Date },
) {
  const where = and(eq(conversations.clinicId, input.clinicId), eq(conversations.channel, input.channel), eq(conversations.patientAddress, input.patientAddress));
  const [found] = await db.select().from(conversations).where(where);
  if (found) return found;
  const [created] = await db
    .insert(conversations)
    .values({ ...input, createdAt: input.now, updatedAt: input.now })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  const [raced] = await db.select().from(conversations).where(where);
  return raced!;
}

/**
 * The message stored in one round trip: inserted (deduplicated on the provider's id) into the
 * patient's conversation, which is touched; on first contact the patient and the conversation are
 * created in the same statement. Null when a concurrent first contact from the same number made
 * them meanwhile (this statement's inserts then met their conflicts): the caller runs it again.
 */
async function acceptInOneStatement(deps: PipelineDeps, clinicId: string, msg: InboundMessage, now: Date): Promise<{ messageId: string; conversationId: string } | 'duplicate' | null> {
  const rows = await onceFor(acceptStatements, deps.database, () => buildAccept(deps.database))({
    clinicId,
    channel: msg.channel,
    from: msg.from,
    to: msg.to,
    profileName: msg.profileName ?? null,
    providerMessageId: msg.providerMessageId,
    kind: msg.kind,
    text: msg.text,
    mediaType: msg.media?.type ?? null,
    sentAt: msg.sentAt.toISOString(),
    now: now.toISOString(),
  });
  const row = rows[0];
  if (!row?.conversation_id) return null;
  return row.id ? { messageId: row.id, conversationId: row.conversation_id } : 'duplicate';
}

const acceptStatements = new WeakMap<Database, ReturnType<typeof buildAccept>>();
/** Each retry follows another first contact's commit, so a few always suffice. */
const MAX_ACCEPT_ATTEMPTS = 5;

/**
 * The accept, built once per database (placeholders, prepared). A first contact used to be a
 * transaction of seven round trips holding a pooled connection throughout; a burst of new patients
 * (a campaign) then queued every webhook behind the pool.
 */
function buildAccept(database: Database) {
  const p = (name: string) => sql.placeholder(name);
  const now = sql`${p('now')}::timestamptz`;
  return database.statement<{ conversation_id: string | null; id: string | null }>(sql`
    with found as (
      select id from conversations where clinic_id = ${p('clinicId')} and channel = ${p('channel')} and patient_address = ${p('from')}
    ), known_patient as (
      select id from patients where clinic_id = ${p('clinicId')} and phone = ${p('from')} and not exists (select 1 from found)
    ), new_patient as (
      insert into patients (clinic_id, phone, name, created_at, updated_at)
      select ${p('clinicId')}, ${p('from')}, ${p('profileName')}::text, ${now}, ${now}
      where not exists (select 1 from found) and not exists (select 1 from known_patient)
      on conflict do nothing
      returning id
    ), created as (
      insert into conversations (clinic_id, patient_id, channel, clinic_address, patient_address, last_inbound_at, last_message_at, created_at, updated_at)
      select ${p('clinicId')}, pt.id, ${p('channel')}, ${p('to')}, ${p('from')}, ${p('sentAt')}::timestamptz, ${now}, ${now}, ${now}
        from (select id from known_patient union all select id from new_patient) pt
       where not exists (select 1 from found)
      on conflict do nothing
      returning id
    ), c as (
      select id from found union all select id from created
    ), m as (
      insert into messages (clinic_id, conversation_id, direction, author, channel, provider_message_id, kind, body, media_type, status, sent_at, received_at)
      select ${p('clinicId')}, c.id, 'in', 'patient', ${p('channel')}, ${p('providerMessageId')}, ${p('kind')}, ${p('text')},
             ${p('mediaType')}, 'pending', ${p('sentAt')}::timestamptz, ${now}
        from c
      on conflict do nothing
      returning id, conversation_id
    ), touched as (
      -- A conversation created above already carries these; the update only sees rows from before.
      update conversations set last_inbound_at = greatest(last_inbound_at, ${p('sentAt')}::timestamptz), last_message_at = ${now}, clinic_address = ${p('to')}
      where id in (select conversation_id from m) and id in (select id from found)
    )
    select (select id from c) as conversation_id, (select id from m) as id`);
}

/**
 * Step one of the pipeline: persist the message before anything else, deduplicated on the
 * provider's id, then schedule its turn. Returns fast so the webhook can acknowledge the provider;
 * if the job queue is unreachable the message still waits in Postgres for the recovery sweep.
 */
/**
 * Text Postgres can store: NUL is refused by text columns (the insert would fail and the provider
 * would redeliver forever), and lone surrogates are not valid UTF-8. Other control characters are
 * kept as the patient sent them.
 */
export function storableText(text: string): string {
  return text.replace(/\u0000/g, '').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export async function acceptInbound(deps: PipelineDeps, raw: InboundMessage): Promise<AcceptResult> {
  const msg: InboundMessage = { ...raw, text: storableText(raw.text), profileName: raw.profileName === undefined ? undefined : storableText(raw.profileName) };
  const clinicId = await deps.clinics.resolve(msg.channel, msg.to);
  if (!clinicId) {
    deps.logger.warn({ channel: msg.channel, clinicAddress: msg.to }, 'inbound message for an unknown clinic address, dropped');
    return { status: 'unknown_clinic' };
  }
  const now = deps.clock.now();
  // Null means a concurrent first contact from this number created the patient or the conversation
  // while this statement waited on it; run again, it finds them (each statement sees what committed).
  let result: Awaited<ReturnType<typeof acceptInOneStatement>> = null;
  for (let attempt = 1; !result; attempt++) {
    if (attempt > MAX_ACCEPT_ATTEMPTS) throw new Error(`inbound ${msg.providerMessageId}: its conversation kept being created concurrently`);
    result = await acceptInOneStatement(deps, clinicId, msg, now);
  }
  if (result === 'duplicate') return { status: 'duplicate' };
  deps.metrics?.inbound(msg.channel);
  deps.bus.publish({ type: 'message', clinicId, conversationId: result.conversationId, messageId: result.messageId, direction: 'in' });
  // The message is safe in Postgres: the provider is answered without waiting for the queue (with
  // Redis, a round trip that queued behind everything else). An enqueue that fails is logged and the
  // recovery sweep schedules the turn.
  void enqueueTurn(deps, result.conversationId, result.messageId);
  return { status: 'accepted', clinicId, ...result };
}
