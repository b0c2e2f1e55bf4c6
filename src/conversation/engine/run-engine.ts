import type { Encryptor } from '../../lib/crypto';
import type { EventBus } from '../../lib/event-bus';
import type { TurnContext, TurnResult } from '../../pipeline/turn-handler';
import { vocabularyFromClinic } from '../../understanding/load-vocabulary';
import { understand } from '../../understanding/understand';
import { resetState, readState, serializeState } from '../state';
import { dataRequestKind, DATA_REQUEST_LABELS, requestDataRights } from '../tools/data-rights';
import { handoffToStaff } from '../tools/handoff';
import { optOut } from '../tools/opt-out';
import { toolContextOf, type ToolContext } from '../tools/tool-context';
import { adoptReminderOffer } from './adopt-reminder-offer';
import { answerQuestion } from './answer-questions';
import { onAppointmentPick, onCancelConfirm, startCancel, startReschedule } from './appointment-flows';
import {
  namedProfessional,
  onConfirm,
  onConsent,
  onConsentRefused,
  onPick,
  onPickFallback,
  onProfessional,
  onReminders,
  onRescheduleConfirm,
  onScreening,
  onScreeningChoice,
  onService,
  onWhen,
  repeatQuestion,
  startBooking,
} from './booking-flow';
import { Turn } from './turn';

export interface EngineDeps {
  bus: EventBus;
  crypto: Encryptor;
}

/**
 * After "parar" the patient gets no reminders or marketing (senders check `opted_out_at`) and the
 * opt-out is confirmed once. If they write again, the bot answers only what they ask — a booking,
 * a price, the address — and says nothing to messages that ask nothing ("ok", "obrigado", a repeated
 * "parar"). Booking again does not re-ask the reminders opt-in: opted out means no reminders.
 */
const SILENT_AFTER_OPT_OUT = new Set(['thanks', 'confirm', 'deny', 'other', 'opt_out']);

/**
 * The deterministic engine: reads the message once (pt-BR understanding, in the clinic's
 * vocabulary), lets the step the conversation is in claim it first — "sim" after the summary is a
 * confirmation, "2" after an offer is option 2, "não" to the screening question is "no
 * conditions" — then handles what can come at any time (stop, a person, data rights, cancel,
 * reschedule, a price or clinic question answered before resuming), and finally counts what it
 * could not understand: two in a row and a person takes over.
 */
export async function runFlowEngine(ctx: TurnContext, deps: EngineDeps): Promise<TurnResult> {
  const { state, reset } = readState(ctx.conversation.state);
  const tc: ToolContext = toolContextOf(ctx, state, deps);
  const text = ctx.message.body ?? '';
  const u = understand(text, { now: ctx.messageTime, tz: ctx.clinic.timezone }, vocabularyFromClinic(ctx.flows.clinic()));
  adoptReminderOffer(tc, ctx.conversation.state);
  const turn = new Turn(tc, u, text, reset);
  const missesBefore = state.misses;
  // Health answers (any reply to a screening question, or conditions mentioned anywhere) and CPFs
  // are kept encrypted at rest: the pipeline stores this message's text encrypted.
  const sensitive = state.step === 'screening' || state.step === 'screening_choice' || (u.conditions?.length ?? 0) > 0 || !!u.cpf;

  const silent = ctx.patient.optedOutAt != null && state.step === 'idle' && SILENT_AFTER_OPT_OUT.has(u.intent);
  if (!silent) await dispatch(turn);

  if (tc.effects.mode) {
    // handed to staff: the counter starts over when the bot gets the thread back
  } else if (turn.missed) {
    state.misses = missesBefore + 1;
    if (state.misses >= 2) {
      turn.replies.length = 0;
      await handoffToStaff(tc, { reason: 'bot_stuck', detail: 'duas mensagens seguidas sem entender' });
      turn.say(turn.texts.general('handoff_stuck'));
    }
  } else {
    state.misses = 0;
  }
  return {
    replies: turn.replies.map((t) => ({ text: t })),
    state: serializeState(state),
    mode: tc.effects.mode,
    engine: 'deterministic',
    intent: u.intent,
    step: state.step,
    sensitive,
  };
}

async function dispatch(turn: Turn): Promise<void> {
  const { u, tc } = turn;
  // Stop means stop, whatever step we were in.
  if (u.intent === 'opt_out') {
    await optOut(tc);
    turn.say(turn.texts.general('opt_out_done'));
    return;
  }
  if (await claimedByStep(turn, false)) return;

  switch (u.intent) {
    case 'human':
      await handoffToStaff(tc, { reason: 'asked_human', detail: 'pediu para falar com uma pessoa' });
      turn.say(turn.texts.general('handoff_human'));
      return;
    case 'data_rights': {
      const kind = dataRequestKind(turn.text);
      const r = await requestDataRights(tc, { kind });
      const due = r.dueAt.toLocaleDateString('pt-BR', { timeZone: tc.clinic.timezone, day: '2-digit', month: '2-digit', year: 'numeric' });
      turn.say(turn.texts.general('data_rights_received', { request: DATA_REQUEST_LABELS[kind], due_date: due }));
      return;
    }
    case 'cancel':
      return startCancel(turn);
    case 'reschedule':
      return startReschedule(turn);
    case 'ask_price':
    case 'ask_info':
      return answerThenResume(turn, answerQuestion(turn), u.intent === 'ask_price' || (u.topic === 'service_info' && !!u.service));
  }

  const task = turn.task;
  const wantsBooking = u.intent === 'book' || (u.service !== undefined && (u.intent === 'inform' || u.intent === 'other'));
  if (wantsBooking) {
    if (!task || task.kind !== 'book' || (u.service && u.service !== task.serviceId)) {
      return startBooking(turn, { serviceId: u.service, professionalId: namedProfessional(turn), when: u.when });
    }
    // The same booking, asked again ("quero marcar" mid-way): a new preference re-offers, else resume.
    if (u.when && (turn.state.step === 'pick' || turn.state.step === 'when' || turn.state.step === 'confirm')) {
      if (await claimedByStep(turn, true)) return;
    }
    return answerThenResume(turn, undefined, false);
  }

  if (await claimedByStep(turn, true)) return;

  switch (u.intent) {
    case 'greeting':
      if (turn.state.step === 'idle') return turn.say(turn.texts.general('greeting'));
      return answerThenResume(turn, turn.texts.general('greeting_in_task'), false);
    case 'thanks':
      if (turn.state.step === 'idle' || turn.state.step === 'when') {
        resetState(turn.state);
        return turn.say(turn.texts.general('thanks'));
      }
      return answerThenResume(turn, turn.texts.general('thanks_in_task'), false);
    case 'confirm':
      if (turn.state.step === 'idle') return turn.say(turn.texts.general('thanks'));
      break;
    case 'inform':
      if (turn.state.step === 'idle' && u.when) return startBooking(turn, { when: u.when, professionalId: namedProfessional(turn) });
      break;
  }
  if (turn.state.step === 'idle' && namedProfessional(turn)) return startBooking(turn, { professionalId: namedProfessional(turn) });
  return notUnderstood(turn);
}

/** The current step's own reading of the message. `fallback`: last chance before "not understood". */
async function claimedByStep(turn: Turn, fallback: boolean): Promise<boolean> {
  const { state, u } = turn;
  // Words that belong to the whole conversation are never taken as a step's answer.
  if (!fallback && (u.intent === 'human' || u.intent === 'cancel' || u.intent === 'reschedule' || u.intent === 'ask_price')) {
    if (!(state.step === 'screening_choice' && u.intent === 'human')) return false;
  }
  if (!fallback && u.intent === 'data_rights' && state.step !== 'consent' && state.step !== 'reminders') return false;
  switch (state.step) {
    case 'idle':
      return false;
    case 'service':
      return onService(turn);
    case 'professional':
      return onProfessional(turn);
    case 'when':
      return onWhen(turn);
    case 'pick':
      if (await onPick(turn)) return true;
      if (fallback) {
        onPickFallback(turn);
        return true;
      }
      return false;
    case 'consent':
      if (await onConsent(turn)) return true;
      if (fallback) {
        turn.miss(turn.texts.booking('consent_unclear'));
        return true;
      }
      return false;
    case 'consent_refused':
      return onConsentRefused(turn);
    case 'screening':
      return onScreening(turn, fallback);
    case 'screening_choice':
      if (await onScreeningChoice(turn)) return true;
      if (fallback) {
        turn.miss(turn.texts.screening('choice_unclear'));
        return true;
      }
      return false;
    case 'reminders':
      if (await onReminders(turn)) return true;
      if (fallback) {
        turn.miss(turn.texts.booking('reminders_unclear'));
        return true;
      }
      return false;
    case 'confirm':
      return onConfirm(turn);
    case 'reschedule_confirm':
      return onRescheduleConfirm(turn);
    case 'appointment_pick':
      return onAppointmentPick(turn);
    case 'cancel_confirm':
      return onCancelConfirm(turn);
  }
}

/** Answers a side question, then asks the current step's question again so the booking goes on. */
async function answerThenResume(turn: Turn, answer: string | undefined, offerBooking: boolean): Promise<void> {
  turn.say(answer);
  const question = await repeatQuestion(turn);
  if (question) {
    turn.say(`${turn.texts.booking('resume')}\n\n${question}`);
    return;
  }
  if (offerBooking && turn.state.step === 'idle') {
    const serviceId = turn.u.service;
    if (serviceId && turn.catalog.service(serviceId)) {
      // "quanto custa o botox?" → "quer que eu veja horários?": a "sim" or a day goes straight to the offer.
      turn.state.task = { kind: 'book', serviceId, offered: [], startedAt: turn.tc.now.toISOString() };
      turn.goto('when');
      turn.say(turn.texts.general('price_follow_up'));
    } else {
      turn.say(turn.texts.general('price_all_follow_up'));
    }
  }
}

async function notUnderstood(turn: Turn): Promise<void> {
  if (turn.reset) {
    turn.say(turn.texts.general('state_reset'));
    return;
  }
  if (turn.state.step === 'idle') return turn.miss(turn.texts.general('not_understood_idle'));
  turn.miss(turn.texts.general('not_understood'));
  turn.say(await repeatQuestion(turn));
}
