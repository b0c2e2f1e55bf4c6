import { classifyShortReply } from '../understanding/classify-short-reply';
import { normalizeText, wordsOnly } from '../understanding/normalize-text';

export type ReminderReplyIntent = 'confirm' | 'cancel' | 'reschedule' | 'deny';

export interface ReminderReplyReading {
  intent: ReminderReplyIntent;
  /**
   * `explicit`: says what it means even out of context ("confirmo minha consulta", "preciso
   * remarcar"). `bare`: only an answer to the question just asked ("sim", "1", "👍", "não").
   */
  strength: 'explicit' | 'bare';
}

// Patterns run on normalized text (lowercase, no accents, emoji as words, shorthand expanded).
const KEEPS_APPOINTMENT = /\bnao (vou|irei) (faltar|falhar|esquecer|deixar de ir)\b|\bnao (vejo a hora|falto)\b/;
const RESCHEDULE =
  /\b(remarc\w*|reagend\w*|reprogram\w*|adiar|adia|antecipar|(mudar|trocar|alterar|passar|transferir)( (o|a|de|pra|para))? ?(horario|hora|dia|data|consulta|agendamento)|outr[oa] (horario|dia|data|hora|semana))\b/;
const CANCEL =
  /\b(cancel\w*|desmarc\w*|nao (vou|irei|poderei|posso|consigo|conseguirei|vou poder|vou conseguir|da|vai dar|tenho como) ?(mais )?(ir|comparecer|estar (ai|la|presente))|nao vou( mais)?( poder| conseguir)?$|nao irei|nao poderei( comparecer)?|nao vou mais|desisto|desistir|desisti)\b/;
const OPT_OUT =
  /\b(?:cancel\w*|par(?:a|e|ar)|pode parar|nao (?:quero|precisa|preciso) (?:mais )?(?:receber|de)?|sair|descadastr\w*|desativ\w*|chega|tira\w*|remov\w*) (?:\w+ ){0,3}(?:lembretes?|mensage(?:m|ns)|notificac(?:ao|oes)|avisos?|sms|whats(?:app)?|zap)\b|^(?:pare|parar|stop|sair)$/;
const CONFIRM =
  /\b((?<!nao )confirm\w*|estarei (la|ai|presente)|vou (sim|comparecer|estar (la|ai))|irei sim|comparecerei|compareco|la estarei|presenca confirmada|pode confirmar|com certeza (vou|estarei|irei))\b/;

/**
 * What a patient's answer to a reminder means, without an LLM: confirm ("sim", "confirmo", 👍,
 * "1"), cancel ("não vou", "cancela", "3"), reschedule ("preciso remarcar", "2"), or a bare "não"
 * that needs a question back. Rescheduling wins over cancelling ("não vou poder, quero remarcar"),
 * which wins over confirming. Null for anything else (a question, a new request): the conversation
 * engine handles those.
 */
export function classifyReminderReply(text: string): ReminderReplyReading | null {
  const normalized = normalizeText(text);
  const words = wordsOnly(normalized);
  if (words === '') return null;
  // "cancela os lembretes", "para de mandar mensagens": stopping the messages, not the appointment —
  // the conversation engine records the opt-out.
  if (OPT_OUT.test(words)) return null;
  const option = /^(?:opcao |numero |o )?([123])(?: o)?$/.exec(words);
  if (option) return { intent: option[1] === '1' ? 'confirm' : option[1] === '2' ? 'reschedule' : 'cancel', strength: 'bare' };

  if (words === 's') return { intent: 'confirm', strength: 'bare' };
  const question = normalized.includes('?');
  if (RESCHEDULE.test(words)) return { intent: 'reschedule', strength: 'explicit' };
  if (KEEPS_APPOINTMENT.test(words)) return { intent: 'confirm', strength: 'explicit' };
  if (CANCEL.test(words) && !question) return { intent: 'cancel', strength: 'explicit' };
  if (CONFIRM.test(words) && !question) return { intent: 'confirm', strength: 'explicit' };
  if (/\bnao (confirm\w*|sei se vou)\b/.test(words) && !question) return { intent: 'deny', strength: 'bare' };

  const kinds = classifyShortReply(words.split(' '));
  if (!kinds) return null;
  const confirms = kinds.has('strongConfirm') || kinds.has('confirm');
  if (kinds.has('deny') && !confirms) return { intent: 'deny', strength: 'bare' };
  if (confirms && !kinds.has('deny')) return { intent: 'confirm', strength: 'bare' };
  return null;
}
