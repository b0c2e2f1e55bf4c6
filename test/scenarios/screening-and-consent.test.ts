import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres } from '../support/test-database';
import { decryptScreening, recordsOf } from './support/records';
import { givenPatient, startScenario, type Scenario } from './support/scenario';

describePostgres('LGPD consent and contraindication screening', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.stop());

  it('gestante asking for botox: no appointment, kind explanation, avaliação offered and bookable', async () => {
    const gabi = givenPatient(s, '+5511987651001');
    await gabi.says('quero botox').expectReply(/qual dia e horário/);
    await gabi.says('sexta de manhã').expectReply(/sexta-feira, 13\/03/);
    await gabi.says('a das 11h').expectReply(/Autorização/);
    await gabi.says('sim').expectReply(/perguntinhas de segurança/);
    await gabi.says('estou grávida de 3 meses')
      .expectReply(/não realizamos \*Toxina botulínica \(botox\)\* em caso de gravidez/)
      .expectReply(/1\. Agendar uma \*consulta de avaliação\*/)
      .expectReply(/2\. Falar com alguém da nossa equipe/)
      .expectNotReply(/Confere pra mim|agendado/);

    let r = await recordsOf(s.db, (await gabi.id())!);
    expect(r.appointments.map((a) => [a.serviceId, a.status])).toEqual([['toxina-botulinica', 'cancelled']]);
    expect(r.screenings.map((x) => x.outcome)).toEqual(['block']);
    expect(r.screenings[0]!.answersEnc).not.toMatch(/gr[aá]vida|gestante/i);
    expect(decryptScreening(s, r.screenings[0]!)).toMatchObject({ conditions: ['gestante'], answers: ['estou grávida de 3 meses'] });

    await gabi.says('1').expectReply(/horários para \*Consulta de avaliação\*/);
    await gabi.says('1').expectReply(/separei/).expectReply(/lembretes/).expectNotReply(/perguntinhas/);
    await gabi.says('não').expectReply(/Consulta de avaliação/).expectReply(/R\$ 150,00/);
    await gabi.says('sim').expectReply(/agendado/);
    r = await recordsOf(s.db, (await gabi.id())!);
    expect(r.appointments.filter((a) => a.status === 'booked').map((a) => a.serviceId)).toEqual(['avaliacao']);
    expect(r.screenings.map((x) => [x.serviceId, x.outcome])).toEqual([['toxina-botulinica', 'block'], ['avaliacao', 'clear']]);
  });

  it('anticoagulante asking for preenchimento: consult path, the patient asks for staff, the bot goes silent', async () => {
    const iara = givenPatient(s, '+5511987651002');
    await iara.says('quero fazer preenchimento labial na quinta à tarde').expectReply(/quinta-feira, 12\/03/);
    await iara.says('a primeira').expectReply(/Autorização/);
    await iara.says('sim, autorizo').expectReply(/perguntinhas de segurança/);
    await iara.says('tomo marevan todo dia').expectReply(/Em caso de uso de anticoagulante ou AAS, o ideal é a profissional avaliar você antes/).expectReply(/consulta de avaliação/);
    await iara.says('2').expectReply(/chamei alguém da nossa equipe/);
    await iara.says('alô? tem alguém aí?').expectNoReply();

    const r = await recordsOf(s.db, (await iara.id())!);
    expect(r.appointments.filter((a) => ['held', 'booked'].includes(a.status))).toHaveLength(0);
    expect(r.screenings.map((x) => x.outcome)).toEqual(['consult']);
    expect(r.escalations.map((e) => e.reason)).toEqual(['screening_consult']);
    expect(r.escalations[0]!.detail).not.toMatch(/marevan|anticoag/i);
    expect(r.conversation.mode).toBe('waiting_staff');
  });

  it('a "yes" without naming the condition is asked which one; two unreadable answers go to a professional', async () => {
    const jo = givenPatient(s, '+5511987651003');
    await jo.says('quero bioestimulador segunda de manhã').expectReply(/segunda-feira, 16\/03/);
    await jo.says('1').expectReply(/Autorização/);
    await jo.says('sim').expectReply(/perguntinhas/);
    await jo.says('sim').expectReply(/Qual ou quais delas/);
    await jo.says('tenho lúpus').expectReply(/não realizamos \*Bioestimulador/);

    const ka = givenPatient(s, '+5511987651004');
    await ka.says('quero microagulhamento terça à tarde').expectReply(/terça-feira, 17\/03/);
    await ka.says('2').expectReply(/Autorização/);
    await ka.says('sim').expectReply(/perguntinhas/);
    await ka.says('hmm talvez uma coisa ou outra').expectReply(/não entendi bem/);
    await ka.says('sei lá viu').expectReply(/o ideal é a profissional avaliar você/);
    const r = await recordsOf(s.db, (await ka.id())!);
    expect(r.screenings.map((x) => x.outcome)).toEqual(['consult']);
    expect(decryptScreening(s, r.screenings[0]!)).toMatchObject({ answers: ['hmm talvez uma coisa ou outra', 'sei lá viu'], note: expect.stringMatching(/not understood/) });
  });

  it('consent refused: handled gracefully, recorded as evidence, hold released, a call with staff offered', async () => {
    const leo = givenPatient(s, '+5511987651005');
    await leo.says('quero limpeza de pele sábado de manhã').expectReply(/sábado, 14\/03/);
    await leo.says('1').expectReply(/Autorização/);
    await leo.says('não autorizo').expectReply(/respeito sua decisão/).expectReply(/alguém da nossa equipe te ligue/).expectNotReply(/perguntinhas|prazo/);
    let r = await recordsOf(s.db, (await leo.id())!);
    expect(r.consents.map((c) => [c.purpose, c.granted])).toEqual([['health_data', false]]);
    expect(r.screenings).toHaveLength(0);
    expect(r.dataRequests).toHaveLength(0);
    expect(r.appointments.map((a) => a.status)).toEqual(['cancelled']);

    await leo.says('sim').expectReply(/Pedi para nossa equipe entrar em contato/);
    r = await recordsOf(s.db, (await leo.id())!);
    expect(r.escalations.map((e) => e.reason)).toEqual(['consent_refused']);
    expect(r.conversation.mode).toBe('waiting_staff');
  });

  it('a condition told before the question still counts at screening (kept encrypted meanwhile)', async () => {
    const mel = givenPatient(s, '+5511987651006');
    await mel.says('estou amamentando e queria fazer botox na sexta de manhã').expectReply(/sexta-feira, 13\/03/);
    const state = (await recordsOf(s.db, (await mel.id())!)).conversation.state as { task?: { volunteeredEnc?: string } };
    expect(state.task?.volunteeredEnc).toMatch(/^v1:/);
    expect(JSON.stringify(state)).not.toMatch(/amament/);
    await mel.says('1').expectReply(/Autorização/);
    await mel.says('sim').expectReply(/perguntinhas/);
    await mel.says('não').expectReply(/não realizamos \*Toxina botulínica \(botox\)\* em caso de amamentação/);
  });
});
