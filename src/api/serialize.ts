import type { InboxItem } from '../staff/list-inbox';
import type { ConversationListItem, EscalationRow, TimelineMessage } from '../staff/load-conversation';
import type { PatientCard } from '../staff/load-patient-card';
import type { appointments, conversations, patients } from '../db/schema';

/** JSON shapes of /api/v1: ISO 8601 instants, ids as strings, no internal columns (leases, hashes, state). */
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function escalationJson(e: EscalationRow | InboxItem) {
  if ('escalationId' in e) {
    return {
      id: e.escalationId,
      reason: e.reason,
      detail: e.detail,
      status: e.status,
      dueAt: iso(e.dueAt),
      createdAt: iso(e.createdAt),
      claimedAt: iso(e.claimedAt),
      claimedBy: e.claimedBy?.id ?? null,
      conversationId: e.conversation?.id ?? null,
      patient: e.patient,
      appointment: e.appointment ? { ...e.appointment, startsAt: iso(e.appointment.startsAt) } : null,
    };
  }
  return {
    id: e.id,
    reason: e.reason,
    detail: e.detail,
    status: e.status,
    dueAt: iso(e.dueAt),
    createdAt: iso(e.createdAt),
    claimedAt: iso(e.claimedAt),
    claimedBy: e.claimedBy,
    resolvedAt: iso(e.resolvedAt),
    resolvedBy: e.resolvedBy,
    firstStaffReplyAt: iso(e.firstStaffReplyAt),
    conversationId: e.conversationId,
    patientId: e.patientId,
    appointmentId: e.appointmentId,
  };
}

export function messageJson(m: TimelineMessage) {
  return { id: m.id, seq: m.seq, direction: m.direction, author: m.author, staffName: m.staffName, channel: m.channel, kind: m.kind, text: m.body, template: m.template, status: m.status, at: iso(m.at) };
}

export function conversationJson(c: typeof conversations.$inferSelect) {
  return {
    id: c.id,
    patientId: c.patientId,
    channel: c.channel,
    mode: c.mode,
    assignedStaffId: c.assignedStaffId,
    lastInboundAt: iso(c.lastInboundAt),
    lastMessageAt: iso(c.lastMessageAt),
    createdAt: iso(c.createdAt),
  };
}

export function conversationListJson(c: ConversationListItem) {
  return { id: c.id, channel: c.channel, mode: c.mode, lastMessageAt: iso(c.lastMessageAt), patient: c.patient };
}

export function patientJson(p: Pick<typeof patients.$inferSelect, 'id' | 'name' | 'phone' | 'email' | 'optedOutAt' | 'erasedAt' | 'createdAt'>) {
  return { id: p.id, name: p.name, phone: p.phone, email: p.email, optedOutAt: iso(p.optedOutAt), erasedAt: iso(p.erasedAt), createdAt: iso(p.createdAt) };
}

export function patientCardJson(card: PatientCard) {
  return {
    ...patientJson(card.patient),
    appointments: card.appointments.map((a) => ({ ...a, startsAt: iso(a.startsAt), endsAt: iso(a.endsAt), confirmedAt: iso(a.confirmedAt) })),
    consents: card.consents.map((c) => ({ ...c, at: iso(c.at) })),
    screenings: card.screenings.map((s) => ({ ...s, at: iso(s.at) })),
    conversations: card.conversations.map(conversationListJson),
    dataRequests: card.dataRequests.map((r) => ({ ...r, createdAt: iso(r.createdAt), dueAt: iso(r.dueAt), doneAt: iso(r.doneAt) })),
  };
}

export function appointmentJson(a: typeof appointments.$inferSelect) {
  return {
    id: a.id,
    patientId: a.patientId,
    professionalId: a.professionalId,
    serviceId: a.serviceId,
    startsAt: iso(a.startsAt),
    endsAt: iso(a.endsAt),
    status: a.status,
    source: a.source,
    conversationId: a.conversationId,
    priceCents: a.priceCents,
    cancelReason: a.cancelReason,
    rescheduledFromId: a.rescheduledFromId,
    riskScore: a.riskScore,
    riskTier: a.riskTier,
    confirmedAt: iso(a.confirmedAt),
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
  };
}
