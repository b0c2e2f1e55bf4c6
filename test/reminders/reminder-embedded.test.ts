import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookSlot } from '../../src/booking/hold-slot';
import { appointments, messages, reminders } from '../../src/db/schema';
import { FixedClock } from '../../src/lib/clock';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { handleReminderReply } from '../../src/reminders/handle-reminder-reply';
import type { TurnHandler } from '../../src/pipeline/turn-handler';
import { startTestApp, type TestApp } from '../support/test-app';
import { CLINIC, FRIDAY_14H, hoursBefore, scoreFor, T0 } from './reminder-harness';

/** The embedded default (`npm start` with nothing installed): PGlite and the in-process job runner. */
describe('reminders on the embedded default (PGlite, in-process jobs)', () => {
  let t: TestApp;
  const clock = new FixedClock(T0);
  beforeAll(async () => {
    const holder: { t?: TestApp } = {};
    const handler: TurnHandler = async (ctx) => (await handleReminderReply(ctx, { bus: holder.t!.app.bus })) ?? { replies: [], state: ctx.conversation.state, engine: 'test-fallback' };
    t = await startTestApp({ kind: 'pglite', clock, handler, env: { REMINDER_RECONCILE_MS: '3600000', RISK_RETRAIN_HOURS: '0' } });
    holder.t = t;
  });
  afterAll(async () => t?.stop());

  it('plans on the booking event, sends when due, and a "1" confirms', async () => {
    const db = t.t.database.db;
    const phone = '+5511987650701';
    const patient = await findOrCreatePatient(db, { clinicId: CLINIC, phone, name: 'Beatriz Oliveira', now: T0 });
    const a = await bookSlot(db, { clinicId: CLINIC, patientId: patient.id, serviceId: 'avaliacao', professionalId: 'ana-souza', startsAt: FRIDAY_14H, now: T0, source: 'staff', actor: 'system' });
    await db.update(appointments).set({ riskScore: scoreFor('low') }).where(eq(appointments.id, a.id));
    t.app.bus.publish({ type: 'appointment', clinicId: CLINIC, appointmentId: a.id, status: 'booked' });
    const deadline = Date.now() + 10_000;
    while ((await db.select().from(reminders).where(eq(reminders.appointmentId, a.id))).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect((await db.select().from(reminders).where(eq(reminders.appointmentId, a.id))).map((r) => r.stepKey).sort()).toEqual(['escalation-6h', 'whatsapp-24h']);

    clock.set(hoursBefore(FRIDAY_14H, 24));
    const fired = await t.app.reminders.fireDue();
    expect(fired.map((f) => f.kind)).toEqual(['queued']);
    await t.idle();
    expect(t.graph.requests).toHaveLength(1);

    const { id } = await t.whatsappText(phone, '1');
    await t.idle();
    const [inbound] = await db.select().from(messages).where(eq(messages.providerMessageId, id));
    const [reply] = await db.select().from(messages).where(eq(messages.replyToId, inbound!.id));
    expect(reply!.body).toBe('Presença confirmada, Beatriz! Te esperamos sexta-feira, 06/03 às 14:00. Até lá! 😊');
    expect((await db.select().from(appointments).where(eq(appointments.id, a.id)))[0]!.status).toBe('confirmed');
    // The escalation step was cancelled by the confirmation: the deadline passes quietly.
    clock.set(hoursBefore(FRIDAY_14H, 6));
    expect((await t.app.reminders.reconcile()).fired).toBe(0);
  });
});
