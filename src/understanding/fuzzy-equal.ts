/**
 * Typo tolerance for catalog words: patients write "microagulamento", "preenximento",
 * "harmonizacao". One edit (two for long words) is forgiven, but not an edit at the very end of
 * the word, which in Portuguese is usually a different word form ("consulte" ≠ "consulta").
 */

/** Damerau-Levenshtein distance, giving up (returning max+1) once it exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = new Array(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    const cur: number[] = new Array(lb + 1);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= lb; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[lb]!;
}

/** Singular stem: "lábios" → "labio", "sessões" → "sessao". */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('oes')) return `${word.slice(0, -3)}ao`;
  if (word.length > 4 && word.endsWith('aes')) return `${word.slice(0, -3)}ao`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** First letters that sound alike in names ("Karla"/"Carla", "Zuza"/"Souza"). */
function soundClass(code: number): number {
  if (code === 107) return 99; // k → c
  if (code === 122) return 115; // z → s
  if (code === 121) return 105; // y → i
  if (code === 119) return 118; // w → v
  return code;
}

/**
 * How a pt-BR word sounds, spelled one way: patients write what they hear ("butox", "bottox",
 * "botoks", "preenximento", "limpesa", "depilassão", "armonização", "microagulamento", "peling").
 * Folds silent h, ch/sh/x, lh/l, nh/n, ss/ç/s/z, soft c/s, soft g/j, k/qu/c, doubled consonants,
 * u/o and ou/o, ee/i, y/i, w/v, a final m/n, and the "es" patients put before s+consonant.
 */
export function phonetic(word: string): string {
  let s = word;
  if (s.length < 4) return s;
  s = s
    .replace(/cao$/, 'sao')
    .replace(/coe?s$/, 'soes')
    .replace(/[cs]h/g, 'x')
    .replace(/lh/g, 'l')
    .replace(/nh/g, 'n')
    .replace(/ph/g, 'f')
    .replace(/(?:ks|cs|kss)/g, 'x')
    .replace(/c(?=[ei])/g, 's')
    .replace(/g(?=[ei])/g, 'j')
    .replace(/qu(?=[ei])/g, 'k')
    .replace(/[cq]/g, 'k')
    .replace(/z/g, 's')
    .replace(/h/g, '')
    .replace(/([bdfgjklmnprstvx])\1+/g, '$1')
    .replace(/ee/g, 'i')
    .replace(/y/g, 'i')
    .replace(/w/g, 'v')
    .replace(/ou/g, 'o')
    .replace(/u/g, 'o')
    .replace(/m$/, 'n')
    .replace(/xi$/, 'x')
    .replace(/^es(?=[bdfgjklmnprtvx])/, 's');
  return s;
}

/** Everyday words one sound away from a catalog word, never read as it ("lazer" is leisure, not laser). */
const REAL_WORDS = new Set(['lazer', 'bolinho', 'bolinhos', 'roga', 'pelo', 'pelos', 'cesta', 'bota', 'botas', 'labia', 'rosca', 'tosse', 'toxica', 'toxico']);

/**
 * True when `word` (from a message) is `key` (from the catalog) give or take a typo or a spelling
 * by ear. Both are normalized and stemmed. Words shorter than `minLength` must match exactly or
 * by sound.
 */
export function fuzzyEqual(word: string, key: string, minLength = 6): boolean {
  return soundsEqual(word, key, phonetic(word), phonetic(key), minLength);
}

/** `fuzzyEqual` with both phonetic forms already computed (the matcher keeps the keys'). */
export function soundsEqual(word: string, key: string, pw: string, pk: string, minLength = 6): boolean {
  if (word === key) return true;
  if (REAL_WORDS.has(word)) return false;
  if (word.length < minLength - 1) return false;
  if (pw === pk && pk.length >= 4) return true;
  if (typoEqual(word, key, minLength)) return true;
  return (pw !== word || pk !== key) && typoEqual(pw, pk, minLength);
}

/** One edit (two for long words), not at the very start nor only at the end. */
function typoEqual(word: string, key: string, minLength: number): boolean {
  if (key.length < minLength || word.length < minLength - 1) return false;
  const max = key.length >= 10 ? 2 : 1;
  if (Math.abs(word.length - key.length) > max) return false;
  // a typo rarely hits the very start of a word: short keys keep their first letter, long keys one of the first two
  const firstSame = soundClass(word.charCodeAt(0)) === soundClass(key.charCodeAt(0));
  if (!firstSame && (key.length < 8 || word.charCodeAt(1) !== key.charCodeAt(1))) return false;
  // endings carry inflection: "consulte"/"consulta", "avaliam"/"avaliar"
  const common = Math.min(word.length, key.length) - 1;
  let same = 0;
  while (same < common && word.charCodeAt(same) === key.charCodeAt(same)) same++;
  if (same === common) return false;
  return editDistance(word, key, max) <= max;
}
