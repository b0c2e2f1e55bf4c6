import type { Logger } from '../lib/logger';
import { UnrecoverableJobError } from '../lib/errors';
import {
  type AddOptions,
  backoffDelay,
  type HandlerOptions,
  type JobHandler,
  type JobName,
  type JobPayloads,
  type JobQueue,
  RetryLaterError,
} from './job-queue';

interface Pending {
  name: JobName;
  id: string;
  data: unknown;
  attempt: number;
  serialKey?: string;
  coalesce?: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * The embedded default's job runner: timers and per-name concurrency in this process, with the
 * same retry and backoff rules as BullMQ. Nothing here survives a restart, by design: the
 * reconcilers rebuild pending work from Postgres at start.
 */
export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private handlers = new Map<JobName, { fn: JobHandler<JobName>; opts: Required<HandlerOptions>; running: number; ready: Pending[] }>();
  private pending = new Map<string, Pending>();
  private serialBusy = new Set<string>();
  private serialWaiting = new Map<string, Pending[]>();
  private started = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private seq = 0;

  constructor(private readonly logger?: Logger) {}

  async add<N extends JobName>(name: N, data: JobPayloads[N], options: AddOptions = {}): Promise<void> {
    if (this.closed) return;
    const id = options.jobId ?? `${name}:${++this.seq}`;
    const key = `${name}|${id}`;
    if (this.pending.has(key)) return;
    const job: Pending = { name, id, data, attempt: 1, serialKey: options.serialKey, coalesce: options.coalesce };
    this.pending.set(key, job);
    this.schedule(job, options.delayMs ?? 0);
  }

  handle<N extends JobName>(name: N, handler: JobHandler<N>, options: HandlerOptions = {}): void {
    this.handlers.set(name, {
      fn: handler as JobHandler<JobName>,
      opts: { concurrency: options.concurrency ?? 4, attempts: options.attempts ?? 8, backoffMs: options.backoffMs ?? 500 },
      running: 0,
      ready: [],
    });
  }

  async start(): Promise<void> {
    this.started = true;
    for (const name of this.handlers.keys()) this.pump(name);
  }

  async depth(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const job of this.pending.values()) out[job.name] = (out[job.name] ?? 0) + 1;
    return out;
  }

  async ready(): Promise<boolean> {
    return !this.closed;
  }

  idle(timeoutMs = 30_000): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`jobs still pending after ${timeoutMs} ms: ${[...this.pending.keys()].join(', ')}`)), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.pending.values()) if (job.timer) clearTimeout(job.timer);
    this.pending.clear();
    this.notifyIdle();
  }

  private schedule(job: Pending, delayMs: number): void {
    const enqueue = () => {
      job.timer = undefined;
      if (this.closed) return;
      if (job.serialKey) {
        if (this.serialBusy.has(job.serialKey)) {
          const list = this.serialWaiting.get(job.serialKey) ?? [];
          if (job.coalesce && job.attempt === 1 && list.some((w) => w.name === job.name && w.coalesce)) {
            // Dropped without ever holding the serial key: nothing to release.
            this.pending.delete(`${job.name}|${job.id}`);
            this.notifyIdle();
            return;
          }
          list.push(job);
          this.serialWaiting.set(job.serialKey, list);
          return;
        }
        this.serialBusy.add(job.serialKey);
      }
      const handler = this.handlers.get(job.name);
      if (!handler) {
        // No handler in this process (e.g. a web-only process): keep it for whoever registers one.
        this.logger?.warn({ job: job.name }, 'job added with no handler registered');
        this.release(job);
        return;
      }
      handler.ready.push(job);
      this.pump(job.name);
    };
    if (delayMs > 0) job.timer = setTimeout(enqueue, delayMs);
    else queueMicrotask(enqueue);
  }

  private pump(name: JobName): void {
    const h = this.handlers.get(name);
    if (!h || !this.started) return;
    while (h.running < h.opts.concurrency && h.ready.length > 0) {
      const job = h.ready.shift()!;
      h.running++;
      void this.run(job, h).finally(() => {
        h.running--;
        this.pump(name);
      });
    }
  }

  private async run(job: Pending, h: { fn: JobHandler<JobName>; opts: Required<HandlerOptions> }): Promise<void> {
    const key = `${job.name}|${job.id}`;
    try {
      await h.fn(job.data as never, { attempt: job.attempt, jobId: job.id });
      this.finish(key, job);
    } catch (err) {
      if (this.closed) return;
      if (err instanceof RetryLaterError) {
        this.release(job, false);
        this.schedule(job, err.delayMs);
        return;
      }
      const unrecoverable = err instanceof UnrecoverableJobError;
      if (unrecoverable || job.attempt >= h.opts.attempts) {
        this.logger?.error({ err, job: job.name, jobId: job.id, attempt: job.attempt }, 'job failed for good');
        this.finish(key, job);
        return;
      }
      this.logger?.warn({ err, job: job.name, jobId: job.id, attempt: job.attempt }, 'job failed, retrying');
      job.attempt++;
      this.release(job, false);
      this.schedule(job, backoffDelay(job.attempt - 1, h.opts.backoffMs));
    }
  }

  private finish(key: string, job: Pending): void {
    this.pending.delete(key);
    this.release(job);
  }

  /** Frees the job's serial key and starts the next job waiting on it. */
  private release(job: Pending, notify = true): void {
    if (job.serialKey && this.serialBusy.has(job.serialKey)) {
      this.serialBusy.delete(job.serialKey);
      const waiting = this.serialWaiting.get(job.serialKey);
      const next = waiting?.shift();
      if (waiting && waiting.length === 0) this.serialWaiting.delete(job.serialKey);
      if (next) this.schedule(next, 0);
    }
    if (notify) this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.pending.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
