import { randomUUID } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { conversations } from '../db/schema';
import type { Logger } from '../lib/logger';
import { staffError } from './staff-errors';

/**
 * Runs a staff change of a conversation's mode (claim, devolver ao robô) while holding the same
 * lease the turn job takes. A bot turn in progress finishes first and the change lands after it,
 * so a turn that started in `bot` mode cannot commit its stale mode over a claim; turns that try
 * to start meanwhile back off and retry. If the lease stays busy past `waitMs` (a stuck worker),
 * the change is applied anyway: staff must never be blocked by the bot.
 */
export async function withConversationLease<T>(
  db: Db,
  conversationId: string,
  fn: () => Promise<T>,
  options: { waitMs?: number; logger?: Logger; /** Fail with CONFLICT instead of going ahead without the lease. */ required?: boolean } = {},
): Promise<T> {
  const owner = `staff:${randomUUID().slice(0, 8)}`;
  const deadline = Date.now() + (options.waitMs ?? 8000);
  let held = false;
  for (;;) {
    const realNow = new Date();
    const rows = await db
      .update(conversations)
      .set({ leaseOwner: owner, leaseUntil: new Date(realNow.getTime() + 15_000) })
      .where(and(eq(conversations.id, conversationId), or(isNull(conversations.leaseUntil), lt(conversations.leaseUntil, realNow))))
      .returning({ id: conversations.id });
    if (rows.length > 0) {
      held = true;
      break;
    }
    if (Date.now() > deadline) {
      if (options.required) throw staffError('CONFLICT', `conversation ${conversationId} is busy; try again`, { reason: 'conversation_busy' });
      options.logger?.warn({ conversationId }, 'conversation lease busy; applying the staff change without it');
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    return await fn();
  } finally {
    if (held) {
      await db
        .update(conversations)
        .set({ leaseOwner: null, leaseUntil: null })
        .where(and(eq(conversations.id, conversationId), eq(conversations.leaseOwner, owner)))
        .catch(() => {});
    }
  }
}
