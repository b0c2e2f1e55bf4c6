import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { sql } from 'drizzle-orm';
import type { ChannelSender } from '../../src/channels/types';
import { parseEnv } from '../../src/config/env';
import type { Database } from '../../src/db/open-database';
import { FixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { createApp, type App } from '../../src/main';
import { acceptInbound } from '../../src/pipeline/accept-inbound';
import type { TurnHandler } from '../../src/pipeline/turn-handler';
import { benchPostgres } from './bench-db';

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..');
/** A Tuesday 10:00 in São Paulo: the weekdays the benchmarks ask for are ahead and open. */
export const BENCH_START = new Date('2026-03-10T10:00:00-03:00');
const PHONE_NUMBER_ID = '106540352242922';

export interface ConversationHarness {
  app: App;
  clock: FixedClock;
  /** Sends one patient message; resolves when every reply of its turn is sent, with the milliseconds it took. */
  say(phone: string, text: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * A whole app on a fresh Postgres database with the shipped flows/ and prompts/, a fixed clock and
 * patients writing on WhatsApp to a provider that accepts everything at once. `handler` replaces
 * the turn handler (an echo floor); `model` puts an LLM agent in the chain.
 */
export async function conversationHarness(options: { handler?: TurnHandler; model?: BaseChatModel } = {}): Promise<ConversationHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'atende-bench-conv-'));
  const bench = await benchPostgres();
  const env = parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: bench.url,
    FLOWS_DIR: join(root, 'flows'),
    PROMPTS_DIR: join(root, 'prompts'),
    RATE_LIMIT_PER_MINUTE: '10000',
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
  });
  const clock = new FixedClock(BENCH_START);
  const whatsapp: ChannelSender = { channel: 'whatsapp', send: async () => ({ providerMessageId: `bench-out-${randomUUID()}` }) };
  const app = await createApp({
    env,
    database: bench.database,
    clock,
    handler: options.handler,
    logger: silentLogger,
    maintenanceEveryMs: 600_000,
    senders: { whatsapp },
    llm: options.model ? { model: options.model } : undefined,
  });
  return {
    app,
    clock,
    say: async (phone, text) => {
      clock.advance(60_000);
      const t0 = performance.now();
      const accepted = await acceptInbound(app.pipeline, { channel: 'whatsapp', providerMessageId: `bench-${randomUUID()}`, to: PHONE_NUMBER_ID, from: phone, sentAt: clock.now(), kind: 'text', text });
      // Until the patient has every reply (not jobs.idle(): that also waits for safety-net retries nobody sees).
      if (accepted.status === 'accepted') while (!(await turnDelivered(bench.database, accepted.messageId))) await new Promise((r) => setImmediate(r));
      const elapsed = performance.now() - t0;
      await app.jobs.idle(30_000);
      return elapsed;
    },
    close: async () => {
      await app.stop();
      await bench.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The inbound message is processed and nothing of its conversation waits to be sent. */
async function turnDelivered(database: Database, inboundId: string): Promise<boolean> {
  const rows = await database.rows<{ done: boolean }>(sql`
    select i.status = 'processed' and not exists (
             select 1 from messages o where o.conversation_id = i.conversation_id and o.direction = 'out' and o.status in ('queued', 'sending')
           ) as done
      from messages i where i.id = ${inboundId}::uuid`);
  return rows[0]?.done === true;
}
