import { and, eq, inArray, isNull } from 'drizzle-orm';
import { clinics, conversations, escalations, messages, patients } from '../db/schema';
import { enqueueSend } from '../pipeline/enqueue';
import { queueOutbound } from '../pipeline/queue-outbound';
import type { Reply } from '../pipeline/turn-handler';
import { staffIdOf, type Actor } from './actor';
import { cannedValues, renderCannedReplies } from './canned-replies';
import { conversationInClinic } from './load-scoped';
import { recordAudit } from './record-audit';
import { replyWindow } from './reply-window';
import type { StaffDeps } from './staff-deps';
import { staffError } from './staff-errors';
import { claimConversation } from './take-over-conversation';

export const MAX_REPLY_LENGTH = 4096;

/**
 * A staff reply to the patient, over the conversation's channel (WhatsApp or SMS): free text, or a
 * canned reply from flows/canned.yaml. Outside WhatsApp's 24-hour window only a canned reply with
 * an approved template can go. Replying takes the thread (the bot must not talk over a person).
 * The message is persisted as `queued` and the send job delivers it, with retries.
 */
export async function sendStaffReply(
  deps: StaffDeps,
  actor: Actor,
  input: { conversationId: string; text?: string; cannedId?: string },
): Promise<{ messageId: string; template: string | null }> {
  const db = deps.database.db;
  const conversation = await conversationInClinic(db, actor.clinicId, input.conversationId);
  if (!conversation.patientAddress) throw staffError('CONFLICT', 'patient erased: no address to reply to', { reason: 'no_address' });
  const now = deps.clock.now();
  const window = replyWindow(conversation, now);
  const text = (input.text ?? '').trim();
  if (text.length > MAX_REPLY_LENGTH) throw staffError('INVALID', 'reply too long', { field: 'text' });

  let reply: Reply;
  let template: string | null = null;
  if (input.cannedId && (!text || !window.open)) {
    const [clinic] = await db.select().from(clinics).where(eq(clinics.id, actor.clinicId));
    const [patient] = await db.select({ id: patients.id, name: patients.name }).from(patients).where(eq(patients.id, conversation.patientId));
    const values = await cannedValues(db, { actor, clinic: clinic!, patient: patient ?? null, now });
    const canned = renderCannedReplies(deps.flows, actor.clinicId, values).find((c) => c.id === input.cannedId);
    if (!canned) throw staffError('INVALID', `unknown canned reply ${input.cannedId}`, { field: 'cannedId' });
    if (window.open) reply = { text: canned.text };
    else if (canned.template) {
      reply = { template: canned.template, fallbackText: canned.text };
      template = canned.template.name;
    } else throw staffError('WINDOW_CLOSED', `canned reply ${canned.id} has no template`);
  } else {
    if (!text) throw staffError('INVALID', 'empty reply', { field: 'text' });
    if (!window.open) throw staffError('WINDOW_CLOSED', 'free text outside the 24-hour window');
    reply = { text };
  }

  if (conversation.mode !== 'staff') await claimConversation(deps, actor, conversation.id);

  const staffId = staffIdOf(actor);
  const [queued] = await db.transaction(async (tx) => {
    const rows = await queueOutbound(tx, {
      clinicId: actor.clinicId,
      conversationId: conversation.id,
      channel: conversation.channel,
      replies: [reply],
      origin: 'staff',
      author: 'staff',
      staffId,
      now,
    });
    await tx.update(conversations).set({ lastMessageAt: now }).where(eq(conversations.id, conversation.id));
    await tx
      .update(escalations)
      .set({ firstStaffReplyAt: now })
      .where(and(eq(escalations.conversationId, conversation.id), isNull(escalations.firstStaffReplyAt), inArray(escalations.status, ['open', 'claimed'])));
    await recordAudit(tx, actor, {
      clinicId: actor.clinicId,
      action: 'message.reply',
      targetType: 'conversation',
      targetId: conversation.id,
      data: { messageId: rows[0]!.id, channel: conversation.channel, cannedId: input.cannedId ?? null, template },
      at: now,
    });
    return rows;
  });
  deps.bus.publish({ type: 'message', clinicId: actor.clinicId, conversationId: conversation.id, messageId: queued!.id, direction: 'out' });
  await enqueueSend(deps, queued!.id, 0);
  return { messageId: queued!.id, template };
}

/** An internal note on the thread: seen by staff only, never sent. */
export async function addInternalNote(deps: StaffDeps, actor: Actor, input: { conversationId: string; text: string }): Promise<{ messageId: string }> {
  const db = deps.database.db;
  const conversation = await conversationInClinic(db, actor.clinicId, input.conversationId);
  const text = input.text.trim();
  if (!text) throw staffError('INVALID', 'empty note', { field: 'text' });
  if (text.length > MAX_REPLY_LENGTH) throw staffError('INVALID', 'note too long', { field: 'text' });
  const now = deps.clock.now();
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(messages)
      .values({
        clinicId: actor.clinicId,
        conversationId: conversation.id,
        direction: 'note',
        author: 'staff',
        staffId: staffIdOf(actor),
        channel: conversation.channel,
        kind: 'text',
        body: text,
        status: 'note',
        origin: 'staff',
        receivedAt: now,
      })
      .returning({ id: messages.id });
    await recordAudit(tx, actor, { clinicId: actor.clinicId, action: 'message.note', targetType: 'conversation', targetId: conversation.id, data: { messageId: row!.id }, at: now });
    return row!.id;
  });
  deps.bus.publish({ type: 'message', clinicId: actor.clinicId, conversationId: conversation.id, messageId: id, direction: 'note' });
  return { messageId: id };
}
