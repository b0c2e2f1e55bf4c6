/**
 * CPF and e-mail written in a message, so the conversation can store them (encrypted) and redact
 * them before any text reaches an LLM. Scans are token-bounded: no pattern can backtrack across a
 * long message.
 */

const CPF_FORMATTED = /(?<![\d.])(\d{3})\.(\d{3})\.(\d{3})[-.\s]?(\d{2})(?![\d])|(?<![\d.])(\d{3})(\d{3})(\d{3})-(\d{2})(?!\d)/;
const CPF_PLAIN = /(?<!\d)(\d{11})(?!\d)/;
const CPF_WORD = /\bcpf\b/i;

/** The CPF's 11 digits, or undefined. Bare 11-digit runs count only next to the word "CPF". */
export function extractCpf(raw: string): string | undefined {
  if (!raw) return undefined;
  const text = raw.length > 3000 ? raw.slice(0, 3000) : raw;
  const m = CPF_FORMATTED.exec(text);
  if (m) return m.slice(1).filter((g) => g !== undefined).join('');
  if (CPF_WORD.test(text)) {
    const plain = CPF_PLAIN.exec(text.replace(/[\s.-]/g, (c) => (c === ' ' ? ' ' : '')));
    if (plain) return plain[1];
  }
  return undefined;
}

const EMAIL = /^[a-z0-9](?:[a-z0-9._%+-]{0,63})@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,4}$/i;

/** The first e-mail address in the message, lowercased, or undefined. */
export function extractEmail(raw: string): string | undefined {
  if (!raw || !raw.includes('@')) return undefined;
  for (const piece of raw.slice(0, 3000).split(/[\s,;<>()[\]"']+/)) {
    if (!piece.includes('@') || piece.length > 200) continue;
    const candidate = piece.replace(/[.!?:]+$/, '');
    if (EMAIL.test(candidate)) return candidate.toLowerCase();
  }
  return undefined;
}
