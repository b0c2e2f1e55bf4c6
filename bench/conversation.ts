import { and, eq } from 'drizzle-orm';
import { appointments, patients } from '../src/db/schema';
import type { App } from '../src/main';
import type { TurnHandler } from '../src/pipeline/turn-handler';
import { postgresAvailable } from './support/bench-db';
import { conversationHarness, type ConversationHarness } from './support/conversation-harness';
import type { Bench, BenchRow } from './types';

/**
 * The booking conversation, end to end through the real pipeline (WhatsApp channel to an accepting provider, real
 * Postgres, deterministic engine, the shipped flows/): how many patient messages a happy-path
 * booking takes — first visit and returning patient — and the time per turn. Floor for the time:
 * the same pipeline answering with an echo handler, so the ratio is the engine's own cost.
 */

const DAYS = ['quarta', 'quinta', 'sexta', 'segunda', 'terça'];

type Harness = ConversationHarness;
const harness = (handler?: TurnHandler) => conversationHarness({ handler });

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
