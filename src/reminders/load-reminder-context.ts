import { and, eq, inArray, isNotNull, sql, type SQLWrapper } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { appointments, clinics, conversations, patients, professionals, reminders, services } from '../db/schema';
import type { ClinicFlows } from '../flows/clinic-flows';
import type { ConversationRow } from '../pipeline/turn-handler';
import type { ReminderDeps } from './reminder-deps';
import type { ReminderFacts } from './reminder-variables';

export type AppointmentRow = typeof appointments.$inferSelect;
export type PatientRow = typeof patients.$inferSelect;

/** What firing a step needs to know about its appointment, read in one query. */
export interface ReminderContext {
  appointment: AppointmentRow;
  patient: PatientRow | null;
  clinic: { id: string; name: string; timezone: string; whatsappPhoneNumberId: string | null; smsNumber: string | null };
  serviceName: string;
  professionalName: string;
  remindersRefused: boolean;
}

/** Whether a patient's latest word on reminder consent is a refusal (no record: not refused). */
export const remindersRefusedSql = (patientId: SQLWrapper) =>
  sql<boolean>`coalesce((select not c.granted from consents c where c.patient_id = ${patientId} and c.purpose = 'reminders' order by c.at desc limit 1), false)`;

const refusedSql = remindersRefusedSql(patients.id);

const contextColumns = {
  appointment: appointments,
  patient: patients,
  clinic: { id: clinics.id, name: clinics.name, timezone: clinics.timezone, whatsappPhoneNumberId: clinics.whatsappPhoneNumberId, smsNumber: clinics.smsNumber },
  serviceName: services.name,
  professionalName: professionals.name,
  refused: refusedSql,
};

type ContextRow = { appointment: AppointmentRow; patient: PatientRow | null; clinic: ReminderContext['clinic']; serviceName: string | null; professionalName: string | null; refused: boolean | null };

function toContext(row: ContextRow): ReminderContext {
  return {
    appointment: row.appointment,
    patient: row.patient,
    clinic: row.clinic,
    serviceName: row.serviceName ?? row.appointment.serviceId,
    professionalName: row.professionalName ?? '',
    remindersRefused: !!row.patient && row.refused === true,
  };
}

/** The appointment, patient, clinic, names and reminder consent of one appointment, in one query. */
export async function loadReminderContext(tx: Executor, appointmentId: string): Promise<ReminderContext | null> {
  const [row] = await tx
    .select(contextColumns)
    .from(appointments)
    .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
    .leftJoin(patients, eq(patients.id, appointments.patientId))
    .leftJoin(services, and(eq(services.clinicId, appointments.clinicId), eq(services.id, appointments.serviceId)))
    .leftJoin(professionals, and(eq(professionals.clinicId, appointments.clinicId), eq(professionals.id, appointments.professionalId)))
    .where(eq(appointments.id, appointmentId));
  return row ? toContext(row) : null;
}

export interface LoadedStep {
  row: typeof reminders.$inferSelect;
  ctx: ReminderContext | null;
  /** A later step on the same channel is also due already: after an outage only the latest goes. */
  superseded: boolean;
}

/** Steps with everything firing them needs — row, appointment context, superseded flag — in one query. */
export async function loadStepContexts(db: Executor, reminderIds: readonly string[], now: Date): Promise<LoadedStep[]> {
  if (reminderIds.length === 0) return [];
  const found = await db
    .select({
      row: reminders,
      ...contextColumns,
      appointment: appointments,
      superseded: sql<boolean>`exists (select 1 from reminders later where later.appointment_id = ${reminders.appointmentId} and later.id <> ${reminders.id}
        and later.status = 'pending' and later.channel = ${reminders.channel} and later.due_at > ${reminders.dueAt} and later.due_at <= ${now.toISOString()}::timestamptz)`,
    })
    .from(reminders)
    .leftJoin(appointments, eq(appointments.id, reminders.appointmentId))
    .leftJoin(clinics, eq(clinics.id, appointments.clinicId))
    .leftJoin(patients, eq(patients.id, appointments.patientId))
    .leftJoin(services, and(eq(services.clinicId, appointments.clinicId), eq(services.id, appointments.serviceId)))
    .leftJoin(professionals, and(eq(professionals.clinicId, appointments.clinicId), eq(professionals.id, appointments.professionalId)))
    .where(inArray(reminders.id, [...reminderIds]));
  return found.map((f) => ({
    row: f.row,
    ctx: f.appointment && f.clinic ? toContext({ ...f, appointment: f.appointment, clinic: f.clinic }) : null,
    superseded: f.superseded === true,
  }));
}

/** The facts reminder texts name, from the appointment's context and its clinic's owner files. */
export function reminderFacts(ctx: ReminderContext, flows: ClinicFlows | undefined): ReminderFacts {
  return {
    patientName: ctx.patient?.name ?? null,
    clinicName: ctx.clinic.name,
    clinicPhone: flows?.clinic().clinic.phone ?? '',
    serviceName: ctx.serviceName,
    professionalName: ctx.professionalName,
    startsAt: ctx.appointment.startsAt,
    timeZone: ctx.clinic.timezone,
  };
}

/** Channels that carry a WhatsApp-step reminder, best first. */
const WHATSAPP_LIKE = ['whatsapp', 'whatsapp_web', 'simulator'] as const;

export interface ConversationWanted {
  key: string;
  ctx: ReminderContext;
  channel: 'whatsapp' | 'sms';
}

/**
 * The conversation each reminder goes out on. A WhatsApp step prefers the conversation the patient
 * booked in, then their WhatsApp (Cloud API, then whatsapp-web.js, then simulator) thread, most
 * recently active first, and otherwise opens a WhatsApp thread from the clinic's phone_number_id.
 * An SMS step uses the patient's SMS thread or opens one from the clinic's SMS number (SMS_FROM).
 * Only channels with a configured sender qualify; null when none does (the caller falls back or
 * fails the step). Batched: one read for all patients, one insert for the threads to open.
 */
export async function reminderConversations(
  tx: Executor,
  deps: Pick<ReminderDeps, 'senders' | 'smsFrom'>,
  wanted: readonly ConversationWanted[],
  now: Date,
): Promise<Map<string, ConversationRow | null>> {
  const out = new Map<string, ConversationRow | null>();
  const patientIds = [...new Set(wanted.map((w) => w.ctx.patient?.id).filter((id): id is string => !!id))];
  const existing = patientIds.length
    ? await tx
        .select()
        .from(conversations)
        .where(and(inArray(conversations.patientId, patientIds), inArray(conversations.channel, [...WHATSAPP_LIKE, 'sms']), isNotNull(conversations.patientAddress)))
    : [];
  const byPatient = new Map<string, ConversationRow[]>();
  for (const c of existing) {
    let list = byPatient.get(c.patientId);
    if (!list) byPatient.set(c.patientId, (list = []));
    list.push(c);
  }
  const toOpen = new Map<string, typeof conversations.$inferInsert>();
  const openKey = (clinicId: string, channel: string, address: string) => `${clinicId}|${channel}|${address}`;
  const pendingOpen: { key: string; open: string }[] = [];
  for (const w of wanted) {
    const patient = w.ctx.patient;
    if (!patient) {
      out.set(w.key, null);
      continue;
    }
    const channels: readonly string[] = w.channel === 'sms' ? ['sms'] : WHATSAPP_LIKE;
    const rank = (c: ConversationRow) => [
      c.id === w.ctx.appointment.conversationId ? 0 : 1,
      channels.indexOf(c.channel),
      -(c.lastInboundAt ?? c.createdAt).getTime(),
    ];
    const usable = (byPatient.get(patient.id) ?? [])
      .filter((c) => channels.includes(c.channel) && deps.senders[c.channel as keyof ReminderDeps['senders']])
      .sort((a, b) => {
        const ra = rank(a);
        const rb = rank(b);
        return ra[0]! - rb[0]! || ra[1]! - rb[1]! || ra[2]! - rb[2]!;
      })[0];
    if (usable) {
      out.set(w.key, usable);
      continue;
    }
    const address = w.channel === 'sms' ? (w.ctx.clinic.smsNumber ?? deps.smsFrom) : w.ctx.clinic.whatsappPhoneNumberId;
    if (!patient.phone || !address || !deps.senders[w.channel]) {
      out.set(w.key, null);
      continue;
    }
    const k = openKey(w.ctx.clinic.id, w.channel, patient.phone);
    toOpen.set(k, { clinicId: w.ctx.clinic.id, patientId: patient.id, channel: w.channel, clinicAddress: address, patientAddress: patient.phone, createdAt: now, updatedAt: now });
    pendingOpen.push({ key: w.key, open: k });
  }
  if (toOpen.size > 0) {
    // Race-safe like findOrCreateConversation: whoever inserts first wins, the others read it back.
    const rows = [...toOpen.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
    const opened = await tx.insert(conversations).values(rows).onConflictDoNothing().returning();
    const found = new Map(opened.map((c) => [openKey(c.clinicId, c.channel, c.patientAddress ?? ''), c]));
    const missing = [...toOpen.entries()].filter(([k]) => !found.has(k));
    for (const [k, v] of missing) {
      const [raced] = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clinicId, v.clinicId), eq(conversations.channel, v.channel), eq(conversations.patientAddress, v.patientAddress!)));
      if (raced) found.set(k, raced);
    }
    for (const p of pendingOpen) out.set(p.key, found.get(p.open) ?? null);
  }
  return out;
}
