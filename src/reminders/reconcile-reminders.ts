import { and, asc, eq, gt, inArray, isNotNull, lte, notExists, sql } from 'drizzle-orm';
import { appointmentEvents, appointments, messages, reminders } from '../db/schema';
import { fireDueReminders } from './fire-reminder';
import { enqueueReminderTimers } from './enqueue-reminder-timers';
import { PLANNED_EVENT, planRemindersBatch } from './plan-reminders';
import { handleReminderSendFailure } from './reminder-outbound-hooks';
import type { ReminderDeps } from './reminder-deps';

export interface ReconcileReport {
  /** Pending steps cancelled or skipped because their appointment changed without an event reaching us. */
  closed: number;
  /** Appointments that had no plan and got one. */
  planned: number;
  /** Steps whose row lagged behind its message (a hook lost in a crash) and were caught up. */
  caughtUp: number;
  /** Due steps fired by the sweep. */
  fired: number;
  /** Timers (re-)added; existing ones are left as they are (job ids derive from the row). */
  timers: number;
}

/**
 * The reminder reconciler: Postgres is the schedule, Redis only its alarm clock. Each pass closes
 * steps whose appointment moved on, plans booked appointments that have no plan, catches rows up
 * with their messages, fires every due step (so a lost timer only delays a step until the next
 * pass), and re-adds the timer of every pending step due within the horizon (`requeue: 'all'`:
 * of every pending step). Every part is idempotent; a step is still sent at most once because its
 * message only commits together with the guarded `pending → sending` claim.
 */
export async function reconcileReminders(deps: ReminderDeps, options: { requeue?: 'horizon' | 'all'; now?: Date } = {}): Promise<ReconcileReport> {
  const db = deps.database.db;
  const now = options.now ?? deps.clock.now();
  const report: ReconcileReport = { closed: 0, planned: 0, caughtUp: 0, fired: 0, timers: 0 };

  report.closed += (
    await db
      .update(reminders)
      .set({ status: 'cancelled', lastError: 'appointment no longer booked', updatedAt: now })
      .where(
        and(
          eq(reminders.status, 'pending'),
          sql`exists (select 1 from appointments a left join patients p on p.id = a.patient_id where a.id = ${reminders.appointmentId} and (a.status not in ('booked','confirmed') or a.patient_id is null or p.opted_out_at is not null or p.erased_at is not null))`,
        ),
      )
      .returning({ id: reminders.id })
  ).length;
  report.closed += (
    await db
      .update(reminders)
      .set({ status: 'cancelled', lastError: 'confirmed', updatedAt: now })
      .where(
        and(
          eq(reminders.status, 'pending'),
          eq(reminders.condition, 'unconfirmed'),
          sql`exists (select 1 from appointments a where a.id = ${reminders.appointmentId} and a.status = 'confirmed')`,
        ),
      )
      .returning({ id: reminders.id })
  ).length;

  const unplanned = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        inArray(appointments.status, ['booked', 'confirmed']),
        gt(appointments.startsAt, now),
        notExists(
          db
            .select({ one: sql`1` })
            .from(appointmentEvents)
            .where(and(eq(appointmentEvents.appointmentId, appointments.id), eq(appointmentEvents.type, PLANNED_EVENT))),
        ),
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(deps.settings.batchSize);
  if (unplanned.length > 0) report.planned = (await planRemindersBatch(deps, unplanned.map((u) => u.id))).planned;

  // Rows whose message moved on while the hook did not run (the process died in between).
  const lagging = await db
    .select({ reminderId: reminders.id, message: messages })
    .from(reminders)
    .innerJoin(messages, eq(messages.id, reminders.messageId))
    .where(and(eq(reminders.status, 'sending'), inArray(messages.status, ['sent', 'delivered', 'read', 'failed']), lte(reminders.updatedAt, new Date(now.getTime() - 60_000))))
    .limit(deps.settings.batchSize);
  for (const { reminderId, message } of lagging) {
    if (message.status === 'failed') await handleReminderSendFailure(deps, message, new Error(message.error ?? 'failed'));
    else {
      await db
        .update(reminders)
        .set({ status: message.status as 'sent' | 'delivered' | 'read', providerMessageId: message.providerMessageId, sentAt: message.sentAt, updatedAt: now })
        .where(and(eq(reminders.id, reminderId), eq(reminders.status, 'sending')));
    }
    report.caughtUp++;
  }

  report.fired = (await fireDueReminders(deps, { now })).filter((o) => o.kind !== 'not_pending').length;

  const horizon = options.requeue === 'all' ? null : new Date(now.getTime() + deps.settings.timerHorizonMs);
  const pending = await db
    .select({ id: reminders.id, dueAt: reminders.dueAt })
    .from(reminders)
    .where(and(eq(reminders.status, 'pending'), horizon ? lte(reminders.dueAt, horizon) : isNotNull(reminders.dueAt)));
  report.timers = await enqueueReminderTimers(deps, pending, { horizonMs: Number.POSITIVE_INFINITY });
  return report;
}

/**
 * Runs the reconciler at start (after a crash or a Redis loss: every overdue step fires, every
 * timer due within the horizon is back) and then every `reconcileEveryMs`, one pass at a time.
 * Timers further out are set as they come within the horizon, so a restart never floods the queue
 * with months of timers. Returns a stop function.
 */
export function startReminderReconciler(deps: ReminderDeps): { stop(): Promise<void>; done: Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const pass = (requeue: 'horizon' | 'all') => {
    if (running || stopped) return running ?? Promise.resolve();
    running = reconcileReminders(deps, { requeue })
      .then((r) => {
        if (r.closed || r.planned || r.caughtUp || r.fired) deps.logger.info({ ...r }, 'reminders reconciled');
      })
      .catch((err: unknown) => deps.logger.warn({ err: (err as Error).message }, 'reminder reconciler pass failed'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const done = pass('horizon');
  const timer = setInterval(() => void pass('horizon'), deps.settings.reconcileEveryMs);
  timer.unref();
  return {
    done,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
