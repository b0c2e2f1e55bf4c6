import type { Channel, ChannelSender } from '../channels/types';
import type { Database } from '../db/open-database';
import type { FlowRegistry } from '../flows/clinic-flows';
import type { JobQueue } from '../jobs/job-queue';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../lib/logger';
import type { ActiveRiskModels } from './active-risk-models';

export interface ReminderSettings {
  /**
   * Steps due within this many milliseconds get a timer (a delayed job) as soon as they are
   * planned; later ones get it when the reconciler's window reaches them. Postgres holds the whole
   * plan either way, so the queue only ever carries the near future. @defaultValue 1_800_000 (30 min)
   */
  timerHorizonMs: number;
  /** Milliseconds between reconciler passes. @defaultValue 60_000 */
  reconcileEveryMs: number;
  /** Steps fired per sweep, and appointments planned per reconciler pass. @defaultValue 500 */
  batchSize: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  timerHorizonMs: 30 * 60_000,
  reconcileEveryMs: 60_000,
  batchSize: 500,
};

/** What the reminder engine needs; built once in the composition root. */
export interface ReminderDeps {
  database: Database;
  jobs: JobQueue;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  flows: FlowRegistry;
  /** Configured channel senders: a step only goes to a channel that can send. */
  senders: Partial<Record<Channel, ChannelSender>>;
  /** The clinic's SMS number when the clinics table has none (env SMS_FROM). */
  smsFrom?: string;
  models: ActiveRiskModels;
  settings: ReminderSettings;
}

/** Longest timer ever set: Node timers overflow past 2^31 ms, and a re-check is cheap. */
export const MAX_TIMER_MS = 6 * 3_600_000;
