import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { messages, reminders } from '../../src/db/schema';
import { fireStep } from '../../src/reminders/fire-reminder';
import { reminderJobId } from '../../src/reminders/enqueue-reminder-timers';
import { describeWithServices } from '../support/test-database';
import { FRIDAY_14H, hoursBefore, startReminderHarness, T0, type ReminderHarness } from './reminder-harness';

/** Postgres is the schedule, Redis only its alarm clock: losing Redis loses nothing, and nothing goes twice. */
describeWithServices('reminder durability (Postgres + Redis, frozen clock)', () => {
  let h: ReminderHarness;
  beforeAll(async () => {
    h = await startReminderHarness();
  });
  afterAll(async () => h?.stop());

  const messagesPerStep = async (appointmentIds: string[]) => {
    const rows = await h.db
      .select({ reminderId: messages.reminderId })
      .from(messages)
      .innerJoin(reminders, eq(reminders.id, messages.reminderId))
      .where(inArray(reminders.appointmentId, appointmentIds));
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.reminderId!, (counts.get(r.reminderId!) ?? 0) + 1);
    return counts;
  };

  it('Redis flushed mid-plan: the reconciler restores every timer and every step is sent exactly once', async () => {
    h.clock.set(T0);
    const phones = ['+5511987650301', '+5511987650302', '+5511987650303'];
    const pros = ['ana-souza', 'bruno-lima', undefined];
    const booked = [];
    for (const [i, phone] of phones.entries()) {
      booked.push(await h.book({ phone, tier: 'high', professionalId: pros[i], serviceId: i === 2 ? 'limpeza-de-pele' : 'avaliacao' }));
    }
    const ids = booked.map((b) => b.appointmentId);
    await h.t.app.reminders.plan(ids);
    // A full pass sets the timer of every pending step, however far ahead.
    await h.t.app.reminders.reconcile({ requeue: 'all' });
    const pendingIds = async () => (await h.db.select({ id: reminders.id, status: reminders.status }).from(reminders).where(inArray(reminders.appointmentId, ids))).filter((r) => r.status === 'pending').map((r) => r.id);
    const all = await pendingIds();
    expect(all).toHaveLength(12);
    for (const id of all) expect(await h.timerJob(id), `timer of ${id}`).toBeTruthy();

    // Mid-plan: the 72 h reminders go out…
    await h.at(hoursBefore(FRIDAY_14H, 72));
    await h.settled(...ids);
    expect(phones.map((p) => h.whatsappTo(p).length)).toEqual([1, 1, 1]);

    // …then Redis loses everything.
    expect(await h.flushRedis()).toBeGreaterThan(0);
    const left = await pendingIds();
    expect(left).toHaveLength(9);
    for (const id of left) expect(await h.timerJob(id)).toBeFalsy();

    // A periodic pass 20 minutes before the 24 h steps re-adds the timers within its window…
    h.clock.set(new Date(hoursBefore(FRIDAY_14H, 24).getTime() - 20 * 60_000));
    const pass = await h.t.app.reminders.reconcile();
    expect(pass.timers).toBe(6);
    const soon = await h.db.select({ id: reminders.id, key: reminders.stepKey }).from(reminders).where(inArray(reminders.id, left));
    for (const r of soon) expect(!!(await h.timerJob(r.id)), r.key).toBe(r.key.endsWith('24h'));
    // …and a full pass (requeue: all) re-adds every one of them.
    await h.t.app.reminders.reconcile({ requeue: 'all' });
    for (const id of left) expect(await h.timerJob(id)).toBeTruthy();

    // Everything at once: the sweep, every timer firing, the reconciler again — twice over.
    h.clock.set(hoursBefore(FRIDAY_14H, 24));
    await Promise.all([
      h.t.app.reminders.fireDue(),
      h.t.app.reminders.fireDue(),
      ...left.map((id) => h.t.app.reminders.fire(id).catch(() => undefined)),
      h.t.app.reminders.reconcile({ requeue: 'all' }),
      ...left.map((id) => h.t.app.jobs.add('reminder', { reminderId: id }, { jobId: reminderJobId(id) })),
    ]);
    await h.settled(...ids);
    await h.at(hoursBefore(FRIDAY_14H, 12));
    await h.t.app.reminders.reconcile({ requeue: 'all' });

    const counts = await messagesPerStep(ids);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(counts.size).toBe(9); // 72 h + 24 h WhatsApp and 24 h SMS, for three patients
    expect(phones.map((p) => h.whatsappTo(p).length)).toEqual([2, 2, 2]);
    expect(phones.map((p) => h.smsTo(p).length)).toEqual([1, 1, 1]);
    for (const id of ids) expect((await h.escalationsOf(id)).map((e) => e.reason)).toEqual(['call_task']);
    expect(await pendingIds()).toHaveLength(0);
  });

  it('a step claimed by many callers at once is queued once and sent once', async () => {
    h.clock.set(T0);
    const phone = '+5511987650311';
    const { appointmentId } = await h.book({ phone, tier: 'low', professionalId: 'ana-souza', startsAt: new Date('2026-03-06T13:00:00Z') });
    await h.t.app.reminders.plan([appointmentId]);
    const step = await h.step(appointmentId, 'whatsapp-24h');
    h.clock.set(step.dueAt);
    const outcomes = await Promise.all([
      ...Array.from({ length: 12 }, () => fireStep(h.t.app.reminders.deps, step.id)),
      ...Array.from({ length: 4 }, () => h.t.app.reminders.fire(step.id)),
      h.t.app.reminders.fireDue(),
    ]);
    const queued = outcomes.flat().filter((o) => o.kind === 'queued');
    expect(queued).toHaveLength(1);
    await h.settled(appointmentId);
    expect((await messagesPerStep([appointmentId])).get(step.id)).toBe(1);
    expect(h.whatsappTo(phone)).toHaveLength(1);
    expect((await h.step(appointmentId, 'whatsapp-24h')).attempts).toBe(1);
  });

  it('a step whose appointment was cancelled without any event is closed by the reconciler, not sent', async () => {
    h.clock.set(T0);
    const phone = '+5511987650312';
    const { appointmentId } = await h.book({ phone, tier: 'medium', professionalId: 'bruno-lima', startsAt: new Date('2026-03-06T12:00:00Z') });
    // Booked without an event reaching the planner: the reconciler plans it.
    const pass = await h.t.app.reminders.reconcile();
    expect(pass.planned).toBeGreaterThanOrEqual(1);
    expect((await h.steps(appointmentId)).filter((s) => s.status === 'pending')).toHaveLength(3);
    const { cancelAppointment } = await import('../../src/booking/change-appointment');
    await cancelAppointment(h.db, { clinicId: 'bella-pele', appointmentId, actor: 'staff:test', now: T0, reason: 'ligou cancelando' });
    expect((await h.t.app.reminders.reconcile()).closed).toBe(3);
    await h.at(hoursBefore(new Date('2026-03-06T12:00:00Z'), 48));
    expect(h.whatsappTo(phone)).toHaveLength(0);
  });
});
