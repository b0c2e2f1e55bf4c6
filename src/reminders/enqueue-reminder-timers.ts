import { MAX_TIMER_MS, type ReminderDeps } from './reminder-deps';

/** The job id of a step's timer: derived from its row, so adding it again is harmless. */
export function reminderJobId(reminderId: string): string {
  return `reminder:${reminderId}`;
}

/**
 * Sets timers (delayed `reminder` jobs) for steps due within the horizon. Never fails the caller:
 * the steps are already in Postgres, and the reconciler re-adds any timer that did not make it.
 * Adds run a few at a time so thousands of steps pipeline through one Redis connection.
 */
export async function enqueueReminderTimers(
  deps: Pick<ReminderDeps, 'jobs' | 'logger' | 'clock' | 'settings'>,
  steps: readonly { id: string; dueAt: Date }[],
  options: { horizonMs?: number; concurrency?: number } = {},
): Promise<number> {
  const now = deps.clock.now().getTime();
  const horizon = options.horizonMs ?? deps.settings.timerHorizonMs;
  const due = steps.filter((s) => s.dueAt.getTime() - now <= horizon);
  const concurrency = options.concurrency ?? 64;
  let failed = 0;
  for (let i = 0; i < due.length; i += concurrency) {
    const chunk = due.slice(i, i + concurrency);
    const results = await Promise.allSettled(
      chunk.map((s) =>
        deps.jobs.add('reminder', { reminderId: s.id }, { jobId: reminderJobId(s.id), delayMs: Math.min(MAX_TIMER_MS, Math.max(0, s.dueAt.getTime() - now)) }),
      ),
    );
    failed += results.filter((r) => r.status === 'rejected').length;
  }
  if (failed > 0) deps.logger.warn({ failed, of: due.length }, 'reminder timers not set; the reconciler will set them');
  return due.length - failed;
}
