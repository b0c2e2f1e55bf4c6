import { sql } from 'drizzle-orm';
import { enqueueSend } from './enqueue';
import type { PipelineDeps } from './pipeline-deps';

/** How old a claimable reply must be before the look sends it (younger ones are still on their way). */
export const BLOCKED_REPLY_AGE_MS = 500;
/** Looks are grouped per this window: at most one per window, however many replies were noted. */
const WINDOW_MS = 1000;

/**
 * A reply committed while an earlier message of its conversation is still going out gets no send
 * job of its own: the earlier one's ending (sendOutbound) goes on to it. In the narrow race where
 * that ending read a snapshot from before the reply existed, nobody goes on to it — so after such a
 * commit one look (a job, so `idle()` and BullMQ see it) finds replies that could be sent but are
 * not, and gives each a job. One query a second for all of them, and only while turns keep noting
 * some; the recovery sweep (10 s) still covers a process that dies in between.
 */
export function createBlockedReplyWatch(deps: Pick<PipelineDeps, 'jobs' | 'logger'>): { note(): void } {
  let lastWindow = -1;
  return {
    note() {
      const window = Math.floor(Date.now() / WINDOW_MS);
      if (window === lastWindow) return;
      lastWindow = window;
      // Run once every reply noted in this window is old enough.
      deps.jobs.add('unblock', {}, { jobId: `unblock:${window}`, delayMs: WINDOW_MS + BLOCKED_REPLY_AGE_MS }).catch((err: unknown) => {
        deps.logger.warn({ err: (err as Error).message }, 'could not schedule the look for blocked replies; the recovery sweep will send them');
      });
    },
  };
}

/** The look: every queued reply old enough, out of its retry backoff and with nothing before it, gets a send job. */
export async function sendUnblockedReplies(deps: PipelineDeps): Promise<number> {
  const cutoff = new Date(Date.now() - BLOCKED_REPLY_AGE_MS);
  const rows = await deps.database.rows<{ id: string; attempts: number }>(sql`
    select m.id, m.attempts from messages m
    where m.direction = 'out' and m.status = 'queued' and m.received_at <= ${cutoff.toISOString()}::timestamptz
      and (m.next_attempt_at is null or m.next_attempt_at <= now())
      and not exists (select 1 from messages e where e.conversation_id = m.conversation_id and e.direction = 'out'
                        and e.status in ('queued', 'sending') and e.seq < m.seq)`);
  for (const row of rows) await enqueueSend(deps, row.id, row.attempts, 0, 'unblocked');
  return rows.length;
}
