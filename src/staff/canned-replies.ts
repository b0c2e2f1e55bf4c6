import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { appointments, professionals, services } from '../db/schema';
import { fillCannedText, type CannedReply, type CannedVariable } from '../flows/canned-schema';
import type { FlowRegistry } from '../flows/clinic-flows';
import { describeInstantPt } from '../lib/clinic-time';
import type { Actor } from './actor';

export interface RenderedCanned {
  id: string;
  title: string;
  text: string;
  /** The approved template with its parameters filled, when the reply has one. */
  template: { name: string; language: string; params: string[] } | null;
}

/** Values for `{{variables}}` of canned replies: the patient, the clinic, who writes, the next appointment. */
export async function cannedValues(
  db: Executor,
  input: { actor: Actor; clinic: { name: string; timezone: string }; patient: { id: string; name: string | null } | null; now: Date },
): Promise<Partial<Record<CannedVariable, string>>> {
  const values: Partial<Record<CannedVariable, string>> = {
    'clinic.name': input.clinic.name,
    'staff.name': input.actor.kind === 'staff' ? input.actor.name || 'a recepção' : 'a recepção',
    'patient.name': input.patient?.name ?? '',
    'patient.first_name': (input.patient?.name ?? '').trim().split(/\s+/)[0] ?? '',
  };
  if (input.patient) {
    const [next] = await db
      .select({ startsAt: appointments.startsAt, service: services.name, professional: professionals.name })
      .from(appointments)
      .innerJoin(services, and(eq(services.clinicId, appointments.clinicId), eq(services.id, appointments.serviceId)))
      .innerJoin(professionals, and(eq(professionals.clinicId, appointments.clinicId), eq(professionals.id, appointments.professionalId)))
      .where(and(eq(appointments.patientId, input.patient.id), inArray(appointments.status, ['booked', 'confirmed']), gt(appointments.startsAt, input.now)))
      .orderBy(asc(appointments.startsAt))
      .limit(1);
    if (next) {
      values['appointment.when'] = describeInstantPt(next.startsAt, input.clinic.timezone);
      values['appointment.service'] = next.service;
      values['appointment.professional'] = next.professional;
    }
  }
  return values;
}

/** The clinic's canned replies (flows/canned.yaml, hot-reloaded), filled for one conversation. */
export function renderCannedReplies(flows: FlowRegistry, clinicId: string, values: Partial<Record<CannedVariable, string>>): RenderedCanned[] {
  const file = flows.get(clinicId)?.get('canned.yaml');
  return (file?.replies ?? []).map((r: CannedReply) => ({
    id: r.id,
    title: r.title,
    text: fillCannedText(r.text, values),
    template: r.template ? { name: r.template.name, language: r.template.language, params: r.template.params.map((p) => fillCannedText(p, values) || '-') } : null,
  }));
}
