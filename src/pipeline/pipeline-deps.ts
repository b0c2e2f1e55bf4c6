import type { SQL } from 'drizzle-orm';
import type { Channel, ChannelSender } from '../channels/types';
import type { Database } from '../db/open-database';
import type { FlowRegistry } from '../flows/clinic-flows';
import type { JobQueue } from '../jobs/job-queue';
import type { Clock } from '../lib/clock';
import type { EventBus } from '../lib/event-bus';
import type { Encryptor } from '../lib/crypto';
import type { Logger } from '../lib/logger';
import type { ClinicDirectory } from './clinic-directory';
import type { MessageRow, TurnHandler } from './turn-handler';

/** Counters the pipeline reports (prom-client in production, nothing in unit tests). */
export interface PipelineMetrics {
  inbound(channel: string): void;
  outbound(channel: string, status: 'sent' | 'failed' | 'retry'): void;
  turn(engine: string, ms: number): void;
  error(where: string): void;
}

/** Reactions other modules attach to outbound events (reminders: delivery rows, SMS fallback). */
export interface OutboundHooks {
  /**
   * What `beforeSend` needs to know, read by the send claim's own statement rather than by a
   * query of its own: SQL expressions over the message being claimed (they name it `"messages"`),
   * by key. Their values arrive as `beforeSend`'s `facts` (JSON values: timestamps are strings).
   */
  sendFacts?: Record<string, SQL>;
  /** Just before sending: a reason not to send it any more (e.g. the reminder's appointment was cancelled), or null. */
  beforeSend?(message: MessageRow, facts: Record<string, unknown>): Promise<string | null | undefined>;
  /**
   * Writes that follow a completed send, run in the same statement that records it: each is a
   * data-modifying statement reading the just-sent message from the CTE `sent` (its `id`,
   * `reminder_id`, `provider_message_id`, `sent_at`). Never a second round trip per message.
   */
  onSentSql?: SQL[];
  onFailed?(message: MessageRow, error: Error): Promise<void>;
  onStatus?(message: MessageRow, status: string): Promise<void>;
}

export interface PipelineSettings {
  /** Messages per sender per minute before the bot goes quiet. @defaultValue 20 */
  rateLimitPerMinute: number;
  /** How long a worker owns a conversation without renewing. @defaultValue 30000 */
  leaseMs: number;
  /** Attempts to send one outbound message before it is failed. @defaultValue 8 */
  sendAttempts: number;
  /** Base of the send backoff, ms. @defaultValue 1000 */
  sendBackoffMs: number;
  /** Identifies this process in conversation leases. */
  workerId: string;
}

export interface PipelineDeps {
  database: Database;
  jobs: JobQueue;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  clinics: ClinicDirectory;
  flows: FlowRegistry;
  senders: Partial<Record<Channel, ChannelSender>>;
  handler: TurnHandler;
  settings: PipelineSettings;
  hooks?: OutboundHooks;
  metrics?: PipelineMetrics;
  /** Encrypts sensitive message texts at rest (health answers, CPF). */
  crypto?: Encryptor;
  /** Told when a reply is committed behind an earlier message still going out (see watch-blocked-replies). */
  blockedReplies?: { note(): void };
}

export const DEFAULT_PIPELINE_SETTINGS: Omit<PipelineSettings, 'workerId'> = {
  rateLimitPerMinute: 20,
  leaseMs: 30_000,
  sendAttempts: 8,
  sendBackoffMs: 1000,
};
