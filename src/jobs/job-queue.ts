/**
 * Background work behind one interface with two engines: an in-process runner on the embedded
 * default and BullMQ on Redis in production. Postgres stays the source of truth for every job's
 * subject (messages, reminders), so a lost queue is rebuilt by the reconcilers, never trusted.
 */

export interface JobPayloads {
  /** Process the pending inbound messages of one conversation, in order. */
  turn: { conversationId: string };
  /** Send one persisted outbound message. */
  send: { messageId: string };
  /** Fire one reminder step (a row in `reminders`). */
  reminder: { reminderId: string };
  /** Look for replies left queued behind a message whose ending missed them (pipeline/watch-blocked-replies). */
  unblock: Record<string, never>;
}
export type JobName = keyof JobPayloads;
export const JOB_NAMES: JobName[] = ['turn', 'send', 'reminder', 'unblock'];

export interface AddOptions {
  /** Same id while pending → added once (re-adding is harmless). */
  jobId?: string;
  /** Run no sooner than this many milliseconds from now. @defaultValue 0 */
  delayMs?: number;
  /**
   * In-process runner only: jobs with the same key run one at a time, in order. BullMQ relies on
   * the conversation lease in Postgres instead.
   */
  serialKey?: string;
  /**
   * In-process runner only: when a job of the same name and serial key is already waiting its turn
   * (not yet started), this one is dropped — the waiting one does the same work when it runs (a turn
   * job answers every pending message of its conversation).
   */
  coalesce?: boolean;
}

export interface HandlerOptions {
  /** Parallel jobs of this name per process. @defaultValue 4 */
  concurrency?: number;
  /** Attempts before a job is given up. @defaultValue 8 */
  attempts?: number;
  /** Base of the exponential backoff between attempts, ms. @defaultValue 500 */
  backoffMs?: number;
}

export type JobHandler<N extends JobName> = (data: JobPayloads[N], meta: { attempt: number; jobId: string }) => Promise<void>;

/** The job cannot run now (e.g. the conversation is leased by another worker); try again soon, without counting an attempt. */
export class RetryLaterError extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'RetryLaterError';
  }
}

export interface JobQueue {
  readonly kind: 'in-process' | 'bullmq';
  add<N extends JobName>(name: N, data: JobPayloads[N], options?: AddOptions): Promise<void>;
  /** Registers the handler for a job name; call before `start()`. */
  handle<N extends JobName>(name: N, handler: JobHandler<N>, options?: HandlerOptions): void;
  /** Starts consuming (only in processes that run workers). */
  start(): Promise<void>;
  /** Waiting + delayed + active jobs per name, for /metrics. */
  depth(): Promise<Record<string, number>>;
  /** True when the queue backend can accept jobs (Redis reachable). */
  ready(): Promise<boolean>;
  /** Resolves when nothing is pending or running (tests). */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Exponential backoff with jitter: base · 2^(attempt-1), ±20%, capped. */
export function backoffDelay(attempt: number, baseMs: number, capMs = 5 * 60_000): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + Math.random() * 0.4));
}
