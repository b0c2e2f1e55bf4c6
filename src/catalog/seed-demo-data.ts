import { count, eq } from 'drizzle-orm';
import { bookSlot } from '../booking/hold-slot';
import { findAvailableSlots } from '../booking/find-available-slots';
import { confirmAppointment } from '../booking/change-appointment';
import type { Db } from '../db/open-database';
import { patients } from '../db/schema';
import { findOrCreatePatient } from '../patients/find-or-create-patient';

const DEMO_PATIENTS = [
  { phone: '+5511990010001', name: 'Fernanda Costa', service: 'toxina-botulinica' },
  { phone: '+5511990010002', name: 'Patrícia Almeida', service: 'limpeza-de-pele' },
  { phone: '+5511990010003', name: 'Juliana Ribeiro', service: 'preenchimento-labial' },
  { phone: '+5511990010004', name: 'Camila Santos', service: 'avaliacao' },
  { phone: '+5511990010005', name: 'Beatriz Oliveira', service: 'depilacao-laser' },
  { phone: '+5511990010006', name: 'Renata Lima', service: 'peeling-quimico' },
];

/**
 * Demo patients with appointments over the coming days, so the agenda and the inbox have
 * something to show on a fresh install. Idempotent: does nothing when the clinic has patients.
 */
export async function seedDemoData(db: Db, clinicId: string, now: Date): Promise<{ patients: number; appointments: number }> {
  const [existing] = await db.select({ n: count() }).from(patients).where(eq(patients.clinicId, clinicId));
  if ((existing?.n ?? 0) > 0) return { patients: 0, appointments: 0 };
  let appointments = 0;
  for (const [i, p] of DEMO_PATIENTS.entries()) {
    const patient = await findOrCreatePatient(db, { clinicId, phone: p.phone, name: p.name, now });
    const slots = await findAvailableSlots(db, { clinicId, serviceId: p.service, now: new Date(now.getTime() + (i + 1) * 26 * 3600_000), limit: 1 });
    const slot = slots[0];
    if (!slot) continue;
    const a = await bookSlot(db, { clinicId, patientId: patient.id, serviceId: p.service, professionalId: slot.professionalId, startsAt: slot.startsAt, now, source: 'seed', actor: 'system' });
    if (i % 2 === 0) await confirmAppointment(db, { clinicId, appointmentId: a.id, actor: 'system', now });
    appointments++;
  }
  return { patients: DEMO_PATIENTS.length, appointments };
}
