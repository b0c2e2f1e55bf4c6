import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { appointments, conversations, messages } from '../../src/db/schema';
import { graphError, times } from '../support/stubs/graph-api-stub';
import { describeWithServices } from '../support/test-database';
import { hoursBefore, startReminderHarness, T0, type ReminderHarness } from './reminder-harness';

/** Which channel and which form a reminder takes, and what happens when WhatsApp refuses it. */
describeWithServices('reminder delivery: window, template, retries and SMS fallback (Postgres + Redis)', () => {
  let h: ReminderHarness;
  beforeAll(async () => {
    h = await startReminderHarness();
    h.t.app.pipeline.settings.sendAttempts = 3;
  });
  afterAll(async () => h?.stop());
  beforeEach(() => {
    h.t.graph.setBehaviour({});
    h.t.sms.setBehaviour({});
  });

  // Friday 09:00, 10:00, 11:00, 13:00, 14:00, 15:00 in São Paulo (lunch is 12–13).
  const SLOTS = ['12', '13', '14', '16', '17', '18'].map((h) => new Date(`2026-03-06T${h}:00:00Z`));
  let slot = 0;
  /** A low-risk appointment on its own Friday slot; returns it with its WhatsApp step's due time. */
  async function lowRisk(phone: string) {
    h.clock.set(T0);
    const startsAt = SLOTS[slot++]!;
    const booked = await h.book({ phone, tier: 'low', professionalId: 'ana-souza', startsAt, name: 'Camila Santos' });
    await h.t.app.reminders.plan([booked.appointmentId]);
    return { ...booked, due: hoursBefore(startsAt, 24) };
  }

  it('outside the 24-hour window the reminder is the approved template; inside it, plain text', async () => {
    const outside = '+5511987650401';
    const inside = '+5511987650402';
    const a = await lowRisk(outside);
    const b = await lowRisk(inside);
    // The second patient wrote to the clinic 3 hours before the reminder is due.
    h.clock.set(new Date(b.due.getTime() - 3 * 3_600_000));
    await h.t.whatsappText(inside, 'oi, vocês abrem sábado?');
    await h.until(async () => (await h.db.select().from(conversations).where(eq(conversations.patientAddress, inside)))[0]?.lastInboundAt, 'inbound recorded');
    await h.at(a.due);
    await h.at(b.due);
    await h.settled(a.appointmentId, b.appointmentId);
    expect(h.whatsappTo(outside)).toEqual([expect.objectContaining({ type: 'template', template: expect.objectContaining({ name: 'lembrete_consulta', language: { code: 'pt_BR' } }) })]);
    const text = h.whatsappTo(inside);
    expect(text).toHaveLength(1);
    expect(text[0]).toMatchObject({ type: 'text' });
    expect(text[0]!.text!.body).toMatch(/^Olá, Camila! Passando para lembrar da sua consulta de Consulta de avaliação na Clínica Bella Pele, sexta-feira, 06\/03 às \d\d:00\./);
    // Each step follows its message to `sent`, with the provider's id.
    for (const x of [a, b]) expect(await h.step(x.appointmentId, 'whatsapp-24h')).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/^wamid\./), sentAt: expect.any(Date) });
    // The reminder went on the conversation the patient already had, not a new one.
    expect(await h.db.select().from(conversations).where(eq(conversations.patientAddress, inside))).toHaveLength(1);
  });

  it('WhatsApp refusing free text (131047, window closed) → the same reminder as the approved template', async () => {
    const phone = '+5511987650403';
    const a = await lowRisk(phone);
    // Our records say the patient wrote 23 h ago; Meta disagrees.
    h.clock.set(new Date(a.due.getTime() - 23 * 3_600_000));
    await h.t.whatsappText(phone, 'ok');
    await h.until(async () => (await h.db.select().from(conversations).where(eq(conversations.patientAddress, phone)))[0]?.lastInboundAt, 'inbound recorded');
    h.t.graph.setBehaviour({ sequence: [graphError(131047, { status: 400 })] });
    await h.at(a.due);
    await h.until(async () => (await h.step(a.appointmentId, 'whatsapp-24h')).status === 'sent', 'template sent');
    expect(h.whatsappTo(phone).map((r) => r.type)).toEqual(['text', 'template']);
    const step = await h.step(a.appointmentId, 'whatsapp-24h');
    expect(step.lastError).toContain('24-hour window');
    expect(h.smsTo(phone)).toHaveLength(0);
  });

  it('WhatsApp answering 500 → retried with backoff, then the reminder goes by SMS', async () => {
    const phone = '+5511987650404';
    const a = await lowRisk(phone);
    h.t.graph.setBehaviour({ sequence: times(3, { status: 500, body: { error: { message: 'Internal error', type: 'OAuthException', code: 1 } } }), otherwise: { status: 500 } });
    await h.at(a.due);
    await h.until(async () => h.smsTo(phone).length === 1, 'SMS fallback');
    await h.settled(a.appointmentId);
    // Three attempts on WhatsApp (sendAttempts), then one SMS.
    expect(h.whatsappTo(phone)).toHaveLength(3);
    const [whatsappMessage] = await h.db.select().from(messages).where(eq(messages.reminderId, (await h.step(a.appointmentId, 'whatsapp-24h')).id));
    expect(whatsappMessage).toMatchObject({ status: 'failed', attempts: 3 });
    expect((await h.steps(a.appointmentId)).map((s) => [s.stepKey, s.channel, s.status])).toEqual([
      ['whatsapp-24h', 'whatsapp', 'failed'],
      ['whatsapp-24h~sms', 'sms', 'sent'],
      ['escalation-6h', 'escalation', 'pending'],
    ]);
    const [sms] = h.smsTo(phone);
    expect(sms).toMatchObject({ From: '+5511940009999', To: phone });
    expect(sms!.Body).toContain('Clínica Bella Pele: lembrete da sua consulta de Consulta de avaliação');
    // A later failure report for the same message does not fall back a second time.
    await h.t.app.reminders.reconcile();
    expect(h.smsTo(phone)).toHaveLength(1);
  });

  it('an appointment cancelled while its reminder waits for a retry: the retry does not send it', async () => {
    const phone = '+5511987650406';
    const a = await lowRisk(phone);
    const backoff = h.t.app.pipeline.settings.sendBackoffMs;
    h.t.app.pipeline.settings.sendBackoffMs = 1500;
    try {
      h.t.graph.setBehaviour({ sequence: times(1, { status: 500, body: { error: { message: 'Internal error', type: 'OAuthException', code: 1 } } }) });
      await h.at(a.due);
      await h.until(async () => h.whatsappTo(phone).length === 1, 'first attempt');
      // Cancelled behind the engine's back (no event to cancel the plan) during the backoff.
      await h.db.update(appointments).set({ status: 'cancelled' }).where(eq(appointments.id, a.appointmentId));
      const step = await h.until(async () => {
        const s = await h.step(a.appointmentId, 'whatsapp-24h');
        return s.status === 'cancelled' ? s : null;
      }, 'the retry to see the cancellation');
      expect(step.lastError).toBe('appointment cancelled');
      // The step is settled first, its message failed a moment later.
      const message = await h.until(async () => {
        const [m] = await h.db.select().from(messages).where(eq(messages.reminderId, step.id));
        return m?.status === 'failed' ? m : null;
      }, 'the message to be failed');
      expect(message).toMatchObject({ status: 'failed', attempts: 2 });
      expect(message!.error).toContain('appointment cancelled');
      expect(h.whatsappTo(phone)).toHaveLength(1);
      expect(h.smsTo(phone)).toHaveLength(0);
    } finally {
      h.t.app.pipeline.settings.sendBackoffMs = backoff;
    }
  });

  it('WhatsApp refusing for good (undeliverable) → SMS; SMS refusing too fails the step, and reception is told', async () => {
    const phone = '+5511987650405';
    const a = await lowRisk(phone);
    h.t.graph.setBehaviour({ otherwise: graphError(131026, { status: 400 }) }); // undeliverable: permanent
    h.t.sms.setBehaviour({ otherwise: { status: 400, body: { code: 21211, message: "The 'To' number is not valid", status: 400 } } });
    await h.at(a.due);
    await h.until(async () => (await h.steps(a.appointmentId)).some((s) => s.stepKey === 'whatsapp-24h~sms' && s.status === 'failed'), 'SMS failed too');
    expect(h.whatsappTo(phone)).toHaveLength(1);
    expect(h.smsTo(phone)).toHaveLength(1);
    // Reception still gets the deadline escalation.
    await h.at(hoursBefore(new Date(a.due.getTime() + 24 * 3_600_000), 6));
    expect((await h.escalationsOf(a.appointmentId)).map((e) => e.reason)).toEqual(['reminder_no_reply']);
  });
});
