import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appointments, conversations, messages, reminders } from '../../src/db/schema';
import { fixtureJson } from '../support/stubs/fixtures';
import { describeWithServices } from '../support/test-database';
import { FRIDAY_14H, hoursBefore, startReminderHarness, type ReminderHarness } from './reminder-harness';

type StatusPayload = { entry: { changes: { value: { statuses: { id: string; status: string; recipient_id: string }[] } }[] }[] };

/** Patients answering reminders on WhatsApp, through the webhook and the real pipeline, without an LLM. */
describeWithServices('replies to reminders (Postgres + Redis, frozen clock)', () => {
  let h: ReminderHarness;
  beforeAll(async () => {
    h = await startReminderHarness();
  });
  afterAll(async () => h?.stop());

  /** Books a medium-risk appointment and lets its first reminder (WhatsApp, 48 h before) go out. */
  async function remindedPatient(phone: string, professionalId: string, startsAt = FRIDAY_14H) {
    h.clock.set(new Date('2026-03-02T13:00:00Z'));
    const booked = await h.book({ phone, tier: 'medium', professionalId, startsAt, name: 'Juliana Ribeiro' });
    await h.t.app.reminders.plan([booked.appointmentId]);
    await h.at(hoursBefore(startsAt, 48));
    await h.settled(booked.appointmentId);
    return booked;
  }

  /** The patient writes on WhatsApp; waits until the bot answered (or decided not to). */
  async function says(phone: string, text: string) {
    const { id } = await h.t.whatsappText(phone, text);
    const [inbound] = await h.until(async () => {
      const rows = await h.db.select().from(messages).where(eq(messages.providerMessageId, id));
      return rows[0]?.status === 'processed' ? rows : undefined;
    }, `"${text}" to be processed`);
    const replies = await h.db.select().from(messages).where(eq(messages.replyToId, inbound!.id));
    return { inbound: inbound!, replies: replies.map((r) => r.body ?? '') };
  }

  const stateOf = async (phone: string) => {
    const [c] = await h.db.select().from(conversations).where(eq(conversations.patientAddress, phone));
    return c!.state as Record<string, unknown>;
  };

  it('"sim" confirms the appointment, cancels the steps still chasing it, and nothing else goes out', async () => {
    const phone = '+5511987650201';
    const { appointmentId } = await remindedPatient(phone, 'ana-souza');
    // The first contact goes out as the approved template (the patient never wrote: no 24 h window).
    const [first] = h.whatsappTo(phone);
    expect(first).toMatchObject({ type: 'template', template: { name: 'lembrete_consulta' } });
    expect(first!.template!.components![0]!.parameters.map((p) => p.text)).toEqual(['Juliana', 'Consulta de avaliação', 'Clínica Bella Pele', 'sexta-feira, 06/03 às 14:00']);

    // Meta reports the reminder delivered: its row follows.
    const status = fixtureJson<StatusPayload>('whatsapp/status-delivered.json');
    status.entry[0]!.changes[0]!.value.statuses[0]!.id = (await h.step(appointmentId, 'whatsapp-48h')).providerMessageId!;
    expect((await h.t.postWhatsApp(status)).status).toBe(200);
    await h.until(async () => (await h.step(appointmentId, 'whatsapp-48h')).status === 'delivered', 'delivered status');

    const { replies } = await says(phone, 'Sim!');
    expect(replies).toEqual(['Presença confirmada, Juliana! Te esperamos sexta-feira, 06/03 às 14:00. Até lá! 😊']);
    const [a] = await h.db.select().from(appointments).where(eq(appointments.id, appointmentId));
    expect(a!.status).toBe('confirmed');
    expect(a!.confirmedAt).toBeInstanceOf(Date);
    expect((await h.steps(appointmentId)).map((s) => [s.stepKey, s.status])).toEqual([
      ['whatsapp-48h', 'delivered'],
      ['sms-24h', 'cancelled'],
      ['escalation-12h', 'cancelled'],
    ]);
    // The rest of the week passes: no SMS, no escalation.
    await h.at(hoursBefore(FRIDAY_14H, 24));
    await h.at(hoursBefore(FRIDAY_14H, 12));
    expect(h.smsTo(phone)).toHaveLength(0);
    expect(await h.escalationsOf(appointmentId)).toHaveLength(0);
    // A bare "sim" now answers the bot's last message, not the reminder; an explicit one is told kindly.
    expect((await says(phone, 'sim')).replies).toEqual([]);
    expect((await says(phone, 'confirmo minha consulta')).replies).toEqual(['Sua presença já está confirmada para sexta-feira, 06/03 às 14:00. Até lá! 😊']);
  });

  it('"não vou" cancels the appointment and its remaining steps and offers new slots', async () => {
    const phone = '+5511987650202';
    const { appointmentId } = await remindedPatient(phone, 'bruno-lima');
    const { replies } = await says(phone, 'Não vou poder ir');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^Tudo bem, cancelei sua consulta de sexta-feira, 06\/03 às 14:00\./);
    expect(replies[0]).toMatch(/\n1\) .+\n2\) .+\n3\) .+\nÉ só responder com o número\.$/);
    const [a] = await h.db.select().from(appointments).where(eq(appointments.id, appointmentId));
    expect(a!.status).toBe('cancelled');
    expect((await h.steps(appointmentId)).filter((s) => s.status === 'pending')).toHaveLength(0);
    const offer = (await stateOf(phone)).reminderReschedule as { mode: string; appointmentId: string; slots: unknown[] };
    expect(offer).toMatchObject({ mode: 'rebook', appointmentId, serviceId: 'avaliacao' });
    expect(offer.slots).toHaveLength(3);
    // The slots offered start after the patient's "now" (the message time).
    await h.at(hoursBefore(FRIDAY_14H, 12));
    expect(await h.escalationsOf(appointmentId)).toHaveLength(0);
  });

  it('"preciso remarcar" keeps the appointment and hands the booking flow a reschedule offer', async () => {
    const phone = '+5511987650203';
    const startsAt = new Date('2026-03-06T14:00:00Z'); // Friday 11:00
    const { appointmentId } = await remindedPatient(phone, 'ana-souza', startsAt);
    const { replies } = await says(phone, 'preciso remarcar');
    expect(replies[0]).toMatch(/^Claro! Para Consulta de avaliação tenho estes horários:\n1\) /);
    const [a] = await h.db.select().from(appointments).where(eq(appointments.id, appointmentId));
    expect(a!.status).toBe('booked');
    expect((await stateOf(phone)).reminderReschedule).toMatchObject({ mode: 'reschedule', appointmentId, professionalId: 'ana-souza' });
    // "2" now picks slot 2 of the offer: the booking flow's, not a second reminder answer.
    const pick = await says(phone, '2');
    expect(pick.replies).toEqual([]);
    expect((await h.db.select().from(appointments).where(eq(appointments.id, appointmentId)))[0]!.status).toBe('booked');
  });

  it('a bare "não" asks remarcar or cancelar, and "3" then cancels', async () => {
    const phone = '+5511987650204';
    const startsAt = new Date('2026-03-06T19:00:00Z'); // Friday 16:00
    const { appointmentId } = await remindedPatient(phone, 'ana-souza', startsAt);
    expect((await says(phone, 'não')).replies).toEqual(['Só para eu entender: você quer remarcar (responda 2) ou cancelar (responda 3) sua consulta de sexta-feira, 06/03 às 16:00?']);
    expect((await h.db.select().from(appointments).where(eq(appointments.id, appointmentId)))[0]!.status).toBe('booked');
    const { replies } = await says(phone, '3');
    expect(replies[0]).toMatch(/^Tudo bem, cancelei/);
    expect((await h.db.select().from(appointments).where(eq(appointments.id, appointmentId)))[0]!.status).toBe('cancelled');
  });

  it('text that is not an answer, or comes without a recent reminder, is left to the conversation engine', async () => {
    const phone = '+5511987650205';
    const startsAt = new Date('2026-03-06T20:00:00Z'); // Friday 17:00
    const { appointmentId } = await remindedPatient(phone, 'bruno-lima', startsAt);
    expect((await says(phone, 'qual o endereço da clínica?')).replies).toEqual([]);
    expect((await says(phone, 'sim')).replies).toEqual(['Presença confirmada, Juliana! Te esperamos sexta-feira, 06/03 às 17:00. Até lá! 😊']);
    // A stranger's "sim" (no reminder) is not ours.
    expect((await says('+5511987650299', 'sim')).replies).toEqual([]);
    const rows = await h.db.select().from(reminders).where(eq(reminders.appointmentId, appointmentId));
    expect(rows.find((r) => r.stepKey === 'sms-24h')!.status).toBe('cancelled');
  });
});
