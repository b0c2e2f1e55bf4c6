import { and, asc, eq, inArray } from 'drizzle-orm';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { bookSlot } from '../../src/booking/hold-slot';
import { appointments, conversations, escalations, messages, patients, reminders } from '../../src/db/schema';
import { FixedClock } from '../../src/lib/clock';
import type { TurnHandler } from '../../src/pipeline/turn-handler';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { handleReminderReply } from '../../src/reminders/handle-reminder-reply';
import { reminderJobId } from '../../src/reminders/enqueue-reminder-timers';
import { defaultRiskModel } from '../../src/reminders/risk';
import { startTestApp, type TestApp } from '../support/test-app';

export const CLINIC = 'bella-pele';
/** Monday 2 March 2026, 10:00 in São Paulo (UTC−3, no daylight saving). */
export const T0 = new Date('2026-03-02T13:00:00Z');
/** Friday 6 March 2026, 14:00 in São Paulo. */
export const FRIDAY_14H = new Date('2026-03-06T17:00:00Z');

export const hoursBefore = (at: Date, h: number) => new Date(at.getTime() - h * 3_600_000);

/** A stored probability that lands in the tier with the shipped model's cut points. */
export function scoreFor(tier: 'low' | 'medium' | 'high'): number {
  const { low, high } = defaultRiskModel().cutPoints;
  return tier === 'low' ? low / 2 : tier === 'high' ? Math.min(1, high + (1 - high) / 2) : (low + high) / 2;
}

export interface ReminderHarness {
  t: TestApp;
  clock: FixedClock;
  db: TestApp['t']['database']['db'];
  /** Books a real appointment (the booking engine) and stores a risk score that selects its tier. */
  book(input: { phone: string; name?: string; tier: 'low' | 'medium' | 'high'; startsAt?: Date; serviceId?: string; professionalId?: string }): Promise<{ appointmentId: string; patientId: string }>;
  steps(appointmentId: string): Promise<(typeof reminders.$inferSelect)[]>;
  step(appointmentId: string, stepKey: string): Promise<typeof reminders.$inferSelect>;
  /** Moves the frozen clock and runs the due sweep, as the reconciler would at that moment. */
  at(instant: Date): Promise<void>;
  /** Outbound messages of reminders to this patient, in order. */
  reminderMessages(phone: string): Promise<(typeof messages.$inferSelect)[]>;
  escalationsOf(appointmentId: string): Promise<(typeof escalations.$inferSelect)[]>;
  /** Graph API requests to this patient (digits of the phone). */
  whatsappTo(phone: string): { type: string; template?: { name: string; components?: { parameters: { text: string }[] }[] }; text?: { body: string } }[];
  smsTo(phone: string): { Body: string; From: string; To: string }[];
  /** Waits until `check` returns a truthy value (polling Postgres). */
  until<T>(check: () => Promise<T>, what: string, timeoutMs?: number): Promise<NonNullable<T>>;
  /** Waits until every message step of these appointments has left `sending`. */
  settled(...appointmentIds: string[]): Promise<void>;
  /** The BullMQ queue of reminder timers, on this app's private prefix. */
  timerJob(reminderId: string): Promise<unknown>;
  /** Deletes every Redis key of this app (FLUSHALL, scoped to its prefix so parallel test files keep theirs). */
  flushRedis(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A whole app (Postgres, BullMQ on Redis, Graph API and SMS stubs) with a frozen clock, whose turn
 * handler is the reminder-reply step with a silent fallback, and the scheduler's periodic pass
 * pushed out of the test's way (tests trigger passes themselves, deterministically).
 */
export async function startReminderHarness(options: { flowsDir?: string; env?: Record<string, string> } = {}): Promise<ReminderHarness> {
  const clock = new FixedClock(T0);
  const holder: { t?: TestApp } = {};
  const handler: TurnHandler = async (ctx) =>
    (await handleReminderReply(ctx, { bus: holder.t!.app.bus })) ?? { replies: [], state: ctx.conversation.state, engine: 'test-fallback' };
  const t = await startTestApp({
    kind: 'postgres',
    redis: true,
    clock,
    handler,
    env: { REMINDER_RECONCILE_MS: '3600000', RISK_RETRAIN_HOURS: '0', ...(options.flowsDir ? { FLOWS_DIR: options.flowsDir } : {}), ...options.env },
  });
  holder.t = t;
  // Provider retries in milliseconds, not seconds: the behaviour is the same, the test is faster.
  t.app.pipeline.settings.sendBackoffMs = 20;
  const db = t.t.database.db;
  const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: 1 });
  const queue = new Queue('reminder', { connection: redis, prefix: t.env.QUEUE_PREFIX, skipVersionCheck: true } as never);

  const until: ReminderHarness['until'] = async (check, what, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value as NonNullable<typeof value>;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  };
  const digits = (phone: string) => phone.replace(/\D/g, '');

  const h: ReminderHarness = {
    t,
    clock,
    db,
    async book(input) {
      const now = clock.now();
      const patient = await findOrCreatePatient(db, { clinicId: CLINIC, phone: input.phone, name: input.name ?? 'Maria Teste', now });
      const a = await bookSlot(db, {
        clinicId: CLINIC,
        patientId: patient.id,
        serviceId: input.serviceId ?? 'avaliacao',
        professionalId: input.professionalId,
        startsAt: input.startsAt ?? FRIDAY_14H,
        now,
        source: 'staff',
        actor: 'system',
      });
      await db.update(appointments).set({ riskScore: scoreFor(input.tier), riskModelVersion: 'test' }).where(eq(appointments.id, a.id));
      return { appointmentId: a.id, patientId: patient.id };
    },
    steps: (appointmentId) => db.select().from(reminders).where(eq(reminders.appointmentId, appointmentId)).orderBy(asc(reminders.dueAt), asc(reminders.stepKey)),
    async step(appointmentId, stepKey) {
      const [row] = await db.select().from(reminders).where(and(eq(reminders.appointmentId, appointmentId), eq(reminders.stepKey, stepKey)));
      if (!row) throw new Error(`no step ${stepKey}`);
      return row;
    },
    async at(instant) {
      clock.set(instant);
      await t.app.reminders.fireDue();
    },
    reminderMessages: (phone) =>
      db
        .select({ m: messages })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(and(eq(conversations.patientAddress, phone), eq(messages.origin, 'reminder')))
        .orderBy(asc(messages.seq))
        .then((rows) => rows.map((r) => r.m)),
    escalationsOf: (appointmentId) => db.select().from(escalations).where(eq(escalations.appointmentId, appointmentId)),
    whatsappTo: (phone) => t.graph.requests.filter((r) => (r.json as { to?: string } | undefined)?.to === digits(phone)).map((r) => r.json as never),
    smsTo: (phone) => t.sms.requests.filter((r) => r.form['To'] === phone).map((r) => r.form as never),
    until,
    async settled(...appointmentIds) {
      await until(async () => {
        const rows = await db.select({ status: reminders.status }).from(reminders).where(inArray(reminders.appointmentId, appointmentIds));
        return rows.every((r) => r.status !== 'sending');
      }, 'reminder sends to settle');
    },
    timerJob: (reminderId) => queue.getJob(reminderJobId(reminderId).replace(/:/g, '_')),
    async flushRedis() {
      let deleted = 0;
      for await (const keys of redis.scanStream({ match: `${t.env.QUEUE_PREFIX}:*`, count: 500 }) as AsyncIterable<string[]>) {
        if (keys.length) deleted += await redis.del(...keys);
      }
      return deleted;
    },
    async stop() {
      await queue.close();
      await t.stop();
      // This app's queues are gone with it: leave nothing of its prefix in the shared Redis.
      await h.flushRedis();
      redis.disconnect();
    },
  };
  return h;
}

export async function patientRow(h: ReminderHarness, patientId: string) {
  const [p] = await h.db.select().from(patients).where(eq(patients.id, patientId));
  return p!;
}
