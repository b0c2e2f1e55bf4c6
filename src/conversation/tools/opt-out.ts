import { eq } from 'drizzle-orm';
import { recordConsent } from '../../consent/record-consent';
import { patients } from '../../db/schema';
import { cancelPatientReminders } from '../../reminders/cancel-reminders';
import { resetState } from '../state';
import { consentText } from './consent';
import { releaseHold } from './hold-slot';
import type { ToolContext } from './tool-context';

/**
 * "parar": honoured at once. Marks the patient opted out (no reminders, no marketing — senders
 * check `patients.opted_out_at`), records the withdrawal of the reminders opt-in as consent
 * evidence, and drops any booking in progress. Idempotent.
 */
export async function optOut(ctx: ToolContext): Promise<{ ok: true; alreadyOptedOut: boolean }> {
  const already = ctx.patient.optedOutAt != null;
  if (!already) {
    await ctx.db.update(patients).set({ optedOutAt: ctx.now, updatedAt: ctx.now }).where(eq(patients.id, ctx.patient.id));
    ctx.patient.optedOutAt = ctx.now;
  }
  await recordConsent(ctx.db, {
    clinicId: ctx.clinic.id,
    patientId: ctx.patient.id,
    purpose: 'reminders',
    textVersion: consentText(ctx, 'reminders').textVersion,
    granted: false,
    messageId: ctx.message.id,
    at: ctx.now,
  });
  // Pending reminder steps are closed now, not at their send time.
  await cancelPatientReminders(ctx.db, { patientId: ctx.patient.id, reason: 'opt_out', now: ctx.now });
  await releaseHold(ctx, 'opt_out');
  resetState(ctx.state);
  return { ok: true, alreadyOptedOut: already };
}
