import { and, eq, gte } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { screenings } from '../db/schema';
import type { Encryptor } from '../lib/crypto';
import type { Condition } from '../understanding/types';
import type { ScreeningOutcome } from './evaluate-screening';

export type ScreeningRow = typeof screenings.$inferSelect;

/** What is encrypted at rest: the questions as asked, the answers as written, what was understood. */
export interface ScreeningAnswers {
  asked: Condition[];
  /** The patient's own words, one entry per message that answered. */
  answers: string[];
  conditions: Condition[];
  /** Why the outcome is what it is when no condition explains it (e.g. an answer never understood). */
  note?: string;
}

/** Additional data binding an envelope to its patient: a value copied to another row fails to decrypt. */
export const screeningAad = (patientId: string) => `screening:${patientId}`;

/**
 * Stores a screening: the outcome in clear (the booking logic needs it), everything the patient
 * said encrypted with the clinic's key (health data, LGPD art. 11).
 */
export async function recordScreening(
  db: Executor,
  crypto: Encryptor,
  input: { clinicId: string; patientId: string; serviceId: string; conversationId: string | null; outcome: ScreeningOutcome; answers: ScreeningAnswers; flowVersion: string; at: Date },
): Promise<ScreeningRow> {
  const [row] = await db
    .insert(screenings)
    .values({
      clinicId: input.clinicId,
      patientId: input.patientId,
      serviceId: input.serviceId,
      conversationId: input.conversationId,
      outcome: input.outcome,
      answersEnc: crypto.encrypt(JSON.stringify(input.answers), screeningAad(input.patientId)),
      flowVersion: input.flowVersion,
      createdAt: input.at,
    })
    .returning();
  return row!;
}

/** Decrypts a screening's answers (staff views log this access in the audit log). */
export function readScreeningAnswers(crypto: Encryptor, row: Pick<ScreeningRow, 'answersEnc' | 'patientId'>): ScreeningAnswers | null {
  if (!row.answersEnc) return null;
  return JSON.parse(crypto.decrypt(row.answersEnc, screeningAad(row.patientId))) as ScreeningAnswers;
}

/**
 * The screening a booking relies on, checked in the database rather than trusted from
 * conversation state: this patient, this service, outcome clear, recorded since `since`.
 */
export async function findClearScreening(db: Executor, input: { screeningId: string; patientId: string; serviceId: string; since: Date }): Promise<ScreeningRow | undefined> {
  const [row] = await db
    .select()
    .from(screenings)
    .where(
      and(
        eq(screenings.id, input.screeningId),
        eq(screenings.patientId, input.patientId),
        eq(screenings.serviceId, input.serviceId),
        eq(screenings.outcome, 'clear'),
        gte(screenings.createdAt, input.since),
      ),
    );
  return row;
}
