import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../src/understanding/normalize-text';
import { readTime } from '../../src/understanding/read-time';
import { tokenize } from '../../src/understanding/tokenize';

const read = (text: string, relaxed = false) => readTime(tokenize(normalizeText(text)), 0, relaxed);

describe('readTime', () => {
  it('reads marked times without a prefix', () => {
    expect(read('15h30')?.fact).toMatchObject({ h: 15, m: 30 });
    expect(read('15:30')?.fact).toMatchObject({ h: 15, m: 30, clock24: true });
    expect(read('3 da tarde')?.fact).toMatchObject({ h: 3, qualifier: 'afternoon' });
    expect(read('meio-dia e meia')?.fact).toMatchObject({ h: 12, m: 30 });
    expect(read('duas e meia')?.fact).toMatchObject({ h: 2, m: 30 });
    expect(read('quinze pras tres')?.fact).toMatchObject({ h: 2, m: 45 });
  });
  it('needs a prefix for a bare hour', () => {
    expect(read('3')).toBeUndefined();
    expect(read('3', true)?.fact).toMatchObject({ h: 3, m: 0 });
  });
  it('refuses counts, measures, dates and phone pieces', () => {
    expect(read('3 sessoes', true)).toBeUndefined();
    expect(read('6x', true)).toBeUndefined();
    expect(read('20/03')).toBeUndefined();
    expect(read('2 horas')).toBeUndefined();
    expect(read('25h')).toBeUndefined();
  });
});
