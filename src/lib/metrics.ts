import { sql } from 'drizzle-orm';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/open-database';
import type { JobQueue } from '../jobs/job-queue';
import type { PipelineMetrics } from '../pipeline/pipeline-deps';

/**
 * Prometheus metrics for one app (its own registry, so tests can run several apps in one process).
 * Counters are bumped by the pipeline as things happen; reminder, escalation and queue gauges are
 * read from Postgres and the queue when Prometheus scrapes.
 */
export class AppMetrics implements PipelineMetrics {
  readonly registry = new Registry();
  private readonly messagesIn = new Counter({ name: 'atende_messages_in_total', help: 'Inbound messages accepted', labelNames: ['channel'], registers: [this.registry] });
  private readonly messagesOut = new Counter({ name: 'atende_messages_out_total', help: 'Outbound send attempts by result', labelNames: ['channel', 'status'], registers: [this.registry] });
  private readonly turns = new Counter({ name: 'atende_turns_total', help: 'Turns processed by engine', labelNames: ['engine'], registers: [this.registry] });
  private readonly turnSeconds = new Histogram({ name: 'atende_turn_duration_seconds', help: 'Turn processing time', labelNames: ['engine'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20], registers: [this.registry] });
  private readonly errors = new Counter({ name: 'atende_errors_total', help: 'Errors by where they happened', labelNames: ['where'], registers: [this.registry] });
  readonly llmCalls = new Counter({ name: 'atende_llm_calls_total', help: 'LLM calls by outcome', labelNames: ['outcome'], registers: [this.registry] });
  readonly llmTokens = new Counter({ name: 'atende_llm_tokens_total', help: 'LLM tokens by kind', labelNames: ['kind'], registers: [this.registry] });

  constructor(database: Database, jobs: JobQueue) {
    collectDefaultMetrics({ register: this.registry, prefix: 'atende_process_' });
    new Gauge({
      name: 'atende_reminders',
      help: 'Reminder steps by status',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await database.rows<{ status: string; n: number }>(sql`select status, count(*)::int as n from reminders group by status`).catch(() => []);
        for (const r of rows) this.set({ status: r.status }, r.n);
      },
    });
    new Gauge({
      name: 'atende_escalations',
      help: 'Escalations by status and reason',
      labelNames: ['status', 'reason'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows = await database.rows<{ status: string; reason: string; n: number }>(sql`select status, reason, count(*)::int as n from escalations group by status, reason`).catch(() => []);
        for (const r of rows) this.set({ status: r.status, reason: r.reason }, r.n);
      },
    });
    new Gauge({
      name: 'atende_queue_depth',
      help: 'Jobs waiting, delayed or running, per queue',
      labelNames: ['queue'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const depth = await jobs.depth().catch(() => ({}) as Record<string, number>);
        for (const [queue, n] of Object.entries(depth)) this.set({ queue }, n);
      },
    });
    new Gauge({
      name: 'atende_pending_inbound',
      help: 'Inbound messages accepted and not yet answered',
      registers: [this.registry],
      async collect() {
        const rows = await database.rows<{ n: number }>(sql`select count(*)::int as n from messages where direction = 'in' and status = 'pending'`).catch(() => []);
        this.set(rows[0]?.n ?? 0);
      },
    });
  }

  inbound(channel: string): void {
    this.messagesIn.inc({ channel });
  }
  outbound(channel: string, status: 'sent' | 'failed' | 'retry'): void {
    this.messagesOut.inc({ channel, status });
  }
  turn(engine: string, ms: number): void {
    this.turns.inc({ engine });
    this.turnSeconds.observe({ engine }, ms / 1000);
  }
  error(where: string): void {
    this.errors.inc({ where });
  }
}
