import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { findAvailableSlots } from '../../src/booking/find-available-slots';
import { bookSlot } from '../../src/booking/hold-slot';
import type { Database } from '../../src/db/open-database';
import { messages, type StaffRole } from '../../src/db/schema';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { createStaffUser } from '../../src/staff/staff-accounts';
import { PHONE_NUMBER_ID } from '../support/test-app';

export const PASSWORD = 'senha-de-teste-123';
export const SECOND_CLINIC = { id: 'clinica-aurora', name: 'Clínica Aurora', phoneNumberId: '999000111222' };

/** A staff account created the way `atende staff add` does it. */
export async function addStaff(database: Database, input: { clinicId?: string; email: string; role: StaffRole; name?: string; password?: string }) {
  return createStaffUser(database.db, { kind: 'system', id: 'test' }, {
    clinicId: input.clinicId ?? 'bella-pele',
    email: input.email,
    name: input.name ?? input.email.split('@')[0]!,
    role: input.role,
    password: input.password ?? PASSWORD,
    now: new Date(),
  });
}

/**
 * A FLOWS_DIR with two clinics: the demo (on the test WhatsApp number) and a second clinic on
 * its own number, each folder a full copy of the shipped flow files.
 */
export function twoClinicFlowsDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'atende-flows-'));
  const source = new URL('../../flows/', import.meta.url).pathname;
  const yamlFiles = readdirSync(source).filter((f) => f.endsWith('.yaml'));
  for (const [folder, clinic] of [
    ['a-bella', { id: 'bella-pele', name: 'Clínica Bella Pele', phoneNumberId: PHONE_NUMBER_ID }],
    ['b-aurora', SECOND_CLINIC],
  ] as const) {
    const dir = join(root, folder);
    mkdirSync(dir);
    for (const f of yamlFiles) cpSync(join(source, f), join(dir, f));
    const text = readFileSync(join(source, 'clinic.yaml'), 'utf8')
      .replace(/^  id: bella-pele$/m, `  id: ${clinic.id}`)
      .replace(/^  name: Clínica Bella Pele$/m, `  name: ${clinic.name}`)
      .replace(/^    phone_number_id: ""(.*)$/m, `    phone_number_id: "${clinic.phoneNumberId}"`);
    if (!text.includes(`id: ${clinic.id}`) || !text.includes(clinic.phoneNumberId)) throw new Error('clinic.yaml fixture did not apply');
    writeFileSync(join(dir, 'clinic.yaml'), text);
  }
  return root;
}

/** A booked appointment that started earlier (so attendance can be recorded), for a patient by phone. */
export async function pastAppointment(database: Database, input: { clinicId?: string; phone: string; name: string; serviceId?: string; now?: Date }) {
  const clinicId = input.clinicId ?? 'bella-pele';
  const now = input.now ?? new Date();
  const patient = await findOrCreatePatient(database.db, { clinicId, phone: input.phone, name: input.name, now });
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const slots = await findAvailableSlots(database.db, { clinicId, serviceId: input.serviceId ?? 'limpeza-de-pele', now: weekAgo, limit: 400 });
  const past = slots.filter((s) => s.startsAt.getTime() < now.getTime() - 3600_000);
  const slot = past[past.length - 1];
  if (!slot) throw new Error('no past slot to book');
  const appointment = await bookSlot(database.db, { clinicId, patientId: patient.id, serviceId: slot.serviceId, professionalId: slot.professionalId, startsAt: slot.startsAt, now: weekAgo, source: 'seed', actor: 'system' });
  return { patient, appointment };
}

/** A future booked appointment for a patient by phone. */
export async function futureAppointment(database: Database, input: { clinicId?: string; phone: string; name: string; serviceId?: string; now?: Date; skip?: number }) {
  const clinicId = input.clinicId ?? 'bella-pele';
  const now = input.now ?? new Date();
  const patient = await findOrCreatePatient(database.db, { clinicId, phone: input.phone, name: input.name, now });
  const slots = await findAvailableSlots(database.db, { clinicId, serviceId: input.serviceId ?? 'avaliacao', now, from: undefined, limit: 20 + (input.skip ?? 0) * 3 });
  const slot = slots[(input.skip ?? 0) * 3] ?? slots[0];
  if (!slot) throw new Error('no future slot');
  const appointment = await bookSlot(database.db, { clinicId, patientId: patient.id, serviceId: slot.serviceId, professionalId: slot.professionalId, startsAt: slot.startsAt, now, source: 'seed', actor: 'system' });
  return { patient, appointment };
}

/** Bot replies (author bot) in one conversation, in order. */
export async function botReplies(database: Database, conversationId: string): Promise<string[]> {
  const rows = await database.db
    .select({ body: messages.body })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.direction, 'out'), eq(messages.author, 'bot')))
    .orderBy(messages.seq);
  return rows.map((r) => r.body ?? '');
}
