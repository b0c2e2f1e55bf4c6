import { describe, expect, it } from 'vitest';
import { compileVocabulary, contentWords, findProfessionals, findServices } from '../../src/understanding/match-vocabulary';
import { normalizeText } from '../../src/understanding/normalize-text';
import { tokenize } from '../../src/understanding/tokenize';
import { demoVocabulary } from './demo-vocabulary';

function services(text: string): string[] {
  const tokens = tokenize(normalizeText(text));
  return findServices(compileVocabulary(demoVocabulary), contentWords(tokens), tokens).map((m) => m.id);
}
function professionals(text: string): string[] {
  const tokens = tokenize(normalizeText(text));
  return findProfessionals(compileVocabulary(demoVocabulary), contentWords(tokens), tokens).map((m) => m.id);
}

describe('findServices', () => {
  it('matches names, synonyms and parenthesised alternatives', () => {
    expect(services('toxina botulínica')).toEqual(['toxina-botulinica']);
    expect(services('sculptra')).toEqual(['bioestimulador']);
    expect(services('limpeza da pele e depois peeling')).toEqual(['limpeza-de-pele', 'peeling-quimico']);
    expect(services('pés de galinha')).toEqual(['toxina-botulinica']);
  });
  it('prefers the longest phrase and flags generic words as weak', () => {
    const tokens = tokenize(normalizeText('consulta de avaliação'));
    const [m] = findServices(compileVocabulary(demoVocabulary), contentWords(tokens), tokens);
    expect(m).toMatchObject({ id: 'avaliacao', weak: false, startToken: 0, endToken: 3 });
    const weak = tokenize(normalizeText('minha consulta'));
    expect(findServices(compileVocabulary(demoVocabulary), contentWords(weak), weak)[0]?.weak).toBe(true);
  });
  it('finds nothing in unrelated text', () => {
    expect(services('quero marcar um horário amanhã')).toEqual([]);
  });
});

describe('findProfessionals', () => {
  it('matches names with and without titles', () => {
    expect(professionals('com a Dra. Ana')).toEqual(['ana-souza']);
    expect(professionals('doutor Bruno')).toEqual(['bruno-lima']);
    expect(professionals('dra souza')).toEqual(['ana-souza']);
    expect(professionals('Karla')).toEqual(['carla-mendes']);
  });
});

describe('compileVocabulary', () => {
  it('caches the index per vocabulary object', () => {
    expect(compileVocabulary(demoVocabulary)).toBe(compileVocabulary(demoVocabulary));
    expect(compileVocabulary({ ...demoVocabulary })).not.toBe(compileVocabulary(demoVocabulary));
  });
});
