import { EventEmitter } from 'node:events';
import type { Logger } from './logger';

/**
 * Live updates for the simulator and the staff inbox (server-sent events). Events carry ids only;
 * listeners read the rows they need. Across processes (web + `atende worker` on Postgres) events
 * travel over Postgres LISTEN/NOTIFY; on the embedded default an in-process emitter suffices.
 */
export type BusEvent =
  | { type: 'message'; clinicId: string; conversationId: string; messageId: string; direction: 'in' | 'out' | 'note' }
  | { type: 'message_status'; clinicId: string; conversationId: string; messageId: string; status: string }
  | { type: 'conversation'; clinicId: string; conversationId: string; mode: string }
  | { type: 'escalation'; clinicId: string; escalationId: string; conversationId?: string | null; status: string }
  | { type: 'appointment'; clinicId: string; appointmentId: string; status: string };

export interface EventBus {
  publish(event: BusEvent): void;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: BusEvent) => void): () => void;
  close(): Promise<void>;
}

export class LocalEventBus implements EventBus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  publish(event: BusEvent): void {
    this.emitter.emit('event', event);
  }
  subscribe(listener: (event: BusEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
  /** Delivers an event that came from another process. */
  deliver(event: BusEvent): void {
    this.emitter.emit('event', event);
  }
  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

const CHANNEL = 'atende_events';

/** LISTEN/NOTIFY over a dedicated postgres.js connection. */
export class PostgresEventBus implements EventBus {
  private readonly local = new LocalEventBus();
  private sql?: import('postgres').Sql;
  private unlisten?: () => Promise<void>;

  private constructor(private readonly logger?: Logger) {}

  static async create(url: string, logger?: Logger): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(logger);
    const { default: postgres } = await import('postgres');
    bus.sql = postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 5 });
    const sub = await bus.sql.listen(CHANNEL, (payload) => {
      try {
        bus.local.deliver(JSON.parse(payload) as BusEvent);
      } catch {
        /* a malformed notification is ignored */
      }
    });
    bus.unlisten = () => sub.unlisten();
    return bus;
  }

  publish(event: BusEvent): void {
    // Fire and forget: a lost live update only delays a screen until its next refresh.
    this.sql?.notify(CHANNEL, JSON.stringify(event)).catch((err: Error) => this.logger?.debug({ err: err.message }, 'notify failed'));
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.unlisten?.().catch(() => {});
    await this.sql?.end({ timeout: 2 }).catch(() => {});
    await this.local.close();
  }
}
