import QRCode from 'qrcode';
import type { InboundMessage } from '../types';
import { waIdToE164 } from '../normalize-phone';
import { mapWwebMessage } from './map-wweb-message';
import { reconnectDelay, type BackoffOptions } from './reconnect-backoff';
import { WhatsAppWebSender } from './whatsapp-web-sender';
import type { WwebClientFactory, WwebClientLike, WwebMessageLike } from './wweb-client';

/** pino-compatible subset. */
export interface AdapterLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export type WhatsAppWebState =
  | 'stopped'
  /** Launching the browser / restoring the session. */
  | 'starting'
  /** A QR is waiting to be scanned with the clinic's phone. */
  | 'waiting_for_scan'
  | 'authenticated'
  | 'ready'
  /** Waiting out the backoff before the next attempt. */
  | 'reconnecting';

export interface QrSnapshot {
  /** The raw QR payload (what qrcode-terminal draws). */
  text: string;
  /** The same QR as a PNG data URL, for the staff page. */
  dataUrl: string;
  receivedAt: Date;
}

export interface WhatsAppWebStatus {
  state: WhatsAppWebState;
  /** Our account in E.164, once ready. */
  account?: string;
  /** Failed attempts since the last 'ready'. */
  attempts: number;
  nextRetryAt?: Date;
  lastError?: string;
  /** True while a QR is waiting (fetch it with `qr()`). */
  hasQr: boolean;
}

export interface WhatsAppWebAdapterOptions {
  /** Builds a client per attempt: `wwebjsClientFactory(...)` in production, a fake in tests. */
  createClient: WwebClientFactory;
  /** Receives each patient message. Errors are logged, never thrown into whatsapp-web.js. */
  onMessage: (message: InboundMessage) => void | Promise<void>;
  logger?: AdapterLogger;
  backoff?: BackoffOptions;
  /** Draws the QR in the terminal. @defaultValue qrcode-terminal, small */
  printQr?: (qr: string) => void;
  /** Deadline for one send (the browser can hang). @defaultValue 30000 */
  sendTimeoutMs?: number;
  /** @defaultValue Math.random */
  random?: () => number;
  /** @defaultValue () => new Date() */
  now?: () => Date;
}

/**
 * Keeps one whatsapp-web.js session alive for clinics without the Business API: logs in by QR
 * (kept for the staff page and drawn in the terminal), maps patient messages to InboundMessage
 * (channel 'whatsapp_web'), and on 'disconnected', 'auth_failure' or a failed start throws the
 * client away and builds a new one after an exponential, capped, jittered delay. `sender`
 * sends through whichever client is currently ready.
 */
export class WhatsAppWebAdapter {
  readonly sender: WhatsAppWebSender;
  private client: WwebClientLike | undefined;
  private state: WhatsAppWebState = 'stopped';
  private generation = 0;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private nextRetryAt: Date | undefined;
  private lastError: string | undefined;
  private account: string | undefined;
  private latestQr: Promise<QrSnapshot | null> = Promise.resolve(null);
  private hasQr = false;
  private readonly log: AdapterLogger;
  private readonly now: () => Date;

  constructor(private readonly options: WhatsAppWebAdapterOptions) {
    this.log = options.logger ?? consoleLogger;
    this.now = options.now ?? (() => new Date());
    this.sender = new WhatsAppWebSender(() => (this.state === 'ready' ? this.client : undefined), () => this.state, {
      timeoutMs: options.sendTimeoutMs ?? 30_000,
    });
  }

  /** Starts connecting in the background; never throws (failures go to the reconnect loop). */
  start(): void {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    void this.connect();
  }

  /** Stops retrying and closes the browser. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.nextRetryAt = undefined;
    this.clearQr();
    const client = this.client;
    this.client = undefined;
    await this.teardown(client);
  }

  status(): WhatsAppWebStatus {
    const status: WhatsAppWebStatus = { state: this.state, attempts: this.attempts, hasQr: this.hasQr };
    if (this.account) status.account = this.account;
    if (this.nextRetryAt) status.nextRetryAt = this.nextRetryAt;
    if (this.lastError) status.lastError = this.lastError;
    return status;
  }

  /** The QR waiting to be scanned (text and PNG data URL), or null when none is. */
  qr(): Promise<QrSnapshot | null> {
    return this.latestQr;
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.state = 'starting';
    this.nextRetryAt = undefined;
    let client: WwebClientLike;
    try {
      client = await this.options.createClient();
    } catch (err) {
      if (gen === this.generation) this.scheduleReconnect('could not create client', err);
      return;
    }
    if (gen !== this.generation) {
      await this.teardown(client);
      return;
    }
    this.client = client;
    this.wire(client, gen);
    try {
      await client.initialize();
    } catch (err) {
      if (gen === this.generation) this.scheduleReconnect('initialize failed', err);
    }
  }

  private wire(client: WwebClientLike, gen: number): void {
    const current = () => gen === this.generation && this.state !== 'stopped';
    client.on('qr', (qr: unknown) => {
      if (!current() || typeof qr !== 'string') return;
      this.state = 'waiting_for_scan';
      this.setQr(qr);
      this.log.info({ channel: 'whatsapp_web' }, 'scan the QR code with the clinic phone (WhatsApp > Linked devices)');
      try {
        (this.options.printQr ?? printQrInTerminal)(qr);
      } catch (err) {
        this.log.warn({ err }, 'could not draw the QR in the terminal');
      }
    });
    client.on('authenticated', () => {
      if (!current()) return;
      this.state = 'authenticated';
      this.clearQr();
    });
    client.on('ready', () => {
      if (!current()) return;
      this.state = 'ready';
      this.attempts = 0;
      this.lastError = undefined;
      this.clearQr();
      const user = client.info?.wid?.user;
      const account = user ? waIdToE164(user) : null;
      if (account) this.account = account;
      this.log.info({ channel: 'whatsapp_web', account: this.account }, 'whatsapp-web ready');
    });
    client.on('auth_failure', (message: unknown) => {
      if (current()) this.scheduleReconnect('auth_failure', message);
    });
    client.on('disconnected', (reason: unknown) => {
      if (current()) this.scheduleReconnect('disconnected', reason);
    });
    client.on('message', (message: WwebMessageLike) => {
      if (current()) void this.handleMessage(client, message);
    });
  }

  private async handleMessage(client: WwebClientLike, raw: WwebMessageLike): Promise<void> {
    try {
      const context: Parameters<typeof mapWwebMessage>[1] = {
        resolveLid: async (lid) => {
          if (!client.getContactLidAndPhone) return undefined;
          const [found] = await client.getContactLidAndPhone([lid]);
          return found?.pn;
        },
      };
      if (this.account) context.account = this.account;
      const mapped = await mapWwebMessage(raw, context);
      if (mapped.kind === 'ignored') {
        if (mapped.lost) this.log.warn({ channel: 'whatsapp_web', providerMessageId: raw?.id?._serialized, reason: mapped.reason }, 'whatsapp-web message dropped');
        return;
      }
      await this.options.onMessage(mapped.message);
    } catch (err) {
      this.log.error({ err, providerMessageId: raw?.id?._serialized }, 'whatsapp-web message not handled');
    }
  }

  private scheduleReconnect(reason: string, detail: unknown): void {
    if (this.state === 'stopped' || this.retryTimer) return;
    this.generation++; // events from the old client are stale from here on
    const old = this.client;
    this.client = undefined;
    this.clearQr();
    void this.teardown(old);
    const delay = reconnectDelay(this.attempts, this.options.backoff, this.options.random);
    this.attempts++;
    this.state = 'reconnecting';
    this.lastError = `${reason}: ${describe(detail)}`;
    this.nextRetryAt = new Date(this.now().getTime() + delay);
    this.log.warn({ channel: 'whatsapp_web', reason: this.lastError, attempt: this.attempts, delayMs: delay }, 'whatsapp-web reconnecting');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.state === 'stopped') return;
      void this.connect();
    }, delay);
    this.retryTimer.unref?.();
  }

  private async teardown(client: WwebClientLike | undefined): Promise<void> {
    if (!client) return;
    try {
      client.removeAllListeners();
    } catch {
      // a broken client cannot stop us from replacing it
    }
    try {
      await client.destroy();
    } catch (err) {
      this.log.warn({ err }, 'whatsapp-web client did not close cleanly');
    }
  }

  private setQr(text: string): void {
    this.hasQr = true;
    const receivedAt = this.now();
    this.latestQr = QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 320 }).then(
      (dataUrl) => ({ text, dataUrl, receivedAt }),
      (err: unknown) => {
        this.log.warn({ err }, 'could not render the QR as PNG');
        return { text, dataUrl: '', receivedAt };
      },
    );
  }

  private clearQr(): void {
    this.hasQr = false;
    this.latestQr = Promise.resolve(null);
  }
}

function describe(detail: unknown): string {
  if (detail instanceof Error) return detail.message;
  return typeof detail === 'string' ? detail : JSON.stringify(detail) ?? String(detail);
}

/** Draws the QR with qrcode-terminal, loaded only when a QR actually arrives. */
function printQrInTerminal(qr: string): void {
  void import('qrcode-terminal').then((mod: { default?: unknown }) => {
    const lib = (mod.default ?? mod) as { generate: (text: string, opts: { small: boolean }) => void };
    lib.generate(qr, { small: true });
  });
}

const consoleLogger: AdapterLogger = {
  info: (obj, msg) => console.info(msg ?? '', obj),
  warn: (obj, msg) => console.warn(msg ?? '', obj),
  error: (obj, msg) => console.error(msg ?? '', obj),
};
