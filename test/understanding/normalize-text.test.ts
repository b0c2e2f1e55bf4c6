import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, normalizeText, wordsOnly } from '../../src/understanding/normalize-text';

describe('normalizeText', () => {
  it('lowercases, strips accents and expands shorthand', () => {
    expect(normalizeText('Amanhã ÀS 10h, Vcs têm horário?')).toBe('amanha as 10h , voces tem horario ?');
    expect(normalizeText('hj q horas')).toBe('hoje que horas');
    expect(normalizeText('n quero')).toBe('nao quero');
  });
  it('turns answer emoji into words and drops the rest', () => {
    expect(normalizeText('👍')).toBe('ok');
    expect(normalizeText('✅ 😂')).toBe('ok');
    expect(normalizeText('👎')).toBe('nao');
  });
  it('collapses emphasis but keeps real double letters', () => {
    expect(normalizeText('simmmm')).toBe('sim');
    expect(normalizeText('oii')).toBe('oi');
    expect(normalizeText('botoxx')).toBe('botox');
    expect(normalizeText('passar o carro')).toBe('passar o carro');
  });
  it('keeps numbers with their separators and ordinals', () => {
    expect(normalizeText('27.11 às 15:30')).toBe('27.11 as 15:30');
    expect(normalizeText('1º de dezembro, 2ª feira')).toBe('1o de dezembro , 2a feira');
  });
  it('survives control characters, non-strings and huge input', () => {
    expect(normalizeText('a\u0000b\u001bc')).toBe('a b c');
    expect(normalizeText(undefined)).toBe('');
    expect(normalizeText(42)).toBe('');
    expect(normalizeText('x '.repeat(20_000)).length).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
  });
  it('wordsOnly drops punctuation', () => {
    expect(wordsOnly('oi , tudo bem ?')).toBe('oi tudo bem');
  });
});
