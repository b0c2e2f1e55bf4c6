/**
 * Removes personal data from text before it leaves for an LLM (LGPD: data minimisation): CPF,
 * e-mail, phone numbers and the patient's known names become placeholders the model can still
 * reason about ("[CPF]", "[EMAIL]", "[TELEFONE]", "[NOME]"). Names the patient types about
 * themselves ("meu nome é …", "sou a …", "me chamo …") are caught too.
 */

const CPF = /\b\d{3}[.\s]?\d{3}[.\s]?\d{3}[-.\s]?\d{2}\b/g;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Brazilian and international phones: optional +55, area code, 8–9 digits with separators.
const PHONE = /(?:\+?\d{2}[\s.-]?)?(?:\(?\d{2}\)?[\s.-]?)?9?\d{4}[\s.-]?\d{4}\b/g;
const NAME_WORDS = `(?:[A-ZÀ-Ý][\\p{L}'-]+)(?:\\s+(?:d[aeo]s?\\s+)?[A-ZÀ-Ý][\\p{L}'-]+){0,4}`;
/** Names people give: their own ("meu nome é…", "sou a…") or someone else's ("no nome de…", "pra minha filha, …"). */
const SELF_NAME = new RegExp(
  `\\b(meu nome (?:é|e)|me chamo|aqui (?:é|e) (?:a|o)|sou (?:a|o)|(?:no|em) nome d[aeo]|nome d[aeo] (?:paciente|cliente)|(?:pra|para|da|do) (?:minha|meu) (?:filha|filho|m[aã]e|pai|esposa|marido|irm[aã]|irm[aã]o|namorad[ao]|amig[ao]|av[oó]|tia|tio|sogra|prima|primo)(?:,)?)\\s+(${NAME_WORDS})`,
  'gu',
);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface RedactOptions {
  /** Names known for this patient (profile name, registered name): each word of 3+ letters is masked. */
  knownNames?: (string | null | undefined)[];
  /** Whole names masked as one phrase first, even when a word of it is also a staff name ("Fernanda Lima"). */
  fullNames?: (string | null | undefined)[];
}

/** CPF check digits (mod 11): tells a bare 11-digit CPF from a mobile number. */
export function isValidCpf(digits: string): boolean {
  if (!/^\d{11}$/.test(digits) || /^(\d)\1{10}$/.test(digits)) return false;
  const check = (len: number) => {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += Number(digits[i]) * (len + 1 - i);
    const r = (sum * 10) % 11;
    return (r === 10 ? 0 : r) === Number(digits[len]);
  };
  return check(9) && check(10);
}

export function redactPii(text: string, options: RedactOptions = {}): string {
  let out = text
    .replace(EMAIL, '[EMAIL]')
    .replace(CPF, (m) => {
      const digits = m.replace(/\D/g, '');
      // Unformatted 11 digits: a CPF only if its check digits say so; else a mobile number.
      return /^\d{11}$/.test(m) && !isValidCpf(digits) ? '[TELEFONE]' : '[CPF]';
    }).replace(PHONE, (m) => (m.replace(/\D/g, '').length >= 8 ? '[TELEFONE]' : m));
  out = out.replace(SELF_NAME, (_m, lead: string) => `${lead} [NOME]`);
  for (const full of options.fullNames ?? []) {
    const words = (full ?? '').trim().split(/\s+/).filter((w) => w.length >= 2);
    if (words.length < 2) continue;
    const phrase = words.map(escapeRegExp).join('\\s+');
    out = out.replace(new RegExp(`(?<![\\p{L}])${phrase}(?![\\p{L}])`, 'giu'), '[NOME]');
  }
  const words = new Set<string>();
  for (const name of options.knownNames ?? []) {
    for (const w of (name ?? '').split(/\s+/)) if (w.length >= 3 && !/^d[aeo]s?$/i.test(w)) words.add(w);
  }
  for (const w of words) out = out.replace(new RegExp(`(?<![\\p{L}])${escapeRegExp(w)}(?![\\p{L}])`, 'giu'), '[NOME]');
  return out;
}
