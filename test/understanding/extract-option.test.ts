import { describe, expect, it } from 'vitest';
import { extractOption } from '../../src/understanding/extract-option';
import { normalizeText, wordsOnly } from '../../src/understanding/normalize-text';

const optionOf = (text: string) => extractOption(wordsOnly(normalizeText(text)).split(' ').filter(Boolean));

describe('extractOption', () => {
  it.each([
    ['2', 2],
    ['opção 3', 3],
    ['opcao tres', 3],
    ['a primeira', 1],
    ['a segunda opção', 2],
    ['quero a 2', 2],
    ['fico com o 1', 1],
    ['2ª opção', 2],
    ['o primeiro horário', 1],
  ])('%s → %d', (text, n) => {
    expect(optionOf(text)).toBe(n);
  });

  it.each(['segunda', 'a segunda', 'tenho 42 anos', 'sexta às 10', 'primeiro quero fazer uma avaliação', '2ª feira', 'quero 2 sessões de botox'])('%s → none', (text) => {
    expect(optionOf(text)).toBeUndefined();
  });
});
