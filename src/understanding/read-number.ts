import { lexicon } from './when-lexicon';
import type { Token } from './tokenize';

/**
 * Reads a number at a token position, written in digits ("15", "1º") or in words ("três",
 * "vinte e cinco", "primeiro"), because patients write "duas e meia" and "dia vinte" as often
 * as "14:30" and "dia 20".
 */

export interface NumberRead {
  value: number;
  /** Tokens consumed. */
  len: number;
  /** Written in words ("três") rather than digits. */
  word: boolean;
  /** Digits with a leading zero ("09"): a 24-hour clock reading, never shifted to the afternoon. */
  leadingZero: boolean;
  /** Digits count (0 for words). */
  digits: number;
  /** "1º", "primeiro". */
  ordinal: boolean;
}

const UNITS: Record<string, number> = lexicon({
  zero: 0, um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9,
  dez: 10, onze: 11, doze: 12, treze: 13, quatorze: 14, catorze: 14, quinze: 15, dezesseis: 16, dezeseis: 16,
  dezasseis: 16, dezessete: 17, dezesete: 17, dezoito: 18, dezenove: 19, dezanove: 19,
});

const TENS: Record<string, number> = lexicon({ vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50, cincoenta: 50 });

const ORDINAL_WORDS: Record<string, number> = lexicon({ primeiro: 1, primeira: 1 });

/** Every word `readNumber` reads as (the start of) a number. */
export const NUMBER_WORDS: ReadonlySet<string> = new Set([...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(ORDINAL_WORDS)]);

/** The word for 1..9 that may follow "vinte e". */
function unitAfterTens(t: Token | undefined): number | undefined {
  if (!t || t.kind !== 'word') return undefined;
  const v = UNITS[t.text];
  return v !== undefined && v >= 1 && v <= 9 ? v : undefined;
}

/** Reads the number starting at `i`, or undefined. Never reads more than 4 tokens. */
export function readNumber(tokens: Token[], i: number): NumberRead | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  if (t.kind === 'num') {
    const next = tokens[i + 1];
    const ordinal = !!next && next.glued && next.kind === 'word' && (next.text === 'o' || next.text === 'a');
    return {
      value: t.value,
      len: ordinal ? 2 : 1,
      word: false,
      leadingZero: t.text.length > 1 && t.text.charCodeAt(0) === 48,
      digits: t.text.length,
      ordinal,
    };
  }
  if (t.kind !== 'word') return undefined;
  const ord = ORDINAL_WORDS[t.text];
  if (ord !== undefined) return { value: ord, len: 1, word: true, leadingZero: false, digits: 0, ordinal: true };
  const tens = TENS[t.text];
  if (tens !== undefined) {
    if (tokens[i + 1]?.text === 'e') {
      const unit = unitAfterTens(tokens[i + 2]);
      if (unit !== undefined) return { value: tens + unit, len: 3, word: true, leadingZero: false, digits: 0, ordinal: false };
    }
    return { value: tens, len: 1, word: true, leadingZero: false, digits: 0, ordinal: false };
  }
  const unit = UNITS[t.text];
  if (unit !== undefined) return { value: unit, len: 1, word: true, leadingZero: false, digits: 0, ordinal: false };
  return undefined;
}
