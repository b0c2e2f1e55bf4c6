import { and, eq, inArray, isNull, lte, or } from 'drizzle-orm';
import { messages } from '../db/schema';
import { enqueueSend, enqueueTurn } from './enqueue';
import type { PipelineDeps } from './pipeline-deps';

/**
 * The pipeline's reconciler: every inbound message still pending and every outbound message still
 * queued is (re-)enqueued. Run at start (after a crash or with an empty Redis) and every few
 * seconds; job ids and guarded status updates make a second enqueue harmless. An outbound message
 * stuck in `sending` (the process died mid-call) goes back to `queued`: at-least-once for the
 * narrow window of a crash during the provider call.
 */
export async function recoverPending(deps: PipelineDeps, options: { olderThanMs: number } = { olderThanMs: 0 }): Promise<{ turns: number; sends: number }> {
  const db = deps.database.db;
  const realNow = Date.now();
  const cutoff = new Date(realNow - options.olderThanMs);
  await db
    .update(messages)
    .set({ status: 'queued', nextAttemptAt: null })
    .where(and(eq(messages.direction, 'out'), eq(messages.status, 'sending'), lte(messages.nextAttemptAt, new Date(realNow))));
  const pending = await db
    .selectDistinct({ conversationId: messages.conversationId })
    .from(messages)
    .where(and(eq(messages.direction, 'in'), inArray(messages.status, ['pending']), lte(messages.receivedAt, cutoff)));
  const bucket = Math.floor(realNow / 10_000);
  for (const p of pending) await enqueueTurn(deps, p.conversationId, `recover-${bucket}`);
  const queued = await db
    .select({ id: messages.id, attempts: messages.attempts })
    .from(messages)
    .where(
      and(
        eq(messages.direction, 'out'),
        eq(messages.status, 'queued'),
        lte(messages.receivedAt, cutoff),
        or(isNull(messages.nextAttemptAt), lte(messages.nextAttemptAt, new Date(realNow))),
      ),
    );
  for (const q of queued) await enqueueSend(deps, q.id, q.attempts);
  return { turns: pending.length, sends: queued.length };
}
