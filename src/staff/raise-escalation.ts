import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/open-database';
import { appointments, escalations, type EscalationReason } from '../db/schema';
import type { EventBus } from '../lib/event-bus';

export interface EscalationInput {
  clinicId: string;
  conversationId?: string | null;
  patientId?: string | null;
  appointmentId?: string | null;
  reason: EscalationReason;
  /** A short pt-BR line for reception ("pediu para falar com uma pessoa"). No health data. */
  detail?: string;
  /** Same key → the same escalation: it is never raised twice. */
  dedupeKey: string;
}

/**
 * Puts work in front of reception. Idempotent on `dedupeKey` (a retried job or a redelivered
 * message cannot create a second one). Ordered in the inbox by the appointment's start, if any.
 */
export async function raiseEscalation(
  deps: { database: Database; bus: EventBus },
  input: EscalationInput,
): Promise<{ id: string; created: boolean }> {
  const db = deps.database.db;
  let dueAt: Date | null = null;
  if (input.appointmentId) {
    const [a] = await db.select({ startsAt: appointments.startsAt }).from(appointments).where(eq(appointments.id, input.appointmentId));
    dueAt = a?.startsAt ?? null;
  }
  const [created] = await db
    .insert(escalations)
    .values({
      clinicId: input.clinicId,
      conversationId: input.conversationId ?? null,
      patientId: input.patientId ?? null,
      appointmentId: input.appointmentId ?? null,
      reason: input.reason,
      detail: input.detail ?? null,
      dedupeKey: input.dedupeKey,
      dueAt,
    })
    .onConflictDoNothing()
    .returning({ id: escalations.id });
  if (created) {
    deps.bus.publish({ type: 'escalation', clinicId: input.clinicId, escalationId: created.id, conversationId: input.conversationId, status: 'open' });
    return { id: created.id, created: true };
  }
  const [existing] = await db
    .select({ id: escalations.id })
    .from(escalations)
    .where(and(eq(escalations.clinicId, input.clinicId), eq(escalations.dedupeKey, input.dedupeKey)));
  return { id: existing!.id, created: false };
}
