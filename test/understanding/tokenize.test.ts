import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/understanding/tokenize';

describe('tokenize', () => {
  it('splits letters, digits and punctuation, remembering what touches', () => {
    const t = tokenize('15h30 , 11 98765-4321');
    expect(t.map((x) => [x.text, x.kind, x.glued])).toEqual([
      ['15', 'num', false],
      ['h', 'word', true],
      ['30', 'num', true],
      [',', 'punct', false],
      ['11', 'num', false],
      ['98765', 'num', false],
      ['-', 'punct', true],
      ['4321', 'num', true],
    ]);
    expect(t[2]?.value).toBe(30);
    expect(t[4]?.start).toBe(8);
  });
  it('handles empty text', () => {
    expect(tokenize('')).toEqual([]);
  });
});
