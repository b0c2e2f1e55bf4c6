import { and, asc, desc, eq, gte, inArray, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { conversations, messages, reminders } from '../db/schema';
import type { ReminderTemplate } from '../flows/reminders-schema';
import { RetryLaterError } from '../jobs/job-queue';
import { enqueueSend } from '../pipeline/enqueue';
import { queueOutbound } from '../pipeline/queue-outbound';
import type { ConversationRow, Reply } from '../pipeline/turn-handler';
import { raiseEscalation } from '../staff/raise-escalation';
import { MESSAGE_CHANNELS, MIN_LEAD_BEFORE_START_MS } from './compute-reminder-schedule';
import { enqueueReminderTimers } from './enqueue-reminder-timers';
import { loadStepContexts, reminderConversations, reminderFacts, type ReminderContext } from './load-reminder-context';
import { remindersConfigOf } from './plan-reminders';
import { isQuiet, shiftOutOfQuietHours } from './quiet-hours';
import { MAX_TIMER_MS, type ReminderDeps } from './reminder-deps';
import { renderReminderText, renderTemplateParam, reminderVariables } from './reminder-variables';

export type ReminderRow = typeof reminders.$inferSelect;

export type FireOutcome =
  | { kind: 'not_pending' }
  | { kind: 'skipped' | 'cancelled'; reason: string }
  | { kind: 'deferred'; dueAt: Date }
  | { kind: 'queued'; messageId: string }
  | { kind: 'escalated'; escalationId: string }
  | { kind: 'failed'; reason: string; fallbackId?: string };

/** The WhatsApp customer-service window, minus a margin for clock skew and a slow send. */
const WINDOW_MS = 24 * 3_600_000 - 10 * 60_000;
/** A job may run a little early (timer jitter, clocks of two hosts); earlier than this it waits. */
const EARLY_TOLERANCE_MS = 1000;

/** The dedupe key of an appointment's escalation: one per appointment, whichever step raises it. */
export function escalationKey(appointmentId: string): string {
  return `reminder:${appointmentId}`;
}

/**
 * The `reminder` job: fires one step when it is due. A timer that went off early (a capped or
 * jittery delay, or a step moved later) waits again; a step no longer pending is a no-op, which is
 * what makes duplicate timers, the sweep and the reconciler harmless together.
 */
export async function fireReminder(deps: ReminderDeps, reminderId: string): Promise<FireOutcome> {
  const [row] = await deps.database.db.select({ status: reminders.status, dueAt: reminders.dueAt }).from(reminders).where(eq(reminders.id, reminderId));
  if (!row || row.status !== 'pending') return { kind: 'not_pending' };
  const now = deps.clock.now();
  const wait = row.dueAt.getTime() - now.getTime();
  if (wait > EARLY_TOLERANCE_MS) throw new RetryLaterError(Math.min(wait, MAX_TIMER_MS), 'reminder not due yet');
  return fireStep(deps, reminderId, now);
}

/**
 * Fires every pending step that is due, oldest first, in batches: the reconciler's sweep, and what
 * a frozen-clock test calls instead of waiting real hours. Safe alongside the timers.
 */
export async function fireDueReminders(deps: ReminderDeps, options: { now?: Date; limit?: number; batch?: number } = {}): Promise<FireOutcome[]> {
  const now = options.now ?? deps.clock.now();
  const due = await deps.database.db
    .select({ id: reminders.id })
    .from(reminders)
    .where(and(eq(reminders.status, 'pending'), lte(reminders.dueAt, now)))
    .orderBy(asc(reminders.dueAt))
    .limit(options.limit ?? deps.settings.batchSize);
  const batch = options.batch ?? 100;
  const batches: string[][] = [];
  for (let i = 0; i < due.length; i += batch) batches.push(due.slice(i, i + batch).map((d) => d.id));
  const out: FireOutcome[] = [];
  // Two batches in flight: one waits on Postgres while the other is being built.
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const ids = batches[next++]!;
      try {
        out.push(...(await fireSteps(deps, ids, now)).values());
      } catch (err) {
        deps.logger.warn({ steps: ids.length, err: (err as Error).message }, 'reminder steps failed to fire; the next sweep retries');
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

/** Fires one due step (see `fireSteps`). */
export async function fireStep(deps: ReminderDeps, reminderId: string, now = deps.clock.now()): Promise<FireOutcome> {
  return (await fireSteps(deps, [reminderId], now)).get(reminderId) ?? { kind: 'not_pending' };
}

interface Sendable {
  row: ReminderRow;
  ctx: ReminderContext;
  template: ReminderTemplate;
}

/**
 * Fires due steps. Messages: one transaction finds (or opens) each conversation, queues each
 * outbound message and only then claims the rows with one guarded `pending → sending` update; the
 * messages of rows another caller claimed first are deleted before commit. So a step is either
 * untouched or has exactly one message — never two, never a claim without a message. Staff steps
 * raise the appointment's single escalation (deduplicated) and then mark the row.
 */
export async function fireSteps(deps: ReminderDeps, reminderIds: readonly string[], now = deps.clock.now()): Promise<Map<string, FireOutcome>> {
  const db = deps.database.db;
  const outcomes = new Map<string, FireOutcome>();
  const sendable: Sendable[] = [];
  for (const { row, ctx, superseded } of await loadStepContexts(db, reminderIds, now)) {
    if (row.status !== 'pending' || row.dueAt.getTime() > now.getTime() + EARLY_TOLERANCE_MS) {
      outcomes.set(row.id, { kind: 'not_pending' });
      continue;
    }
    if (row.channel === 'escalation' || row.channel === 'call_task') {
      outcomes.set(row.id, await fireStaffStep(deps, row, ctx, now));
      continue;
    }
    const verdict = stillWanted(stepFactsOf(row, ctx), now) ?? (superseded ? { kind: 'skipped' as const, reason: 'superseded by a later step' } : null);
    if (verdict) {
      outcomes.set(row.id, (await settle(db, row.id, verdict.kind, verdict.reason, now)) ? verdict : { kind: 'not_pending' });
      continue;
    }
    const context = ctx!;
    const config = remindersConfigOf(deps, row.clinicId);
    const tz = context.clinic.timezone;
    if (isQuiet(now, config.quietHours, tz)) {
      outcomes.set(row.id, await deferPastQuietHours(deps, row, context, config.quietHours, now));
      continue;
    }
    const template = config.templates[row.template ?? ''];
    if (!template) {
      outcomes.set(row.id, (await settle(db, row.id, 'failed', `template "${row.template}" not in reminders.yaml`, now)) ? { kind: 'failed', reason: 'unknown template' } : { kind: 'not_pending' });
      continue;
    }
    sendable.push({ row, ctx: context, template });
  }
  if (sendable.length === 0) return outcomes;

  const queued: { row: ReminderRow; messageId: string; conversationId: string }[] = [];
  const fallbacks: string[] = [];
  await db.transaction(async (tx) => {
    const conversationsFor = await reminderConversations(
      tx,
      deps,
      sendable.map((s) => ({ key: s.row.id, ctx: s.ctx, channel: s.row.channel === 'sms' ? ('sms' as const) : ('whatsapp' as const) })),
      now,
    );
    const candidates: { row: ReminderRow; messageId: string; conversationId: string }[] = [];
    const toQueue: { row: ReminderRow; conversation: ConversationRow; reply: Reply }[] = [];
    for (const { row, ctx, template } of sendable) {
      const conversation = conversationsFor.get(row.id);
      if (!conversation) {
        const channel = row.channel === 'sms' ? 'sms' : 'whatsapp';
        const reason = `no ${channel} channel for this patient`;
        if (!(await settle(tx, row.id, 'failed', reason, now))) {
          outcomes.set(row.id, { kind: 'not_pending' });
          continue;
        }
        const fallbackId = channel === 'whatsapp' ? await insertSmsFallback(tx, row, now) : undefined;
        if (fallbackId) fallbacks.push(fallbackId);
        outcomes.set(row.id, { kind: 'failed', reason, fallbackId });
        continue;
      }
      toQueue.push({ row, conversation, reply: composeReminder(template, reminderVariables(reminderFacts(ctx, deps.flows.get(row.clinicId))), conversation, now) });
    }
    // Issued together: the driver pipelines them on the transaction's connection.
    const ids = await Promise.all(
      toQueue.map(({ row, conversation, reply }) =>
        queueOutbound(tx, { clinicId: row.clinicId, conversationId: conversation.id, channel: conversation.channel, replies: [reply], origin: 'reminder', author: 'bot', reminderId: row.id, now }),
      ),
    );
    toQueue.forEach((q, i) => candidates.push({ row: q.row, messageId: ids[i]![0]!.id, conversationId: q.conversation.id }));
    if (candidates.length === 0) return;
    // The claim: the last statement, so each message and its claim commit together or not at all.
    // In id order, so two callers claiming overlapping steps lock them in the same order.
    const claims = JSON.stringify(candidates.map((c) => ({ id: c.row.id, message_id: c.messageId })).sort((a, b) => (a.id < b.id ? -1 : 1)));
    const claimed = new Set(
      (
        await deps.database.rows<{ id: string }>(
          sql`update reminders as r set status = 'sending', attempts = r.attempts + 1, message_id = v.message_id, last_error = null, updated_at = ${now.toISOString()}::timestamptz
              from jsonb_to_recordset(${claims}::jsonb) as v(id uuid, message_id uuid)
              where r.id = v.id and r.status = 'pending'
              returning r.id`,
          tx,
        )
      ).map((r) => r.id),
    );
    const lost = candidates.filter((c) => !claimed.has(c.row.id));
    if (lost.length > 0) await tx.delete(messages).where(inArray(messages.id, lost.map((c) => c.messageId)));
    for (const c of lost) outcomes.set(c.row.id, { kind: 'not_pending' });
    queued.push(...candidates.filter((c) => claimed.has(c.row.id)));
  });

  // enqueueSend never throws: a send that misses the queue is picked up by the pipeline's recovery sweep.
  await Promise.all(
    queued.map(async (q) => {
      deps.bus.publish({ type: 'message', clinicId: q.row.clinicId, conversationId: q.conversationId, messageId: q.messageId, direction: 'out' });
      await enqueueSend(deps, q.messageId, 0);
    }),
  );
  for (const q of queued) outcomes.set(q.row.id, { kind: 'queued', messageId: q.messageId });
  for (const fallbackId of fallbacks) {
    deps.logger.info({ fallbackId }, 'reminder falls back to SMS');
    await fireStep(deps, fallbackId, now);
  }
  return outcomes;
}

/** Fired late at night (an outage, a long queue): the step waits for the morning rather than text then. */
async function deferPastQuietHours(deps: ReminderDeps, row: ReminderRow, ctx: ReminderContext, quiet: Parameters<typeof shiftOutOfQuietHours>[1], now: Date): Promise<FireOutcome> {
  const db = deps.database.db;
  const later = shiftOutOfQuietHours(now, quiet, ctx.clinic.timezone, { notAfter: new Date(ctx.appointment.startsAt.getTime() - MIN_LEAD_BEFORE_START_MS), notBefore: now });
  if (!later || later.getTime() <= now.getTime()) {
    return (await settle(db, row.id, 'skipped', 'quiet hours until too close to the appointment', now)) ? { kind: 'skipped', reason: 'quiet hours' } : { kind: 'not_pending' };
  }
  const [moved] = await db
    .update(reminders)
    .set({ dueAt: later, updatedAt: now })
    .where(and(eq(reminders.id, row.id), eq(reminders.status, 'pending')))
    .returning({ id: reminders.id });
  if (!moved) return { kind: 'not_pending' };
  await enqueueReminderTimers(deps, [{ id: row.id, dueAt: later }]);
  return { kind: 'deferred', dueAt: later };
}

/** What deciding whether a step still goes out looks at (from a loaded context, or read by the send claim). */
export interface StepFacts {
  channel: string;
  condition: string;
  /** Null when the appointment is gone. */
  appointment: { status: string; startsAt: Date } | null;
  /** No patient any more, or one who opted out or whose data was erased. */
  patientGone: boolean;
  remindersRefused: boolean;
}

export function stepFactsOf(row: Pick<ReminderRow, 'channel' | 'condition'>, ctx: ReminderContext | null): StepFacts {
  return {
    channel: row.channel,
    condition: row.condition,
    appointment: ctx ? { status: ctx.appointment.status, startsAt: ctx.appointment.startsAt } : null,
    patientGone: !ctx?.patient || !!ctx.patient.optedOutAt || !!ctx.patient.erasedAt,
    remindersRefused: ctx?.remindersRefused ?? false,
  };
}

/** Why a due step must not go out any more, or null when it still should. */
export function stillWanted(facts: StepFacts, now: Date): { kind: 'skipped' | 'cancelled'; reason: string } | null {
  const a = facts.appointment;
  if (!a) return { kind: 'cancelled', reason: 'appointment not found' };
  if (a.status !== 'booked' && a.status !== 'confirmed') return { kind: 'cancelled', reason: `appointment ${a.status}` };
  if (a.startsAt.getTime() <= now.getTime()) return { kind: 'skipped', reason: 'appointment started' };
  if (facts.patientGone) return { kind: 'cancelled', reason: 'opted_out' };
  const message = (MESSAGE_CHANNELS as readonly string[]).includes(facts.channel);
  if (message && facts.remindersRefused) return { kind: 'cancelled', reason: 'reminders refused' };
  if (facts.condition === 'unconfirmed' && a.status === 'confirmed') return { kind: 'skipped', reason: 'confirmed' };
  return null;
}

/** Closes a pending step with a reason; false when another caller got to it first. */
async function settle(db: Executor, id: string, status: 'skipped' | 'cancelled' | 'failed', reason: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(reminders)
    .set({ status, lastError: reason.slice(0, 300), updatedAt: now })
    .where(and(eq(reminders.id, id), eq(reminders.status, 'pending')))
    .returning({ id: reminders.id });
  return rows.length > 0;
}

/**
 * The text of a reminder on its conversation's channel: SMS gets the SMS text; WhatsApp Cloud API
 * gets free text only inside the 24-hour window (from the patient's last inbound message) and the
 * approved template outside it; whatsapp-web.js and the simulator have no window.
 */
export function composeReminder(template: ReminderTemplate, vars: Record<string, string>, conversation: Pick<ConversationRow, 'channel' | 'lastInboundAt'>, now: Date, options: { forceTemplate?: boolean } = {}): Reply {
  if (conversation.channel === 'sms') return { text: renderReminderText(template.smsText, vars) };
  const text = renderReminderText(template.text, vars);
  if (conversation.channel !== 'whatsapp') return { text };
  const inWindow = !!conversation.lastInboundAt && now.getTime() - conversation.lastInboundAt.getTime() < WINDOW_MS;
  if ((inWindow && !options.forceTemplate) || !template.whatsapp) return { text };
  const t = template.whatsapp;
  return { template: { name: t.name, language: t.language, params: t.params.map((p) => renderTemplateParam(p, vars)) }, fallbackText: text };
}

/**
 * The SMS that replaces a WhatsApp step that could not go out. Its key derives from the step's, so
 * a step falls back at most once; none is added when an SMS step of the plan is already near.
 */
export async function insertSmsFallback(tx: Executor, row: ReminderRow, now: Date): Promise<string | undefined> {
  const window = 12 * 3_600_000;
  const [near] = await tx
    .select({ id: reminders.id })
    .from(reminders)
    .where(
      and(
        eq(reminders.appointmentId, row.appointmentId),
        eq(reminders.channel, 'sms'),
        or(
          and(eq(reminders.status, 'pending'), lte(reminders.dueAt, new Date(now.getTime() + window))),
          and(inArray(reminders.status, ['sending', 'sent', 'delivered', 'read']), gte(reminders.updatedAt, new Date(now.getTime() - window))),
        ),
      ),
    )
    .limit(1);
  if (near) return undefined;
  const [inserted] = await tx
    .insert(reminders)
    .values({
      clinicId: row.clinicId,
      appointmentId: row.appointmentId,
      stepKey: `${row.stepKey.split('~')[0]}~sms`,
      tier: row.tier,
      channel: 'sms',
      template: row.template,
      condition: row.condition,
      dueAt: now,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: reminders.id });
  return inserted?.id;
}

/**
 * An escalation step: unconfirmed by the tier's deadline → reception gets one escalation (a call
 * task for high risk). Raised before the row is marked, and deduplicated per appointment, so a crash
 * or a second firing can repeat the attempt but never the escalation.
 */
async function fireStaffStep(deps: ReminderDeps, row: ReminderRow, ctx: ReminderContext | null, now: Date): Promise<FireOutcome> {
  const db = deps.database.db;
  const verdict = stillWanted(stepFactsOf(row, ctx), now);
  if (verdict) return (await settle(db, row.id, verdict.kind, verdict.reason, now)) ? verdict : { kind: 'not_pending' };
  const context = ctx!;
  const conversationId = await latestConversationId(db, context);
  const call = row.channel === 'call_task';
  const refusedNote = context.remindersRefused ? ' (paciente recusou lembretes automáticos)' : '';
  const escalation = await raiseEscalation(deps, {
    clinicId: row.clinicId,
    conversationId,
    patientId: context.patient?.id ?? null,
    appointmentId: row.appointmentId,
    reason: call ? 'call_task' : 'reminder_no_reply',
    detail: (call ? 'ligar para confirmar a consulta: risco alto de falta e sem confirmação' : 'consulta ainda sem confirmação do paciente') + refusedNote,
    dedupeKey: escalationKey(row.appointmentId),
  });
  await db
    .update(reminders)
    .set({ status: 'sent', sentAt: now, updatedAt: now, attempts: sql`${reminders.attempts} + 1`, lastError: escalation.created ? null : 'escalation already open' })
    .where(and(eq(reminders.id, row.id), eq(reminders.status, 'pending')));
  return { kind: 'escalated', escalationId: escalation.id };
}

async function latestConversationId(db: Executor, ctx: ReminderContext): Promise<string | null> {
  if (ctx.appointment.conversationId) return ctx.appointment.conversationId;
  if (!ctx.patient) return null;
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(eq(conversations.patientId, ctx.patient.id))
    .orderBy(desc(sql`coalesce(${conversations.lastInboundAt}, ${conversations.createdAt})`))
    .limit(1);
  return row?.id ?? null;
}
