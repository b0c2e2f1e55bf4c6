import type { PipelineDeps } from './pipeline-deps';

/**
 * Schedules jobs without ever failing the caller: the row they act on is already in Postgres, so
 * when the queue is unreachable the recovery sweep enqueues it later. Nothing is lost.
 */
async function safely(deps: Pick<PipelineDeps, 'logger'>, what: string, add: () => Promise<void>): Promise<void> {
  try {
    await add();
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message, what }, 'enqueue failed; the recovery sweep will pick it up');
  }
}

export function enqueueTurn(deps: Pick<PipelineDeps, 'jobs' | 'logger'>, conversationId: string, reason: string): Promise<void> {
  return safely(deps, 'turn', () => deps.jobs.add('turn', { conversationId }, { jobId: `turn:${conversationId}:${reason}`, serialKey: conversationId, coalesce: true }));
}

/** @param tag distinguishes a wake-up from the message's own job (same message, another job id) */
export function enqueueSend(deps: Pick<PipelineDeps, 'jobs' | 'logger'>, messageId: string, attempt: number, delayMs = 0, tag?: string): Promise<void> {
  return safely(deps, 'send', () => deps.jobs.add('send', { messageId }, { jobId: `send:${messageId}:${tag ?? attempt}`, delayMs }));
}
