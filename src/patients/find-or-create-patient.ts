import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { patients } from '../db/schema';

export type Patient = typeof patients.$inferSelect;

/**
 * The patient behind a phone number at a clinic, created on first contact. Safe under
 * concurrency: two first messages at once end with one patient row.
 */
export async function findOrCreatePatient(
  db: Executor,
  input: { clinicId: string; phone: string; name?: string | null; now?: Date },
): Promise<Patient> {
  const existing = await db
    .select()
    .from(patients)
    .where(and(eq(patients.clinicId, input.clinicId), eq(patients.phone, input.phone)));
  if (existing[0]) return existing[0];
  const now = input.now ?? new Date();
  const inserted = await db
    .insert(patients)
    .values({ clinicId: input.clinicId, phone: input.phone, name: input.name ?? null, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
  if (inserted[0]) return inserted[0];
  const [row] = await db
    .select()
    .from(patients)
    .where(and(eq(patients.clinicId, input.clinicId), eq(patients.phone, input.phone)));
  if (!row) throw new Error('patient vanished after conflict');
  return row;
}
