import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bookSlot } from '../../src/booking/hold-slot';
import { conversations } from '../../src/db/schema';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { describePostgres } from '../support/test-database';
import { recordsOf } from './support/records';
import { givenPatient, startScenario, type Scenario, type ScenarioPatient } from './support/scenario';

/** The shortest booking through the chat (first visit): peeling tomorrow (Wednesday 11/03) at `hour`. */
async function bookPeelingWednesday(p: ScenarioPatient, hour: number): Promise<void> {
  await p.says(`quero peeling amanhã às ${hour}h`).expectReply(new RegExp(`separei \\*quarta-feira, 11/03 às ${hour}:00\\*`));
  await p.says('sim').expectReply(/perguntinhas/);
  await p.says('não').expectReply(/lembretes/);
  await p.says('sim').expectReply(/Confere pra mim/);
  await p.says('sim').expectReply(/agendado/);
}

describePostgres('reschedule and cancel through the chat', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.stop());

  it('reschedules: asks when, offers, confirms the exact move, keeps the history', async () => {
    const nina = givenPatient(s, '+5511987652001');
    await bookPeelingWednesday(nina, 15);
    await nina.says('preciso remarcar').expectReply(/Seu agendamento de \*Peeling químico\* está marcado para quarta-feira, 11\/03 às 15:00/);
    await nina.says('sexta à tarde').expectReply(/1\. sexta-feira, 13\/03 às 13:00/);
    await nina.says('2').expectReply(/remarcar \*Peeling químico\* de quarta-feira, 11\/03 às 15:00 para \*sexta-feira, 13\/03 às 14:00\*/);
    await nina.says('sim').expectReply(/Remarcado! ✅/);
    const r = await recordsOf(s.db, (await nina.id())!);
    const old = r.appointments.find((a) => a.status === 'rescheduled')!;
    const moved = r.appointments.find((a) => a.status === 'booked')!;
    expect(moved.rescheduledFromId).toBe(old.id);
    expect(moved.startsAt.toISOString()).toBe(new Date('2026-03-13T14:00:00-03:00').toISOString());
  });

  it('"remarcar para sexta" goes straight to the offer; "não" to the move keeps the appointment', async () => {
    const olga = givenPatient(s, '+5511987652002');
    await bookPeelingWednesday(olga, 16);
    await olga.says('quero remarcar para sexta de manhã').expectReply(/1\. sexta-feira, 13\/03 às 09:00/);
    await olga.says('1').expectReply(/remarcar/);
    await olga.says('não').expectReply(/outro dia ou horário/);
    const r = await recordsOf(s.db, (await olga.id())!);
    expect(r.appointments.map((a) => a.status)).toEqual(['booked']);
  });

  it('cancels after an explicit yes, and offers to book again', async () => {
    const paula = givenPatient(s, '+5511987652003');
    await bookPeelingWednesday(paula, 17);
    await paula.says('quero cancelar minha consulta').expectReply(/Quer mesmo cancelar \*Peeling químico\* de quarta-feira, 11\/03 às 17:00\?/);
    await paula.says('sim').expectReply(/cancelei \*Peeling químico\*/);
    const r = await recordsOf(s.db, (await paula.id())!);
    expect(r.appointments.map((a) => [a.status, a.cancelReason])).toEqual([['cancelled', 'patient_request']]);
    await paula.says('pode ser sexta de manhã').expectReply(/horários para \*Peeling químico\*/).expectReply(/sexta-feira, 13\/03/);
  });

  it('asks which one when there are several, and only ever lists the patient\'s own', async () => {
    const rita = givenPatient(s, '+5511987652004');
    await bookPeelingWednesday(rita, 14);
    const stranger = await findOrCreatePatient(s.db, { clinicId: 'bella-pele', phone: '+5511900008888' });
    await bookSlot(s.db, { clinicId: 'bella-pele', patientId: stranger.id, serviceId: 'limpeza-de-pele', startsAt: new Date('2026-03-18T10:00:00-03:00'), now: s.clock.now(), source: 'staff', actor: 'staff:test' });
    const ritaId = (await rita.id())!;
    await bookSlot(s.db, { clinicId: 'bella-pele', patientId: ritaId, serviceId: 'limpeza-de-pele', startsAt: new Date('2026-03-19T10:00:00-03:00'), now: s.clock.now(), source: 'staff', actor: 'staff:test' });

    await rita.says('quero cancelar').expectReply(/1\. Peeling químico — quarta-feira, 11\/03 às 14:00\n2\. Limpeza de pele — quinta-feira, 19\/03 às 10:00/).expectNotReply(/18\/03/);
    await rita.says('2').expectReply(/Quer mesmo cancelar \*Limpeza de pele\* de quinta-feira, 19\/03/);
    await rita.says('não').expectReply(/mantive seu agendamento/);
    const r = await recordsOf(s.db, ritaId);
    expect(r.appointments.every((a) => a.status === 'booked')).toBe(true);
  });

  it('with nothing booked, says so kindly', async () => {
    const sara = givenPatient(s, '+5511987652005');
    await sara.says('quero desmarcar meu horário').expectReply(/Não encontrei nenhum agendamento futuro/);
  });

  it('picks up the slots a reminder reply offered ("2" moves the appointment after a "sim" to the summary)', async () => {
    const tuca = givenPatient(s, '+5511987652006');
    await bookPeelingWednesday(tuca, 13);
    const r = await recordsOf(s.db, (await tuca.id())!);
    const appointment = r.appointments.find((a) => a.status === 'booked')!;
    // What src/reminders/handle-reminder-reply.ts leaves after "preciso remarcar" in answer to a reminder.
    const reminderReschedule = {
      mode: 'reschedule',
      appointmentId: appointment.id,
      serviceId: appointment.serviceId,
      professionalId: appointment.professionalId,
      slots: [
        { startsAt: new Date('2026-03-12T09:00:00-03:00').toISOString(), professionalId: 'ana-souza' },
        { startsAt: new Date('2026-03-12T10:00:00-03:00').toISOString(), professionalId: 'ana-souza' },
      ],
      offeredAt: s.clock.now().toISOString(),
    };
    await s.db.update(conversations).set({ state: { ...r.conversation.state, reminderReschedule } }).where(eq(conversations.id, r.conversation.id));
    await tuca.says('2').expectReply(/remarcar \*Peeling químico\* de quarta-feira, 11\/03 às 13:00 para \*quinta-feira, 12\/03 às 10:00\*/);
    await tuca.says('sim').expectReply(/Remarcado/);
    const after = await recordsOf(s.db, (await tuca.id())!);
    expect(after.appointments.find((a) => a.status === 'booked')!.startsAt.toISOString()).toBe(new Date('2026-03-12T10:00:00-03:00').toISOString());
    expect(after.conversation.state).not.toHaveProperty('reminderReschedule');
  });
});
