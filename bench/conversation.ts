import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { parseEnv } from '../src/config/env';
import { appointments, patients } from '../src/db/schema';
import { FixedClock } from '../src/lib/clock';
import { silentLogger } from '../src/lib/logger';
import type { Database } from '../src/db/open-database';
import { createApp, type App } from '../src/main';
import { acceptInbound } from '../src/pipeline/accept-inbound';
import type { TurnHandler } from '../src/pipeline/turn-handler';
import { benchPostgres, postgresAvailable } from './support/bench-db';
import type { Bench, BenchRow } from './types';

/**
 * The booking conversation, end to end through the real pipeline (simulator channel, real
 * Postgres, deterministic engine, the shipped flows/): how many patient messages a happy-path
 * booking takes — first visit and returning patient — and the time per turn. Floor for the time:
 * the same pipeline answering with an echo handler, so the ratio is the engine's own cost.
 */

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
/** A Tuesday 10:00 in São Paulo: every weekday below is ahead and open. */
const START = new Date('2026-03-10T10:00:00-03:00');
const DAYS = ['quarta', 'quinta', 'sexta', 'segunda', 'terça'];

interface Harness {
  app: App;
  clock: FixedClock;
  /** Sends one patient message and waits for its turn; returns the milliseconds it took. */
  say(phone: string, text: string): Promise<number>;
  close(): Promise<void>;
}

async function harness(handler?: TurnHandler): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'atende-bench-conv-'));
  const bench = await benchPostgres();
  const database = bench.database;
  const env = parseEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATABASE_URL: bench.url, FLOWS_DIR: join(root, 'flows'), PROMPTS_DIR: join(root, 'prompts'), RATE_LIMIT_PER_MINUTE: '10000' });
  const clock = new FixedClock(START);
  const app = await createApp({ env, database, clock, handler, logger: silentLogger, maintenanceEveryMs: 600_000 });
  const clinic = app.flows.defaultClinicId;
  return {
    app,
    clock,
    say: async (phone, text) => {
      clock.advance(60_000);
      const t0 = performance.now();
      const accepted = await acceptInbound(app.pipeline, { channel: 'simulator', providerMessageId: `bench-${randomUUID()}`, to: clinic, from: phone, sentAt: clock.now(), kind: 'text', text });
      // Until the patient has every reply: the turn committed and nothing of it left to send. (Not
      // jobs.idle(): that also waits for safety-net retries nobody sees.)
      if (accepted.status === 'accepted') {
        while (!(await turnDelivered(database, accepted.messageId))) await new Promise((r) => setImmediate(r));
        const elapsed = performance.now() - t0;
        await app.jobs.idle(30_000);
        return elapsed;
      }
      await app.jobs.idle(30_000);
      return performance.now() - t0;
    },
    close: async () => {
      await app.stop();
      await bench.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function turnDelivered(database: Database, inboundId: string): Promise<boolean> {
  const rows = await database.rows<{ done: boolean }>(sql`
    select i.status = 'processed' and not exists (
             select 1 from messages o where o.conversation_id = i.conversation_id and o.direction = 'out' and o.status in ('queued', 'sending')
           ) as done
      from messages i where i.id = ${inboundId}::uuid`);
  return rows[0]?.done === true;
}

/** Patient messages until booked, following the bot's questions with the shortest natural answers. */
async function bookHappyPath(h: Harness, phone: string, i: number, latencies: number[]): Promise<number> {
  const opening = `Oi, quero marcar botox ${DAYS[i % DAYS.length]} à tarde`;
  const script = [opening, String((Math.floor(i / DAYS.length) % 3) + 1), 'sim', 'não tenho nenhuma', 'sim', 'sim', 'sim', 'sim'];
  for (let n = 0; n < script.length; n++) {
    latencies.push(await h.say(phone, script[n]!));
    if ((await countBooked(h.app, phone)) > 0) return n + 1;
  }
  throw new Error(`patient ${i} was not booked after ${script.length} messages`);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export const run: Bench = async ({ quick }) => {
  if (!(await postgresAvailable())) return [];
  const patientsToBook = quick ? 3 : 12;
  const rows: BenchRow[] = [];

  const floor = await harness(async (ctx) => ({ replies: [{ text: 'ok' }], state: ctx.conversation.state, engine: 'echo' }));
  const floorLatencies: number[] = [];
  try {
    for (let i = 0; i < patientsToBook * 6; i++) floorLatencies.push(await floor.say(`+55119800${String(i % patientsToBook).padStart(5, '0')}`, 'oi'));
  } finally {
    await floor.close();
  }

  const h = await harness();
  const latencies: number[] = [];
  const firstVisit: number[] = [];
  const returning: number[] = [];
  try {
    for (let i = 0; i < patientsToBook; i++) {
      const phone = `+55119700${String(i).padStart(5, '0')}`;
      firstVisit.push(await bookHappyPath(h, phone, i, latencies));
      // The same patient again: consent and the reminders answer are on record.
      returning.push(await bookHappyPathAgain(h, phone, i, latencies));
    }
  } finally {
    await h.close();
  }

  const worst = (xs: number[]) => Math.max(...xs);
  rows.push(
    { group: 'conversation', metric: 'patient messages to book (first visit, happy path)', value: worst(firstVisit), unit: 'messages', better: 'lower', aim: '<= 6', notes: 'service+day, pick, consent, screening, reminders opt-in, confirm' },
    { group: 'conversation', metric: 'patient messages to book (returning patient)', value: worst(returning), unit: 'messages', better: 'lower', notes: 'consent and reminders answer on record' },
    {
      group: 'conversation',
      metric: 'turn time p50 (deterministic engine, Postgres)',
      value: percentile(latencies, 50),
      unit: 'ms',
      better: 'lower',
      floor: { metric: 'echo handler, same pipeline', value: percentile(floorLatencies, 50), unit: 'ms' },
    },
    {
      group: 'conversation',
      metric: 'turn time p95 (deterministic engine, Postgres)',
      value: percentile(latencies, 95),
      unit: 'ms',
      better: 'lower',
      floor: { metric: 'echo handler, same pipeline', value: percentile(floorLatencies, 95), unit: 'ms' },
    },
  );
  return rows;
};

async function bookHappyPathAgain(h: Harness, phone: string, i: number, latencies: number[]): Promise<number> {
  const before = await countBooked(h.app, phone);
  const script = [`quero limpeza de pele ${DAYS[(i + 2) % DAYS.length]} de manhã`, String((Math.floor(i / DAYS.length) % 3) + 1), 'não', 'sim', 'sim', 'sim'];
  for (let n = 0; n < script.length; n++) {
    latencies.push(await h.say(phone, script[n]!));
    if ((await countBooked(h.app, phone)) > before) return n + 1;
  }
  throw new Error(`returning patient ${i} was not booked after ${script.length} messages`);
}

/** Booked appointments of the patient behind this phone. */
async function countBooked(app: App, phone: string): Promise<number> {
  const rows = await app.database.db
    .select({ id: appointments.id })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(eq(patients.phone, phone), eq(appointments.status, 'booked')));
  return rows.length;
}
