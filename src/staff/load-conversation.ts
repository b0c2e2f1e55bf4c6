import { and, asc, desc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { conversations, escalations, messages, patients, staffUsers } from '../db/schema';
import { conversationInClinic } from './load-scoped';
import { replyWindow, type ReplyWindow } from './reply-window';

export interface TimelineMessage {
  id: string;
  seq: number;
  direction: 'in' | 'out' | 'note';
  author: string;
  staffName: string | null;
  channel: string;
  kind: string;
  body: string | null;
  template: string | null;
  status: string;
  error: string | null;
  at: Date;
}

export type EscalationRow = typeof escalations.$inferSelect;

export interface ConversationView {
  conversation: typeof conversations.$inferSelect;
  patient: typeof patients.$inferSelect | null;
  assignedStaff: { id: string; name: string } | null;
  escalations: EscalationRow[];
  window: ReplyWindow;
  messages: TimelineMessage[];
}

/** The messages of a conversation (patient, bot, staff, notes) in order; `afterSeq` for increments. */
export async function listTimeline(db: Executor, clinicId: string, conversationId: string, options: { afterSeq?: number; limit?: number } = {}): Promise<TimelineMessage[]> {
  const where = [eq(messages.conversationId, conversationId), eq(messages.clinicId, clinicId)];
  if (options.afterSeq != null) where.push(gt(messages.seq, options.afterSeq));
  const rows = await db
    .select({ m: messages, staffName: staffUsers.name, staffEmail: staffUsers.email })
    .from(messages)
    .leftJoin(staffUsers, and(eq(staffUsers.id, messages.staffId), eq(staffUsers.clinicId, clinicId)))
    .where(and(...where))
    .orderBy(desc(messages.seq))
    .limit(options.limit ?? 500);
  return rows.reverse().map(({ m, staffName, staffEmail }) => ({
    id: m.id,
    seq: m.seq,
    direction: m.direction as TimelineMessage['direction'],
    author: m.author,
    staffName: staffName || staffEmail || null,
    channel: m.channel,
    kind: m.kind,
    body: m.body,
    template: m.template?.name ?? null,
    status: m.status,
    error: m.error,
    at: m.sentAt && m.direction === 'out' ? m.sentAt : m.direction === 'in' ? (m.sentAt ?? m.receivedAt) : m.receivedAt,
  }));
}

/** Everything the conversation screen shows, scoped to the staff member's clinic. */
export async function loadConversationView(db: Executor, clinicId: string, conversationId: string, now: Date): Promise<ConversationView> {
  const conversation = await conversationInClinic(db, clinicId, conversationId);
  const [patient] = await db.select().from(patients).where(and(eq(patients.id, conversation.patientId), eq(patients.clinicId, clinicId)));
  let assignedStaff: ConversationView['assignedStaff'] = null;
  if (conversation.assignedStaffId) {
    const [s] = await db
      .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
      .from(staffUsers)
      .where(and(eq(staffUsers.id, conversation.assignedStaffId), eq(staffUsers.clinicId, clinicId)));
    if (s) assignedStaff = { id: s.id, name: s.name || s.email };
  }
  const esc = await db
    .select()
    .from(escalations)
    .where(and(eq(escalations.conversationId, conversation.id), eq(escalations.clinicId, clinicId), ne(escalations.status, 'resolved')))
    .orderBy(asc(escalations.createdAt));
  return {
    conversation,
    patient: patient ?? null,
    assignedStaff,
    escalations: esc,
    window: replyWindow(conversation, now),
    messages: await listTimeline(db, clinicId, conversation.id),
  };
}

export interface ConversationListItem {
  id: string;
  channel: string;
  mode: string;
  lastMessageAt: Date | null;
  patient: { id: string; name: string | null; phone: string | null };
}

/** Recent conversations of the clinic (any mode), for taking over a thread nobody escalated. */
export async function listConversations(db: Executor, clinicId: string, options: { mode?: string[]; limit?: number; patientId?: string } = {}): Promise<ConversationListItem[]> {
  const where = [eq(conversations.clinicId, clinicId)];
  if (options.mode?.length) where.push(inArray(conversations.mode, options.mode as never[]));
  if (options.patientId) where.push(eq(conversations.patientId, options.patientId));
  const rows = await db
    .select({ c: conversations, p: { id: patients.id, name: patients.name, phone: patients.phone } })
    .from(conversations)
    .innerJoin(patients, eq(patients.id, conversations.patientId))
    .where(and(...where))
    .orderBy(sql`${conversations.lastMessageAt} desc nulls last`)
    .limit(Math.min(options.limit ?? 50, 200));
  return rows.map(({ c, p }) => ({ id: c.id, channel: c.channel, mode: c.mode, lastMessageAt: c.lastMessageAt, patient: p }));
}
