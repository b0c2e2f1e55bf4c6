import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { inject } from 'vitest';
import { parseEnv, type Env } from '../../src/config/env';
import { conversations, messages, patients } from '../../src/db/schema';
import { createApp, type App, type AppOptions } from '../../src/main';
import type { Clock } from '../../src/lib/clock';
import { silentLogger, type Logger } from '../../src/lib/logger';
import type { TurnHandler } from '../../src/pipeline/turn-handler';
import { readOutboundText } from '../../src/pipeline/send-outbound';
import { startGraphApiStub, type GraphApiStub } from './stubs/graph-api-stub';
import { startSmsStub, type SmsStub } from './stubs/sms-stub';
import { signPayload } from './stubs/sign';
import { createTestDatabase, type DbKind, type TestDatabase } from './test-database';

export const APP_SECRET = 'test-app-secret';
export const VERIFY_TOKEN = 'test-verify-token';
export const PHONE_NUMBER_ID = '106540352242922';
export const SMS_TOKEN = 'test-sms-token';
export const SMS_NUMBER = '+5511940009999';

export interface TestAppOptions {
  /** @defaultValue 'postgres' when reachable, else 'pglite' */
  kind?: DbKind;
  /** Use BullMQ on the local Redis (a fresh queue prefix per app). @defaultValue false */
  redis?: boolean;
  clock?: Clock;
  handler?: TurnHandler;
  env?: Record<string, string>;
  logger?: Logger;
  /** Reuse a database (e.g. to restart an app on the same data). */
  database?: TestDatabase;
  appOptions?: Partial<AppOptions>;
}

export interface TestApp {
  app: App;
  url: string;
  env: Env;
  t: TestDatabase;
  graph: GraphApiStub;
  sms: SmsStub;
  /** POST a (signed) Meta payload to /webhooks/whatsapp. */
  postWhatsApp(payload: unknown, options?: { signature?: string | null; raw?: string }): Promise<Response>;
  /** A patient writes on WhatsApp (signed webhook); returns the provider message id used. */
  whatsappText(from: string, text: string, options?: { id?: string; timestamp?: Date }): Promise<{ id: string; response: Response }>;
  /** Waits until every job is done (turns answered, sends made). */
  idle(timeoutMs?: number): Promise<void>;
  /** Texts the bot sent to this patient (outbound rows, in order). */
  repliesTo(phone: string, statuses?: string[]): Promise<string[]>;
  patientId(phone: string): Promise<string | undefined>;
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

/** Meta's payload for one text message from `from` (E.164) to the test clinic number. */
export function whatsappTextPayload(from: string, text: string, id: string, timestamp = new Date()): unknown {
  const waId = from.replace(/^\+/, '');
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '5511940001234', phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: 'Paciente Teste' }, wa_id: waId }],
              messages: [{ from: waId, id, timestamp: String(Math.floor(timestamp.getTime() / 1000)), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  };
}

/**
 * A whole Atende app for integration tests: its own database (PGlite or a fresh Postgres
 * database), optionally BullMQ on the local Redis with a private prefix, the Graph API and SMS
 * stubs wired as real providers, and helpers to talk to it like Meta does.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const kind = options.kind ?? (inject('pgAdminUrl') ? 'postgres' : 'pglite');
  const t = options.database ?? (await createTestDatabase(kind));
  const graph = await startGraphApiStub();
  const sms = await startSmsStub();
  const redisUrl = inject('redisUrl');
  if (options.redis && !redisUrl) throw new Error('Redis not reachable');
  const env = parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    DATA_DIR: `/tmp/atende-test-${randomUUID()}`,
    ...(t.url ? { DATABASE_URL: t.url } : {}),
    ...(options.redis ? { REDIS_URL: redisUrl, QUEUE_PREFIX: `test-${randomUUID().slice(0, 8)}` } : {}),
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN,
    WHATSAPP_TOKEN: 'test-graph-token',
    WHATSAPP_GRAPH_URL: `${graph.url}/v21.0`,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    SMS_BASE_URL: sms.url,
    SMS_ACCOUNT_SID: 'ACtest',
    SMS_AUTH_TOKEN: SMS_TOKEN,
    SMS_FROM: SMS_NUMBER,
    PROVIDER_TIMEOUT_MS: '2000',
    ...options.env,
  });
  const app = await createApp({
    env,
    database: t.database,
    clock: options.clock,
    handler: options.handler,
    logger: options.logger ?? silentLogger,
    maintenanceEveryMs: 1000,
    ...options.appOptions,
  });
  const { url } = await app.listen(0, '127.0.0.1');
  const db = t.database.db;

  const postWhatsApp: TestApp['postWhatsApp'] = async (payload, o = {}) => {
    const raw = o.raw ?? JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signature = o.signature === undefined ? signPayload(raw, APP_SECRET) : o.signature;
    if (signature !== null) headers['x-hub-signature-256'] = signature;
    return fetch(`${url}/webhooks/whatsapp`, { method: 'POST', headers, body: raw });
  };

  const patientId = async (phone: string) =>
    (await db.select({ id: patients.id }).from(patients).where(eq(patients.phone, phone)))[0]?.id;

  return {
    app,
    url,
    env,
    t,
    graph,
    sms,
    postWhatsApp,
    whatsappText: async (from, text, o = {}) => {
      const id = o.id ?? `wamid.test-${randomUUID()}`;
      const response = await postWhatsApp(whatsappTextPayload(from, text, id, o.timestamp ?? app.clock.now()));
      return { id, response };
    },
    idle: (timeoutMs = 20_000) => app.jobs.idle(timeoutMs),
    repliesTo: async (phone, statuses = ['queued', 'sending', 'sent', 'delivered', 'read']) => {
      const rows = await db
        .select({ message: messages })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(and(eq(conversations.patientAddress, phone), eq(messages.direction, 'out'), inArray(messages.status, statuses as never[])))
        .orderBy(asc(messages.seq));
      // What the patient reads: protected replies are decrypted exactly as the send job does.
      return Promise.all(rows.map((r) => readOutboundText(app.pipeline, r.message)));
    },
    patientId,
    stop: async (o = {}) => {
      await app.stop();
      await graph.close();
      await sms.close();
      if (!o.keepDatabase && !options.database) await t.drop();
    },
  };
}
