import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres } from '../support/test-database';
import { recordsOf } from './support/records';
import { givenPatient, startScenario, type Scenario } from './support/scenario';

/** Dialogues an independent review found breaking SPEC §1; each must now hold. */
describePostgres('review regressions: screening and explicit yes', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.stop());

  it('"não, só uso roacutan" is isotretinoin, a block for peeling: nothing is booked', async () => {
    const p = givenPatient(s, '+5511987658001');
    await p.says('quero peeling quinta de manhã').expectReply(/quinta-feira/);
    await p.says('1').expectReply(/Autorização/);
    await p.says('sim').expectReply(/perguntinhas de segurança/);
    await p.says('não, só uso roacutan').expectNotReply(/Confere pra mim|agendado/);
    await p.says('sim').expectNotReply(/agendado/);
    const r = await recordsOf(s.db, (await p.id())!);
    expect(r.appointments.filter((a) => ['booked', 'confirmed'].includes(a.status))).toHaveLength(0);
    expect(r.screenings.map((x) => x.outcome)).toEqual(['block']);
  });

  it('"nenhuma, só tomo marevan" is an anticoagulant: the consult path, not a clear screening', async () => {
    const p = givenPatient(s, '+5511987658002');
    await p.says('quero preenchimento labial quinta à tarde').expectReply(/quinta-feira/);
    await p.says('1').expectReply(/Autorização/);
    await p.says('sim').expectReply(/perguntinhas de segurança/);
    await p.says('nenhuma, só tomo marevan').expectReply(/avaliação/).expectNotReply(/Confere pra mim/);
    const r = await recordsOf(s.db, (await p.id())!);
    expect(r.screenings.map((x) => x.outcome)).toEqual(['consult']);
  });

  it('a "sim" already queued when the consent question was written is not consent', async () => {
    const phone = '+5511987658005';
    const p = givenPatient(s, phone);
    await p.says('quero limpeza de pele sexta de manhã').expectReply(/sexta-feira/);
    // "1" and "sim" arrive together: the "sim" was sent before the patient could see the consent text.
    s.clock.advance(60_000);
    await s.app.whatsappText(phone, '1');
    await s.app.whatsappText(phone, 'sim');
    await s.app.idle();
    let r = await recordsOf(s.db, (await p.id())!);
    expect(r.consents.filter((c) => c.purpose === 'health_data')).toHaveLength(0);
    // Answering after the question works.
    await p.says('sim').expectReply(/perguntinhas de segurança/);
    r = await recordsOf(s.db, (await p.id())!);
    expect(r.consents.filter((c) => c.purpose === 'health_data' && c.granted)).toHaveLength(1);
  });

  it('"claro que não" to the consent question records no consent and starts no screening', async () => {
    const p = givenPatient(s, '+5511987658003');
    await p.says('quero limpeza de pele sexta de manhã').expectReply(/sexta-feira/);
    await p.says('1').expectReply(/Autorização/);
    await p.says('claro que não').expectNotReply(/perguntinhas de segurança/);
    const r = await recordsOf(s.db, (await p.id())!);
    expect(r.consents.filter((c) => c.purpose === 'health_data' && c.granted)).toHaveLength(0);
  });

  it('"claro que não" (or a hedge) to the summary does not book', async () => {
    const p = givenPatient(s, '+5511987658004');
    await p.says('quero depilação a laser sábado 11h').expectReply(/separei/);
    await p.says('sim').expectReply(/perguntinhas de segurança/);
    await p.says('não tenho nenhuma').expectReply(/lembretes/);
    await p.says('não').expectReply(/Confere pra mim/);
    await p.says('beleza, mas não agora').expectNotReply(/agendado/);
    await p.says('claro que não').expectNotReply(/agendado/);
    const r = await recordsOf(s.db, (await p.id())!);
    expect(r.appointments.filter((a) => ['booked', 'confirmed'].includes(a.status))).toHaveLength(0);
  });
});
