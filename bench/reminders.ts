import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { count, eq, inArray } from 'drizzle-orm';
import { parseEnv } from '../src/config/env';
import type { Database } from '../src/db/open-database';
import { appointmentEvents, appointments, patients, reminders } from '../src/db/schema';
import { FlowRegistry } from '../src/flows/clinic-flows';
import { BullmqJobQueue } from '../src/jobs/bullmq-job-queue';
import { InProcessJobQueue } from '../src/jobs/in-process-job-queue';
import type { JobQueue } from '../src/jobs/job-queue';
import { FixedClock, systemClock } from '../src/lib/clock';
import { LocalEventBus } from '../src/lib/event-bus';
import { silentLogger } from '../src/lib/logger';
import { createApp } from '../src/main';
import { ActiveRiskModels } from '../src/reminders/active-risk-models';
import { PLANNED_EVENT, planRemindersBatch } from '../src/reminders/plan-reminders';
import { DEFAULT_REMINDER_SETTINGS, type ReminderDeps } from '../src/reminders/reminder-deps';
import { pgInsertFloor } from './floors';
import { startOutside } from './support/outside';
import { benchPostgres, demoClinic, postgresAvailable, seedBenchClinic } from './support/bench-db';
import { benchRedisUrl, dropPrefix, redisAvailable } from './support/bench-redis';
import type { Bench, BenchRow } from './types';

const CLINIC = 'bella-pele';
const PHONE_NUMBER_ID = '106540352242922';
const FLOWS_DIR = fileURLToPath(new URL('../flows', import.meta.url));
const PROMPTS_DIR = fileURLToPath(new URL('../prompts', import.meta.url));

/**
 * `n` patients with one booked appointment each, from tomorrow on, back to back on the three
 * professionals (the overlap guard holds), not yet scored or planned. Bulk inserts: setup, not timed.
 */
async function seedAppointments(database: Database, n: number, options: { firstStart: Date; createdAt: Date; tag: string }): Promise<string[]> {
  const pros = [
    { id: 'ana-souza', service: 'toxina-botulinica', minutes: 30, price: 120_000 },
    { id: 'bruno-lima', service: 'avaliacao', minutes: 30, price: 15_000 },
    { id: 'carla-mendes', service: 'limpeza-de-pele', minutes: 60, price: 20_000 },
  ];
  const ids: string[] = [];
  for (let from = 0; from < n; from += 1000) {
    const size = Math.min(1000, n - from);
    const people = await database.db
      .insert(patients)
      .values(Array.from({ length: size }, (_, i) => ({ clinicId: CLINIC, phone: `+55119${options.tag}${String(from + i).padStart(6, '0')}`, name: `Paciente ${from + i}`, createdAt: options.createdAt })))
      .returning({ id: patients.id });
    const rows = people.map((p, i) => {
      const k = from + i;
      const pro = pros[k % 3]!;
      // Each professional's k-th slot: 80 minutes apart round the clock, so days of lead vary widely.
      const startsAt = new Date(options.firstStart.getTime() + Math.floor(k / 3) * 80 * 60_000);
      return {
        clinicId: CLINIC,
        patientId: p.id,
        professionalId: pro.id,
        serviceId: pro.service,
        startsAt,
        endsAt: new Date(startsAt.getTime() + pro.minutes * 60_000),
        blockedUntil: new Date(startsAt.getTime() + (pro.minutes + 10) * 60_000),
        status: 'booked' as const,
        source: 'bench',
        priceCents: pro.price,
        createdAt: options.createdAt,
        updatedAt: options.createdAt,
      };
    });
    ids.push(...(await database.db.insert(appointments).values(rows).returning({ id: appointments.id })).map((r) => r.id));
  }
  return ids;
}

/** Plan + enqueue: scoring, one row per step, the plan event, and a BullMQ timer for every step. */
export async function planBench(n: number, useRedis: boolean): Promise<{ seconds: number; steps: number; timers: number; queue: string }> {
  const bench = await benchPostgres({ maxConnections: 10 });
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  let jobs: JobQueue | undefined;
  try {
    await seedBenchClinic(bench.database, demoClinic());
    const now = systemClock.now();
    const ids = await seedAppointments(bench.database, n, { firstStart: new Date(now.getTime() + 26 * 3_600_000), createdAt: now, tag: '1' });
    jobs = useRedis ? await BullmqJobQueue.create(benchRedisUrl, prefix, silentLogger) : new InProcessJobQueue(silentLogger);
    const deps: ReminderDeps = {
      database: bench.database,
      jobs,
      bus: new LocalEventBus(),
      clock: systemClock,
      logger: silentLogger,
      flows: new FlowRegistry(FLOWS_DIR, PROMPTS_DIR),
      senders: {},
      models: new ActiveRiskModels(bench.database, silentLogger),
      // Every step gets its timer now: the worst case for the queue (production sets only the near ones).
      settings: { ...DEFAULT_REMINDER_SETTINGS, timerHorizonMs: Number.POSITIVE_INFINITY },
    };
    // Warm-up: model load, prepared statements, JIT (its appointments are not counted).
    await planRemindersBatch(deps, ids.slice(0, 50));
    const t0 = performance.now();
    const result = await planRemindersBatch(deps, ids.slice(50));
    const seconds = (performance.now() - t0) / 1000;
    return { seconds: (seconds * n) / (n - 50), steps: result.steps, timers: result.timers, queue: jobs.kind };
  } finally {
    await jobs?.close();
    if (useRedis) await dropPrefix(prefix);
    await bench.drop();
  }
}

/** Due steps through the whole path: claim, compose, queue, send job, Graph API stub, `sent` hook. */
export async function sendBench(n: number, useRedis: boolean): Promise<{ perSecond: number; floorPerSecond: number; sent: number; seconds: number }> {
  const bench = await benchPostgres({ maxConnections: 20 });
  const outside = await startOutside();
  const graphUrl = await outside.graphUrl();
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const dataDir = `/tmp/atende-bench-${randomBytes(4).toString('hex')}`;
  const env = parseEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: bench.url,
    ...(useRedis ? { REDIS_URL: benchRedisUrl, QUEUE_PREFIX: prefix } : {}),
    FLOWS_DIR,
    PROMPTS_DIR,
    DATA_DIR: dataDir,
    WHATSAPP_TOKEN: 'bench',
    WHATSAPP_GRAPH_URL: `${graphUrl}/v21.0`,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    REMINDER_RECONCILE_MS: '3600000',
    RISK_RETRAIN_HOURS: '0',
  });
  // Tomorrow 14:00 in São Paulo: outside quiet hours whenever the benchmark runs (at night they would hold every send).
  const today = new Date();
  const clock = new FixedClock(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1, 17, 0)));
  const app = await createApp({ env, database: bench.database, clock, logger: silentLogger, maintenanceEveryMs: 60_000 });
  try {
    await app.reminders.reconcile(); // the start pass, on an empty plan
    const now = clock.now();
    const ids = await seedAppointments(bench.database, n, { firstStart: new Date(now.getTime() + 20 * 3_600_000), createdAt: new Date(now.getTime() - 3 * 86_400_000), tag: '2' });
    // One WhatsApp step due now per appointment (its plan recorded, so the reconciler leaves it alone).
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      await bench.database.db.insert(reminders).values(
        chunk.map((appointmentId) => ({ clinicId: CLINIC, appointmentId, stepKey: 'whatsapp-24h', tier: 'low', channel: 'whatsapp', template: 'confirmacao', condition: 'always', dueAt: new Date(now.getTime() - 1000), status: 'pending' as const })),
      );
      await bench.database.db.insert(appointmentEvents).values(chunk.map((appointmentId) => ({ clinicId: CLINIC, appointmentId, type: PLANNED_EVENT, actor: 'bench', at: now })));
    }
    const sentCount = async () =>
      Number((await bench.database.db.select({ n: count() }).from(reminders).where(inArray(reminders.status, ['sent', 'delivered', 'read'])))[0]?.n ?? 0);
    const t0 = performance.now();
    for (let pass = 0; pass < Math.ceil(n / 500) + 5; pass++) {
      const [left] = await bench.database.db.select({ n: count() }).from(reminders).where(eq(reminders.status, 'pending'));
      if (Number(left?.n ?? 0) === 0) break;
      await app.reminders.fireDue();
    }
    let sent = await sentCount();
    while (sent < n && performance.now() - t0 < 300_000) {
      await new Promise((r) => setTimeout(r, 20));
      sent = await sentCount();
    }
    const seconds = (performance.now() - t0) / 1000;
    // Floor: the same stub, hit directly with as many requests in flight as the send workers run.
    const port = Number(new URL(graphUrl).port);
    const text = JSON.stringify({ messaging_product: 'whatsapp', to: '5511990000000', type: 'text', text: { body: 'x'.repeat(200) } });
    const floor = await outside.load({ port, path: `/v21.0/${PHONE_NUMBER_ID}/messages`, body: { kind: 'fixed', text, headers: { authorization: 'Bearer bench' } }, requests: n, concurrency: 16 });
    return { perSecond: sent / seconds, floorPerSecond: floor.perSecond, sent, seconds };
  } finally {
    await app.stop();
    await outside.close();
    if (useRedis) await dropPrefix(prefix);
    await bench.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Reminders: plan and enqueue 10,000 appointments (aim < 10 s; floor: a raw Postgres insert loop
 * of as many rows, same run) and the send rate of due reminders to a local Graph API stub (aim
 * ≥ 200/s; floor: the stub's own rate with the same requests in flight, same run).
 */
export const run: Bench = async ({ quick }) => {
  if (!(await postgresAvailable())) return [];
  const useRedis = await redisAvailable();
  const n = quick ? 2000 : 10_000;
  const sends = quick ? 500 : 2000;
  const rows: BenchRow[] = [];

  const floorRate = await pgInsertFloor(n);
  const floorSeconds = n / floorRate;
  const plan = await planBench(n, useRedis);
  rows.push({
    group: 'reminders',
    metric: `plan + enqueue ${n.toLocaleString('en-US')} appointments (${plan.queue})`,
    value: Number(plan.seconds.toFixed(2)),
    unit: 's',
    better: 'lower',
    floor: { metric: `raw Postgres insert loop, ${n.toLocaleString('en-US')} rows`, value: Number(floorSeconds.toFixed(2)), unit: 's' },
    aim: '< 10 s for 10,000',
    notes: `${plan.steps} step rows, ${plan.timers} timers; ${Math.round(n / plan.seconds)} appointments/s`,
  });

  const send = await sendBench(sends, useRedis);
  rows.push({
    group: 'reminders',
    metric: `due reminders sent to a local Graph stub (${useRedis ? 'bullmq' : 'in-process'})`,
    value: Math.round(send.perSecond),
    unit: '/s',
    better: 'higher',
    floor: { metric: 'raw POSTs to the same stub, 16 in flight', value: Math.round(send.floorPerSecond), unit: 'req/s' },
    aim: '>= 200/s',
    notes: `${send.sent}/${sends} sent in ${send.seconds.toFixed(1)} s (claim, compose, queue, send job, hook); each costs ~5 Postgres commits, and this machine's raw insert loop commits ${Math.round(floorRate)} rows/s`,
  });
  return rows;
};
