import { readNumber } from './read-number';
import type { Token } from './tokenize';
import { HOUR_MARKERS, MINUTE_MARKERS, PERIOD_WORDS } from './when-lexicon';

/**
 * Reads a clock time at a token position: "15h", "15h30", "15:30", "15 horas", "3 da tarde",
 * "meio-dia", "duas e meia", "10 e meia". A bare number ("3") is a time only when the caller
 * saw a time prefix ("às 3", "depois das 5"); that keeps ages, counts and option numbers out.
 */

export type Qualifier = 'morning' | 'afternoon' | 'evening' | 'dawn';

export interface TimeFact {
  /** Hour as written (0–23); the afternoon shift happens when the whole message is known. */
  h: number;
  m: number;
  /** "da manhã" / "da tarde" / "da noite" / "da madrugada" written right after the time. */
  qualifier?: Qualifier;
  /** "3pm". */
  pm?: boolean;
  /** Written on a 24-hour clock ("09h", "15:30", "0h"): never shifted. */
  clock24: boolean;
}

export interface TimeRead {
  fact: TimeFact;
  len: number;
  /** Carries its own evidence of being a time (marker, colon, qualifier, "e meia"). */
  marked: boolean;
}

/** Plural words that may follow a bare hour without making it a count ("às 3 horas"). */
const PLURALS_AFTER_HOUR = new Set(['horas', 'hrs', 'hs', 'mins', 'minutos']);

const QUALIFIER_PREPOSITIONS = new Set(['da', 'de', 'a', 'as', 'pela', 'na', 'do']);

function wordAt(tokens: Token[], i: number): string {
  const t = tokens[i];
  return t && t.kind === 'word' ? t.text : '';
}

function qualifierOf(word: string): Qualifier | undefined {
  if (word === 'madrugada') return 'dawn';
  return PERIOD_WORDS[word];
}

/** "da tarde", "de manhã", "da noite", "da madrugada" at `j`. */
function readQualifier(tokens: Token[], j: number): { q: Qualifier; len: number } | undefined {
  if (!QUALIFIER_PREPOSITIONS.has(wordAt(tokens, j))) return undefined;
  const q = qualifierOf(wordAt(tokens, j + 1));
  return q ? { q, len: 2 } : undefined;
}

/** "e meia", "e quinze", "e 15" (digits only when `allowDigits`) at `j`; minutes and length. */
function readAndMinutes(tokens: Token[], j: number, allowDigits: boolean): { m: number; len: number; half: boolean } | undefined {
  if (wordAt(tokens, j) !== 'e') return undefined;
  // "10h e 12h", "14 e 16h": a second time, not minutes
  const after = tokens[j + 2];
  if (after && (after.text === ':' || (after.kind === 'word' && HOUR_MARKERS.has(after.text)))) return undefined;
  const w = wordAt(tokens, j + 1);
  if (w === 'meia') return { m: 30, len: 2, half: true };
  const n = readNumber(tokens, j + 1);
  if (!n || n.ordinal || n.value > 59) return undefined;
  if (!n.word && (!allowDigits || n.digits !== 2)) return undefined;
  if (n.word && n.value < 5) return undefined;
  let len = 1 + n.len;
  if (MINUTE_MARKERS.has(wordAt(tokens, j + len))) len++;
  return { m: n.value, len, half: false };
}

/** A word after a number that makes it a count ("30 dias", "2 anos", "3 sessões"). */
function isCountNoun(word: string): boolean {
  return word.length > 2 && (word.endsWith('s') || word === 'ano' || word === 'mes' || word === 'dia') && !PLURALS_AFTER_HOUR.has(word);
}

/** "meio-dia", "meio dia", "meiodia" → 12; "meia-noite" → 0. */
function readNamedHour(tokens: Token[], i: number): { h: number; len: number } | undefined {
  const w = wordAt(tokens, i);
  if (w === 'meiodia') return { h: 12, len: 1 };
  if (w === 'meianoite') return { h: 0, len: 1 };
  if (w !== 'meio' && w !== 'meia') return undefined;
  let j = i + 1;
  if (tokens[j]?.text === '-') j++;
  const next = wordAt(tokens, j);
  if (w === 'meio' && next === 'dia') return { h: 12, len: j + 1 - i };
  if (w === 'meia' && next === 'noite') return { h: 0, len: j + 1 - i };
  return undefined;
}

/** "quinze pras três", "10 para as 11": minutes before the next hour. */
function readMinutesBefore(tokens: Token[], i: number, minutes: number, len: number): TimeRead | undefined {
  if (minutes % 5 !== 0 || minutes < 5 || minutes > 30) return undefined;
  let k = i + len;
  const p = wordAt(tokens, k);
  if (p !== 'pras' && p !== 'pra' && p !== 'para' && p !== 'pros') return undefined;
  k++;
  if (wordAt(tokens, k) === 'as' || wordAt(tokens, k) === 'a') k++;
  const hour = wordAt(tokens, k) === 'meio' ? undefined : readNumber(tokens, k);
  if (!hour || hour.ordinal || hour.value < 1 || hour.value > 12 || (!hour.word && hour.digits > 2)) return undefined;
  if (tokens[k + hour.len]?.glued && tokens[k + hour.len]?.kind === 'word' && !HOUR_MARKERS.has(tokens[k + hour.len]!.text)) return undefined;
  k += hour.len;
  if (HOUR_MARKERS.has(wordAt(tokens, k))) k++;
  let qualifier: Qualifier | undefined;
  const q = readQualifier(tokens, k);
  if (q) {
    qualifier = q.q;
    k += q.len;
  }
  return { fact: { h: hour.value === 1 ? 12 : hour.value - 1, m: 60 - minutes, qualifier, clock24: false }, len: k - i, marked: true };
}

/** The number at `i` continues another one: "20/03", "1.500", "R$150", "98765-4321". */
function isInsideNumericRun(tokens: Token[], i: number): boolean {
  const t = tokens[i];
  const prev = tokens[i - 1];
  if (!t?.glued || !prev || prev.kind !== 'punct') return false;
  if (prev.text === '/' || prev.text === '.' || prev.text === '$' || prev.text === ',' || prev.text === ':') return true;
  const before = tokens[i - 2];
  return prev.text === '-' && !!prev.glued && before?.kind === 'num' && before.text.length > 2;
}

/**
 * Reads the time at `i`, or undefined. `relaxed` accepts a bare hour ("3", "três"), for use after
 * a time prefix only.
 */
export function readTime(tokens: Token[], i: number, relaxed: boolean, stopAtAnd = false): TimeRead | undefined {
  const named = readNamedHour(tokens, i);
  if (named) {
    let j = i + named.len;
    let m = 0;
    const and = readAndMinutes(tokens, j, true);
    if (and) {
      m = and.m;
      j += and.len;
    }
    return { fact: { h: named.h, m, clock24: true }, len: j - i, marked: true };
  }

  const num = readNumber(tokens, i);
  if (!num || num.ordinal) return undefined;
  if (!num.word && num.digits > 2) return undefined;
  if (num.value > 23) return undefined;
  if (isInsideNumericRun(tokens, i)) return undefined;
  const before = readMinutesBefore(tokens, i, num.value, num.len);
  if (before) return before;
  const h = num.value;
  let m = 0;
  let j = i + num.len;
  let marked = false;
  let clock24 = num.leadingZero;
  let pm = false;
  let spacedHourWord = false;
  const next = tokens[j];

  if (next && next.glued && next.kind === 'punct' && next.text !== ':' && next.text !== '.' && next.text !== ',') {
    // "20/03", "15-03", "11-98765": a date or a phone, not a time
    if (next.text === '/' || next.text === '-') return undefined;
  }

  if (next && next.glued && next.text === ':') {
    const mm = tokens[j + 1];
    if (!mm || mm.kind !== 'num' || !mm.glued || mm.text.length !== 2 || mm.value > 59) return undefined;
    if (tokens[j + 2]?.glued && tokens[j + 2]?.kind === 'num') return undefined;
    m = mm.value;
    j += 2;
    marked = true;
    if (h >= 13 || h === 0 || num.leadingZero) clock24 = true;
    const after = tokens[j];
    if (after && after.glued && after.kind === 'word' && HOUR_MARKERS.has(after.text)) j++;
  } else if (next && next.kind === 'word' && HOUR_MARKERS.has(next.text)) {
    marked = true;
    spacedHourWord = !next.glued && (next.text === 'hora' || next.text === 'horas');
    j++;
    const mm = tokens[j];
    if (mm && mm.kind === 'num' && mm.text.length === 2 && mm.value <= 59 && mm.glued) {
      m = mm.value;
      j++;
      if (MINUTE_MARKERS.has(wordAt(tokens, j)) && tokens[j]?.glued) j++;
    } else {
      const and = readAndMinutes(tokens, j, true);
      if (and) {
        m = and.m;
        j += and.len;
      }
    }
  } else if (next && next.glued && next.kind === 'word' && (next.text === 'pm' || next.text === 'am')) {
    marked = true;
    pm = next.text === 'pm';
    j++;
  } else if (next && next.glued && next.kind === 'word') {
    // "6x", "10ml", "3d": a count or a measure
    return undefined;
  } else if (!stopAtAnd) {
    // "3 e 15" is minutes only after a prefix or before a qualifier ("3 e 15 da tarde")
    let and = readAndMinutes(tokens, j, relaxed);
    if (!and) {
      // "10 e 30", "3 e 15 da tarde": quarter-hour minutes read as a time
      const digits = readAndMinutes(tokens, j, true);
      if (digits && readQualifier(tokens, j + digits.len)) and = digits;
      else if (digits && !num.word && (digits.m === 15 || digits.m === 30 || digits.m === 45) && !isCountNoun(wordAt(tokens, j + digits.len))) and = digits;
    }
    if (and) {
      m = and.m;
      j += and.len;
      if (and.half || num.word || !relaxed) marked = true;
    }
  }

  let qualifier: Qualifier | undefined;
  const q = readQualifier(tokens, j);
  if (q) {
    qualifier = q.q;
    j += q.len;
    marked = true;
  }
  if (wordAt(tokens, j) === 'em' && wordAt(tokens, j + 1) === 'ponto') j += 2;

  if (!marked && !relaxed) return undefined;
  // "2 horas" with no prefix and no "da tarde" is a duration more often than a time
  if (spacedHourWord && !relaxed && !qualifier && h < 8) return undefined;
  // "às 3 sessões", "as 2 opções": a count
  if (!marked || spacedHourWord) {
    const after = wordAt(tokens, j);
    if (after.length > 3 && after.endsWith('s') && !PLURALS_AFTER_HOUR.has(after)) return undefined;
  }
  if (num.word && h === 1 && !marked && !relaxed) return undefined;
  return { fact: { h, m, qualifier, pm: pm || undefined, clock24 }, len: j - i, marked };
}
