import { describe, expect, it } from 'vitest';
import { readNumber } from '../../src/understanding/read-number';
import { tokenize } from '../../src/understanding/tokenize';

const read = (text: string) => readNumber(tokenize(text), 0);

describe('readNumber', () => {
  it('reads digits, leading zeros and ordinal marks', () => {
    expect(read('09')).toMatchObject({ value: 9, leadingZero: true, digits: 2, len: 1 });
    expect(read('1o de')).toMatchObject({ value: 1, ordinal: true, len: 2 });
  });
  it('reads number words, including "vinte e cinco"', () => {
    expect(read('tres')).toMatchObject({ value: 3, word: true });
    expect(read('duas e meia')).toMatchObject({ value: 2, len: 1 });
    expect(read('vinte e cinco de marco')).toMatchObject({ value: 25, len: 3 });
    expect(read('primeiro')).toMatchObject({ value: 1, ordinal: true });
  });
  it('reads nothing from other words', () => {
    expect(read('segunda')).toBeUndefined();
    expect(read('')).toBeUndefined();
  });
});
