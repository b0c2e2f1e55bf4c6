import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { appointments, reminders } from '../db/schema';
import { STAFF_CHANNELS } from './compute-reminder-schedule';

/**
 * Cancels the pending steps of an appointment: all of them (cancelled, rescheduled, outcome
 * recorded), or — `onlyWhileUnconfirmed` — those that exist to obtain a confirmation, once the
 * patient confirmed. Steps already claimed for sending are not touched. Returns how many.
 */
export async function cancelPendingReminders(
  db: Executor,
  input: { appointmentId: string; reason: string; now: Date; onlyWhileUnconfirmed?: boolean },
): Promise<number> {
  const rows = await db
    .update(reminders)
    .set({ status: 'cancelled', lastError: input.reason.slice(0, 200), updatedAt: input.now })
    .where(
      and(
        eq(reminders.appointmentId, input.appointmentId),
        eq(reminders.status, 'pending'),
        input.onlyWhileUnconfirmed ? or(eq(reminders.condition, 'unconfirmed'), inArray(reminders.channel, [...STAFF_CHANNELS])) : undefined,
      ),
    )
    .returning({ id: reminders.id });
  return rows.length;
}

/**
 * Cancels every pending step of a patient's appointments: what the opt-out handler calls when a
 * patient says "parar", so no reminder goes out even before the next reconciler pass.
 */
export async function cancelPatientReminders(db: Executor, input: { patientId: string; reason: string; now: Date }): Promise<number> {
  const rows = await db
    .update(reminders)
    .set({ status: 'cancelled', lastError: input.reason.slice(0, 200), updatedAt: input.now })
    .where(
      and(
        eq(reminders.status, 'pending'),
        inArray(reminders.appointmentId, sql`(select ${appointments.id} from ${appointments} where ${appointments.patientId} = ${input.patientId})`),
      ),
    )
    .returning({ id: reminders.id });
  return rows.length;
}
