/**
 * Splits normalized text into words, numbers and punctuation, remembering which tokens touch the
 * previous one. "15h30", "15:30", "20/03" and "98765-4321" all become number/letter/punct runs,
 * and `glued` tells "15h30" (a time) from "15 h 30" or "11 98765-4321" (a phone number).
 */

export type TokenKind = 'word' | 'num' | 'punct';

export interface Token {
  text: string;
  kind: TokenKind;
  /** No whitespace between this token and the previous one. */
  glued: boolean;
  /** Numeric value of a `num` token. */
  value: number;
  /** Offset of the token in the normalized text. */
  start: number;
}

const enum CharClass {
  Space,
  Letter,
  Digit,
  Punct,
}

function classOf(code: number): CharClass {
  if (code >= 97 && code <= 122) return CharClass.Letter;
  if (code >= 48 && code <= 57) return CharClass.Digit;
  if (code === 32 || code === 9 || code === 10 || code === 13) return CharClass.Space;
  return CharClass.Punct;
}

/** Tokens of a normalized string (see `normalizeText`). Linear in the length of the text. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let glued = false;
  const n = text.length;
  while (i < n) {
    const cls = classOf(text.charCodeAt(i));
    if (cls === CharClass.Space) {
      glued = false;
      i++;
      continue;
    }
    let j = i + 1;
    if (cls !== CharClass.Punct) while (j < n && classOf(text.charCodeAt(j)) === cls) j++;
    const piece = text.slice(i, j);
    const kind: TokenKind = cls === CharClass.Letter ? 'word' : cls === CharClass.Digit ? 'num' : 'punct';
    tokens.push({ text: piece, kind, glued: glued && tokens.length > 0, value: kind === 'num' ? Number(piece) : NaN, start: i });
    glued = true;
    i = j;
  }
  return tokens;
}
