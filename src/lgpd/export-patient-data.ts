import { and, asc, eq, inArray, or } from 'drizzle-orm';
import {
  appointmentEvents,
  appointments,
  clinics,
  consents,
  conversations,
  dataRequests,
  escalations,
  messages,
  professionals,
  reminders,
  screenings,
  services,
} from '../db/schema';
import type { Encryptor } from '../lib/crypto';
import { readScreeningAnswers, screeningAad, type ScreeningAnswers } from '../screening/record-screening';
import { requirePermission, type Actor } from '../staff/actor';
import { patientInClinic } from '../staff/load-scoped';
import { recordAudit } from '../staff/record-audit';
import type { LgpdDeps } from './lgpd-deps';
import { messageAad, readCpf, replyIndexesOf, stateEnvelopes } from './sensitive-fields';

/** Identifies the document; `version` changes whenever a field changes meaning or disappears. */
export const PATIENT_EXPORT_FORMAT = 'atende.patient-export';
export const PATIENT_EXPORT_VERSION = 1;

/** A value that could not be opened: the document says so instead of failing or guessing. */
export interface ExportProblem {
  /** Which value: the CPF, a message text or a screening's answers. */
  field: 'patient.cpf' | 'message.text' | 'screening.answers' | 'conversation.answers';
  /** Row id (patient, message or screening). */
  id: string;
  /** no_key: this server has no encryption key; undecryptable: the key is not in the ring, or the value is damaged. */
  problem: 'no_key' | 'undecryptable';
}

type Iso = string | null;

export interface PatientExport {
  format: typeof PATIENT_EXPORT_FORMAT;
  version: typeof PATIENT_EXPORT_VERSION;
  exportedAt: string;
  clinic: { id: string; name: string | null };
  patient: {
    id: string;
    name: string | null;
    phone: string | null;
    email: string | null;
    cpf: string | null;
    birthDate: string | null;
    sex: string | null;
    createdAt: Iso;
    optedOutAt: Iso;
    erasedAt: Iso;
  };
  conversations: {
    id: string;
    channel: string;
    patientAddress: string | null;
    mode: string;
    createdAt: Iso;
    lastMessageAt: Iso;
    /** Health answers of a booking still in progress (null where a value could not be decrypted). */
    answersInProgress: unknown[];
    messages: {
      id: string;
      /** in (from the patient) | out (to the patient) | note (internal note of the clinic's team) */
      direction: string;
      /** patient | bot | staff | system */
      author: string;
      kind: string;
      /** The text as written or sent; sensitive texts decrypted; null when erased or unreadable. */
      text: string | null;
      /** The text was stored encrypted (a health answer, a CPF, or a reply restating them). */
      protected: boolean;
      template: { name: string; language: string; params: string[] } | null;
      status: string;
      at: Iso;
      sentAt: Iso;
      deliveredAt: Iso;
      readAt: Iso;
    }[];
  }[];
  appointments: {
    id: string;
    serviceId: string;
    service: string | null;
    professionalId: string;
    professional: string | null;
    startsAt: Iso;
    endsAt: Iso;
    status: string;
    source: string;
    priceCents: number | null;
    cancelReason: string | null;
    confirmedAt: Iso;
    riskTier: string | null;
    riskScore: number | null;
    createdAt: Iso;
    /** Who is given as a role only (patient, bot, system, staff, api): team members' ids are not the patient's data. */
    events: { type: string; fromStatus: string | null; toStatus: string | null; by: string; reason: string | null; at: Iso }[];
  }[];
  consents: { purpose: string; granted: boolean; textVersion: string; source: string; at: Iso }[];
  screenings: { id: string; serviceId: string; outcome: string; at: Iso; answers: ScreeningAnswers | null }[];
  reminders: { appointmentId: string; step: string; channel: string; dueAt: Iso; status: string; sentAt: Iso }[];
  escalations: { reason: string; detail: string | null; status: string; createdAt: Iso; resolvedAt: Iso }[];
  dataRequests: { id: string; kind: string; status: string; requestedVia: string; createdAt: Iso; dueAt: Iso; doneAt: Iso }[];
  problems: ExportProblem[];
}

/** Filename of an export download: ids only, never the patient's name. */
export const exportFilename = (patientId: string, at: Date) => `atende-paciente-${patientId}-${at.toISOString().slice(0, 10)}.json`;

const iso = (d: Date | null | undefined): Iso => (d ? d.toISOString() : null);

/** 'staff:<uuid>' → 'staff'. */
const roleOf = (actor: string) => actor.split(':')[0] ?? actor;

/**
 * Everything Atende holds about one patient, as one JSON document (LGPD art. 18, II and V: access
 * and portability): the record, every conversation with every message (protected texts decrypted),
 * appointments with their history, consents, screenings with their answers, reminders,
 * escalations and data requests. Owners only, scoped to their clinic (another clinic's patient is
 * NOT_FOUND); written to the audit log before any of it leaves. A value that cannot be decrypted is
 * listed in `problems` and left out — never a crash, never ciphertext passed off as text.
 */
export async function exportPatientData(deps: LgpdDeps, actor: Actor, patientId: string): Promise<PatientExport> {
  requirePermission(actor, 'manage_data_rights');
  const db = deps.database.db;
  const p = await patientInClinic(db, actor.clinicId, patientId);
  const clinicId = actor.clinicId;
  const problems: ExportProblem[] = [];
  const open = <T>(field: ExportProblem['field'], id: string, read: (crypto: Encryptor) => T): T | null => {
    if (!deps.crypto) {
      problems.push({ field, id, problem: 'no_key' });
      return null;
    }
    try {
      return read(deps.crypto);
    } catch (err) {
      deps.logger.warn({ err: (err as Error).message, field, id }, 'export: value could not be decrypted');
      problems.push({ field, id, problem: 'undecryptable' });
      return null;
    }
  };

  const [clinic] = await db.select({ name: clinics.name }).from(clinics).where(eq(clinics.id, clinicId));
  const convRows = await db
    .select()
    .from(conversations)
    .where(and(eq(conversations.patientId, p.id), eq(conversations.clinicId, clinicId)))
    .orderBy(asc(conversations.createdAt));
  const convIds = convRows.map((c) => c.id);
  const msgRows = convIds.length
    ? await db
        .select()
        .from(messages)
        .where(and(inArray(messages.conversationId, convIds), eq(messages.clinicId, clinicId)))
        .orderBy(asc(messages.seq))
    : [];
  const replyIndexes = replyIndexesOf(msgRows);

  const apptRows = await db
    .select({ a: appointments, service: services.name, professional: professionals.name })
    .from(appointments)
    .leftJoin(services, and(eq(services.clinicId, appointments.clinicId), eq(services.id, appointments.serviceId)))
    .leftJoin(professionals, and(eq(professionals.clinicId, appointments.clinicId), eq(professionals.id, appointments.professionalId)))
    .where(and(eq(appointments.patientId, p.id), eq(appointments.clinicId, clinicId)))
    .orderBy(asc(appointments.startsAt));
  const apptIds = apptRows.map((r) => r.a.id);
  const eventRows = apptIds.length
    ? await db.select().from(appointmentEvents).where(inArray(appointmentEvents.appointmentId, apptIds)).orderBy(asc(appointmentEvents.at), asc(appointmentEvents.id))
    : [];
  const reminderRows = apptIds.length
    ? await db.select().from(reminders).where(and(inArray(reminders.appointmentId, apptIds), eq(reminders.clinicId, clinicId))).orderBy(asc(reminders.dueAt))
    : [];
  const consentRows = await db.select().from(consents).where(and(eq(consents.patientId, p.id), eq(consents.clinicId, clinicId))).orderBy(asc(consents.at));
  const screeningRows = await db.select().from(screenings).where(and(eq(screenings.patientId, p.id), eq(screenings.clinicId, clinicId))).orderBy(asc(screenings.createdAt));
  const escalationRows = await db
    .select()
    .from(escalations)
    .where(and(eq(escalations.clinicId, clinicId), convIds.length ? or(eq(escalations.patientId, p.id), inArray(escalations.conversationId, convIds)) : eq(escalations.patientId, p.id)))
    .orderBy(asc(escalations.createdAt));
  const requestRows = await db
    .select()
    .from(dataRequests)
    .where(and(eq(dataRequests.patientId, p.id), eq(dataRequests.clinicId, clinicId)))
    .orderBy(asc(dataRequests.createdAt));

  const document: PatientExport = {
    format: PATIENT_EXPORT_FORMAT,
    version: PATIENT_EXPORT_VERSION,
    exportedAt: deps.clock.now().toISOString(),
    clinic: { id: clinicId, name: clinic?.name ?? null },
    patient: {
      id: p.id,
      name: p.name,
      phone: p.phone,
      email: p.email,
      cpf: p.cpfEnc ? open('patient.cpf', p.id, (c) => readCpf(c, p)) : null,
      birthDate: p.birthDate,
      sex: p.sex,
      createdAt: iso(p.createdAt),
      optedOutAt: iso(p.optedOutAt),
      erasedAt: iso(p.erasedAt),
    },
    conversations: convRows.map((c) => ({
      id: c.id,
      channel: c.channel,
      patientAddress: c.patientAddress,
      mode: c.mode,
      createdAt: iso(c.createdAt),
      lastMessageAt: iso(c.lastMessageAt),
      // Health answers of a booking still in progress (kept encrypted in the conversation's state).
      answersInProgress: stateEnvelopes(c.state).map((e) => open('conversation.answers', c.id, (cr) => JSON.parse(cr.decrypt(e.value, screeningAad(p.id))) as unknown)),
      messages: msgRows
        .filter((m) => m.conversationId === c.id)
        .map((m) => ({
          id: m.id,
          direction: m.direction,
          author: m.author,
          kind: m.kind,
          text: m.bodyEnc ? open('message.text', m.id, (cr) => cr.decrypt(m.bodyEnc!, messageAad(m, replyIndexes.get(m.id)))) : m.body,
          protected: m.bodyEnc != null,
          template: m.template ?? null,
          status: m.status,
          at: iso(m.receivedAt),
          sentAt: iso(m.sentAt),
          deliveredAt: iso(m.deliveredAt),
          readAt: iso(m.readAt),
        })),
    })),
    appointments: apptRows.map(({ a, service, professional }) => ({
      id: a.id,
      serviceId: a.serviceId,
      service: service ?? null,
      professionalId: a.professionalId,
      professional: professional ?? null,
      startsAt: iso(a.startsAt),
      endsAt: iso(a.endsAt),
      status: a.status,
      source: a.source,
      priceCents: a.priceCents,
      cancelReason: a.cancelReason,
      confirmedAt: iso(a.confirmedAt),
      riskTier: a.riskTier,
      riskScore: a.riskScore,
      createdAt: iso(a.createdAt),
      events: eventRows
        .filter((e) => e.appointmentId === a.id)
        .map((e) => ({ type: e.type, fromStatus: e.fromStatus, toStatus: e.toStatus, by: roleOf(e.actor), reason: e.reason, at: iso(e.at) })),
    })),
    consents: consentRows.map((c) => ({ purpose: c.purpose, granted: c.granted, textVersion: c.textVersion, source: roleOf(c.source), at: iso(c.at) })),
    screenings: screeningRows.map((s) => ({
      id: s.id,
      serviceId: s.serviceId,
      outcome: s.outcome,
      at: iso(s.createdAt),
      answers: s.answersEnc ? open('screening.answers', s.id, (c) => readScreeningAnswers(c, s)) : null,
    })),
    reminders: reminderRows.map((r) => ({ appointmentId: r.appointmentId, step: r.stepKey, channel: r.channel, dueAt: iso(r.dueAt), status: r.status, sentAt: iso(r.sentAt) })),
    escalations: escalationRows.map((e) => ({ reason: e.reason, detail: e.detail, status: e.status, createdAt: iso(e.createdAt), resolvedAt: iso(e.resolvedAt) })),
    dataRequests: requestRows.map((r) => ({ id: r.id, kind: r.kind, status: r.status, requestedVia: r.requestedVia, createdAt: iso(r.createdAt), dueAt: iso(r.dueAt), doneAt: iso(r.doneAt) })),
    problems,
  };

  // Before the data leaves the server: who exported whose data, when, and how much (no content).
  await recordAudit(db, actor, {
    clinicId,
    action: 'lgpd.export',
    targetType: 'patient',
    targetId: p.id,
    data: {
      format: `${PATIENT_EXPORT_FORMAT}/${PATIENT_EXPORT_VERSION}`,
      conversations: document.conversations.length,
      messages: msgRows.length,
      appointments: document.appointments.length,
      screenings: document.screenings.length,
      problems: problems.length,
    },
    at: deps.clock.now(),
  });
  return document;
}
