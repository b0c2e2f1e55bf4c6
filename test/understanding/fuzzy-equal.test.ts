import { describe, expect, it } from 'vitest';
import { editDistance, fuzzyEqual, phonetic, stem } from '../../src/understanding/fuzzy-equal';

describe('fuzzyEqual', () => {
  it('forgives one typo in catalog words', () => {
    expect(fuzzyEqual('microagulamento', 'microagulhamento')).toBe(true);
    expect(fuzzyEqual('prenchimento', 'preenchimento')).toBe(true);
    expect(fuzzyEqual('harmonizacoa', 'harmonizacao')).toBe(true);
  });
  it('does not confuse inflections or short words', () => {
    expect(fuzzyEqual('consulte', 'consulta')).toBe(false);
    expect(fuzzyEqual('lazer', 'laser')).toBe(false);
    expect(fuzzyEqual('boca', 'bota')).toBe(false);
  });
  it('stems plurals', () => {
    expect(stem('labios')).toBe('labio');
    expect(stem('sessoes')).toBe('sessao');
  });
  it('editDistance counts transpositions as one and stops early', () => {
    expect(editDistance('abcd', 'abdc', 2)).toBe(1);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
  });
  it('forgives spellings by ear', () => {
    for (const [word, key] of [
      ['butox', 'botox'],
      ['bottox', 'botox'],
      ['botoks', 'botox'],
      ['preenximento', 'preenchimento'],
      ['limpesa', 'limpeza'],
      ['depilassao', 'depilacao'],
      ['armonizacao', 'harmonizacao'],
      ['microagulamento', 'microagulhamento'],
      ['piling', 'peeling'],
      ['esculptra', 'sculptra'],
      ['karla', 'carla'],
      ['sousa', 'souza'],
    ]) {
      expect(fuzzyEqual(word!, key!), `${word} ~ ${key}`).toBe(true);
    }
  });
  it('folds pt-BR spellings of one sound to one form', () => {
    expect(phonetic('preenchimento')).toBe(phonetic('preenximento'));
    expect(phonetic('harmonizacao')).toBe(phonetic('armonisassao'));
    expect(phonetic('agulhamento')).toBe(phonetic('agulamento'));
  });
  it('keeps everyday words apart from catalog words', () => {
    expect(fuzzyEqual('mande', 'mende', 6)).toBe(false);
    expect(fuzzyEqual('carta', 'carla', 6)).toBe(false);
    expect(fuzzyEqual('pelo', 'pele')).toBe(false);
  });
});

