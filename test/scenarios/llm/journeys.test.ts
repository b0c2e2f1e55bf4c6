import { afterAll, beforeAll, expect, it } from 'vitest';
import { bookSlot } from '../../../src/booking/hold-slot';
import { recordConsent } from '../../../src/consent/record-consent';
import { findOrCreatePatient } from '../../../src/patients/find-or-create-patient';
import { reply, scriptedModel, toolCalls, toolResults, type ScriptedModel } from '../../conversation/llm/support/scripted-model';
import { describePostgres } from '../../support/test-database';
import { decryptScreening, recordsOf } from '../support/records';
import { givenPatient, type Scenario, type ScenarioPatient } from '../support/scenario';
import { startLlmScenario } from './support/llm-scenario';

/** Counts the model calls one message costs. */
async function callsFor(m: ScriptedModel, send: () => PromiseLike<unknown>): Promise<number> {
  const before = m.calls.length;
  await send();
  return m.calls.length - before;
}

describePostgres('the same journeys with a scripted LLM (auto routing: the model for free text, the engine for structured replies)', () => {
  let s: Scenario;
  const m = scriptedModel();
  beforeAll(async () => {
    s = await startLlmScenario({ model: m.model });
  });
  afterAll(async () => s?.stop());

  it('books botox: free text goes to the model (one call each), "2", "sim" and the screening answer cost no call', async () => {
    m.on('quero marcar então', toolCalls({ name: 'find_slots', args: { serviceId: 'toxina-botulinica', when: { date: '2026-03-11', after: '13:00' } } }));
    m.on(/tem algum? jeito de tirar essas rugas/, toolCalls({ name: 'get_clinic_info', args: { topic: 'service_info', serviceId: 'toxina-botulinica' } }));
    const ana = givenPatient(s, '+5511987659001');

    expect(await callsFor(m, () => ana.says('oi! tem algum jeito de tirar essas rugas da testa? me incomodam demais kkk').expectReply(/\*Toxina botulínica \(botox\)\*: R\$ 1\.200,00/))).toBe(1);
    expect(await callsFor(m, () => ana.says('quero marcar então, pode ser quarta depois do almoço').expectReply(/1\. quarta-feira, 11\/03 às 13:00/))).toBe(1);
    expect(await callsFor(m, () => ana.says('2').expectReply(/separei \*quarta-feira, 11\/03/).expectReply(/Autorização para uso de dados de saúde/))).toBe(0);
    expect(await callsFor(m, () => ana.says('sim').expectReply(/perguntinhas de segurança/))).toBe(0);
    expect(await callsFor(m, () => ana.says('não tenho nenhuma').expectReply(/lembretes/))).toBe(0);
    expect(await callsFor(m, () => ana.says('sim').expectReply(/Confere pra mim/))).toBe(0);
    expect(await callsFor(m, () => ana.says('sim').expectReply(/agendado! ✅/))).toBe(0);

    const r = await recordsOf(s.db, (await ana.id())!);
    expect(r.appointments.filter((a) => a.status === 'booked')).toHaveLength(1);
    expect(r.consents.map((c) => [c.purpose, c.granted])).toEqual([['health_data', true], ['reminders', true]]);
    expect(r.screenings.map((x) => x.outcome)).toEqual(['clear']);
    expect(r.turns.map((t) => t.engine)).toEqual(['llm', 'llm', 'deterministic', 'deterministic', 'deterministic', 'deterministic', 'deterministic']);
    expect(r.turns.map((t) => t.llmCalls)).toEqual([1, 1, 0, 0, 0, 0, 0]);
    expect(r.turns[0]!.promptTokens).toBeGreaterThan(0);
  });

  it('a price the model would have to state comes from get_clinic_info in the owner\'s words; a health question gets the referral', async () => {
    m.on('fazem algo pra manchas', toolCalls({ name: 'get_clinic_info', args: { topic: 'price', serviceId: 'peeling-quimico' } }));
    m.on('posso fazer grávida', toolCalls({ name: 'get_clinic_info', args: { topic: 'medical' } }));
    const bia = givenPatient(s, '+5511987659002');
    await bia.says('vcs fazem algo pra manchas no rosto? quanto fica mais ou menos?').expectReply(/\*Peeling químico\*: R\$ 350,00/);
    await bia.says('e isso eu posso fazer grávida? to de 3 meses').expectReply(/pergunta para a profissional/).expectNotReply(/R\$/);
  });
});

describePostgres('the same journeys driven by the model alone (routing=always: every message goes to the model, which acts only through tools)', () => {
  let s: Scenario;
  const m = scriptedModel();
  beforeAll(async () => {
    s = await startLlmScenario({ model: m.model, routing: 'always' });
  });
  afterAll(async () => s?.stop());

  it('books in six messages with one call each, leaving the same evidence as the deterministic engine', async () => {
    m.on('quero botox amanhã à tarde', toolCalls({ name: 'find_slots', args: { serviceId: 'toxina-botulinica', when: { date: '2026-03-11', period: 'afternoon' } } }));
    m.on('a segunda opção', toolCalls({ name: 'hold_slot', args: { option: 2 } }));
    m.on('sim, autorizo', toolCalls({ name: 'record_consent', args: { purpose: 'health_data', granted: true } }));
    m.on('não tenho nenhuma dessas', toolCalls({ name: 'screen_contraindications', args: { serviceId: 'toxina-botulinica' } }));
    m.on('pode mandar sim', toolCalls({ name: 'record_consent', args: { purpose: 'reminders', granted: true } }));
    m.on('sim, pode confirmar', toolCalls({ name: 'book_appointment', args: {} }));
    const caio = givenPatient(s, '+5511987659101');
    const before = m.calls.length;

    await caio.says('quero botox amanhã à tarde').expectReply(/horários para \*Toxina botulínica/).expectReply(/2\. quarta-feira, 11\/03 às 14:00/);
    await caio.says('a segunda opção').expectReply(/separei \*quarta-feira, 11\/03 às 14:00\*/).expectReply(/Autorização para uso de dados de saúde/);
    await caio.says('sim, autorizo').expectReply(/perguntinhas de segurança/);
    await caio.says('não tenho nenhuma dessas').expectReply(/lembretes/);
    await caio.says('pode mandar sim').expectReply(/Confere pra mim/).expectReply(/R\$ 1\.200,00/);
    await caio.says('sim, pode confirmar').expectReply(/agendado! ✅/);
    expect(m.calls.length - before).toBe(6);

    const r = await recordsOf(s.db, (await caio.id())!);
    const booked = r.appointments.filter((a) => a.status === 'booked');
    expect(booked).toHaveLength(1);
    expect(booked[0]!.startsAt.toISOString()).toBe(new Date('2026-03-11T14:00:00-03:00').toISOString());
    expect(r.consents.map((c) => [c.purpose, c.granted])).toEqual([['health_data', true], ['reminders', true]]);
    expect(r.screenings.map((x) => x.outcome)).toEqual(['clear']);
    expect(decryptScreening(s, r.screenings[0]!)).toMatchObject({ answers: ['não tenho nenhuma dessas'], conditions: [] });
    expect(r.turns.map((t) => t.engine)).toEqual(Array(6).fill('llm'));
    expect(r.conversation.state).toMatchObject({ v: 1, step: 'idle' });
  });

  it('reschedules: list_appointments, then slots to move it to, the pick, and the explicit yes', async () => {
    const dani = givenPatient(s, '+5511987659102');
    const patient = await findOrCreatePatient(s.db, { clinicId: 'bella-pele', phone: dani.phone });
    // Booked earlier through the bot: health-data consent is on record.
    const version = s.app.app.flows.require('bella-pele').get('booking.yaml').consent.health_data.version;
    await recordConsent(s.db, { clinicId: 'bella-pele', patientId: patient.id, purpose: 'health_data', textVersion: `${version}#earlier`, granted: true, messageId: null, at: s.clock.now() });
    const mine = await bookSlot(s.db, { clinicId: 'bella-pele', patientId: patient.id, serviceId: 'limpeza-de-pele', professionalId: 'carla-mendes', startsAt: new Date('2026-03-13T10:00:00-03:00'), now: s.clock.now(), source: 'staff', actor: 'staff:test' });
    m.on('preciso mudar minha limpeza', [
      toolCalls({ name: 'list_appointments', args: {} }),
      (messages) => {
        const [listed] = toolResults(messages) as [{ appointments: { appointmentId: string }[] }];
        return toolCalls({ name: 'find_slots', args: { serviceId: 'limpeza-de-pele', appointmentId: listed.appointments[0]!.appointmentId, when: { date: '2026-03-14', period: 'morning' } } });
      },
    ]);
    m.on('a primeira', toolCalls({ name: 'hold_slot', args: { option: 1 } }));
    m.on('sim, pode remarcar', toolCalls({ name: 'reschedule_appointment', args: { appointmentId: mine.id } }));

    expect(await callsFor(m, () => dani.says('preciso mudar minha limpeza de sexta pro sábado de manhã').expectReply(/1\. sábado, 14\/03 às 09:00/))).toBe(2);
    await dani.says('a primeira').expectReply(/sábado, 14\/03 às 09:00/).expectReply(/sexta-feira, 13\/03 às 10:00/);
    await dani.says('sim, pode remarcar').expectReply(/remarcad|remarquei/i);

    const r = await recordsOf(s.db, patient.id);
    expect(r.appointments.map((a) => [a.status, a.startsAt.toISOString()])).toEqual([
      ['rescheduled', new Date('2026-03-13T10:00:00-03:00').toISOString()],
      ['booked', new Date('2026-03-14T09:00:00-03:00').toISOString()],
    ]);
  });

  it('cancels after request_confirmation and a later yes; the refusal before it is one the model acts on', async () => {
    const edu = givenPatient(s, '+5511987659103');
    const patient = await findOrCreatePatient(s.db, { clinicId: 'bella-pele', phone: edu.phone });
    const mine = await bookSlot(s.db, { clinicId: 'bella-pele', patientId: patient.id, serviceId: 'peeling-quimico', professionalId: 'carla-mendes', startsAt: new Date('2026-03-12T15:00:00-03:00'), now: s.clock.now(), source: 'staff', actor: 'staff:test' });
    m.on('vou ter que desmarcar', [toolCalls({ name: 'cancel_appointment', args: { appointmentId: mine.id } }), toolCalls({ name: 'request_confirmation', args: { kind: 'cancel', appointmentId: mine.id } })]);
    m.on('pode cancelar sim', toolCalls({ name: 'cancel_appointment', args: { appointmentId: mine.id } }));

    const before = m.calls.length;
    await edu.says('oi, vou ter que desmarcar o peeling, surgiu uma viagem').expectReply(/Quer mesmo cancelar|cancelar/i).expectReply(/quinta-feira, 12\/03 às 15:00/);
    // The first call's cancel was refused: the tool result the model read on its second call says why and what to do.
    const refusal = toolResults(m.calls[before + 1]!.messages)[0];
    expect(refusal).toMatchObject({ ok: false, code: 'NOT_CONFIRMED' });
    expect(String(refusal!.reason)).toMatch(/request_confirmation/);
    await edu.says('pode cancelar sim').expectReply(/cancelei/i);
    const r = await recordsOf(s.db, patient.id);
    expect(r.appointments.map((a) => a.status)).toEqual(['cancelled']);
  });

  it('the model may answer in its own words when no tool is needed (checked before it is sent)', async () => {
    m.on('vocês são muito atenciosas', reply('Que bom ouvir isso! 💛 Se precisar de algo, é só chamar.'));
    const fabi = givenPatient(s, '+5511987659104');
    await fabi.says('vocês são muito atenciosas, obrigada').expectReply(/Que bom ouvir isso/);
  });
});
