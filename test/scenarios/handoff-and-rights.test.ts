import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres } from '../support/test-database';
import { recordsOf } from './support/records';
import { givenPatient, startScenario, type Scenario } from './support/scenario';

describePostgres('opt-out, handoff to staff and data rights', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.stop());

  it('"parar" is honoured at once, confirmed once, and small talk afterwards gets no message', async () => {
    const tati = givenPatient(s, '+5511987653001');
    await tati.says('quero botox sexta de manhã').expectReply(/sexta-feira/);
    await tati.says('1').expectReply(/Autorização/);
    await tati.says('parar').expectReply(/não vai mais receber mensagens nossas/);
    await tati.says('ok').expectNoReply();
    await tati.says('obrigado').expectNoReply();
    await tati.says('parar').expectNoReply();
    const r = await recordsOf(s.db, (await tati.id())!);
    const [patient] = await s.db.query.patients.findMany({ where: (p, { eq }) => eq(p.phone, '+5511987653001') });
    expect(patient!.optedOutAt).not.toBeNull();
    expect(r.consents.map((c) => [c.purpose, c.granted])).toEqual([['reminders', false]]);
    expect(r.appointments.map((a) => a.status)).toEqual(['cancelled']);
    // Answering what she asks is not marketing: a real request is still served.
    await tati.says('qual o endereço?').expectReply(/Rua Augusta, 1500/);
  });

  it('"quero falar com uma pessoa": escalation, the patient is told, then silence while staff holds the thread', async () => {
    const ursula = givenPatient(s, '+5511987653002');
    await ursula.says('quero marcar harmonização facial').expectReply(/qual dia e horário/);
    await ursula.says('quero falar com uma pessoa').expectReply(/chamei alguém da nossa equipe/);
    await ursula.says('oi?').expectNoReply();
    await ursula.says('quero botox amanhã').expectNoReply();
    const r = await recordsOf(s.db, (await ursula.id())!);
    expect(r.escalations.map((e) => [e.reason, e.status])).toEqual([['asked_human', 'open']]);
    expect(r.conversation.mode).toBe('waiting_staff');
  });

  it('a data-rights request creates the LGPD request with its 15-day deadline, an escalation, and hands off', async () => {
    const vera = givenPatient(s, '+5511987653003');
    await vera.says('quero que vocês apaguem todos os meus dados').expectReply(/exclusão dos seus dados/).expectReply(/até 15 dias, ou seja, até 25\/03\/2026/).expectReply(/art\. 19, II/);
    await vera.says('oi').expectNoReply();
    const r = await recordsOf(s.db, (await vera.id())!);
    expect(r.dataRequests).toHaveLength(1);
    expect(r.dataRequests[0]).toMatchObject({ kind: 'erasure', status: 'open', requestedVia: 'whatsapp' });
    expect(r.dataRequests[0]!.dueAt.getTime() - r.dataRequests[0]!.createdAt.getTime()).toBe(15 * 86_400_000);
    expect(r.escalations.map((e) => e.reason)).toEqual(['data_rights']);
  });

  it('two messages in a row not understood: a person takes over', async () => {
    const wal = givenPatient(s, '+5511987653004');
    await wal.says('asdkjh qwe').expectReply(/não entendi/);
    await wal.says('zzzz xxxx').expectReply(/Já chamei alguém da nossa equipe/);
    const r = await recordsOf(s.db, (await wal.id())!);
    expect(r.escalations.map((e) => e.reason)).toEqual(['bot_stuck']);
    expect(r.conversation.mode).toBe('waiting_staff');
  });

  it('one misunderstanding mid-booking re-asks; understanding the next message resets the count', async () => {
    const xuxa = givenPatient(s, '+5511987653005');
    await xuxa.says('quero limpeza de pele').expectReply(/qual dia/);
    await xuxa.says('blorb').expectReply(/não entendi/).expectReply(/qual dia/);
    await xuxa.says('sábado de manhã').expectReply(/sábado, 14\/03/);
    await xuxa.says('glub').expectReply(/Responda com o número/);
    await xuxa.says('3').expectReply(/separei/);
    const r = await recordsOf(s.db, (await xuxa.id())!);
    expect(r.escalations).toHaveLength(0);
  });
});
