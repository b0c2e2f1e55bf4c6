import { describe, expect, it } from 'vitest';
import type { ClinicFile } from '../../src/flows/clinic-schema';
import { loadVocabulary, vocabularyFromClinic } from '../../src/understanding/load-vocabulary';

describe('vocabularyFromClinic', () => {
  it('keeps active services and adds unique title words as aliases', () => {
    const file = {
      services: [
        { id: 'a', name: 'Serviço A', synonyms: ['aaa'], active: true },
        { id: 'b', name: 'Serviço B', synonyms: [], active: false },
        { id: 'h', name: 'Harmonização facial', synonyms: ['harmonização orofacial'], active: true },
      ],
      professionals: [
        { id: 'x', name: 'Dra. X', title: 'dermatologista', aliases: ['xis'] },
        { id: 'y', name: 'Dr. Y', title: 'cirurgião-dentista, harmonização orofacial', aliases: [] },
      ],
    } as unknown as ClinicFile;
    const v = vocabularyFromClinic(file);
    expect(v.services.map((s) => s.id)).toEqual(['a', 'h']);
    expect(v.professionals[0]?.aliases).toEqual(['xis', 'dermatologista']);
    expect(v.professionals[1]?.aliases).toEqual(['cirurgiao', 'dentista']);
  });
});

describe('loadVocabulary', () => {
  it('loads the demo clinic under ./flows', () => {
    const loaded = loadVocabulary('./flows');
    expect(loaded.timezone).toBe('America/Sao_Paulo');
    expect(loaded.vocabulary.services.length).toBeGreaterThan(0);
  });
  it('reports a folder without a clinic file', () => {
    expect(() => loadVocabulary('./no-such-folder')).toThrow(/no clinic.yaml/);
  });
});

describe('vocabularyFromClinic — caching', () => {
  it('returns the same vocabulary for the same file object, a new one for a new version', () => {
    const file = { services: [], professionals: [] } as unknown as ClinicFile;
    expect(vocabularyFromClinic(file)).toBe(vocabularyFromClinic(file));
    expect(vocabularyFromClinic({ ...file } as ClinicFile)).not.toBe(vocabularyFromClinic(file));
  });
});
