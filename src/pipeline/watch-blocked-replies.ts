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
 * commit a look (a job, so `idle()` and BullMQ see it) finds replies that could be sent but are
 * not, and gives each a job. Looks come at most once a second, and only while turns keep noting
 * such replies or some still wait behind a message being sent; the recovery sweep (10 s) still
 * covers a process that dies in between.
 */
export function createBlockedReplyWatch(deps: PipelineDeps): { note(): void; look(): Promise<number> } {
  let lastWindow = -1;
  const note = () => {
    const window = Math.floor(Date.now() / WINDOW_MS);
    if (window === lastWindow) return;
    lastWindow = window;
    // Run once every reply noted in this window is old enough.
    deps.jobs.add('unblock', {}, { jobId: `unblock:${window}`, delayMs: WINDOW_MS + BLOCKED_REPLY_AGE_MS }).catch((err: unknown) => {
      deps.logger.warn({ err: (err as Error).message }, 'could not schedule the look for blocked replies; the recovery sweep will send them');
    });
  };
  return {
    note,
    /** Every queued reply old enough, out of its retry backoff and with nothing before it, gets a send job. */
    async look() {
      const cutoff = new Date(Date.now() - BLOCKED_REPLY_AGE_MS);
      const [found] = await deps.database.rows<{ ready: { id: string; attempts: number }[] | string | null; again: boolean | null }>(sql`
        select json_agg(json_build_object('id', q.id, 'attempts', q.attempts)) filter (where not q.blocked) as ready,
               bool_or(q.behind_sending) as again
        from (
          select m.id, m.attempts,
                 exists (select 1 from messages e where e.conversation_id = m.conversation_id and e.direction = 'out'
                           and e.status in ('queued', 'sending') and e.seq < m.seq) as blocked,
                 exists (select 1 from messages e where e.conversation_id = m.conversation_id and e.direction = 'out'
                           and e.status = 'sending' and e.seq < m.seq) as behind_sending
          from messages m
          where m.direction = 'out' and m.status = 'queued' and m.received_at <= ${cutoff.toISOString()}::timestamptz
            and (m.next_attempt_at is null or m.next_attempt_at <= now())
        ) q`);
      const ready = (typeof found?.ready === 'string' ? JSON.parse(found.ready) : found?.ready) as { id: string; attempts: number }[] | null;
      for (const row of ready ?? []) await enqueueSend(deps, row.id, row.attempts, 0, 'unblocked');
      // Still waiting behind a message being sent: its ending should go on to them; look again in case it does not.
      if (found?.again) note();
      return ready?.length ?? 0;
    },
  };
}
