import { normalizeText, wordsOnly } from '../understanding/normalize-text';
import type { Understanding } from '../understanding/types';

/**
 * The patient's yes or no to the question the bot just asked, read from their own words. The tool
 * layer reads it itself (never trusting a caller's claim) before it records consent or books: an
 * explicit "yes" is the evidence those invariants rest on.
 */

const NO_START = /^(?:nao|n|negativo|nunca|jamais|nem|prefiro nao|melhor nao|nope)\b/;
const NO_PHRASE = /\bnao (?:autorizo|aceito|concordo|permito|quero|desejo|confirmo|posso|vou|pode)\b/;
const YES_WORD = /\b(?:sim|autorizo|aceito|concordo|permito|de acordo|pode sim|confirmo|claro|com certeza|s)\b/;

/** "claro que não", "lógico que não", a reply that ends in "não": a no, whatever it starts with. */
const NO_EMPHATIC = /\b(?:(?:claro|logico|obvio|certeza|e) que nao|nao mesmo|de jeito nenhum|nem pensar)\b|\bnao$/;
/** A negation or a hedge anywhere: not the unhedged yes that consent and booking rest on. */
const HEDGE = /\b(?:nao|nunca|jamais|nem|depois|pensar|espera|espere|aguarda|talvez|duvida|ainda)\b/;

/**
 * Yes, no, or undefined when the message is neither (a question, a new topic, a hedged answer).
 * A "yes" must be unhedged: "beleza, mas não agora", "ok, vou pensar", "sim... não, espera" are
 * not yeses — consent and bookings rest on this answer.
 */
export function readYesNo(text: string, u: Pick<Understanding, 'intent'>): 'yes' | 'no' | undefined {
  const words = wordsOnly(normalizeText(text ?? ''));
  if (words === '') return undefined;
  if (NO_START.test(words) || NO_PHRASE.test(words) || NO_EMPHATIC.test(words)) return 'no';
  if (u.intent === 'deny') return 'no';
  if (HEDGE.test(words)) return undefined;
  if (u.intent === 'confirm') return 'yes';
  if (YES_WORD.test(words)) return 'yes';
  return undefined;
}

/** "tanto faz", "qualquer um", "o mais cedo possível": no preference. */
export function saysAnyChoice(text: string): boolean {
  const words = wordsOnly(normalizeText(text ?? ''));
  return /\b(?:tanto faz|qualquer(?: um| uma| dia| horario| hora| data| profissional)?|indiferente|o (?:mais cedo|quanto antes|primeiro|mais proximo) (?:possivel|disponivel|horario)?|mais cedo possivel|quanto antes|primeiro horario|primeira vaga|nao tenho preferencia|sem preferencia|tanto faz pra mim|pode ser qualquer)\b/.test(words);
}

/** Words only, for small context matches of our own. */
export function plainWords(text: string): string {
  return wordsOnly(normalizeText(text ?? ''));
}
