import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../src/db/open-database';
import { appointments, consents, conversations, dataRequests, escalations, screenings, turns } from '../../../src/db/schema';
import { loadEncryptor } from '../../../src/lib/crypto';
import { readScreeningAnswers } from '../../../src/screening/record-screening';
import type { Scenario } from './scenario';

/** What a conversation left in the database, per patient: the evidence scenarios assert on. */
export async function recordsOf(db: Db, patientId: string) {
  const [conversation] = await db.select().from(conversations).where(eq(conversations.patientId, patientId));
  return {
    conversation: conversation!,
    appointments: await db.select().from(appointments).where(eq(appointments.patientId, patientId)).orderBy(asc(appointments.createdAt), asc(appointments.startsAt)),
    consents: await db.select().from(consents).where(eq(consents.patientId, patientId)).orderBy(asc(consents.at)),
    screenings: await db.select().from(screenings).where(eq(screenings.patientId, patientId)).orderBy(asc(screenings.createdAt)),
    escalations: await db.select().from(escalations).where(eq(escalations.patientId, patientId)),
    dataRequests: await db.select().from(dataRequests).where(eq(dataRequests.patientId, patientId)),
    turns: conversation ? await db.select().from(turns).where(eq(turns.conversationId, conversation.id)).orderBy(asc(turns.createdAt)) : [],
  };
}

/** Decrypts a stored screening with the app's own key (what an authorised staff view does). */
export function decryptScreening(scenario: Scenario, row: { answersEnc: string | null; patientId: string }) {
  return readScreeningAnswers(loadEncryptor(scenario.app.env), row);
}
