import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { UnrecoverableJobError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import {
  type AddOptions,
  backoffDelay,
  type HandlerOptions,
  type JobHandler,
  JOB_NAMES,
  type JobName,
  type JobPayloads,
  type JobQueue,
  RetryLaterError,
} from './job-queue';

/**
 * Production job runner: one BullMQ queue per job name on Redis, workers in any number of
 * processes (`atende worker`). Job ids derive from the Postgres row they act on, so re-adding is
 * harmless and the reconcilers can re-enqueue everything after Redis loses its data.
 */
export class BullmqJobQueue implements JobQueue {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly queues = new Map<JobName, Queue>();
  private readonly handlers = new Map<JobName, { fn: JobHandler<JobName>; opts: Required<HandlerOptions> }>();
  private readonly workers: Worker[] = [];
  /** Connections handed to workers: BullMQ does not close a connection it was given. */
  private readonly workerConnections: Redis[] = [];
  private closed = false;
  /** Adds sent to Redis and not yet answered: `idle()` waits for them too. */
  private adding = 0;

  private constructor(
    private readonly url: string,
    private readonly prefix: string,
    private readonly logger?: Logger,
  ) {
    // Producers fail fast while Redis is away (no offline queue): the webhook still stores the
    // message in Postgres and answers; the reconciler enqueues it when Redis is back.
    this.connection = new Redis(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    this.connection.on('error', (err) => this.logger?.debug({ err: err.message }, 'redis connection error'));
  }

  /** Connects (waiting up to a few seconds) and creates the queues. */
  static async create(url: string, prefix: string, logger?: Logger): Promise<BullmqJobQueue> {
    const q = new BullmqJobQueue(url, prefix, logger);
    try {
      await q.connection.connect();
    } catch (err) {
      // Start anyway: Postgres holds the work; it is enqueued once Redis answers.
      logger?.warn({ err: (err as Error).message }, 'redis not reachable at start; jobs wait in Postgres');
    }
    for (const name of JOB_NAMES) {
      q.queues.set(name, new Queue(name, { connection: q.connection, prefix, skipVersionCheck: true } as never));
    }
    return q;
  }

  async add<N extends JobName>(name: N, data: JobPayloads[N], options: AddOptions = {}): Promise<void> {
    const queue = this.queues.get(name)!;
    const h = this.handlers.get(name);
    this.adding++;
    try {
      await queue.add(name, data, {
        jobId: options.jobId ? options.jobId.replace(/:/g, '_') : undefined,
        delay: options.delayMs && options.delayMs > 0 ? Math.round(options.delayMs) : undefined,
        attempts: h?.opts.attempts ?? 8,
        backoff: { type: 'exponential', delay: h?.opts.backoffMs ?? 500 },
        // Completed ids are dropped so the same id can be enqueued again later (reconciler).
        removeOnComplete: true,
        // Failed ids are dropped too: the reconcilers re-enqueue from Postgres with the same id.
        removeOnFail: true,
      });
    } finally {
      this.adding--;
    }
  }

  handle<N extends JobName>(name: N, handler: JobHandler<N>, options: HandlerOptions = {}): void {
    this.handlers.set(name, {
      fn: handler as JobHandler<JobName>,
      opts: { concurrency: options.concurrency ?? 4, attempts: options.attempts ?? 8, backoffMs: options.backoffMs ?? 500 },
    });
  }

  async start(): Promise<void> {
    for (const [name, h] of this.handlers) {
      const workerConnection = new Redis(this.url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000) });
      workerConnection.on('error', (err) => this.logger?.debug({ err: err.message }, 'redis worker connection error'));
      this.workerConnections.push(workerConnection);
      const worker = new Worker(
        name,
        async (job: Job, token?: string) => {
          try {
            await h.fn(job.data, { attempt: job.attemptsMade + 1, jobId: job.id ?? '' });
          } catch (err) {
            if (err instanceof RetryLaterError) {
              await job.moveToDelayed(Date.now() + err.delayMs, token);
              throw new DelayedError();
            }
            if (err instanceof UnrecoverableJobError) throw new UnrecoverableError(err.message);
            throw err;
          }
        },
        {
          connection: workerConnection,
          prefix: this.prefix,
          concurrency: h.opts.concurrency,
          settings: { backoffStrategy: (attemptsMade: number) => backoffDelay(attemptsMade, h.opts.backoffMs) },
        },
      );
      worker.on('failed', (job, err) => {
        if (err instanceof DelayedError || err?.name === 'DelayedError') return;
        this.logger?.warn({ job: name, jobId: job?.id, attempt: job?.attemptsMade, err: err?.message }, 'job failed');
      });
      worker.on('error', (err) => this.logger?.warn({ job: name, err: err.message }, 'worker error'));
      this.workers.push(worker);
    }
  }

  async depth(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [name, q] of this.queues) {
      const c = await q.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      out[name] = Object.values(c).reduce((a, b) => a + b, 0);
    }
    return out;
  }

  async ready(): Promise<boolean> {
    if (this.connection.status !== 'ready') return false;
    try {
      return (await Promise.race([this.connection.ping(), new Promise<string>((r) => setTimeout(() => r('timeout'), 1000))])) === 'PONG';
    } catch {
      return false;
    }
  }

  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const d = await this.depth();
      if (this.adding === 0 && Object.values(d).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`bullmq jobs still pending after ${timeoutMs} ms: ${JSON.stringify(await this.depth())}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    for (const c of this.workerConnections) c.disconnect();
    this.connection.disconnect();
  }
}
