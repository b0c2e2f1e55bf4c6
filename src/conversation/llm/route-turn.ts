import type { Understanding } from '../../understanding/types';
import { plainWords, readYesNo, saysAnyChoice } from '../read-answer';
import type { ConversationState } from '../state';

/**
 * Who answers a message when an LLM is configured: the deterministic engine when it can do so
 * confidently — a structured answer to the question the conversation is waiting on ("sim" to the
 * summary, "2" among the offered slots, the screening answer), or a request the pt-BR reader
 * understood clearly (a service to book, cancel, a price) — and the model for the rest: free text,
 * questions the reader has no topic for, several requests in one message, anything it would
 * answer with "não entendi". This keeps the model to about one call per patient message it is
 * really needed for, and to none for confirmations, option numbers, consent and screening answers,
 * opt-outs and reminder replies (those never reach this step).
 */

export type RouteKind =
  | 'state_reset'
  | 'stop'
  | 'opted_out_silence'
  | 'empty'
  | 'step_answer'
  | 'clear_request'
  | 'question'
  | 'small_talk'
  | 'free_text';

export interface Route {
  to: 'engine' | 'llm';
  kind: RouteKind;
  /** A short reason, for logs and the benchmark's per-kind figures. */
  why: string;
}

export interface RouteInput {
  state: ConversationState;
  /** The stored state was unreadable (another version): the engine says it lost track. */
  reset: boolean;
  u: Understanding;
  text: string;
  optedOut: boolean;
}

/** Answers longer than this, or with a question mark, are not taken as a bare step answer. */
const SHORT_ANSWER_WORDS = 12;
/** Beyond this a message likely carries more than one request: the model reads it whole. */
const LONG_MESSAGE_WORDS = 24;

const SILENT_AFTER_OPT_OUT = new Set(['thanks', 'confirm', 'deny', 'other', 'opt_out']);

const engine = (kind: RouteKind, why: string): Route => ({ to: 'engine', kind, why });
const llm = (kind: RouteKind, why: string): Route => ({ to: 'llm', kind, why });

/**
 * Decides per message, before any model call, from the engine's own state (what the conversation is
 * waiting for) and the deterministic reading. Cheap and pure, so the router costs nothing and its
 * choices are unit-tested phrase by phrase.
 */
export function routeTurn(input: RouteInput): Route {
  const { state, u, text } = input;
  const words = plainWords(text).split(' ').filter(Boolean).length;
  const question = text.includes('?');
  const short = words <= SHORT_ANSWER_WORDS && !question;
  const yesNo = readYesNo(text, u);

  if (input.reset) return engine('state_reset', 'stored state unreadable');
  if (u.intent === 'opt_out' || u.intent === 'human' || u.intent === 'data_rights') return engine('stop', u.intent);
  if (input.optedOut && state.step === 'idle' && SILENT_AFTER_OPT_OUT.has(u.intent)) return engine('opted_out_silence', u.intent);
  if (words === 0) return engine('empty', 'no words');

  const answer = stepAnswer(input, { short, question, yesNo });
  if (answer) return engine('step_answer', `${state.step}: ${answer}`);

  // Several questions, or a long message: likely more than one request, which the model reads whole.
  const several = (text.match(/\?/g) ?? []).length >= 2;
  if (!several && words <= LONG_MESSAGE_WORDS) {
    switch (u.intent) {
      case 'cancel':
      case 'reschedule':
        return engine('clear_request', u.intent);
      case 'book':
        if (u.service) return engine('clear_request', 'book with a service');
        // "quero agendar": the engine asks which procedure; anything more ("aquilo, na quarta") needs the context.
        if (!u.when && words <= 4 && state.step === 'idle') return engine('clear_request', 'book, no details');
        break;
      // A question the reader placed: the engine answers from clinic.yaml. A long message without a
      // question mark that merely mentions a topic ("meu outro número é …, anota aí") is not one.
      case 'ask_price':
        if (question || words <= SHORT_ANSWER_WORDS) return engine('question', 'price');
        break;
      case 'ask_info':
        if (u.topic && (question || words <= SHORT_ANSWER_WORDS)) return engine('question', `info: ${u.topic}`);
        break;
      case 'greeting':
      case 'thanks':
        if (words <= 6) return engine('small_talk', u.intent);
        break;
      case 'confirm':
      case 'deny':
        if (state.step === 'idle' && words <= 4) return engine('small_talk', u.intent);
        break;
      case 'inform':
        if (state.step === 'idle' && u.when && short) return engine('clear_request', 'a day to book');
        break;
    }
  }
  if (question) return llm('question', several ? 'several questions' : `${u.intent} without a topic the reader knows`);
  return llm('free_text', `${u.intent} at ${state.step}`);
}

/** The step's own structured answer, read the way the engine's step handlers read it. */
function stepAnswer(input: RouteInput, m: { short: boolean; question: boolean; yesNo: 'yes' | 'no' | undefined }): string | undefined {
  const { state, u, text } = input;
  const offered = state.task?.offered.length ?? 0;
  switch (state.step) {
    case 'idle':
      return undefined;
    case 'pick':
      if (m.question) return undefined;
      if (u.option !== undefined && u.option >= 1 && u.option <= offered) return 'option';
      if (u.when && (u.when.time || u.when.date || u.when.period || u.when.after || u.when.before)) return 'day/time';
      if (u.professional && m.short) return 'professional';
      if (m.yesNo && m.short) return 'yes/no';
      return undefined;
    case 'consent':
    case 'reminders':
    case 'consent_refused':
    case 'cancel_confirm':
      return m.yesNo && m.short ? 'yes/no' : undefined;
    case 'confirm':
    case 'reschedule_confirm':
      if (m.yesNo && m.short) return 'yes/no';
      if (u.when && !m.question) return 'another day';
      return undefined;
    case 'screening':
      // Health answers stay with the engine (and off the model) unless the patient asks something.
      if (u.conditions !== undefined || m.yesNo) return 'screening answer';
      return m.question ? undefined : 'screening answer';
    case 'screening_choice':
      if (u.option === 1 || u.option === 2 || m.yesNo || /\bavalia/.test(plainWords(text))) return 'choice';
      return undefined;
    case 'when':
      if (m.question) return undefined;
      if (u.when || saysAnyChoice(text) || m.yesNo || u.professional) return 'day/time';
      return undefined;
    case 'service':
      return u.service || (u.option !== undefined && !m.question) ? 'service' : undefined;
    case 'professional':
      if (m.question) return undefined;
      return u.professional || u.option !== undefined || saysAnyChoice(text) || m.yesNo ? 'professional' : undefined;
    case 'appointment_pick':
      return (u.option !== undefined || u.service) && !m.question ? 'appointment' : undefined;
  }
}
