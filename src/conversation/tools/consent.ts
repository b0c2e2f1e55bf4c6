import { currentConsent, hasGrantedConsent, recordConsent } from '../../consent/record-consent';
import { consentTextVersion, type ConsentPurpose } from '../../flows/booking-schema';
import { understand } from '../../understanding/understand';
import { vocabularyFromClinic } from '../../understanding/load-vocabulary';
import { readYesNo } from '../read-answer';
import { Texts } from '../texts';
import { refuse, type ToolContext, type ToolResult } from './tool-context';
import { answeredAfterQuestion } from './answered-after-question';

/** The consent text in service for a purpose, with the version stored as evidence. */
export function consentText(ctx: Pick<ToolContext, 'flows' | 'patient'>, purpose: ConsentPurpose): { text: string; textVersion: string; versionLabel: string } {
  const consent = ctx.flows.get('booking.yaml').consent[purpose === 'health_data' ? 'health_data' : 'reminders'];
  const text = new Texts(ctx.flows, ctx.patient.name).consent(consent.text);
  return { text, textVersion: consentTextVersion({ version: consent.version, text }), versionLabel: consent.version };
}

/**
 * Shows a consent question: returns the exact text to send and remembers which version was
 * shown, so the answer can be recorded against it. Health data consent (LGPD art. 11, I) must be
 * asked — and answered yes — before any health question.
 */
export function requestConsent(ctx: ToolContext, input: { purpose: ConsentPurpose }): { ok: true; text: string; textVersion: string } {
  const { text, textVersion } = consentText(ctx, input.purpose);
  ctx.state.asked.consent = { purpose: input.purpose, textVersion, atSeq: ctx.message.seq };
  return { ok: true, text, textVersion };
}

/**
 * Records the patient's answer to the consent question just shown, with the inbound message as
 * evidence. The answer is read from the patient's own words: a caller claiming "granted" when the
 * patient did not clearly say yes is refused (NOT_EXPLICIT).
 */
export async function recordConsentAnswer(ctx: ToolContext, input: { purpose: ConsentPurpose; granted: boolean }): Promise<ToolResult<{ consentId: string; granted: boolean }>> {
  const asked = ctx.state.asked.consent;
  if (!asked || asked.purpose !== input.purpose || !(await answeredAfterQuestion(ctx, asked.atSeq))) {
    return refuse('NOT_ASKED', `the ${input.purpose} consent text was not shown before this message; call request_consent and wait for the answer`);
  }
  const u = understand(ctx.message.body ?? '', { now: ctx.now, tz: ctx.clinic.timezone }, vocabularyFromClinic(ctx.flows.clinic()));
  const said = readYesNo(ctx.message.body ?? '', u);
  if (said === undefined || (said === 'yes') !== input.granted) {
    return refuse('NOT_EXPLICIT', `the patient's message is not a clear ${input.granted ? 'yes' : 'no'}; ask again for *sim* or *não*`);
  }
  const row = await recordConsent(ctx.db, {
    clinicId: ctx.clinic.id,
    patientId: ctx.patient.id,
    purpose: input.purpose,
    textVersion: asked.textVersion,
    granted: input.granted,
    messageId: ctx.message.id,
    at: ctx.now,
  });
  delete ctx.state.asked.consent;
  return { ok: true, consentId: row.id, granted: row.granted };
}

/** Consent for health data under the current text's version label. */
export function hasHealthConsent(ctx: Pick<ToolContext, 'db' | 'flows' | 'patient'>): Promise<boolean> {
  return hasGrantedConsent(ctx.db, ctx.patient.id, 'health_data', ctx.flows.get('booking.yaml').consent.health_data.version);
}

/** The patient already answered the reminders opt-in (either way), or opted out of messages. */
export async function remindersAnswered(ctx: Pick<ToolContext, 'db' | 'patient'>): Promise<boolean> {
  if (ctx.patient.optedOutAt) return true;
  return (await currentConsent(ctx.db, ctx.patient.id, 'reminders')) !== undefined;
}
