import { describe, expect, it } from 'vitest';
import { redactPii } from '../../src/lib/redact-pii';

describe('redactPii', () => {
  it('masks CPF in every common writing', () => {
    for (const cpf of ['123.456.789-09', '12345678909', '123 456 789 09', '123.456.789.09', '52998224725']) {
      expect(redactPii(`meu cpf é ${cpf}`)).toBe('meu cpf é [CPF]');
    }
  });
  it('masks e-mails, with accents and plus addressing', () => {
    expect(redactPii('manda pra joão.silva+clinica@exemplo.com.br por favor')).toBe('manda pra [EMAIL] por favor');
  });
  it('masks Brazilian phones in many shapes', () => {
    for (const p of ['+55 11 98765-4321', '(11) 98765-4321', '11987654321', '98765-4321', '5511987654321', '+5511987654321']) {
      expect(redactPii(`liga no ${p}`), p).toBe('liga no [TELEFONE]');
    }
  });
  it('leaves times, dates, prices and option numbers alone', () => {
    const text = 'pode ser dia 12/03 às 15h30, opção 2, R$ 1.200 ou 3 sessões';
    expect(redactPii(text)).toBe(text);
  });
  it('masks names given for someone else, and full known names whatever their words', () => {
    expect(redactPii('pode marcar no nome de Roberta Dias?')).toBe('pode marcar no nome de [NOME]?');
    expect(redactPii('é pra minha filha, Beatriz Costa, ela tem 19')).toBe('é pra minha filha, [NOME], ela tem 19');
    expect(redactPii('Aqui é a Fernanda Lima', { fullNames: ['Fernanda Lima'] })).toBe('Aqui é a [NOME]');
    expect(redactPii('com o Dr. Bruno Lima, por favor', { fullNames: ['Fernanda Lima'] })).toBe('com o Dr. Bruno Lima, por favor');
  });

  it('masks names the patient gives and names we know', () => {
    expect(redactPii('Oi, meu nome é Fernanda Costa e quero botox')).toBe('Oi, meu nome é [NOME] e quero botox');
    expect(redactPii('sou a Patrícia')).toBe('sou a [NOME]');
    expect(redactPii('a fernanda pode ir amanhã?', { knownNames: ['Fernanda Costa'] })).toBe('a [NOME] pode ir amanhã?');
  });
});
