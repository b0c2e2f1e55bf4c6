import type { EscalationReason } from '../../db/schema';
import { raiseEscalation } from '../../staff/raise-escalation';
import { resetState } from '../state';
import type { ToolContext } from './tool-context';

/**
 * Puts the conversation in reception's hands: an escalation with a reason (deduplicated on the
 * message, so a retried turn raises it once) and the thread switched to `waiting_staff`, where the
 * bot stays silent until staff give it back. `detail` is a short line for reception — never
 * health data. The booking in progress is dropped; a hold left behind expires on its own.
 */
export async function handoffToStaff(ctx: ToolContext, input: { reason: EscalationReason; detail?: string; appointmentId?: string }): Promise<{ ok: true; escalationId: string }> {
  const { id } = await raiseEscalation(
    { database: ctx.database, bus: ctx.bus },
    {
      clinicId: ctx.clinic.id,
      conversationId: ctx.conversationId,
      patientId: ctx.patient.id,
      appointmentId: input.appointmentId ?? null,
      reason: input.reason,
      detail: input.detail,
      dedupeKey: `${input.reason}:${ctx.message.id}`,
    },
  );
  ctx.effects.mode = 'waiting_staff';
  resetState(ctx.state);
  return { ok: true, escalationId: id };
}
