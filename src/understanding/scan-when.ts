import { NUMBER_WORDS, readNumber } from './read-number';
import { readTime, type TimeFact, type TimeRead } from './read-time';
import type { Token } from './tokenize';
import type { Period } from './types';
import {
  APPROXIMATORS,
  DURATION_CUES,
  MONTH_ABBREVIATIONS,
  MONTH_WORDS,
  NEXT_WORDS,
  NOT_PERIOD_BEFORE,
  ORDINAL_NOUNS,
  ORDINAL_WEEKDAYS,
  PERIOD_WORDS,
  RELATIVE_UNITS,
  TER_CONTEXT_BEFORE,
  THIS_WORDS,
  TIME_PREFIXES,
  WEEKDAY_ABBREVIATIONS,
  WEEKDAY_WORDS,
} from './when-lexicon';

/**
 * Walks the tokens of a message once and notes every date/time fact it states ("amanhã", "sexta
 * que vem", "dia 5", "às 3", "de tarde", "depois das 17h"), without resolving anything yet: the
 * meaning of a part often depends on another ("quarta" + "semana que vem", "às 7" + "da manhã").
 */

export type WeekdayMode = 'bare' | 'this' | 'next' | 'nextWeek';

export interface WhenFacts {
  /** "dia 5", "25 de março", "5/1", "02/04/2026". */
  date?: { d: number; m?: number; y?: number };
  /** "hoje" 0, "amanhã" 1, "depois de amanhã" 2, "daqui a 3 dias" 3. */
  relDays?: number;
  relMonths?: number;
  /** "daqui a 2 horas". */
  relMinutes?: number;
  weekday?: { wd: number; mode: WeekdayMode };
  week?: 'this' | 'next';
  weekend?: boolean;
  month?: { kind: 'next' | 'this' } | { kind: 'named'; month: number; year?: number };
  time?: TimeFact;
  after?: TimeFact;
  before?: TimeFact;
  period?: Period;
}

type Matcher = (tokens: Token[], i: number, facts: WhenFacts) => number;

function w(tokens: Token[], i: number): string {
  const t = tokens[i];
  return t && t.kind === 'word' ? t.text : '';
}

/** "ontem", "semana passada", "há 3 dias": past, read and dropped so its words mean nothing else. */
const matchPast: Matcher = (tokens, i) => {
  const a = w(tokens, i);
  if (a === 'ontem' || a === 'anteontem') {
    let j = i + 1;
    if (['a', 'as', 'de', 'pela', 'na'].includes(w(tokens, j)) && PERIOD_WORDS[w(tokens, j + 1)]) j += 2;
    else if (PERIOD_WORDS[w(tokens, j)]) j += 1;
    return j - i;
  }
  if (a === 'antes' && w(tokens, i + 1) === 'de' && w(tokens, i + 2) === 'ontem') return 3;
  if ((a === 'semana' || a === 'mes' || a === 'ano') && (w(tokens, i + 1) === 'passada' || w(tokens, i + 1) === 'passado')) return 2;
  if ((a === 'ha' || a === 'faz') && tokens[i + 1]) {
    const n = readNumber(tokens, i + 1);
    if (n && RELATIVE_UNITS[w(tokens, i + 1 + n.len)]) return 2 + n.len;
  }
  return 0;
};

/** "hoje", "amanhã", "depois de amanhã", "daqui a pouco". */
const matchRelativeDay: Matcher = (tokens, i, facts) => {
  const a = w(tokens, i);
  let len = 0;
  let days = 0;
  if (a === 'amanha') {
    len = 1;
    days = 1;
  } else if (a === 'hoje') {
    len = w(tokens, i + 1) === 'mesmo' ? 2 : 1;
    days = 0;
  } else if (a === 'depois' || a === 'apos') {
    let j = i + 1;
    if (w(tokens, j) === 'de' || w(tokens, j) === 'd') j++;
    if (tokens[j]?.text === "'") j++;
    if (w(tokens, j) === 'amanha') {
      len = j + 1 - i;
      days = 2;
    }
  } else if (a === 'daqui' && (w(tokens, i + 1) === 'pouco' || (w(tokens, i + 1) === 'a' && w(tokens, i + 2) === 'pouco'))) {
    len = w(tokens, i + 1) === 'a' ? 3 : 2;
    days = 0;
  }
  if (len > 0 && facts.relDays === undefined) facts.relDays = days;
  return len;
};

/** "daqui a 3 dias", "em duas semanas", "dentro de 15 dias", "daqui a 2 horas". */
const matchRelativeAmount: Matcher = (tokens, i, facts) => {
  const a = w(tokens, i);
  let j: number;
  if (a === 'daqui' || a === 'daki') j = w(tokens, i + 1) === 'a' ? i + 2 : i + 1;
  else if (a === 'em' || a === 'apos') j = i + 1;
  else if ((a === 'dentro' || a === 'depois') && w(tokens, i + 1) === 'de') j = i + 2;
  else return 0;
  // "daqui uns 3 dias", "em cerca de 10 dias", "daqui a mais ou menos 2 semanas"
  if (APPROXIMATORS.has(w(tokens, j))) j++;
  else if ((w(tokens, j) === 'cerca' || w(tokens, j) === 'perto') && w(tokens, j + 1) === 'de') j += 2;
  else if (w(tokens, j) === 'mais' && w(tokens, j + 1) === 'ou' && w(tokens, j + 2) === 'menos') j += 3;
  const n = readNumber(tokens, j);
  if (!n || n.ordinal || n.value <= 0 || (!n.word && n.digits > 3)) return 0;
  const unitWord = w(tokens, j + n.len);
  const unit = RELATIVE_UNITS[unitWord];
  if (!unit) return 0;
  // "após 17h" is a clock time; "daqui a 2h" / "em 2 horas" are amounts
  if (unit.minutes === 60 && a !== 'daqui' && a !== 'daki' && a !== 'dentro' && (tokens[j + n.len]?.glued || n.value > 12)) return 0;
  const len = j + n.len + 1 - i;
  if (unit.days !== undefined) {
    if (facts.relDays === undefined) facts.relDays = n.value * unit.days;
  } else if (unit.months !== undefined) {
    if (facts.relMonths === undefined) facts.relMonths = n.value * unit.months;
  } else if (unit.minutes !== undefined) {
    if (facts.relMinutes === undefined) facts.relMinutes = n.value * unit.minutes;
  }
  return len;
};

/** "semana que vem" / "próxima semana" / "essa semana" / "fim de semana". */
const matchWeek: Matcher = (tokens, i, facts) => {
  const a = w(tokens, i);
  const b = w(tokens, i + 1);
  if ((a === 'fim' || a === 'final') && (b === 'de' || b === 'da') && w(tokens, i + 2) === 'semana') {
    facts.weekend = true;
    let len = 3;
    if (w(tokens, i + 3) === 'que' && w(tokens, i + 4) === 'vem') len = 5;
    return len;
  }
  if (a === 'semana') {
    if (b === 'que' && (w(tokens, i + 2) === 'vem' || w(tokens, i + 2) === 'entra')) {
      facts.week ??= 'next';
      return 3;
    }
    if (NEXT_WORDS.has(b)) {
      facts.week ??= 'next';
      return 2;
    }
    return 0;
  }
  if ((NEXT_WORDS.has(a) || a === 'outra') && b === 'semana') {
    facts.week ??= 'next';
    return 2;
  }
  if (THIS_WORDS.has(a) && a !== 'agora' && b === 'semana') {
    facts.week ??= 'this';
    return 2;
  }
  return 0;
};

/** "mês que vem", "próximo mês", "este mês". */
const matchMonthRef: Matcher = (tokens, i, facts) => {
  const a = w(tokens, i);
  const b = w(tokens, i + 1);
  if (a === 'mes' && b === 'que' && w(tokens, i + 2) === 'vem') {
    facts.month ??= { kind: 'next' };
    return 3;
  }
  if (a === 'mes' && (b === 'seguinte' || b === 'proximo')) {
    facts.month ??= { kind: 'next' };
    return 2;
  }
  if ((NEXT_WORDS.has(a) || a === 'outro') && b === 'mes') {
    facts.month ??= { kind: 'next' };
    return 2;
  }
  if ((a === 'esse' || a === 'este' || a === 'neste' || a === 'nesse' || a === 'desse' || a === 'deste') && b === 'mes') {
    facts.month ??= { kind: 'this' };
    return 2;
  }
  return 0;
};

/** "feira" and its usual misspellings. */
const FEIRA = new Set(['feira', 'fera', 'frira', 'feria', 'fiera']);

/** A weekday written in full or abbreviated ("sexta", "sex"). */
function isWeekdayWord(word: string): boolean {
  return WEEKDAY_WORDS[word] !== undefined || WEEKDAY_ABBREVIATIONS[word] !== undefined;
}

/** The only word of the message, give or take punctuation ("ter?", "sab!"). */
function isLoneWord(tokens: Token[], i: number): boolean {
  if (tokens.length > 4) return false;
  for (let k = 0; k < tokens.length; k++) if (k !== i && tokens[k]!.kind !== 'punct') return false;
  return true;
}

/** Prepositions before a period word: "de manhã", "à tarde", "pela manhã", "no fim da tarde". */
const PERIOD_PREPOSITIONS = new Set(['de', 'a', 'as', 'pela', 'pelo', 'na', 'no', 'da', 'do', 'durante']);

/**
 * Does a time, a period or a date word start at `j`? ("14h", "às 3", "de manhã", "à tarde", "cedo",
 * "que vem", "dia 5", "depois das 17h"). Lets an abbreviated weekday ("sab", "qua") count as a date.
 */
function startsTimeOrPeriod(tokens: Token[], j: number): boolean {
  let k = j;
  if (tokens[k]?.text === ',') k++;
  const a = w(tokens, k);
  const b = w(tokens, k + 1);
  // "16h", "14:30", "10 da manhã", "5/12" — not a count ("18 anos")
  if (tokens[k]?.kind === 'num') return readTime(tokens, k, false) !== undefined || tokens[k + 1]?.text === '/';
  if (PERIOD_WORDS[a] || a === 'cedo' || a === 'cedinho') return true;
  if (PERIOD_PREPOSITIONS.has(a) && (PERIOD_WORDS[b] !== undefined || b === 'tardinha' || ((b === 'fim' || b === 'final' || b === 'inicio' || b === 'comeco') && (w(tokens, k + 2) === 'da' || w(tokens, k + 2) === 'de')))) return true;
  if (a === 'que' && b === 'vem') return true;
  if (NEXT_WORDS.has(a)) return true;
  if ((a === 'da' || a === 'de' || a === 'na') && b === 'semana') return true;
  if (a === 'dia' && (tokens[k + 1]?.kind === 'num' || readNumber(tokens, k + 1) !== undefined)) return true;
  if (a === 'depois' || a === 'antes' || a === 'apos' || a === 'meio' || a === 'meiodia' || (a === 'a' && b === 'partir')) return true;
  if (a === 'por' && b === 'volta') return true;
  if (a === 'la' && b === 'pelas') return readTime(tokens, k + 2, true) !== undefined;
  if (TIME_PREFIXES.has(a)) return readTime(tokens, k + 1, true) !== undefined;
  return false;
}

/** Reads a weekday name at `i`: its number and how many tokens it takes ("segunda-feira" = 3). */
function readWeekdayName(tokens: Token[], i: number): { wd: number; len: number } | undefined {
  const t = tokens[i];
  if (!t) return undefined;
  const a = t.kind === 'word' ? t.text : '';
  let wd = WEEKDAY_WORDS[a];
  let len = 1;
  let feira = a.endsWith('feira');
  if (wd === undefined && t.kind === 'num' && t.value >= 2 && t.value <= 6 && t.text.length === 1) {
    // "2ª feira", "6a-feira", "2a"
    let j = i + 1;
    const ordinalMark = w(tokens, j) === 'a' && tokens[j]?.glued;
    if (ordinalMark) j++;
    if (tokens[j]?.text === '-') j++;
    if (w(tokens, j) === 'feira') return { wd: t.value - 1, len: j + 1 - i };
    if (ordinalMark && (/^(na|nessa|essa|proxima|ate|a|e|ou)$/.test(w(tokens, i - 1)) || /^(as|de|a|pela|depois|antes|dia)$/.test(w(tokens, j)))) {
      return { wd: t.value - 1, len: j - i };
    }
    return undefined;
  }
  if (wd === undefined) {
    const abbr = WEEKDAY_ABBREVIATIONS[a];
    if (abbr === undefined) return undefined;
    const next = tokens[i + 1];
    const hasFeira = w(tokens, i + 1) === 'feira' || (next?.text === '-' && w(tokens, i + 2) === 'feira');
    const prev = w(tokens, i - 1);
    const timeAfter = startsTimeOrPeriod(tokens, i + 1);
    // "seg ou ter", "qua e qui", "seg a sex": a list of weekdays
    const listed = /^(?:ou|e|ate|a)$/.test(w(tokens, i + 1)) && isWeekdayWord(w(tokens, i + 2));
    let nearDate: boolean;
    if (a === 'ter') {
      // "ter" is mostly the verb ("vai ter 16h?", "vou ter que sair"): Tuesday only with a clear cue
      const prevTok = tokens[i - 1];
      const atClauseStart = !prevTok || prevTok.kind === 'punct';
      nearDate =
        hasFeira ||
        /^(?:na|nessa|nesta|proxima)$/.test(prev) ||
        ((prev === 'ou' || prev === 'e' || prev === 'ate' || prev === 'a') && isWeekdayWord(w(tokens, i - 2))) ||
        (timeAfter && (atClauseStart || TER_CONTEXT_BEFORE.has(prev))) ||
        (listed && atClauseStart) ||
        isLoneWord(tokens, i);
    } else {
      nearDate =
        hasFeira ||
        /^(?:na|no|nessa|essa|esta|nesta|proxima|ate|de|a|e|ou|dia|ser|pra|para|so|talvez|prefiro|tipo)$/.test(prev) ||
        next?.kind === 'num' ||
        (next?.kind === 'punct' && next.text === '.') ||
        timeAfter ||
        listed ||
        tokens.length <= 2 ||
        isLoneWord(tokens, i);
    }
    if (!nearDate) return undefined;
    wd = abbr;
    feira = false;
  }
  if (!feira) {
    let j = i + 1;
    if (tokens[j]?.text === '-') j++;
    if (FEIRA.has(w(tokens, j))) {
      len = j + 1 - i;
      feira = true;
    } else if (ORDINAL_WEEKDAYS.has(a) && ORDINAL_NOUNS.has(w(tokens, i + 1))) {
      return undefined;
    }
  }
  return { wd, len };
}

/** "sexta", "próxima terça", "nessa sexta", "quarta da semana que vem", "segunda-feira". */
const matchWeekday: Matcher = (tokens, i, facts) => {
  const name = readWeekdayName(tokens, i);
  if (!name) return 0;
  let mode: WeekdayMode = 'bare';
  for (const back of [1, 2]) {
    const p = w(tokens, i - back);
    if (NEXT_WORDS.has(p)) {
      mode = 'next';
      break;
    }
    if (THIS_WORDS.has(p) && p !== 'agora') {
      mode = 'this';
      break;
    }
  }
  let j = i + name.len;
  const a = w(tokens, j);
  const b = w(tokens, j + 1);
  const c = w(tokens, j + 2);
  const d = w(tokens, j + 3);
  if (a === 'que' && b === 'vem') {
    mode = 'next';
    j += 2;
  } else if ((a === 'da' || a === 'na' || a === 'de') && b === 'semana' && c === 'que' && (d === 'vem' || d === 'entra')) {
    mode = 'nextWeek';
    j += 4;
  } else if ((a === 'da' || a === 'na' || a === 'de') && (NEXT_WORDS.has(b) || b === 'outra') && c === 'semana') {
    mode = 'nextWeek';
    j += 3;
  } else if ((a === 'da' || a === 'na' || a === 'de') && b === 'semana' && (NEXT_WORDS.has(c))) {
    mode = 'nextWeek';
    j += 3;
  } else if (NEXT_WORDS.has(a)) {
    mode = 'next';
    j += 1;
  } else if (a === 'agora') {
    mode = 'this';
    j += 1;
  } else if ((a === 'dessa' || a === 'desta' || a === 'nessa' || a === 'nesta') && b === 'semana') {
    mode = 'this';
    j += 2;
  }
  facts.weekday ??= { wd: name.wd, mode };
  return j - i;
};

/** A 4- or 2-digit year at `j` ("2027", "27"), or undefined. */
function readYear(tokens: Token[], j: number): number | undefined {
  const t = tokens[j];
  if (!t || t.kind !== 'num') return undefined;
  if (t.text.length === 4 && t.value >= 2000 && t.value <= 2100) return t.value;
  if (t.text.length === 2) return 2000 + t.value;
  return undefined;
}

/** After a day number: "de março [de 2027]", "março", "/03[/2026]", "/dez". */
function readMonthTail(tokens: Token[], j: number): { m: number; y?: number; len: number } | undefined {
  const t = tokens[j];
  if (!t) return undefined;
  if ((t.text === '/' || t.text === '-' || t.text === '.') && t.glued) {
    const mt = tokens[j + 1];
    if (!mt || !mt.glued) return undefined;
    let m: number | undefined;
    if (mt.kind === 'num' && mt.text.length <= 2 && mt.value >= 1 && mt.value <= 12) m = mt.value;
    else if (mt.kind === 'word') m = MONTH_WORDS[mt.text] ?? MONTH_ABBREVIATIONS[mt.text];
    if (m === undefined) return undefined;
    if (t.text === '.' && mt.kind === 'num' && mt.text.length !== 2) return undefined;
    const sep = tokens[j + 2];
    if (sep && sep.glued && sep.text === t.text) {
      const y = readYear(tokens, j + 3);
      if (y === undefined || !tokens[j + 3]?.glued) return undefined;
      if (tokens[j + 4]?.glued && tokens[j + 4]?.kind === 'num') return undefined;
      return { m, y, len: 4 };
    }
    if (sep && sep.glued && sep.kind === 'num') return undefined;
    return { m, len: 2 };
  }
  let k = j;
  const hasDe = w(tokens, k) === 'de' || w(tokens, k) === 'do';
  if (hasDe) k++;
  const word = w(tokens, k);
  const m = MONTH_WORDS[word] ?? MONTH_ABBREVIATIONS[word];
  if (m === undefined) return undefined;
  k++;
  let y: number | undefined;
  if (w(tokens, k) === 'de' && tokens[k + 1]?.kind === 'num' && tokens[k + 1]?.text.length === 4) {
    y = readYear(tokens, k + 1);
    if (y !== undefined) k += 2;
  } else if (tokens[k]?.kind === 'num' && tokens[k]?.text.length === 4) {
    y = readYear(tokens, k);
    if (y !== undefined) k += 1;
  }
  return { m, y, len: k - j };
}

/** "dia 5", "no dia 18 de abril", "25 de março", "primeiro de dezembro", "20/03", "02/04/2026". */
const matchExplicitDate: Matcher = (tokens, i, facts) => {
  const a = w(tokens, i);
  if (a === 'dia') {
    const n = readNumber(tokens, i + 1);
    if (!n || n.value < 1 || n.value > 31 || (!n.word && n.digits > 2)) return 0;
    const next = tokens[i + 1 + n.len];
    if (next && next.glued && next.kind === 'word') return 0;
    if (tokens[i + 1]?.kind === 'word' && n.value === 1 && !n.ordinal) return 0; // "dia um" is rare; "um dia" is not a date
    const tail = readMonthTail(tokens, i + 1 + n.len);
    facts.date ??= { d: n.value, m: tail?.m, y: tail?.y };
    return 1 + n.len + (tail?.len ?? 0);
  }
  const t = tokens[i];
  if (!t) return 0;
  if (t.kind === 'num') {
    if (t.text.length > 2 || t.value < 1 || t.value > 31) return 0;
    const prev = tokens[i - 1];
    if (prev && t.glued && prev.kind === 'punct' && prev.text !== '(') return 0;
    if (prev?.text === '$' || w(tokens, i - 1) === 'r') return 0;
  }
  const n = readNumber(tokens, i);
  if (!n || n.value < 1 || n.value > 31) return 0;
  if (n.word && n.value === 1 && !n.ordinal) return 0;
  const tail = readMonthTail(tokens, i + n.len);
  if (!tail) return 0;
  facts.date ??= { d: n.value, m: tail.m, y: tail.y };
  return n.len + tail.len;
};

/** A month named alone: "em abril", "pra dezembro". */
const matchNamedMonth: Matcher = (tokens, i, facts) => {
  const m = MONTH_WORDS[w(tokens, i)];
  if (m === undefined) return 0;
  let len = 1;
  let y: number | undefined;
  if (w(tokens, i + 1) === 'de' && tokens[i + 2]?.kind === 'num') {
    y = readYear(tokens, i + 2);
    if (y !== undefined) len = 3;
  }
  facts.month ??= { kind: 'named', month: m, year: y };
  return len;
};

/** Duration context before a time ("dura 1h", "demora umas 2 horas", "sessão de 1h"). */
function isDuration(tokens: Token[], start: number, read: TimeRead): boolean {
  if (w(tokens, start) === 'volta') return false;
  const prev = w(tokens, start - 1);
  const prev2 = w(tokens, start - 2);
  if (DURATION_CUES.has(prev)) return true;
  if ((prev === 'umas' || prev === 'uns' || prev === 'de') && (DURATION_CUES.has(prev2) || prev2 === 'mais' || prev2 === 'menos')) return true;
  if (prev === 'de' && read.fact.h <= 4 && !read.fact.qualifier) return true;
  return false;
}

/** Reads a time after an optional prefix word ("às", "das", "pelas", "por volta das"). */
function readPrefixedTime(tokens: Token[], i: number): { read: TimeRead; start: number; len: number } | undefined {
  const a = w(tokens, i);
  let j = i;
  let relaxed = false;
  if (TIME_PREFIXES.has(a)) {
    j = i + 1;
    relaxed = true;
  } else if (a === 'volta' && (w(tokens, i + 1) === 'das' || w(tokens, i + 1) === 'de' || w(tokens, i + 1) === 'da')) {
    j = i + 2;
    relaxed = true;
  } else if ((a === 'a' || a === 'da') && w(tokens, i + 1) === 'uma') {
    j = i + 1;
    relaxed = true;
  }
  const read = readTime(tokens, j, relaxed);
  if (!read) return undefined;
  return { read, start: i, len: j - i + read.len };
}

const AFTER_PREFIXES: string[][] = [
  ['depois', 'das'], ['depois', 'da'], ['depois', 'do'], ['depois', 'de'], ['depois', 'dos'], ['depois', 'as'],
  ['a', 'partir', 'das'], ['a', 'partir', 'da'], ['a', 'partir', 'do'], ['a', 'partir', 'de'], ['a', 'partir', 'dos'], ['a', 'partir', 'as'], ['a', 'partir'],
  ['partir', 'das'], ['partir', 'de'],
  ['apos', 'as'], ['apos', 'a'], ['apos', 'o'], ['apos', 'das'], ['apos', 'da'], ['apos', 'do'], ['apos', 'de'], ['apos'],
  ['mais', 'tarde', 'que', 'as'], ['mais', 'tarde', 'que'],
];

const BEFORE_PREFIXES: string[][] = [
  ['antes', 'das'], ['antes', 'da'], ['antes', 'do'], ['antes', 'de'], ['antes', 'dos'], ['antes', 'as'],
  ['ate', 'as'], ['ate', 'a'], ['ate', 'o'], ['ate', 'das'], ['ate', 'umas'], ['ate', 'no', 'maximo', 'as'], ['ate', 'no', 'maximo'], ['ate'],
  ['no', 'maximo', 'as'], ['no', 'maximo', 'ate', 'as'], ['no', 'maximo', 'ate'], ['no', 'maximo'],
  ['mais', 'cedo', 'que', 'as'], ['mais', 'cedo', 'que'],
];

function prefixLength(tokens: Token[], i: number, prefixes: string[][]): number {
  for (const p of prefixes) {
    let ok = true;
    for (let k = 0; k < p.length; k++) {
      if (w(tokens, i + k) !== p[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return p.length;
  }
  return 0;
}

/** "depois das 17h", "a partir das 14", "antes das 10", "até as 12", "depois do almoço". */
const matchAfterBefore: Matcher = (tokens, i, facts) => {
  for (const [prefixes, key] of [
    [AFTER_PREFIXES, 'after'],
    [BEFORE_PREFIXES, 'before'],
  ] as const) {
    const p = prefixLength(tokens, i, prefixes);
    if (p === 0) continue;
    const j = i + p;
    const object = w(tokens, j);
    if (object === 'almoco') {
      // lunch is 12:00–13:00 at the clinic: say both the period and the bound
      facts.period ??= key === 'after' ? 'afternoon' : 'morning';
      facts[key] ??= { h: key === 'after' ? 13 : 12, m: 0, clock24: true };
      return p + 1;
    }
    if (object === 'trabalho' || object === 'servico' || object === 'expediente' || object === 'serviço') {
      if (key === 'after') {
        facts.period ??= 'evening';
        facts.after ??= { h: 18, m: 0, clock24: true };
      } else {
        facts.period ??= 'morning';
      }
      return p + 1;
    }
    const read = readTime(tokens, j, true);
    if (!read) continue;
    if (facts[key] === undefined) facts[key] = read.fact;
    if (read.fact.qualifier && read.fact.qualifier !== 'dawn') facts.period ??= read.fact.qualifier;
    return p + read.len;
  }
  return 0;
};

/** "das 14 às 16", "entre 14h e 16h", "de 9h às 11h", "14h-16h". */
const matchRange: Matcher = (tokens, i, facts) => {
  const a = w(tokens, i);
  let first: TimeRead | undefined;
  let j: number;
  if (a === 'das' || a === 'de' || a === 'entre' || a === 'dos') {
    if (DURATION_CUES.has(w(tokens, i - 1))) return 0;
    first = readTime(tokens, i + 1, true, a === 'entre');
    if (!first) return 0;
    j = i + 1 + first.len;
  } else {
    first = readTime(tokens, i, false);
    if (!first || isDuration(tokens, i, first)) return 0;
    j = i + first.len;
  }
  const c = tokens[j];
  const conn = c?.kind === 'word' ? c.text : c?.text === '-' ? '-' : '';
  const okConn = a === 'entre' ? conn === 'e' : conn === 'as' || conn === 'a' || conn === 'ate' || conn === '-';
  if (!okConn) return 0;
  let k = j + 1;
  if (conn === 'ate' && w(tokens, k) === 'as') k++;
  const second = readTime(tokens, k, true);
  if (!second) return 0;
  if (a === 'de' && !first.marked && !second.marked) return 0;
  if (second.fact.h < first.fact.h && !second.fact.qualifier && second.fact.h + 12 <= first.fact.h) return 0;
  const q = second.fact.qualifier ?? first.fact.qualifier;
  if (q) {
    first.fact.qualifier ??= q;
    second.fact.qualifier ??= q;
    if (q !== 'dawn') facts.period ??= q;
  }
  facts.after ??= first.fact;
  facts.before ??= second.fact;
  return k + second.len - i;
};

/** "às 15h", "15h30", "3 da tarde", "meio-dia", "duas e meia", "16:45". */
const matchTime: Matcher = (tokens, i, facts) => {
  const got = readPrefixedTime(tokens, i);
  if (!got) return 0;
  if (isDuration(tokens, got.start, got.read)) return got.len;
  let len = got.len;
  const after = w(tokens, i + len);
  const after2 = w(tokens, i + len + 1);
  if ((after === 'em' && after2 === 'diante') || ((after === 'pra' || after === 'para') && after2 === 'frente')) {
    facts.after ??= got.read.fact;
    len += 2;
  } else if (after === 'no' && after2 === 'maximo') {
    facts.before ??= got.read.fact;
    len += 2;
  } else {
    facts.time ??= got.read.fact;
  }
  const q = got.read.fact.qualifier;
  if (q && q !== 'dawn') facts.period ??= q;
  return len;
};

/** "de manhã", "à tarde", "de noitinha", "bem cedo" — not "boa tarde" nor "mais tarde". */
const matchPeriod: Matcher = (tokens, i, facts) => {
  const a = w(tokens, i);
  const p = PERIOD_WORDS[a];
  if (p) {
    const prev = w(tokens, i - 1);
    // "esta tarde", "essa noite": today's
    if (THIS_WORDS.has(prev) && prev !== 'agora' && facts.relDays === undefined) facts.relDays = 0;
    if (NOT_PERIOD_BEFORE.has(prev)) return 1;
    if (prev === 'e' && !PERIOD_WORDS[w(tokens, i - 2)] && w(tokens, i - 2) !== 'de') return 1;
    if (w(tokens, i + 1) === 'demais') return 2;
    facts.period ??= p;
    // "no fim da tarde": late afternoon
    const edge = w(tokens, i - 2);
    if (p === 'afternoon' && (edge === 'fim' || edge === 'final') && (prev === 'da' || prev === 'de')) facts.after ??= { h: 16, m: 0, clock24: true };
    return 1;
  }
  const before = w(tokens, i - 1);
  if (a === 'cedinho' || (a === 'cedo' && (/^(bem|logo|amanha|hoje|manha)$/.test(before) || isWeekdayWord(before)))) {
    facts.period ??= 'morning';
    return 1;
  }
  return 0;
};

const MATCHERS: Matcher[] = [
  matchPast,
  matchRelativeDay,
  matchRelativeAmount,
  matchWeek,
  matchMonthRef,
  matchWeekday,
  matchExplicitDate,
  matchRange,
  matchAfterBefore,
  matchTime,
  matchPeriod,
  matchNamedMonth,
];

/** One stretch of the message that stated date/time facts, with the facts it stated. */
interface Mention {
  start: number;
  end: number;
  facts: WhenFacts;
  /** Refused or replaced by the patient ("amanhã não posso", "em vez de sexta", "de quarta pra quinta"). */
  rejected: boolean;
  /** Mentions of one phrase share this number. */
  phrase: number;
}

/** Which part of the answer a fact fills: a rejected fact yields only to another of its group. */
type FactGroup = 'day' | 'clock' | 'period';
const GROUP_OF: Record<keyof WhenFacts, FactGroup> = {
  date: 'day', relDays: 'day', relMonths: 'day', relMinutes: 'day', weekday: 'day', week: 'day', weekend: 'day', month: 'day',
  time: 'clock', after: 'clock', before: 'clock',
  period: 'period',
};

/** Words that may sit between two mentions of one date phrase ("amanhã, às 10", "sexta de manhã"). */
const PHRASE_JOINERS = new Set([',', 'a', 'as', 'o', 'de', 'da', 'do', 'na', 'no', 'pela', 'pelo', 'em', 'por', 'volta', 'la', 'mesmo', 'umas']);

/** Words skipped between a date and the refusal after it ("amanhã eu não posso", "sexta pra mim não dá"). */
const REFUSAL_FILLER = new Set([',', 'eu', 'ja', 'mesmo', 'infelizmente', 'realmente', 'tambem', 'entao', 'pra', 'para', 'mim', 'ai', 'la', 'acho', 'que', 'ta', 'e', 'vai', 'fica', 'seria', 'esta', 'estou', 'estar', 'sera', 'meio', 'bem', 'muito', 'pior', 'vou']);

/** What follows "não" in a refusal: "não posso", "não dá", "não rola", "não, …". */
const REFUSAL_AFTER_NAO = new Set([
  'posso', 'poderia', 'poderei', 'consigo', 'conseguiria', 'conseguirei', 'da', 'dara', 'daria', 'rola', 'serve', 'vou', 'vai', 'quero', 'tenho', 'estou',
  'to', 'fica', 'e', 'mas', 'so', 'prefiro', 'gosto', 'seria', 'dou', 'sei',
]);

/** Words after a date that refuse it without "não": "amanhã é ruim", "sexta fica difícil", "sábado tô ocupada". */
const REFUSAL_WORDS = new Set([
  'ruim', 'dificil', 'complicado', 'complicada', 'impossivel', 'pessimo', 'pessima', 'inviavel', 'ocupado', 'ocupada', 'trabalho', 'viajando', 'viajo', 'nem',
]);

/** "não posso", "não dá", "não consigo" … right before a date ("não posso amanhã", "não dá pra sexta"). */
const REFUSING_VERBS = new Set(['posso', 'consigo', 'da', 'dara', 'rola', 'poder', 'conseguir', 'dar', 'poderei', 'conseguirei', 'quero', 'serve', 'e', 'seria', 'gosto']);

/** Words between a refusing verb and the date it refuses ("não consigo ir na sexta", "não dá pra mim dia 5"). */
const REFUSAL_OBJECT = new Set(['na', 'no', 'nas', 'nos', 'em', 'de', 'do', 'da', 'dia', 'pra', 'para', 'pro', 'a', 'as', 'o', 'ir', 'vir', 'comparecer', 'ai', 'la', 'mais', 'mim', 'nesse', 'nessa', 'neste', 'nesta', 'esse', 'essa', 'este', 'esta', 'marcar', 'agendar', 'fazer']);

/** Verbs of moving an appointment: "mudar/trocar/passar (de) quarta pra quinta". */
const MOVE_VERB = /^(?:mud|troc|troqu|pass|remarc|reagend|transfer|adi|antecip|adiant|jog|empurr|mov|alter|remanej)/;

function isRefusedAfter(tokens: Token[], end: number): boolean {
  let k = end;
  for (let steps = 0; steps < 4 && k < tokens.length && REFUSAL_FILLER.has(tokens[k]!.text); steps++) k++;
  const a = w(tokens, k);
  if (REFUSAL_WORDS.has(a)) return true;
  if (a !== 'nao') return false;
  const next = tokens[k + 1];
  if (!next) return true;
  if (next.kind === 'punct') return next.text !== '?';
  // "amanhã, não é?": a tag question, not a refusal
  if (next.text === 'e' && (tokens[k + 2]?.text === '?' || w(tokens, k + 2) === 'isso')) return false;
  return REFUSAL_AFTER_NAO.has(next.text);
}

function isRefusedBefore(tokens: Token[], start: number, previousEnd: number): boolean {
  for (let k = start - 1, steps = 0; k >= 0 && steps < 5; k--, steps++) {
    const a = w(tokens, k);
    if (a === 'menos' || a === 'exceto' || a === 'tirando' || a === 'salvo' || a === 'fora' || a === 'inves') return true;
    // "em vez de sexta", "no lugar de amanhã"
    if ((a === 'vez' && w(tokens, k - 1) === 'em') || (a === 'lugar' && w(tokens, k - 1) === 'no')) return true;
    // "prefiro sexta do que segunda", "melhor de manhã que de tarde"
    if (a === 'que' && prefersBefore(tokens, k)) return true;
    if (REFUSING_VERBS.has(a)) {
      // "não posso", "não vou poder", "não vai dar", "não é amanhã"
      const b = w(tokens, k - 1);
      // "não sei se consigo amanhã": in doubt, another date said wins
      if (b === 'se' && w(tokens, k - 2) === 'sei' && w(tokens, k - 3) === 'nao') return true;
      let nao = -1;
      if (b === 'nao') nao = k - 1;
      else if ((b === 'vou' || b === 'vai' || b === 'iria' || b === 'tenho' || b === 'mais') && w(tokens, k - 2) === 'nao') nao = k - 2;
      // "amanhã não consigo quinta": the refusal closes the date before it, not the next one
      if (nao >= 0 && !(previousEnd >= 0 && nao - previousEnd <= 2 && onlyFiller(tokens, previousEnd, nao))) return true;
    }
    if (!REFUSAL_OBJECT.has(tokens[k]!.text)) return false;
  }
  return false;
}

/** "prefiro … do que", "melhor … que": the date after "que" is the one not wanted. */
function prefersBefore(tokens: Token[], k: number): boolean {
  for (let j = k - 1; j >= 0 && j >= k - 8; j--) {
    const x = w(tokens, j);
    if (x === 'prefiro' || x === 'prefere' || x === 'preferia' || x === 'melhor') return true;
  }
  return false;
}

function onlyFiller(tokens: Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!REFUSAL_FILLER.has(tokens[k]!.text)) return false;
  return true;
}

function groupsOf(facts: WhenFacts): Set<FactGroup> {
  const out = new Set<FactGroup>();
  for (const key of Object.keys(facts) as (keyof WhenFacts)[]) out.add(GROUP_OF[key]);
  return out;
}

/**
 * Marks what the patient turned down, so the date offered instead wins: "amanhã não posso, mas
 * depois de amanhã sim", "hoje não, pode ser amanhã?", "não posso sexta, só segunda", "em vez de
 * sexta, sábado", "trocar de quarta pra quinta". Mentions joined by "de"/"às"/"," form one phrase,
 * refused as a whole.
 */
function markRejected(tokens: Token[], mentions: Mention[]): void {
  let p = 0;
  const moveVerbAt: number[] = [];
  for (let k = 0; k < tokens.length; k++) if (tokens[k]!.kind === 'word' && MOVE_VERB.test(tokens[k]!.text)) moveVerbAt.push(k);
  while (p < mentions.length) {
    let q = p;
    const groups = groupsOf(mentions[p]!.facts);
    // one phrase states each part once: "sexta de manhã" is one, "sexta, sábado" two
    while (q + 1 < mentions.length && isJoined(tokens, mentions[q]!.end, mentions[q + 1]!.start)) {
      const more = groupsOf(mentions[q + 1]!.facts);
      if ([...more].some((g) => groups.has(g))) break;
      for (const g of more) groups.add(g);
      q++;
    }
    const first = mentions[p]!;
    const last = mentions[q]!;
    let rejected = isRefusedAfter(tokens, last.end) || isRefusedBefore(tokens, first.start, p > 0 ? mentions[p - 1]!.end : -1);
    if (!rejected && q + 1 < mentions.length) rejected = isOrigin(tokens, first, last, mentions[q + 1]!, moveVerbAt);
    for (let k = p; k <= q; k++) {
      mentions[k]!.rejected = rejected;
      mentions[k]!.phrase = p;
    }
    p = q + 1;
  }
}

function isJoined(tokens: Token[], end: number, start: number): boolean {
  if (start - end > 2) return false;
  for (let k = end; k < start; k++) if (!PHRASE_JOINERS.has(tokens[k]!.text)) return false;
  return true;
}

/** "(mudar) de quarta pra quinta", "das 10 pras 14": the slot being left, not the one wanted. */
function isOrigin(tokens: Token[], first: Mention, last: Mention, next: Mention, moveVerbAt: number[]): boolean {
  let k = last.end;
  let link = false;
  if (/^(?:pra|para|pro|pras|pros|p)$/.test(tokens[k]?.text ?? '')) {
    link = true;
    k++;
  }
  if (k !== next.start && !(k + 1 === next.start && PHRASE_JOINERS.has(tokens[k]!.text))) return false;
  if (!link && !/^(?:pras|pros)$/.test(tokens[next.start]?.text ?? '')) return false;
  const shared = [...groupsOf(first.facts), ...groupsOf(last.facts)].some((g) => groupsOf(next.facts).has(g));
  if (!shared) return false;
  const before = tokens[first.start - 1]?.text ?? '';
  const fromWord = /^(?:de|do|da|das|dos)$/.test(before) || /^(?:das|dos)$/.test(tokens[first.start]?.text ?? '');
  return fromWord || moveVerbAt.some((at) => at < first.start);
}

/**
 * Words a matcher can start on. Any other word starts no date or time, so the scanner skips it
 * without trying every matcher (most words of a message are not temporal).
 */
const TRIGGERS: ReadonlySet<string> = new Set([
  ...NUMBER_WORDS,
  ...Object.keys(WEEKDAY_WORDS),
  ...Object.keys(WEEKDAY_ABBREVIATIONS),
  ...Object.keys(MONTH_WORDS),
  ...Object.keys(PERIOD_WORDS),
  ...NEXT_WORDS,
  ...THIS_WORDS,
  ...TIME_PREFIXES,
  ...AFTER_PREFIXES.map((p) => p[0]!),
  ...BEFORE_PREFIXES.map((p) => p[0]!),
  // matchPast, matchRelativeDay/Amount, matchWeek, matchMonthRef, matchExplicitDate, matchRange, matchTime, matchPeriod
  'ontem', 'anteontem', 'antes', 'semana', 'mes', 'ano', 'ha', 'faz', 'amanha', 'hoje', 'depois', 'apos', 'daqui', 'daki', 'em', 'dentro',
  'fim', 'final', 'outra', 'outro', 'esse', 'este', 'neste', 'nesse', 'desse', 'deste', 'dia', 'das', 'de', 'entre', 'dos', 'volta', 'a', 'da',
  'meio', 'meia', 'meiodia', 'meianoite', 'cedo', 'cedinho',
]);

/** Every date/time fact of a message, first mention of each kind winning. Linear in tokens. */
export function scanWhen(tokens: Token[]): WhenFacts {
  const mentions: Mention[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    let used = 0;
    if (t.kind === 'num' || (t.kind === 'word' && TRIGGERS.has(t.text))) {
      const facts: WhenFacts = {};
      for (const m of MATCHERS) {
        used = m(tokens, i, facts);
        if (used > 0) break;
      }
      if (used > 0 && Object.keys(facts).length > 0) mentions.push({ start: i, end: i + used, facts, rejected: false, phrase: mentions.length });
    }
    i += used > 0 ? used : 1;
  }
  if (mentions.length > 1) markRejected(tokens, mentions);
  // what the patient accepts fills the answer first; a refused part yields only to one of its kind
  const out: WhenFacts = {};
  const filled = new Set<FactGroup>();
  for (const m of mentions) {
    if (m.rejected) continue;
    for (const key of Object.keys(m.facts) as (keyof WhenFacts)[]) {
      if (out[key] === undefined) (out as Record<string, unknown>)[key] = m.facts[key];
      filled.add(GROUP_OF[key]);
    }
  }
  // a refused phrase whose day was replaced goes whole ("amanhã de manhã não dá, só sexta" is any time on Friday);
  // one whose time was replaced keeps its day ("amanhã às 10 não dá, pode ser às 14?")
  const replaced = new Set<number>();
  if (filled.has('day')) for (const m of mentions) if (m.rejected && groupsOf(m.facts).has('day')) replaced.add(m.phrase);
  for (const m of mentions) {
    if (!m.rejected || replaced.has(m.phrase)) continue;
    for (const key of Object.keys(m.facts) as (keyof WhenFacts)[]) {
      if (out[key] === undefined && !filled.has(GROUP_OF[key])) (out as Record<string, unknown>)[key] = m.facts[key];
    }
  }
  return out;
}
