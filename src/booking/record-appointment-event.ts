import type { Executor } from '../db/open-database';
import { appointmentEvents } from '../db/schema';

export interface AppointmentEventInput {
  clinicId: string;
  appointmentId: string;
  type: string;
  fromStatus?: string | null;
  toStatus?: string | null;
  /** 'patient' | 'bot' | 'system' | 'staff:<id>' | 'api:<id>' */
  actor: string;
  reason?: string | null;
  messageId?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** Every change to an appointment leaves a row: who, why, and from which message. */
export async function recordAppointmentEvent(db: Executor, e: AppointmentEventInput): Promise<void> {
  await db.insert(appointmentEvents).values({
    clinicId: e.clinicId,
    appointmentId: e.appointmentId,
    type: e.type,
    fromStatus: e.fromStatus ?? null,
    toStatus: e.toStatus ?? null,
    actor: e.actor,
    reason: e.reason ?? null,
    messageId: e.messageId ?? null,
    data: e.data ?? null,
    at: e.at,
  });
}
