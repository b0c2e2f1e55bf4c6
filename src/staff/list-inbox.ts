import { and, asc, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/open-database';
import { appointments, conversations, escalations, messages, patients, professionals, services, staffUsers, type EscalationReason } from '../db/schema';

export interface InboxItem {
  escalationId: string;
  reason: EscalationReason;
  detail: string | null;
  status: 'open' | 'claimed';
  createdAt: Date;
  dueAt: Date | null;
  claimedAt: Date | null;
  claimedBy: { id: string; name: string } | null;
  conversation: { id: string; mode: string; channel: string; lastInboundAt: Date | null } | null;
  patient: { id: string; name: string | null; phone: string | null } | null;
  appointment: { id: string; startsAt: Date; service: string; professional: string; status: string; riskTier: string | null } | null;
  lastMessage: { body: string; author: string; at: Date } | null;
}

/**
 * The inbox: unresolved escalations of one clinic, most urgent first — the soonest appointment
 * first (the escalation's own, else the patient's next one), then the rest by age. Open ones
 * come before those already claimed.
 */
export async function listInbox(db: Executor, clinicId: string, options: { limit?: number; now?: Date } = {}): Promise<InboxItem[]> {
  const claimer = alias(staffUsers, 'claimer');
  const rows = await db
    .select({
      e: escalations,
      conversation: { id: conversations.id, mode: conversations.mode, channel: conversations.channel, lastInboundAt: conversations.lastInboundAt },
      patient: { id: patients.id, name: patients.name, phone: patients.phone },
      appointment: { id: appointments.id, startsAt: appointments.startsAt, status: appointments.status, riskTier: appointments.riskTier },
      service: services.name,
      professional: professionals.name,
      claimer: { id: claimer.id, name: claimer.name, email: claimer.email },
    })
    .from(escalations)
    .leftJoin(conversations, and(eq(conversations.id, escalations.conversationId), eq(conversations.clinicId, clinicId)))
    .leftJoin(patients, and(eq(patients.id, sql`coalesce(${escalations.patientId}, ${conversations.patientId})`), eq(patients.clinicId, clinicId)))
    .leftJoin(appointments, and(eq(appointments.id, escalations.appointmentId), eq(appointments.clinicId, clinicId)))
    .leftJoin(services, and(eq(services.clinicId, appointments.clinicId), eq(services.id, appointments.serviceId)))
    .leftJoin(professionals, and(eq(professionals.clinicId, appointments.clinicId), eq(professionals.id, appointments.professionalId)))
    .leftJoin(claimer, and(eq(claimer.id, escalations.claimedBy), eq(claimer.clinicId, clinicId)))
    .where(and(eq(escalations.clinicId, clinicId), inArray(escalations.status, ['open', 'claimed'])))
    .orderBy(
      sql`case when ${escalations.status} = 'open' then 0 else 1 end`,
      sql`coalesce(${escalations.dueAt}, ${appointments.startsAt}) asc nulls last`,
      asc(escalations.createdAt),
    )
    .limit(options.limit ?? 300);

  // An escalation raised from a conversation ("quero falar com uma pessoa") names no appointment:
  // the patient's next one tells how urgent it is.
  const withoutAppointment = [...new Set(rows.filter((r) => !r.appointment && r.patient).map((r) => r.patient!.id))];
  const nextByPatient = new Map<string, NonNullable<InboxItem['appointment']>>();
  if (withoutAppointment.length) {
    const since = new Date((options.now ?? new Date()).getTime() - 12 * 3600_000);
    const upcoming = await db
      .select({ a: appointments, service: services.name, professional: professionals.name })
      .from(appointments)
      .leftJoin(services, and(eq(services.clinicId, appointments.clinicId), eq(services.id, appointments.serviceId)))
      .leftJoin(professionals, and(eq(professionals.clinicId, appointments.clinicId), eq(professionals.id, appointments.professionalId)))
      .where(and(eq(appointments.clinicId, clinicId), inArray(appointments.patientId, withoutAppointment), inArray(appointments.status, ['booked', 'confirmed']), gte(appointments.startsAt, since)))
      .orderBy(asc(appointments.startsAt));
    for (const { a, service, professional } of upcoming) {
      if (a.patientId && !nextByPatient.has(a.patientId)) {
        nextByPatient.set(a.patientId, { id: a.id, startsAt: a.startsAt, status: a.status, riskTier: a.riskTier, service: service ?? a.serviceId, professional: professional ?? a.professionalId });
      }
    }
  }

  const conversationIds = [...new Set(rows.map((r) => r.conversation?.id).filter((id): id is string => !!id))];
  const last = new Map<string, { body: string; author: string; at: Date }>();
  if (conversationIds.length) {
    const latest = await db
      .selectDistinctOn([messages.conversationId], { conversationId: messages.conversationId, body: messages.body, author: messages.author, at: messages.receivedAt })
      .from(messages)
      .where(and(inArray(messages.conversationId, conversationIds), inArray(messages.direction, ['in', 'out'])))
      .orderBy(messages.conversationId, desc(messages.seq));
    for (const m of latest) last.set(m.conversationId, { body: m.body ?? '', author: m.author, at: m.at });
  }

  const items: InboxItem[] = rows.map((r) => {
    const appointment = r.appointment ? { ...r.appointment, service: r.service ?? '', professional: r.professional ?? '' } : r.patient ? (nextByPatient.get(r.patient.id) ?? null) : null;
    return {
      escalationId: r.e.id,
      reason: r.e.reason,
      detail: r.e.detail,
      status: r.e.status as 'open' | 'claimed',
      createdAt: r.e.createdAt,
      dueAt: r.e.dueAt ?? appointment?.startsAt ?? null,
      claimedAt: r.e.claimedAt,
      claimedBy: r.claimer ? { id: r.claimer.id, name: r.claimer.name || r.claimer.email } : null,
      conversation: r.conversation,
      patient: r.patient,
      appointment,
      lastMessage: r.conversation ? (last.get(r.conversation.id) ?? null) : null,
    };
  });
  const rank = (i: InboxItem) => (i.status === 'open' ? 0 : 1);
  return items.sort(
    (x, y) => rank(x) - rank(y) || (x.dueAt?.getTime() ?? Infinity) - (y.dueAt?.getTime() ?? Infinity) || x.createdAt.getTime() - y.createdAt.getTime(),
  );
}
