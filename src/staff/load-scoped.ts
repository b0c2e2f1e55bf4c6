import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { appointments, conversations, escalations, patients } from '../db/schema';
import { staffError } from './staff-errors';

/**
 * Row loaders that always filter by the caller's clinic. A row of another clinic looks exactly
 * like a missing one (NOT_FOUND), for the inbox and the API alike.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(id: string): boolean {
  return UUID.test(id);
}

function check(id: string, what: string): void {
  if (!isUuid(id)) throw staffError('NOT_FOUND', `${what} ${id} is not an id`);
}

export async function conversationInClinic(db: Executor, clinicId: string, id: string) {
  check(id, 'conversation');
  const [row] = await db.select().from(conversations).where(and(eq(conversations.id, id), eq(conversations.clinicId, clinicId)));
  if (!row) throw staffError('NOT_FOUND', `conversation ${id} not in clinic ${clinicId}`);
  return row;
}

export async function patientInClinic(db: Executor, clinicId: string, id: string) {
  check(id, 'patient');
  const [row] = await db.select().from(patients).where(and(eq(patients.id, id), eq(patients.clinicId, clinicId)));
  if (!row) throw staffError('NOT_FOUND', `patient ${id} not in clinic ${clinicId}`);
  return row;
}

export async function escalationInClinic(db: Executor, clinicId: string, id: string) {
  check(id, 'escalation');
  const [row] = await db.select().from(escalations).where(and(eq(escalations.id, id), eq(escalations.clinicId, clinicId)));
  if (!row) throw staffError('NOT_FOUND', `escalation ${id} not in clinic ${clinicId}`);
  return row;
}

export async function appointmentInClinic(db: Executor, clinicId: string, id: string) {
  check(id, 'appointment');
  const [row] = await db.select().from(appointments).where(and(eq(appointments.id, id), eq(appointments.clinicId, clinicId)));
  if (!row) throw staffError('NOT_FOUND', `appointment ${id} not in clinic ${clinicId}`);
  return row;
}
