import { describeInstantPt, formatHm, localDateOf, localMinutesOf, weekdayNamePt } from '../lib/clinic-time';

/** Everything a reminder text may name about an appointment (see REMINDER_VARIABLES). */
export interface ReminderFacts {
  patientName: string | null;
  clinicName: string;
  clinicPhone: string;
  serviceName: string;
  professionalName: string;
  startsAt: Date;
  timeZone: string;
}

export function reminderVariables(f: ReminderFacts): Record<string, string> {
  const date = localDateOf(f.startsAt, f.timeZone);
  const [, mm, dd] = date.split('-');
  const name = (f.patientName ?? '').trim();
  return {
    'patient.name': name,
    'patient.first_name': name.split(/\s+/)[0] ?? '',
    'clinic.name': f.clinicName,
    'clinic.phone': f.clinicPhone,
    'appointment.when': describeInstantPt(f.startsAt, f.timeZone),
    'appointment.date': `${dd}/${mm}`,
    'appointment.time': formatHm(localMinutesOf(f.startsAt, f.timeZone)),
    'appointment.weekday': weekdayNamePt(date),
    'appointment.service': f.serviceName,
    'appointment.professional': f.professionalName,
  };
}

/**
 * Fills `{{variables}}`. An unknown name (the patient never told it) leaves no trace: "Olá, !"
 * becomes "Olá!", so a reminder never reads as a broken form letter.
 */
export function renderReminderText(text: string, vars: Record<string, string>): string {
  return text
    .replace(/\{\{\s*([a-z_.]+)\s*\}\}/g, (_, k: string) => vars[k] ?? '')
    .replace(/,\s*([!?.,])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/**
 * A WhatsApp template parameter: Meta refuses empty ones, so an unknown first name becomes a
 * neutral word rather than failing the send.
 */
export function renderTemplateParam(text: string, vars: Record<string, string>): string {
  const out = renderReminderText(text, vars);
  return out === '' ? 'cliente' : out;
}
