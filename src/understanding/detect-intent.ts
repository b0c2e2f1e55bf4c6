import { classifyShortReply } from './classify-short-reply';
import { isForeignText } from './detect-language';
import type { ConditionReading } from './extract-conditions';
import {
  ALTERNATIVE,
  BOOK,
  BOOK_WEAK,
  CANCEL,
  CLINIC_QUESTION,
  NO_PREFERENCE,
  CONFIRM,
  CURRENCY,
  DATA_RIGHTS,
  DENY,
  DESIRE,
  FAREWELL,
  HEALTH_CONTEXT,
  HUMAN,
  HUMAN_SOFT,
  HUMAN_WHOLE,
  INFO_GENERIC,
  INJECTION,
  NOT_ATTENDING,
  NOT_AVAILABLE_AT,
  NOT_BOOKING,
  OFF_TOPIC_QUESTION,
  OFF_TOPIC_TASK,
  ON_TOPIC,
  OPT_OUT,
  OPT_OUT_WHOLE,
  OWN_BOOKING_QUESTION,
  OWN_BOOKING_YES_NO,
  PRICE,
  RESCHEDULE,
  SELF_STATEMENT,
} from './intent-lexicon';
import type { InfoTopic, Intent, WhenResult } from './types';

/**
 * Decides what a patient wants from one message. Rules run in order of consequence: a request
 * to stop messages or erase data must never be read as a booking, a cancellation outranks a
 * polite "obrigado", a question outranks a greeting. Each rule is a phrase family, not a
 * sentence, so new phrasings of the same family work.
 */

export interface IntentSignals {
  /** Normalized text (see normalizeText). */
  text: string;
  /** Words and numbers only. */
  words: string[];
  hasService: boolean;
  hasProfessional: boolean;
  conditions: ConditionReading;
  when: WhenResult | null;
  topic?: InfoTopic;
  question: boolean;
  name?: string;
  cpf?: string;
  email?: string;
  option?: number;
}

/** A greeting asked as a question: "tudo certo?", "beleza?", "como vai?". */
const GREETING_QUESTION = /^(?:(?:oi|oie|ola|opa|e ai|eai|fala|salve|bom dia|boa tarde|boa noite|hey)\b ?)*(?:tudo (?:certo|bem|bom|ok|joia|tranquilo|otimo|em ordem|beleza)|beleza|como (?:vai|vao|esta|estao|voce esta)|td bem)(?: (?:com voce|com voces|por ai|ai|entao|contigo))?$/;

const THANKS_WORD = /\b(?:obrigad[ao]|agradec[a-z]*|valeu|grat[ao])\b/;

/** "cancela e marca outro": a cancellation followed by a new booking is a reschedule. */
const BOOK_AGAIN = /\b(?:e|depois|entao|pra|para) (?:marca|marcar|marque|agenda|agendar|agende|reserva|reservar)\b|\b(?:marca|marcar|agendar|agenda) (?:outro|outra|de novo|novamente)\b/;

/** "sim, estarei lá às 10h", "ok, pode ser sexta": a confirmation that carries details. */
const STARTS_WITH_CONFIRM = /^(?:sim|isso|claro|confirmo|confirmado|combinado|fechado|perfeito|ok|certo|beleza|otimo|com certeza|exato)\b/;

/**
 * The intent of one message, from the signals the other readers extracted. Exists apart from
 * `understand` so the precedence of intents is one readable list, tested family by family.
 */
export function detectIntent(s: IntentSignals): Intent {
  const { text, words } = s;
  if (words.length === 0) return 'other';
  if (INJECTION.test(text)) return 'other';
  if (isForeignText(words)) return 'other';
  // code, translations, essays: not the clinic's business, whatever dates or services they hold
  if (OFF_TOPIC_TASK.test(text)) return 'other';

  const joined = words.join(' ');
  if (DATA_RIGHTS.test(text)) return 'data_rights';
  if (OPT_OUT_WHOLE.test(joined) || OPT_OUT.test(text)) return 'opt_out';
  if (HUMAN.test(text) || HUMAN_WHOLE.test(joined)) return 'human';

  const notAttending = NOT_ATTENDING.test(text);
  const cancel = CANCEL.test(text);
  const book = BOOK.test(text);
  if (HUMAN_SOFT.test(text) && !book && !cancel && !s.hasService && !PRICE.test(text) && !BOOK_WEAK.test(text)) return 'human';
  if (RESCHEDULE.test(text) || ((notAttending || NOT_AVAILABLE_AT.test(text)) && ALTERNATIVE.test(text)) || (cancel && BOOK_AGAIN.test(text))) return 'reschedule';
  if (cancel || notAttending) return 'cancel';
  // "não consigo nesse horário", "sexta não dá": turning the slot down
  if (!book && NOT_AVAILABLE_AT.test(text) && !PRICE.test(text) && !CURRENCY.test(text)) return 'deny';

  // "claro que não", "lógico que não": a no that starts like a yes
  if (/\b(?:claro|logico|obvio|certeza) que nao\b|^(?:sim|ok|beleza|claro|certo)\b.*\b(?:nao agora|agora nao|vou pensar|depois eu (?:vejo|aviso|falo)|nao espera|espera)\b/.test(joined)) return 'deny';
  // SPEC §7: "1" answers a reminder's "responda 1 para confirmar"
  if (joined === '1' || joined === 's') return 'confirm';
  const reply = classifyShortReply(words);
  const health = s.conditions.mentioned.length > 0 || (s.conditions.conditions !== undefined && HEALTH_CONTEXT.test(text));

  // weather, sport, trivia: a world question, even with a date in it ("vai chover amanhã?")
  if (OFF_TOPIC_QUESTION.test(text) && !ON_TOPIC.test(text) && !s.hasService) return 'other';
  if (s.topic === 'medical') return 'ask_info';
  if (PRICE.test(text) || CURRENCY.test(text)) return 'ask_price';
  if (reply && reply.has('strongConfirm') && !reply.has('deny')) return 'confirm';
  if (NOT_BOOKING.test(text) && !s.when) return 'deny';
  if (book) return 'book';
  // "pode ser com a dra Ana" (a choice, not a question about her)
  if (s.hasProfessional && /^(?:(?:pode ser|prefiro|quero|gostaria de ser|pode|prefiro ser|de preferencia) com|prefiro (?:a |o )?(?:dra|dr|doutora|doutor))\b/.test(joined) && !s.question && !book) return 'inform';
  // "é com quem?", "quem atende?": who the professional is
  if (s.question && /\b(?:com quem|quem (?:atende|faz|vai (?:me )?atender|e a (?:dra|doutora|profissional)))\b/.test(text)) return 'ask_info';
  // "a Dra. Ana atende sexta?": availability of a person
  if (s.hasProfessional && s.question && (s.when || /\b(?:atende|trabalha)\b/.test(text)) && (s.topic === undefined || s.topic === 'service_info')) return 'book';
  if (s.topic && s.topic !== 'service_info') return 'ask_info';
  if (OWN_BOOKING_QUESTION.test(text) || OWN_BOOKING_YES_NO.test(text)) return 'ask_info';
  if (s.topic === 'service_info' && s.question) return 'ask_info';
  if (INFO_GENERIC.test(text)) return 'ask_info';
  if (BOOK_WEAK.test(text) || (s.hasService && DESIRE.test(text))) return 'book';
  if (s.topic === 'service_info') return 'ask_info';

  if (health) return 'inform';
  if (reply) {
    if (reply.has('deny')) return 'deny';
    // "e aí, tudo certo?", "opa, beleza?": asking how one is, not agreeing
    if (s.question && !reply.has('strongConfirm') && GREETING_QUESTION.test(joined)) return 'greeting';
    // "perfeito, obrigada" answers a confirmation question: reading it as thanks would lose the booking
    if (reply.has('confirm') || reply.has('strongConfirm')) return 'confirm';
    if (reply.has('thanks')) return 'thanks';
    if (reply.has('greeting')) return 'greeting';
  }
  if (/^(?:nao|nenhum|nenhuma|negativo)\b/.test(joined) && !s.hasService) return 'deny';
  if (s.name || s.cpf || s.email) return 'inform';
  if (FAREWELL.test(text) && THANKS_WORD.test(text)) return 'thanks';
  if (CONFIRM.test(text) || STARTS_WITH_CONFIRM.test(joined)) return 'confirm';
  if (s.option !== undefined || s.when) return 'inform';
  if (DENY.test(text)) return 'deny';
  if (SELF_STATEMENT.test(joined) && !s.question) return 'inform';
  if (s.hasService) return s.question ? 'ask_info' : 'book';
  if (SELF_STATEMENT.test(joined)) return 'inform';
  if (THANKS_WORD.test(text)) return 'thanks';
  if (/^(?:oi|ola|bom dia|boa tarde|boa noite|opa|e ai)\b/.test(joined)) return 'greeting';
  // "Carla Mendes", "com a dra. Ana": choosing who will attend
  if (s.hasProfessional && !s.question && words.length <= 5) return 'inform';
  // "tanto faz", "o mais cedo possível": a preference, answering "which day/who?"
  if (NO_PREFERENCE.test(text) && !s.question) return 'inform';
  if (/\bnao\b/.test(text)) return 'deny';
  if (s.question && CLINIC_QUESTION.test(text)) return 'ask_info';
  return 'other';
}
