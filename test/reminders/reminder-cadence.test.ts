import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appointmentEvents, appointments } from '../../src/db/schema';
import { describeWithServices } from '../support/test-database';
import { FRIDAY_14H, hoursBefore, startReminderHarness, type ReminderHarness } from './reminder-harness';

/** Each tier's plan in Postgres, then the whole cadence sent as a frozen clock reaches each step. */
describeWithServices('reminder cadence per tier (Postgres + Redis, frozen clock)', () => {
  let h: ReminderHarness;
  beforeAll(async () => {
    h = await startReminderHarness();
  });
  afterAll(async () => h?.stop());

  const LOW = '+5511987650101';
  const MEDIUM = '+5511987650102';
  const HIGH = '+5511987650103';

  it('plans, sends and escalates each tier on its own schedule', async () => {
    const low = await h.book({ phone: LOW, tier: 'low', professionalId: 'ana-souza' });
    const medium = await h.book({ phone: MEDIUM, tier: 'medium', professionalId: 'bruno-lima' });
    const high = await h.book({ phone: HIGH, tier: 'high', serviceId: 'limpeza-de-pele' , startsAt: FRIDAY_14H });
    const planned = await h.t.app.reminders.plan([low.appointmentId, medium.appointmentId, high.appointmentId]);
    expect(planned).toMatchObject({ planned: 3, steps: 9 });

    const shape = async (id: string) => (await h.steps(id)).map((s) => [s.stepKey, s.channel, s.condition, s.dueAt.toISOString(), s.status]);
    expect(await shape(low.appointmentId)).toEqual([
      ['whatsapp-24h', 'whatsapp', 'always', hoursBefore(FRIDAY_14H, 24).toISOString(), 'pending'],
      ['escalation-6h', 'escalation', 'unconfirmed', hoursBefore(FRIDAY_14H, 6).toISOString(), 'pending'],
    ]);
    expect(await shape(medium.appointmentId)).toEqual([
      ['whatsapp-48h', 'whatsapp', 'always', hoursBefore(FRIDAY_14H, 48).toISOString(), 'pending'],
      ['sms-24h', 'sms', 'unconfirmed', hoursBefore(FRIDAY_14H, 24).toISOString(), 'pending'],
      ['escalation-12h', 'escalation', 'unconfirmed', hoursBefore(FRIDAY_14H, 12).toISOString(), 'pending'],
    ]);
    expect(await shape(high.appointmentId)).toEqual([
      ['whatsapp-72h', 'whatsapp', 'always', hoursBefore(FRIDAY_14H, 72).toISOString(), 'pending'],
      ['sms-24h', 'sms', 'unconfirmed', hoursBefore(FRIDAY_14H, 24).toISOString(), 'pending'],
      ['whatsapp-24h', 'whatsapp', 'unconfirmed', hoursBefore(FRIDAY_14H, 24).toISOString(), 'pending'],
      ['call-task-12h', 'call_task', 'unconfirmed', hoursBefore(FRIDAY_14H, 12).toISOString(), 'pending'],
    ]);
    // The tier is stored on the appointment, and the plan is recorded as an appointment event.
    const tiers = await h.db.select({ id: appointments.id, tier: appointments.riskTier }).from(appointments);
    expect(Object.fromEntries(tiers.map((r) => [r.id, r.tier]))).toMatchObject({ [low.appointmentId]: 'low', [medium.appointmentId]: 'medium', [high.appointmentId]: 'high' });
    const events = await h.db.select().from(appointmentEvents).where(eq(appointmentEvents.type, 'reminders_planned'));
    expect(events).toHaveLength(3);
    // Planning again (an event and the reconciler racing) changes nothing.
    expect(await h.t.app.reminders.plan([low.appointmentId, medium.appointmentId, high.appointmentId])).toMatchObject({ planned: 0, steps: 0 });

    // 72 h before: only the high-risk patient hears from us.
    await h.at(hoursBefore(FRIDAY_14H, 72));
    await h.settled(high.appointmentId);
    expect((await h.step(high.appointmentId, 'whatsapp-72h')).status).toBe('sent');
    expect(h.whatsappTo(HIGH)).toHaveLength(1);
    expect(h.whatsappTo(MEDIUM).length + h.whatsappTo(LOW).length).toBe(0);

    // 48 h before: medium's WhatsApp.
    await h.at(hoursBefore(FRIDAY_14H, 48));
    await h.settled(medium.appointmentId);
    expect((await h.step(medium.appointmentId, 'whatsapp-48h')).status).toBe('sent');
    expect(h.whatsappTo(MEDIUM)).toHaveLength(1);

    // 24 h before: low's WhatsApp; medium's SMS (no answer yet); high's WhatsApp and SMS.
    await h.at(hoursBefore(FRIDAY_14H, 24));
    await h.settled(low.appointmentId, medium.appointmentId, high.appointmentId);
    expect(h.whatsappTo(LOW)).toHaveLength(1);
    expect(h.smsTo(MEDIUM)).toHaveLength(1);
    expect(h.smsTo(MEDIUM)[0]!.Body).toContain('Responda 1 para confirmar');
    expect(h.whatsappTo(HIGH)).toHaveLength(2);
    expect(h.smsTo(HIGH)).toHaveLength(1);
    expect(h.smsTo(LOW)).toHaveLength(0);

    // 12 h before, still unconfirmed: an inbox escalation for medium, a call task for high.
    expect(await h.escalationsOf(medium.appointmentId)).toHaveLength(0);
    await h.at(hoursBefore(FRIDAY_14H, 12));
    expect((await h.escalationsOf(medium.appointmentId)).map((e) => e.reason)).toEqual(['reminder_no_reply']);
    expect((await h.escalationsOf(high.appointmentId)).map((e) => e.reason)).toEqual(['call_task']);
    expect(await h.escalationsOf(low.appointmentId)).toHaveLength(0);

    // 6 h before: low's deadline.
    await h.at(hoursBefore(FRIDAY_14H, 6));
    expect((await h.escalationsOf(low.appointmentId)).map((e) => e.reason)).toEqual(['reminder_no_reply']);

    // Every step ran exactly once; nothing is left pending.
    for (const id of [low.appointmentId, medium.appointmentId, high.appointmentId]) {
      expect((await h.steps(id)).map((s) => s.status).every((s) => s === 'sent')).toBe(true);
    }
    expect(h.t.graph.requests).toHaveLength(4);
    expect(h.t.sms.requests).toHaveLength(2);
  });
});
