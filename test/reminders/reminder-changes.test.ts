import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { confirmAppointment, rescheduleAppointment } from '../../src/booking/change-appointment';
import { appointmentEvents, appointments, consents, patients } from '../../src/db/schema';
import { cancelPatientReminders } from '../../src/reminders/cancel-reminders';
import { describeWithServices } from '../support/test-database';
import { CLINIC, FRIDAY_14H, hoursBefore, startReminderHarness, T0, type ReminderHarness } from './reminder-harness';

/** The plan follows the appointment and the patient: reschedules, staff confirmations, opt-outs, consent. */
describeWithServices('reminder plans follow changes (Postgres + Redis, frozen clock)', () => {
  let h: ReminderHarness;
  beforeAll(async () => {
    h = await startReminderHarness();
  });
  afterAll(async () => h?.stop());

  const publish = (appointmentId: string, status: string) => h.t.app.bus.publish({ type: 'appointment', clinicId: CLINIC, appointmentId, status });

  it('a booking event plans; a reschedule replans from the new time and cancels the old plan', async () => {
    h.clock.set(T0);
    const phone = '+5511987650501';
    const { appointmentId } = await h.book({ phone, tier: 'medium', professionalId: 'ana-souza' });
    publish(appointmentId, 'booked');
    await h.until(async () => (await h.steps(appointmentId)).length === 3, 'plan from the booking event');
    await h.at(hoursBefore(FRIDAY_14H, 48));
    await h.settled(appointmentId);
    expect(h.whatsappTo(phone)).toHaveLength(1);

    // Moved to the next Tuesday 10:00 (the booking engine: old → rescheduled, new one booked).
    const tuesday = new Date('2026-03-10T13:00:00Z');
    const { appointment } = await rescheduleAppointment(h.db, { clinicId: CLINIC, appointmentId, startsAt: tuesday, actor: 'patient', now: h.clock.now() });
    publish(appointmentId, 'rescheduled');
    publish(appointment.id, 'booked');
    await h.until(async () => (await h.steps(appointment.id)).length === 3, 'plan of the new appointment');
    expect((await h.steps(appointmentId)).map((s) => [s.stepKey, s.status])).toEqual([
      ['whatsapp-48h', 'sent'],
      ['sms-24h', 'cancelled'],
      ['escalation-12h', 'cancelled'],
    ]);
    // The new plan keeps the tier (the stored score) and counts from the new start.
    expect((await h.steps(appointment.id)).map((s) => [s.stepKey, s.tier, s.dueAt.toISOString(), s.status])).toEqual([
      ['whatsapp-48h', 'medium', hoursBefore(tuesday, 48).toISOString(), 'pending'],
      ['sms-24h', 'medium', hoursBefore(tuesday, 24).toISOString(), 'pending'],
      ['escalation-12h', 'medium', hoursBefore(tuesday, 12).toISOString(), 'pending'],
    ]);
    const [moved] = await h.db.select().from(appointments).where(eq(appointments.id, appointment.id));
    const [original] = await h.db.select().from(appointments).where(eq(appointments.id, appointmentId));
    expect(moved).toMatchObject({ riskTier: 'medium', riskScore: original!.riskScore, riskModelVersion: 'test' });
    // The old Friday times pass without a message; the new ones send.
    await h.at(hoursBefore(FRIDAY_14H, 24));
    expect(h.smsTo(phone)).toHaveLength(0);
    await h.at(hoursBefore(tuesday, 48));
    await h.settled(appointment.id);
    expect(h.whatsappTo(phone)).toHaveLength(2);
  });

  it('a confirmation made by staff (an event) cancels the steps that chase it', async () => {
    h.clock.set(T0);
    const { appointmentId } = await h.book({ phone: '+5511987650502', tier: 'high', professionalId: 'bruno-lima' });
    await h.t.app.reminders.plan([appointmentId]);
    await confirmAppointment(h.db, { clinicId: CLINIC, appointmentId, actor: 'staff:recepcao', now: T0 });
    publish(appointmentId, 'confirmed');
    await h.until(async () => (await h.steps(appointmentId)).filter((s) => s.status === 'cancelled').length === 3, 'unconfirmed steps cancelled');
    expect((await h.steps(appointmentId)).map((s) => [s.stepKey, s.status])).toEqual([
      ['whatsapp-72h', 'pending'],
      ['sms-24h', 'cancelled'],
      ['whatsapp-24h', 'cancelled'],
      ['call-task-12h', 'cancelled'],
    ]);
  });

  it('an opted-out patient gets no plan; opting out after planning stops what is left', async () => {
    h.clock.set(T0);
    const out = await h.book({ phone: '+5511987650503', tier: 'high', serviceId: 'limpeza-de-pele' });
    await h.db.update(patients).set({ optedOutAt: T0 }).where(eq(patients.id, out.patientId));
    expect(await h.t.app.reminders.plan([out.appointmentId])).toMatchObject({ planned: 1, steps: 0 });
    const [event] = await h.db.select().from(appointmentEvents).where(and(eq(appointmentEvents.appointmentId, out.appointmentId), eq(appointmentEvents.type, 'reminders_planned')));
    expect(event).toMatchObject({ type: 'reminders_planned', reason: 'opted_out' });

    const later = await h.book({ phone: '+5511987650504', tier: 'low', professionalId: 'ana-souza', startsAt: new Date('2026-03-06T18:00:00Z') });
    await h.t.app.reminders.plan([later.appointmentId]);
    await h.db.update(patients).set({ optedOutAt: T0 }).where(eq(patients.id, later.patientId));
    // The opt-out handler cancels at once; even without it, firing re-checks and cancels.
    expect(await cancelPatientReminders(h.db, { patientId: later.patientId, reason: 'opted_out', now: T0 })).toBe(2);
    await h.at(hoursBefore(new Date('2026-03-06T18:00:00Z'), 24));
    expect(h.whatsappTo('+5511987650503').length + h.whatsappTo('+5511987650504').length).toBe(0);
    expect(await h.escalationsOf(later.appointmentId)).toHaveLength(0);
  });

  it('a patient who refused reminders gets no message, but reception still confirms by phone', async () => {
    h.clock.set(T0);
    const phone = '+5511987650505';
    const booked = await h.book({ phone, tier: 'high', professionalId: 'ana-souza', startsAt: new Date('2026-03-06T19:00:00Z') });
    await h.db.insert(consents).values({ clinicId: CLINIC, patientId: booked.patientId, purpose: 'reminders', textVersion: 'v1', granted: false, at: T0 });
    await h.t.app.reminders.plan([booked.appointmentId]);
    expect((await h.steps(booked.appointmentId)).map((s) => [s.stepKey, s.status])).toEqual([
      ['whatsapp-72h', 'skipped'],
      ['sms-24h', 'skipped'],
      ['whatsapp-24h', 'skipped'],
      ['call-task-12h', 'pending'],
    ]);
    await h.at(hoursBefore(new Date('2026-03-06T19:00:00Z'), 12));
    expect(h.whatsappTo(phone)).toHaveLength(0);
    const [task] = await h.escalationsOf(booked.appointmentId);
    expect(task).toMatchObject({ reason: 'call_task', detail: expect.stringContaining('recusou lembretes') });
    const [a] = await h.db.select({ tier: appointments.riskTier }).from(appointments).where(eq(appointments.id, booked.appointmentId));
    expect(a!.tier).toBe('high');
  });
});
