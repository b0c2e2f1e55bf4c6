import { describe, expect, it } from 'vitest';
import { checkReply } from '../../../src/conversation/llm/check-reply';
import { demoClinicFile } from '../../support/test-database';

const clinic = demoClinicFile().file;

describe("checking the model's own words before a patient reads them", () => {
  it('passes a reply whose amounts are catalog prices', () => {
    expect(checkReply('O botox sai por R$ 1.200,00 e a avaliação por R$150.', { clinic, changed: false })).toMatchObject({ ok: true });
  });

  it('refuses an amount the catalog does not have (an invented promotion)', () => {
    expect(checkReply('Hoje o botox está por R$ 999,90!', { clinic, changed: false })).toMatchObject({ ok: false, problem: 'unknown_price' });
    expect(checkReply('Fica R$ 1.100 no pix', { clinic, changed: false })).toMatchObject({ ok: false, problem: 'unknown_price' });
  });

  it('refuses a claimed booking, move or cancellation no tool made this turn', () => {
    for (const text of ['Pronto, está agendado!', 'Seu horário foi remarcado para sexta.', 'Já está tudo confirmado 😊', 'Agendamento confirmado!']) {
      expect(checkReply(text, { clinic, changed: false }), text).toMatchObject({ ok: false, problem: 'unbacked_change' });
    }
    expect(checkReply('Pronto, está agendado!', { clinic, changed: true })).toMatchObject({ ok: true });
    expect(checkReply('Quer que eu deixe agendado para sexta?', { clinic, changed: false })).toMatchObject({ ok: true });
  });

  it('refuses empty and overlong replies', () => {
    expect(checkReply('  ', { clinic, changed: false })).toMatchObject({ ok: false, problem: 'empty' });
    expect(checkReply('a'.repeat(2000), { clinic, changed: false })).toMatchObject({ ok: false, problem: 'too_long' });
  });

  it("fills the name placeholder back with the patient's first name", () => {
    expect(checkReply('Oi, [NOME]! Tudo bem?', { clinic, changed: false, firstName: 'Joana' }).text).toBe('Oi, Joana! Tudo bem?');
    expect(checkReply('Oi, [NOME]!', { clinic, changed: false }).text).toBe('Oi!');
  });
});
