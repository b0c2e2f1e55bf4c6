import { sql } from 'drizzle-orm';
import type { Database } from '../db/open-database';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import { recordAudit } from '../staff/record-audit';

export interface RetentionOptions {
  /** Message texts older than this many days are erased (RETENTION_DAYS). */
  retentionDays: number;
  /** Rows per statement, so a first run on a large history never holds long locks. @defaultValue 500 */
  batchSize?: number;
  /** Stop after this many batches (the next run continues). @defaultValue unlimited */
  maxBatches?: number;
  /** Count what would be erased, change nothing. @defaultValue false */
  dryRun?: boolean;
}

export interface RetentionReport {
  cutoff: Date;
  /** Messages whose texts were erased (or, on a dry run, would be). */
  messages: number;
  byClinic: Record<string, number>;
  batches: number;
}

/** Statuses of messages still in flight: their text is needed to process or send them. */
const IN_FLIGHT = sql`('pending', 'processing', 'queued', 'sending')`;

/** Rows holding a text older than the cutoff (template parameters count: they are the text). */
const holdsText = (cutoff: Date) =>
  sql`m.received_at < ${cutoff.toISOString()}::timestamptz
      and (m.body is not null or m.body_enc is not null or (m.template is not null and m.template->'params' <> '[]'::jsonb))
      and m.status not in ${IN_FLIGHT}`;

/**
 * Storage limitation (LGPD art. 15 and 16): message texts — body, encrypted body and template
 * parameters — older than RETENTION_DAYS are erased, in batches. The rows stay (direction, status,
 * times), so volumes and response times remain measurable. Idempotent: a second run finds nothing.
 * Each clinic gets one audit entry per run that erased something.
 */
export async function applyRetention(deps: { database: Database; clock: Clock; logger?: Logger }, options: RetentionOptions): Promise<RetentionReport> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000);
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const byClinic: Record<string, number> = {};
  let batches = 0;
  let total = 0;

  if (options.dryRun) {
    const rows = await deps.database.rows<{ clinic_id: string; n: number }>(sql`select m.clinic_id, count(*)::int as n from messages m where ${holdsText(cutoff)} group by m.clinic_id`);
    for (const r of rows) {
      byClinic[r.clinic_id] = r.n;
      total += r.n;
    }
    return { cutoff, messages: total, byClinic, batches: 0 };
  }

  const escalationsByClinic: Record<string, number> = {};
  try {
    for (;;) {
      if (options.maxBatches !== undefined && batches >= options.maxBatches) break;
      const rows = await deps.database.rows<{ clinic_id: string }>(sql`
        with batch as (
          select m.id from messages m where ${holdsText(cutoff)}
          limit ${batchSize}
          for update skip locked
        )
        update messages set body = null, body_enc = null,
          template = case when messages.template is null then null else jsonb_set(messages.template, '{params}', '[]'::jsonb) end
        from batch where messages.id = batch.id
        returning messages.clinic_id`);
      batches += 1;
      for (const r of rows) byClinic[r.clinic_id] = (byClinic[r.clinic_id] ?? 0) + 1;
      total += rows.length;
      if (rows.length < batchSize) break;
    }
    // What reception was told about a resolved escalation can restate the patient's words.
    const cleared = await deps.database.rows<{ clinic_id: string }>(sql`
      update escalations set detail = null
       where status = 'resolved' and detail is not null and created_at < ${cutoff.toISOString()}::timestamptz
      returning clinic_id`);
    for (const r of cleared) escalationsByClinic[r.clinic_id] = (escalationsByClinic[r.clinic_id] ?? 0) + 1;
  } finally {
    // Audited even when a later batch failed: what was erased is on record.
    for (const clinicId of new Set([...Object.keys(byClinic), ...Object.keys(escalationsByClinic)])) {
      await recordAudit(deps.database.db, { kind: 'system', id: 'retention' }, {
        clinicId,
        action: 'lgpd.retention',
        targetType: 'messages',
        data: { messages: byClinic[clinicId] ?? 0, escalationNotes: escalationsByClinic[clinicId] ?? 0, cutoff: cutoff.toISOString(), retentionDays: options.retentionDays },
        at: now,
      });
    }
  }
  if (total > 0) deps.logger?.info({ messages: total, cutoff, batches }, 'retention: old message texts erased');
  return { cutoff, messages: total, byClinic, batches };
}

export interface RetentionJob {
  /** Runs when a run is due (every `everyMs`, the first on the first tick); never two at once. */
  tick(): Promise<RetentionReport | null>;
  /** Waits for a run in progress (the app calls it on stop, before closing the database). */
  settle(): Promise<void>;
}

/**
 * The periodic side of applyRetention for the maintenance loop: due once per `everyMs` of real
 * time (daily by default), so a process restart runs it at its first tick instead of waiting a day.
 */
export function createRetentionJob(deps: { database: Database; clock: Clock; logger: Logger }, options: RetentionOptions & { everyMs?: number }): RetentionJob {
  const everyMs = options.everyMs ?? 24 * 3_600_000;
  let dueAt = 0;
  let running: Promise<RetentionReport | null> | null = null;
  return {
    tick() {
      if (running) return running;
      if (Date.now() < dueAt) return Promise.resolve(null);
      dueAt = Date.now() + everyMs;
      running = applyRetention(deps, options)
        .catch((err: unknown) => {
          // Tried again at the next tick after a short pause, not a day later.
          dueAt = Date.now() + Math.min(everyMs, 10 * 60_000);
          deps.logger.warn({ err: (err as Error).message }, 'retention run failed');
          return null;
        })
        .finally(() => {
          running = null;
        });
      return running;
    },
    async settle() {
      await running;
    },
  };
}
