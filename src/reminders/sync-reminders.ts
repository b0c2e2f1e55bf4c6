import { eq } from 'drizzle-orm';
import { appointments } from '../db/schema';
import { cancelPendingReminders } from './cancel-reminders';
import { planReminders } from './plan-reminders';
import type { ReminderDeps } from './reminder-deps';

/**
 * Brings an appointment's reminder plan in line with its status: booked or confirmed in the future
 * → planned (once); confirmed → the steps that only chase a confirmation are cancelled; cancelled,
 * rescheduled, attended or no-show → every pending step is cancelled. A reschedule (the old
 * appointment `rescheduled`, a new one pointing back to it) replans: the old plan is cancelled and
 * the new appointment gets its own, timed from its new start.
 */
export async function syncReminders(deps: ReminderDeps, appointmentId: string): Promise<void> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const [a] = await db
    .select({ id: appointments.id, status: appointments.status, startsAt: appointments.startsAt, rescheduledFromId: appointments.rescheduledFromId })
    .from(appointments)
    .where(eq(appointments.id, appointmentId));
  if (!a) return;
  if ((a.status === 'booked' || a.status === 'confirmed') && a.startsAt.getTime() > now.getTime()) {
    if (a.rescheduledFromId) await cancelPendingReminders(db, { appointmentId: a.rescheduledFromId, reason: 'rescheduled', now });
    await planReminders(deps, a.id);
    if (a.status === 'confirmed') await cancelPendingReminders(db, { appointmentId: a.id, reason: 'confirmed', now, onlyWhileUnconfirmed: true });
    return;
  }
  await cancelPendingReminders(db, { appointmentId: a.id, reason: `appointment ${a.status}`, now });
  if (a.status === 'rescheduled') {
    const replacements = await db.select({ id: appointments.id }).from(appointments).where(eq(appointments.rescheduledFromId, a.id));
    for (const r of replacements) await syncReminders(deps, r.id);
  }
}

/**
 * Plans and replans as soon as an appointment changes (other modules publish an `appointment` event
 * after every change). Events can be lost (another process, a restart): the reconciler catches up.
 * Returns the unsubscribe function.
 */
export function subscribeReminderPlanning(deps: ReminderDeps): () => void {
  const inFlight = new Map<string, Promise<void>>();
  return deps.bus.subscribe((event) => {
    if (event.type !== 'appointment') return;
    // Events of one appointment are applied in order; others run concurrently.
    const previous = inFlight.get(event.appointmentId) ?? Promise.resolve();
    const next = previous
      .then(() => syncReminders(deps, event.appointmentId))
      .catch((err: unknown) => deps.logger.warn({ appointmentId: event.appointmentId, err: (err as Error).message }, 'reminder sync failed; the reconciler will retry'))
      .finally(() => {
        if (inFlight.get(event.appointmentId) === next) inFlight.delete(event.appointmentId);
      });
    inFlight.set(event.appointmentId, next);
  });
}
