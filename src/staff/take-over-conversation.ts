import { and, eq, inArray, ne } from 'drizzle-orm';
import { conversations, escalations } from '../db/schema';
import { staffIdOf, type Actor } from './actor';
import { withConversationLease } from './conversation-lease';
import { conversationInClinic, escalationInClinic } from './load-scoped';
import { recordAudit } from './record-audit';
import type { StaffDeps } from './staff-deps';

/**
 * Assumir: staff takes the thread. The conversation goes to `staff` mode (the pipeline stores the
 * patient's messages and stays silent) and its open escalations become claimed by this person.
 * Taking over from a colleague is allowed and recorded.
 */
export function claimConversation(deps: StaffDeps, actor: Actor, conversationId: string): Promise<{ escalationIds: string[] }> {
  return switchMode(deps, actor, conversationId, 'staff');
}

/**
 * Devolver ao robô: the bot answers this patient again from the next message on; every
 * unresolved escalation of the conversation is resolved by this person.
 */
export function returnToBot(deps: StaffDeps, actor: Actor, conversationId: string): Promise<{ escalationIds: string[] }> {
  return switchMode(deps, actor, conversationId, 'bot');
}

/**
 * Moves a conversation between the bot and a person, under its turn lease so no bot turn is half
 * way through: the mode, the escalations (claimed or resolved by this person) and the audit entry
 * change in one transaction; the inbox hears of it after the commit.
 */
async function switchMode(deps: StaffDeps, actor: Actor, conversationId: string, mode: 'staff' | 'bot'): Promise<{ escalationIds: string[] }> {
  const db = deps.database.db;
  const before = await conversationInClinic(db, actor.clinicId, conversationId);
  const now = deps.clock.now();
  const staffId = staffIdOf(actor);
  const toStaff = mode === 'staff';
  const escalationIds = await withConversationLease(
    db,
    before.id,
    () =>
      db.transaction(async (tx) => {
        const [current] = await tx.select().from(conversations).where(eq(conversations.id, before.id)).for('update');
        await tx.update(conversations).set({ mode, assignedStaffId: toStaff ? staffId : null, updatedAt: now }).where(eq(conversations.id, before.id));
        const ofThisConversation = and(eq(escalations.conversationId, before.id), eq(escalations.clinicId, actor.clinicId));
        const changed = await tx
          .update(escalations)
          .set(toStaff ? { status: 'claimed', claimedBy: staffId, claimedAt: now } : { status: 'resolved', resolvedBy: staffId, resolvedAt: now })
          .where(and(ofThisConversation, toStaff ? inArray(escalations.status, ['open', 'claimed']) : ne(escalations.status, 'resolved')))
          .returning({ id: escalations.id });
        await recordAudit(tx, actor, {
          clinicId: actor.clinicId,
          action: toStaff ? 'conversation.claim' : 'conversation.release',
          targetType: 'conversation',
          targetId: before.id,
          data: { fromMode: current?.mode, fromStaff: current?.assignedStaffId ?? null, escalations: changed.map((e) => e.id) },
          at: now,
        });
        return changed.map((e) => e.id);
      }),
    { logger: deps.logger },
  );
  deps.bus.publish({ type: 'conversation', clinicId: actor.clinicId, conversationId: before.id, mode });
  const status = toStaff ? 'claimed' : 'resolved';
  for (const id of escalationIds) deps.bus.publish({ type: 'escalation', clinicId: actor.clinicId, escalationId: id, conversationId: before.id, status });
  return { escalationIds };
}

/** Claims one escalation: with a conversation that means taking the thread; without one (a call task) just the item. */
export async function claimEscalation(deps: StaffDeps, actor: Actor, escalationId: string): Promise<void> {
  const db = deps.database.db;
  const e = await escalationInClinic(db, actor.clinicId, escalationId);
  if (e.conversationId) {
    await claimConversation(deps, actor, e.conversationId);
    return;
  }
  const now = deps.clock.now();
  await db.transaction(async (tx) => {
    await tx
      .update(escalations)
      .set({ status: 'claimed', claimedBy: staffIdOf(actor), claimedAt: now })
      .where(and(eq(escalations.id, e.id), ne(escalations.status, 'resolved')));
    await recordAudit(tx, actor, { clinicId: actor.clinicId, action: 'escalation.claim', targetType: 'escalation', targetId: e.id, at: now });
  });
  deps.bus.publish({ type: 'escalation', clinicId: actor.clinicId, escalationId: e.id, conversationId: null, status: 'claimed' });
}

/**
 * Resolves one escalation (e.g. reception called the patient). A conversation that was only
 * waiting for staff, with nothing else pending, goes back to the bot — otherwise the patient
 * would be left with nobody answering. A thread staff holds stays held.
 */
export async function resolveEscalation(deps: StaffDeps, actor: Actor, escalationId: string): Promise<void> {
  const db = deps.database.db;
  const e = await escalationInClinic(db, actor.clinicId, escalationId);
  const now = deps.clock.now();
  const run = () =>
    db.transaction(async (tx) => {
      const [updated] = await tx
        .update(escalations)
        .set({ status: 'resolved', resolvedBy: staffIdOf(actor), resolvedAt: now })
        .where(and(eq(escalations.id, e.id), ne(escalations.status, 'resolved')))
        .returning({ id: escalations.id });
      if (!updated) return null;
      let mode: string | null = null;
      if (e.conversationId) {
        const pending = await tx
          .select({ id: escalations.id })
          .from(escalations)
          .where(and(eq(escalations.conversationId, e.conversationId), ne(escalations.status, 'resolved')));
        if (pending.length === 0) {
          const back = await tx
            .update(conversations)
            .set({ mode: 'bot', assignedStaffId: null, updatedAt: now })
            .where(and(eq(conversations.id, e.conversationId), eq(conversations.mode, 'waiting_staff')))
            .returning({ id: conversations.id });
          if (back.length) mode = 'bot';
        }
      }
      await recordAudit(tx, actor, { clinicId: actor.clinicId, action: 'escalation.resolve', targetType: 'escalation', targetId: e.id, data: mode ? { conversationMode: mode } : undefined, at: now });
      return { mode };
    });
  const result = e.conversationId ? await withConversationLease(db, e.conversationId, run, { logger: deps.logger }) : await run();
  if (!result) return;
  deps.bus.publish({ type: 'escalation', clinicId: actor.clinicId, escalationId: e.id, conversationId: e.conversationId, status: 'resolved' });
  if (result.mode && e.conversationId) deps.bus.publish({ type: 'conversation', clinicId: actor.clinicId, conversationId: e.conversationId, mode: result.mode });
}
