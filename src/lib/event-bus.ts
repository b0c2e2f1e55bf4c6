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
/** Postgres refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD_BYTES = 7900;
/** How long events gather before one NOTIFY carries them. */
const DEFAULT_GATHER_MS = 10;

/**
 * Events as NOTIFY payloads, in order, each under Postgres's size limit: a JSON array, or the bare
 * event when it travels alone (what processes of the previous version read, during a rolling upgrade).
 */
export function packEvents(events: BusEvent[], maxBytes = MAX_PAYLOAD_BYTES): string[] {
  const payloads: string[] = [];
  let parts: string[] = [];
  let bytes = 2;
  const seal = () => payloads.push(parts.length === 1 ? parts[0]! : `[${parts.join(',')}]`);
  for (const event of events) {
    const json = JSON.stringify(event);
    const size = Buffer.byteLength(json) + 1;
    if (parts.length > 0 && bytes + size > maxBytes) {
      seal();
      parts = [];
      bytes = 2;
    }
    parts.push(json);
    bytes += size;
  }
  if (parts.length > 0) seal();
  return payloads;
}

/** The events in a NOTIFY payload: an array of them, or one (as older processes sent). */
export function unpackEvents(payload: string): BusEvent[] {
  try {
    const parsed: unknown = JSON.parse(payload);
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.filter((e): e is BusEvent => typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string');
  } catch {
    return []; // a malformed notification is ignored
  }
}

/**
 * LISTEN/NOTIFY over a dedicated postgres.js connection. Events published within `gatherMs` of
 * each other travel in one NOTIFY (a turn publishes several; one statement each cost the
 * pipeline a round trip per event).
 */
export class PostgresEventBus implements EventBus {
  private readonly local = new LocalEventBus();
  private sql?: import('postgres').Sql;
  private unlisten?: () => Promise<void>;
  private pending: BusEvent[] = [];
  private timer?: NodeJS.Timeout;
  private sending: Promise<void> = Promise.resolve();

  private constructor(
    private readonly logger: Logger | undefined,
    private readonly gatherMs: number,
  ) {}

  static async create(url: string, logger?: Logger, options: { gatherMs?: number } = {}): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(logger, options.gatherMs ?? DEFAULT_GATHER_MS);
    const { default: postgres } = await import('postgres');
    bus.sql = postgres(url, { max: 2, onnotice: () => {}, connect_timeout: 5 });
    const sub = await bus.sql.listen(CHANNEL, (payload) => {
      for (const event of unpackEvents(payload)) bus.local.deliver(event);
    });
    bus.unlisten = () => sub.unlisten();
    return bus;
  }

  publish(event: BusEvent): void {
    this.pending.push(event);
    this.timer ??= setTimeout(() => this.flush(), this.gatherMs);
  }

  /** Sends what has gathered. Fire and forget: a lost live update only delays a screen until its next refresh. */
  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.pending;
    this.pending = [];
    const sql = this.sql;
    if (!sql || events.length === 0) return this.sending;
    // One batch after another, so events keep their order across batches.
    this.sending = this.sending.then(async () => {
      for (const payload of packEvents(events)) {
        await sql.notify(CHANNEL, payload).catch((err: Error) => this.logger?.debug({ err: err.message }, 'notify failed'));
      }
    });
    return this.sending;
  }

  subscribe(listener: (event: BusEvent) => void): () => void {
    return this.local.subscribe(listener);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.unlisten?.().catch(() => {});
    await this.sql?.end({ timeout: 2 }).catch(() => {});
    await this.local.close();
  }
}
