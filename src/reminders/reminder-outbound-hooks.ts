import { and, eq, inArray, sql } from 'drizzle-orm';
import { isOutsideWindowError } from '../channels/whatsapp-cloud';
import { reminders, type ReminderStatus } from '../db/schema';
import { maskPii } from '../lib/logger';
import { enqueueSend } from '../pipeline/enqueue';
import type { OutboundHooks } from '../pipeline/pipeline-deps';
import { queueOutbound } from '../pipeline/queue-outbound';
import type { MessageRow } from '../pipeline/turn-handler';
import { composeReminder, fireStep, insertSmsFallback, stillWanted, type StepFacts } from './fire-reminder';
import { loadReminderContext, reminderFacts, remindersRefusedSql } from './load-reminder-context';
import { remindersConfigOf } from './plan-reminders';
import type { ReminderDeps } from './reminder-deps';
import { reminderVariables } from './reminder-variables';

/** A reminder's status only moves forward, like its message's (`sent` is recorded with the send). */
const MAY_MOVE_FROM: Record<'delivered' | 'read', ReminderStatus[]> = {
  delivered: ['sending', 'sent'],
  read: ['sending', 'sent', 'delivered'],
};

/**
 * What the outbound pipeline tells the reminder engine: a reminder's message was accepted by the
 * provider (`sent`), delivered or read (its row follows), or failed for good — then the engine
 * switches to the approved template (WhatsApp refused free text outside the 24-hour window) or
 * falls back to SMS. Messages that are not reminders pass through untouched.
 */
export function createReminderOutboundHooks(deps: ReminderDeps): OutboundHooks {
  // A reminder problem must never fail the send job: log it; the reconciler catches the row up.
  const guarded = async (what: string, message: MessageRow, run: () => Promise<void>) => {
    if (!message.reminderId) return;
    try {
      await run();
    } catch (err) {
      deps.logger.error({ reminderId: message.reminderId, messageId: message.id, err: maskPii((err as Error).message) }, `reminder ${what} hook failed`);
    }
  };
  return {
    // Re-checked just before every send attempt (a retry can come minutes later): a cancelled or
    // confirmed appointment, or an opted-out patient, stops the reminder there. The facts come with
    // the send's claim (one statement), so the check costs no query of its own.
    sendFacts: { reminder: stepFactsSql },
    beforeSend: async (message, facts) => {
      if (!message.reminderId) return null;
      const step = parseStepFacts(facts.reminder);
      if (!step) return null;
      const now = deps.clock.now();
      const verdict = stillWanted(step, now);
      if (!verdict) return null;
      await deps.database.db
        .update(reminders)
        .set({ status: verdict.kind, lastError: verdict.reason.slice(0, 300), updatedAt: now })
        .where(and(eq(reminders.id, message.reminderId), inArray(reminders.status, ['pending', 'sending'])));
      return `reminder ${verdict.kind}: ${verdict.reason}`;
    },
    // The step follows its message to `sent` in the statement that records the send.
    onSentSql: [
      sql`update reminders r set status = 'sent', provider_message_id = sent.provider_message_id, sent_at = sent.sent_at, updated_at = sent.sent_at
          from sent where r.id = sent.reminder_id and r.message_id = sent.id and r.status = 'sending'`,
    ],
    onStatus: (message, status) =>
      guarded('status', message, async () => {
        if (status === 'delivered' || status === 'read') await advance(deps, message, status);
      }),
    onFailed: (message, error) => guarded('failure', message, () => handleReminderSendFailure(deps, message, error)),
  };
}

/** Runs two sets of hooks in turn (another module may attach its own to the pipeline too). */
export function combineOutboundHooks(first: OutboundHooks | undefined, second: OutboundHooks): OutboundHooks {
  if (!first) return second;
  const clash = Object.keys(first.sendFacts ?? {}).filter((k) => k in (second.sendFacts ?? {}));
  if (clash.length > 0) throw new Error(`outbound hooks both read send facts named ${clash.join(', ')}`);
  return {
    sendFacts: { ...first.sendFacts, ...second.sendFacts },
    beforeSend: async (m, facts) => (await first.beforeSend?.(m, facts)) ?? (await second.beforeSend?.(m, facts)) ?? null,
    onSentSql: [...(first.onSentSql ?? []), ...(second.onSentSql ?? [])],
    onStatus: async (m, s) => {
      await first.onStatus?.(m, s);
      await second.onStatus?.(m, s);
    },
    onFailed: async (m, e) => {
      await first.onFailed?.(m, e);
      await second.onFailed?.(m, e);
    },
  };
}

/**
 * A reminder message's step facts, read in the send claim (the claimed message is `"messages"`):
 * its step, the appointment and the patient's standing, as JSON.
 */
const stepFactsSql = sql`(select json_build_object(
    'channel', r.channel, 'condition', r.condition,
    'appointmentStatus', a.status, 'startsAt', a.starts_at,
    'patientGone', p.id is null or p.opted_out_at is not null or p.erased_at is not null,
    'refused', ${remindersRefusedSql(sql`p.id`)})
  from reminders r left join appointments a on a.id = r.appointment_id left join patients p on p.id = a.patient_id
  where r.id = "messages"."reminder_id")`;

function parseStepFacts(value: unknown): StepFacts | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  const startsAt = typeof v.startsAt === 'string' ? new Date(v.startsAt) : null;
  return {
    channel: String(v.channel),
    condition: String(v.condition),
    appointment: typeof v.appointmentStatus === 'string' && startsAt ? { status: v.appointmentStatus, startsAt } : null,
    patientGone: v.patientGone === true,
    remindersRefused: v.refused === true,
  };
}

async function advance(deps: ReminderDeps, message: MessageRow, status: 'delivered' | 'read'): Promise<void> {
  await deps.database.db
    .update(reminders)
    .set({ status, updatedAt: deps.clock.now() })
    .where(and(eq(reminders.id, message.reminderId!), eq(reminders.messageId, message.id), inArray(reminders.status, MAY_MOVE_FROM[status])));
}

function outsideWindow(message: MessageRow, error: Error): boolean {
  if (message.channel !== 'whatsapp') return false;
  return isOutsideWindowError(error) || /\b131047\b/.test(error.message) || /\b131047\b/.test(message.error ?? '');
}

/**
 * A reminder's message failed for good (the provider refused it, retries ran out, or a delivery
 * report said failed). Outside the 24-hour window a text becomes the approved template, once;
 * otherwise the step is failed and a WhatsApp step falls back to SMS, at most once.
 */
export async function handleReminderSendFailure(deps: ReminderDeps, message: MessageRow, error: Error): Promise<void> {
  const now = deps.clock.now();
  const db = deps.database.db;
  const reason = maskPii(error.message).slice(0, 300);
  if (outsideWindow(message, error) && message.kind === 'text') {
    const resent = await db.transaction(async (tx) => {
      const [row] = await tx
        .update(reminders)
        .set({ status: 'sending', lastError: 'outside the 24-hour window; sent as template', updatedAt: now })
        .where(and(eq(reminders.id, message.reminderId!), eq(reminders.messageId, message.id), inArray(reminders.status, ['sending', 'sent', 'delivered'])))
        .returning();
      if (!row) return null;
      const ctx = await loadReminderContext(tx, row.appointmentId);
      const template = ctx ? remindersConfigOf(deps, row.clinicId).templates[row.template ?? ''] : undefined;
      if (!ctx || !template?.whatsapp) return null;
      const reply = composeReminder(template, reminderVariables(reminderFacts(ctx, deps.flows.get(row.clinicId))), { channel: 'whatsapp', lastInboundAt: null }, now, { forceTemplate: true });
      const [queued] = await queueOutbound(tx, {
        clinicId: row.clinicId,
        conversationId: message.conversationId,
        channel: 'whatsapp',
        replies: [reply],
        origin: 'reminder',
        reminderId: row.id,
        now,
      });
      await tx.update(reminders).set({ messageId: queued!.id }).where(eq(reminders.id, row.id));
      return queued!.id;
    });
    if (resent) {
      deps.logger.info({ reminderId: message.reminderId, messageId: resent }, 'reminder outside the WhatsApp window; re-sent as template');
      await enqueueSend(deps, resent, 0);
      return;
    }
  }
  const fallbackId = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(reminders)
      .set({ status: 'failed', lastError: reason, updatedAt: now })
      .where(and(eq(reminders.id, message.reminderId!), eq(reminders.messageId, message.id), inArray(reminders.status, ['sending', 'sent', 'delivered'])))
      .returning();
    if (!row || message.channel === 'sms') return undefined;
    return insertSmsFallback(tx, row, now);
  });
  deps.logger.warn({ reminderId: message.reminderId, messageId: message.id, channel: message.channel, fallback: !!fallbackId, err: reason }, 'reminder message failed');
  if (fallbackId) await fireStep(deps, fallbackId, now);
}
