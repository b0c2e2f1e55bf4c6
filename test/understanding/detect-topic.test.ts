import { describe, expect, it } from 'vitest';
import { detectTopic, isQuestion } from '../../src/understanding/detect-topic';
import { normalizeText } from '../../src/understanding/normalize-text';

const topic = (text: string, hints: { hasService?: boolean; mentionsCondition?: boolean } = {}) => {
  const t = normalizeText(text);
  return detectTopic(t, { hasService: false, mentionsCondition: false, question: isQuestion(t), ...hints });
};

describe('detectTopic', () => {
  it.each([
    ['qual o endereço?', 'address'],
    ['que horas vocês fecham?', 'hours'],
    ['vocês parcelam?', 'payment'],
    ['aceitam unimed?', 'insurance'],
    ['onde eu paro o carro?', 'parking'],
    ['qual o instagram de vocês?', 'contact'],
    ['quais procedimentos vocês fazem?', 'services'],
    ['quem vai me atender?', 'professionals'],
    ['o preenchimento é definitivo?', 'service_info'],
    ['posso beber depois do botox?', 'medical'],
  ])('%s → %s', (text, expected) => {
    expect(topic(text)).toBe(expected);
  });
  it('makes any question about a mentioned condition medical', () => {
    expect(topic('tenho lúpus, posso fazer?', { mentionsCondition: true })).toBe('medical');
  });
  it('does not take "meu telefone" for a contact question', () => {
    expect(topic('meu telefone é 11 99999-0000')).toBeUndefined();
  });
  it('knows questions without a question mark', () => {
    expect(isQuestion(normalizeText('qual o valor'))).toBe(true);
    expect(isQuestion(normalizeText('estou gravida posso fazer limpeza'))).toBe(true);
    expect(isQuestion(normalizeText('quero marcar'))).toBe(false);
  });
});
