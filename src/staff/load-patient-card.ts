import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { appointments, consents, dataRequests, professionals, screenings, services } from '../db/schema';
import { can, type Actor } from './actor';
import { conversationInClinic, patientInClinic } from './load-scoped';
import { listConversations, type ConversationListItem } from './load-conversation';
import { readScreeningAnswers } from '../screening/record-screening';
import { recordAudit } from './record-audit';
import type { StaffDeps } from './staff-deps';
import { staffError } from './staff-errors';

export interface CardAppointment {
  id: string;
  startsAt: Date;
  endsAt: Date;
  serviceId: string;
  service: string;
  professionalId: string;
  professional: string;
  status: string;
  riskTier: string | null;
  riskScore: number | null;
  confirmedAt: Date | null;
}

export interface PatientCard {
  patient: { id: string; name: string | null; phone: string | null; email: string | null; optedOutAt: Date | null; erasedAt: Date | null; createdAt: Date };
  appointments: CardAppointment[];
  /** The latest answer per purpose (health_data, reminders). */
  consents: { purpose: string; granted: boolean; at: Date; textVersion: string; source: string }[];
  /** Outcomes only; the answers open separately, for roles allowed, and each opening is audited. */
  screenings: { id: string; serviceId: string; service: string; outcome: string; at: Date; hasAnswers: boolean }[];
  conversations: ConversationListItem[];
  /** Whether this viewer may open screening answers. */
  canViewHealthData: boolean;
  /** LGPD data-subject requests (newest first), with their legal deadline. */
  dataRequests: { id: string; kind: string; status: string; requestedVia: string; createdAt: Date; dueAt: Date; doneAt: Date | null }[];
  /** Whether this viewer may export, erase and close data requests (owners). */
  canManageDataRights: boolean;
}

/**
 * The patient card next to a conversation: who, their appointments, their consents and screening
 * outcomes. Screening answers (health data) are never part of it.
 */
export async function loadPatientCard(db: Executor, actor: Actor, patientId: string): Promise<PatientCard> {
  const p = await patientInClinic(db, actor.clinicId, patientId);
  const appts = await db
    .select({ a: appointments, service: services.name, professional: professionals.name })
    .from(appointments)
    .leftJoin(services, and(eq(services.clinicId, appointments.clinicId), eq(services.id, appointments.serviceId)))
    .leftJoin(professionals, and(eq(professionals.clinicId, appointments.clinicId), eq(professionals.id, appointments.professionalId)))
    .where(and(eq(appointments.patientId, p.id), eq(appointments.clinicId, actor.clinicId)))
    .orderBy(desc(appointments.startsAt))
    .limit(30);
  const consentRows = await db
    .select()
    .from(consents)
    .where(and(eq(consents.patientId, p.id), eq(consents.clinicId, actor.clinicId)))
    .orderBy(desc(consents.at));
  const latestConsent = new Map<string, (typeof consentRows)[number]>();
  for (const c of consentRows) if (!latestConsent.has(c.purpose)) latestConsent.set(c.purpose, c);
  const screeningRows = await db
    .select({ s: screenings, service: services.name })
    .from(screenings)
    .leftJoin(services, and(eq(services.clinicId, screenings.clinicId), eq(services.id, screenings.serviceId)))
    .where(and(eq(screenings.patientId, p.id), eq(screenings.clinicId, actor.clinicId)))
    .orderBy(desc(screenings.createdAt))
    .limit(20);
  return {
    patient: { id: p.id, name: p.name, phone: p.phone, email: p.email, optedOutAt: p.optedOutAt, erasedAt: p.erasedAt, createdAt: p.createdAt },
    appointments: appts
      .filter(({ a }) => a.status !== 'held')
      .map(({ a, service, professional }) => ({
        id: a.id,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        serviceId: a.serviceId,
        service: service ?? a.serviceId,
        professionalId: a.professionalId,
        professional: professional ?? a.professionalId,
        status: a.status,
        riskTier: a.riskTier,
        riskScore: a.riskScore,
        confirmedAt: a.confirmedAt,
      })),
    consents: [...latestConsent.values()].map((c) => ({ purpose: c.purpose, granted: c.granted, at: c.at, textVersion: c.textVersion, source: c.source })),
    screenings: screeningRows.map(({ s, service }) => ({ id: s.id, serviceId: s.serviceId, service: service ?? s.serviceId, outcome: s.outcome, at: s.createdAt, hasAnswers: s.answersEnc != null })),
    conversations: await listConversations(db, actor.clinicId, { patientId: p.id, limit: 10 }),
    canViewHealthData: can(actor, 'view_health_data'),
    dataRequests: (
      await db
        .select()
        .from(dataRequests)
        .where(and(eq(dataRequests.patientId, p.id), eq(dataRequests.clinicId, actor.clinicId)))
        .orderBy(desc(dataRequests.createdAt))
        .limit(20)
    ).map((r) => ({ id: r.id, kind: r.kind, status: r.status, requestedVia: r.requestedVia, createdAt: r.createdAt, dueAt: r.dueAt, doneAt: r.doneAt })),
    canManageDataRights: can(actor, 'manage_data_rights'),
  };
}

/** The patient card of a conversation's patient. */
export async function loadPatientCardOfConversation(db: Executor, actor: Actor, conversationId: string): Promise<PatientCard> {
  const c = await conversationInClinic(db, actor.clinicId, conversationId);
  return loadPatientCard(db, actor, c.patientId);
}

export interface OpenedScreening {
  screeningId: string;
  serviceId: string;
  outcome: string;
  at: Date;
  /** The decrypted record (questions, answers as written, conditions found), or null when it cannot be opened. */
  answers: unknown;
  unavailable?: 'no_answers' | 'no_key';
}

/**
 * Opens a screening's answers — health data. Only roles allowed (owners) may, and every opening is
 * written to the audit log with who and when, before the data leaves the server.
 */
export async function openScreeningAnswers(deps: StaffDeps, actor: Actor, screeningId: string): Promise<OpenedScreening> {
  if (!can(actor, 'view_health_data')) throw staffError('FORBIDDEN', `${actor.role} may not view health data`);
  const db = deps.database.db;
  if (!/^[0-9a-f-]{36}$/i.test(screeningId)) throw staffError('NOT_FOUND', 'screening id');
  const [s] = await db.select().from(screenings).where(and(eq(screenings.id, screeningId), eq(screenings.clinicId, actor.clinicId)));
  if (!s) throw staffError('NOT_FOUND', `screening ${screeningId} not in clinic`);
  const base = { screeningId: s.id, serviceId: s.serviceId, outcome: s.outcome, at: s.createdAt };
  if (!s.answersEnc) return { ...base, answers: null, unavailable: 'no_answers' };
  if (!deps.crypto) return { ...base, answers: null, unavailable: 'no_key' };
  await recordAudit(db, actor, {
    clinicId: actor.clinicId,
    action: 'health_data.view',
    targetType: 'screening',
    targetId: s.id,
    data: { patientId: s.patientId, serviceId: s.serviceId },
    at: deps.clock.now(),
  });
  try {
    return { ...base, answers: readScreeningAnswers(deps.crypto, s) };
  } catch (err) {
    deps.logger.error({ err, screeningId: s.id }, 'screening answers could not be decrypted');
    return { ...base, answers: null, unavailable: 'no_key' };
  }
}
