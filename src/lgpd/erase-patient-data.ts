import { and, desc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import type { Tx } from '../db/open-database';
import { appointmentEvents, appointments, consents, conversations, dataRequests, escalations, messages, patients, reminders, screenings } from '../db/schema';
import { recordAppointmentEvent } from '../booking/record-appointment-event';
import { recordConsent } from '../consent/record-consent';
import { cancelPatientReminders } from '../reminders/cancel-reminders';
import { actorRef, requirePermission, staffIdOf, type Actor } from '../staff/actor';
import { withConversationLease } from '../staff/conversation-lease';
import { patientInClinic } from '../staff/load-scoped';
import { recordAudit } from '../staff/record-audit';
import type { LgpdDeps } from './lgpd-deps';

/** Cancel reason of the appointments an erasure cancels (a code, so statistics can tell them apart). */
export const ERASURE_REASON = 'lgpd_erasure';
/** What replaces free text a team member typed about the patient (a cancel reason). */
export const ERASED_TEXT = '[apagado — LGPD]';
/** Consent purposes withdrawn on erasure. */
export const ERASURE_PURPOSES = ['health_data', 'reminders'] as const;

export interface ErasureReport {
  patientId: string;
  /** The patient had been erased before (this run only re-checked and finished the job). */
  alreadyErased: boolean;
  erasedAt: Date;
  conversations: number;
  /** Message rows emptied (body, encrypted body, template parameters, provider ids). */
  messages: number;
  screenings: number;
  appointmentsCancelled: number;
  /** Appointments kept, anonymised through the patient row, for the clinic's statistics. */
  appointmentsKept: number;
  remindersCancelled: number;
  consentsRecorded: number;
  dataRequestsClosed: number;
  escalationsResolved: number;
}

/**
 * The right to erasure (LGPD art. 18, IV and VI), in one transaction: the patient's identifiers
 * (phone, name, CPF, e-mail, birth date, sex) are nulled and the row marked erased and opted out;
 * conversations lose the address and state; every message keeps its row, direction, status and
 * times but loses its text, encrypted text, template parameters and provider ids; screenings keep
 * the outcome and lose the answers; future appointments are cancelled (reason `lgpd_erasure`) and
 * pending reminders closed, past ones are kept — anonymised through the patient row — so no-show
 * rates and the risk model keep their history; consent withdrawal is recorded for every purpose;
 * the patient's open data requests are closed; the audit log says who did it.
 *
 * Owners only, within their clinic (another clinic's patient is NOT_FOUND). Idempotent: running it
 * again changes nothing that is already erased. Each conversation's turn lease is taken first, so
 * a bot turn in flight finishes before and cannot write the patient's data back after.
 */
export async function erasePatientData(deps: LgpdDeps, actor: Actor, patientId: string, options: { leaseWaitMs?: number } = {}): Promise<ErasureReport> {
  requirePermission(actor, 'manage_data_rights');
  const db = deps.database.db;
  const patient = await patientInClinic(db, actor.clinicId, patientId);
  const convIds = (
    await db
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.patientId, patient.id), eq(conversations.clinicId, actor.clinicId)))
  ).map((c) => c.id);

  const run = () => db.transaction((tx) => eraseInTransaction(tx, deps, actor, patient.id, convIds));
  // One lease after the other (a patient has one conversation per channel: few). Unlike a claim,
  // erasure never goes ahead without them: a turn still running could write the data back. The
  // wait outlasts a turn's lease, so only a conversation busy throughout refuses (CONFLICT).
  const withLeases = convIds.reduceRight<() => Promise<Outcome>>(
    (inner, id) => () => withConversationLease(db, id, inner, { logger: deps.logger, waitMs: options.leaseWaitMs ?? ERASURE_LEASE_WAIT_MS, required: true }),
    run,
  );
  const outcome = await withLeases();

  for (const a of outcome.cancelled) deps.bus?.publish({ type: 'appointment', clinicId: actor.clinicId, appointmentId: a, status: 'cancelled' });
  for (const e of outcome.resolved) deps.bus?.publish({ type: 'escalation', clinicId: actor.clinicId, escalationId: e.id, conversationId: e.conversationId, status: 'resolved' });
  for (const c of convIds) deps.bus?.publish({ type: 'conversation', clinicId: actor.clinicId, conversationId: c, mode: 'bot' });
  return outcome.report;
}

/** How long erasure waits for a conversation's bot turn to finish (a turn lease is 30 s by default). */
const ERASURE_LEASE_WAIT_MS = 45_000;

interface Outcome {
  report: ErasureReport;
  cancelled: string[];
  resolved: { id: string; conversationId: string | null }[];
}

async function eraseInTransaction(tx: Tx, deps: LgpdDeps, actor: Actor, patientId: string, leasedConvIds: string[]): Promise<Outcome> {
  const now = deps.clock.now();
  const clinicId = actor.clinicId;
  const by = actorRef(actor);
  const [locked] = await tx.select().from(patients).where(eq(patients.id, patientId)).for('update');
  if (!locked) throw new Error(`patient ${patientId} vanished`);
  // A conversation opened since the list was read (a reminder, a new channel) is erased too.
  const current = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.patientId, patientId), eq(conversations.clinicId, clinicId)))
    .for('update');
  const convIds = [...new Set([...leasedConvIds, ...current.map((c) => c.id)])];
  const alreadyErased = locked.erasedAt != null;
  const erasedAt = locked.erasedAt ?? now;

  // Messages: rows stay (volumes, response times, delivery rates); what was said goes.
  let messageCount = 0;
  if (convIds.length) {
    const emptied = await tx
      .update(messages)
      .set({
        body: null,
        bodyEnc: null,
        error: null,
        providerMessageId: null,
        template: sql`case when ${messages.template} is null then null else jsonb_set(${messages.template}, '{params}', '[]'::jsonb) end`,
        // Nothing of this patient's is processed or sent any more.
        status: sql`case when ${messages.direction} = 'in' and ${messages.status} in ('pending', 'processing') then 'ignored'
                         when ${messages.direction} = 'out' and ${messages.status} = 'queued' then 'failed'
                         else ${messages.status} end`,
        nextAttemptAt: null,
      })
      .where(inArray(messages.conversationId, convIds))
      .returning({ id: messages.id });
    messageCount = emptied.length;
    await tx
      .update(conversations)
      .set({ patientAddress: null, state: {}, mode: 'bot', assignedStaffId: null, updatedAt: now })
      .where(inArray(conversations.id, convIds));
  }

  const screened = await tx
    .update(screenings)
    .set({ answersEnc: null })
    .where(and(eq(screenings.patientId, patientId), isNotNull(screenings.answersEnc)))
    .returning({ id: screenings.id });

  // Appointments: what lies ahead is cancelled (nobody is left to come); the past is history.
  const live = await tx
    .select()
    .from(appointments)
    .where(and(eq(appointments.patientId, patientId), inArray(appointments.status, ['held', 'booked', 'confirmed'])))
    .for('update');
  const cancelled: string[] = [];
  for (const a of live) {
    if (a.status !== 'held' && a.startsAt.getTime() <= now.getTime()) continue;
    await tx.update(appointments).set({ status: 'cancelled', cancelReason: ERASURE_REASON, updatedAt: now }).where(eq(appointments.id, a.id));
    await recordAppointmentEvent(tx, { clinicId, appointmentId: a.id, type: 'cancelled', fromStatus: a.status, toStatus: 'cancelled', actor: by, reason: ERASURE_REASON, at: now });
    cancelled.push(a.id);
  }
  const patientAppointments = sql`(select ${appointments.id} from ${appointments} where ${appointments.patientId} = ${patientId})`;
  // Free text the team typed about the patient (a cancel reason) may name them: replaced.
  const typedByPeople = sql`${appointmentEvents.actor} like 'staff:%' or ${appointmentEvents.actor} like 'api:%'`;
  await tx
    .update(appointments)
    .set({ cancelReason: ERASED_TEXT })
    .where(
      and(
        eq(appointments.patientId, patientId),
        isNotNull(appointments.cancelReason),
        ne(appointments.cancelReason, ERASURE_REASON),
        sql`exists (select 1 from ${appointmentEvents} where ${appointmentEvents.appointmentId} = ${appointments.id}
                    and ${appointmentEvents.reason} = ${appointments.cancelReason} and (${typedByPeople}))`,
      ),
    );
  await tx
    .update(appointmentEvents)
    .set({ reason: ERASED_TEXT })
    .where(and(inArray(appointmentEvents.appointmentId, patientAppointments), isNotNull(appointmentEvents.reason), ne(appointmentEvents.reason, ERASURE_REASON), sql`(${typedByPeople})`));
  const kept = await tx.select({ id: appointments.id }).from(appointments).where(and(eq(appointments.patientId, patientId), ne(appointments.status, 'cancelled')));

  const remindersCancelled = await cancelPatientReminders(tx, { patientId, reason: ERASURE_REASON, now });
  await tx
    .update(reminders)
    .set({ providerMessageId: null, lastError: sql`case when ${reminders.status} = 'failed' then null else ${reminders.lastError} end` })
    .where(inArray(reminders.appointmentId, patientAppointments));

  // Consent withdrawal, as evidence that nothing may be processed for this patient any more.
  let consentsRecorded = 0;
  for (const purpose of ERASURE_PURPOSES) {
    const [latest] = await tx
      .select()
      .from(consents)
      .where(and(eq(consents.patientId, patientId), eq(consents.purpose, purpose)))
      .orderBy(desc(consents.at), desc(consents.id))
      .limit(1);
    if (latest && !latest.granted && latest.source === 'erasure') continue;
    await recordConsent(tx, { clinicId, patientId, purpose, textVersion: latest?.textVersion ?? 'lgpd-erasure', granted: false, messageId: null, source: 'erasure', at: now });
    consentsRecorded += 1;
  }

  // The patient's requests are answered by this erasure; one is recorded if none was open.
  const closed = await tx
    .update(dataRequests)
    .set({ status: 'done', doneAt: now, doneBy: by })
    .where(and(eq(dataRequests.patientId, patientId), eq(dataRequests.clinicId, clinicId), eq(dataRequests.status, 'open')))
    .returning({ id: dataRequests.id, kind: dataRequests.kind });
  if (!alreadyErased && !closed.some((r) => r.kind === 'erasure')) {
    await tx.insert(dataRequests).values({ clinicId, patientId, kind: 'erasure', status: 'done', requestedVia: actor.kind, dueAt: now, doneAt: now, doneBy: by, createdAt: now });
  }

  // Escalations: nothing left to do for this patient; their free-text detail goes too.
  const ofPatient = convIds.length ? or(eq(escalations.patientId, patientId), inArray(escalations.conversationId, convIds)) : eq(escalations.patientId, patientId);
  const resolved = await tx
    .update(escalations)
    .set({ status: 'resolved', resolvedAt: now, resolvedBy: staffIdOf(actor) })
    .where(and(eq(escalations.clinicId, clinicId), ofPatient, ne(escalations.status, 'resolved')))
    .returning({ id: escalations.id, conversationId: escalations.conversationId });
  await tx.update(escalations).set({ detail: null }).where(and(eq(escalations.clinicId, clinicId), ofPatient, isNotNull(escalations.detail)));

  await tx
    .update(patients)
    .set({ phone: null, name: null, cpfEnc: null, email: null, birthDate: null, sex: null, erasedAt, optedOutAt: locked.optedOutAt ?? now, updatedAt: now })
    .where(eq(patients.id, patientId));

  const report: ErasureReport = {
    patientId,
    alreadyErased,
    erasedAt,
    conversations: convIds.length,
    messages: messageCount,
    screenings: screened.length,
    appointmentsCancelled: cancelled.length,
    appointmentsKept: kept.length,
    remindersCancelled,
    consentsRecorded,
    dataRequestsClosed: closed.length,
    escalationsResolved: resolved.length,
  };
  // Counts and ids only: the audit log must not become a copy of what was erased.
  const { alreadyErased: again, conversations: c, messages: m, screenings: s, appointmentsCancelled, appointmentsKept } = report;
  await recordAudit(tx, actor, {
    clinicId,
    action: 'lgpd.erase',
    targetType: 'patient',
    targetId: patientId,
    data: { alreadyErased: again, conversations: c, messages: m, screenings: s, appointmentsCancelled, appointmentsKept, remindersCancelled, consentsRecorded, requests: closed.map((r) => r.id) },
    at: now,
  });
  return { report, cancelled, resolved };
}
