import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { consents } from '../db/schema';
import type { ConsentPurpose } from '../flows/booking-schema';

export type ConsentRow = typeof consents.$inferSelect;

export interface ConsentAnswer {
  clinicId: string;
  patientId: string;
  purpose: ConsentPurpose;
  /** Exactly which text was shown (see consentTextVersion). */
  textVersion: string;
  granted: boolean;
  /** The patient's message that carries the answer: the evidence. */
  messageId: string | null;
  /** patient | staff:<id> | erasure */
  source?: string;
  at: Date;
}

/**
 * Records one LGPD consent answer as evidence: purpose, text version, answer, time and the
 * message that said it. Append-only — a later answer supersedes, never overwrites. Idempotent on
 * the evidence message, so a redelivered or retried turn does not record the answer twice.
 */
export async function recordConsent(db: Executor, answer: ConsentAnswer): Promise<ConsentRow> {
  if (answer.messageId) {
    const [same] = await db
      .select()
      .from(consents)
      .where(and(eq(consents.patientId, answer.patientId), eq(consents.purpose, answer.purpose), eq(consents.messageId, answer.messageId)));
    if (same) return same;
  }
  const [row] = await db
    .insert(consents)
    .values({
      clinicId: answer.clinicId,
      patientId: answer.patientId,
      purpose: answer.purpose,
      textVersion: answer.textVersion,
      granted: answer.granted,
      messageId: answer.messageId,
      source: answer.source ?? 'patient',
      at: answer.at,
    })
    .returning();
  return row!;
}

/** The patient's latest answer for a purpose (undefined: never asked or never answered). */
export async function currentConsent(db: Executor, patientId: string, purpose: ConsentPurpose): Promise<ConsentRow | undefined> {
  const [row] = await db
    .select()
    .from(consents)
    .where(and(eq(consents.patientId, patientId), eq(consents.purpose, purpose)))
    .orderBy(desc(consents.at), desc(consents.id))
    .limit(1);
  return row;
}

/**
 * Whether the patient's current answer grants the purpose under the owner's current version
 * label (a new label means new terms: ask again; a typo fix under the same label does not).
 */
export async function hasGrantedConsent(db: Executor, patientId: string, purpose: ConsentPurpose, versionLabel?: string): Promise<boolean> {
  const row = await currentConsent(db, patientId, purpose);
  if (!row?.granted) return false;
  return versionLabel === undefined || row.textVersion.split('#')[0] === versionLabel;
}
