import { askedConditions, rulesFor } from '../../flows/screening-schema';
import { formatHm, localDateOf, localMinutesOf } from '../../lib/clinic-time';
import type { WhenResult } from '../../understanding/types';
import { plainWords, readYesNo, saysAnyChoice } from '../read-answer';
import { resetState, type OfferedSlot } from '../state';
import { joinPt, numbered } from '../texts';
import { book } from '../tools/book';
import { requestConfirmation } from '../tools/confirmation';
import { hasHealthConsent, recordConsentAnswer, remindersAnswered, requestConsent } from '../tools/consent';
import { describePreference, findSlots } from '../tools/find-slots';
import { handoffToStaff } from '../tools/handoff';
import { holdOfferedSlot, releaseHold } from '../tools/hold-slot';
import { listAppointments, ownAppointment } from '../tools/list-appointments';
import { reschedule } from '../tools/reschedule';
import { askScreening, conditionList, conditionNames, rememberVolunteered, screenContraindications } from '../tools/screening';
import type { Turn } from './turn';

/**
 * The booking conversation of flows/booking.yaml: each step asks for one missing piece, in the
 * owner's order, and the tools act. Handlers return true when the message answered their step.
 */

/** Starts (or restarts) a booking from what the message already says: service, professional, day/time. */
export async function startBooking(turn: Turn, input: { serviceId?: string; professionalId?: string; when?: WhenResult | null }): Promise<void> {
  await releaseHold(turn.tc, 'restarted');
  const service = turn.catalog.service(input.serviceId);
  const professionalId = service && input.professionalId && service.professionals.includes(input.professionalId) ? input.professionalId : undefined;
  turn.state.task = {
    kind: 'book',
    serviceId: service?.id,
    professionalId,
    when: input.when ?? undefined,
    offered: [],
    startedAt: turn.tc.now.toISOString(),
  };
  if (!service && input.professionalId) turn.state.task.professionalId = input.professionalId;
  turn.state.asked = {};
  rememberVolunteered(turn.tc, turn.u.conditions);
  await advance(turn);
}

/** Asks for the first thing the booking still needs, in the order of booking.yaml. */
export async function advance(turn: Turn, prefix: string[] = []): Promise<void> {
  const { tc, texts, catalog } = turn;
  const task = turn.task;
  if (!task) return;
  const cfg = tc.flows.get('booking.yaml');
  for (const step of cfg.steps) {
    switch (step) {
      case 'service':
        if (!catalog.service(task.serviceId)) {
          delete task.serviceId;
          turn.say(...prefix, texts.booking('ask_service', { services: catalog.serviceMenu() }));
          return turn.goto('service');
        }
        break;
      case 'professional': {
        if (task.kind !== 'book' || task.professionalId || task.anyProfessional || !task.serviceId) break;
        const performers = catalog.performers(task.serviceId);
        const ask = cfg.professional.ask === 'always' ? performers.length > 0 : cfg.professional.ask === 'when_several' ? performers.length > 1 : false;
        if (ask) {
          turn.say(...prefix, texts.booking('ask_professional', { service: catalog.serviceName(task.serviceId), professionals: numbered(performers.map((p) => p.name)) }));
          return turn.goto('professional');
        }
        break;
      }
      case 'when':
        if (task.when === undefined && cfg.when.ask) {
          if (task.kind === 'reschedule') {
            const current = await currentAppointmentSlot(turn);
            turn.say(...prefix, texts.booking('reschedule_when', { service: catalog.serviceName(task.serviceId), slot: current }));
          } else {
            turn.say(...prefix, texts.booking('ask_when', { service: catalog.serviceName(task.serviceId) }));
          }
          return turn.goto('when');
        }
        break;
      case 'offer':
        if (!task.hold && !task.chosen) return offerSlots(turn, prefix);
        break;
      case 'consent':
        if (task.kind === 'book' && !(await hasHealthConsent(tc))) {
          turn.say(...prefix, requestConsent(tc, { purpose: 'health_data' }).text);
          return turn.goto('consent');
        }
        break;
      case 'screening':
        if (task.kind === 'book' && !task.screeningId) {
          const asked = await askScreening(tc, { serviceId: task.serviceId! });
          if (!asked.ok) {
            // Only without consent (an owner put screening before consent is refused by the schema).
            turn.say(...prefix, requestConsent(tc, { purpose: 'health_data' }).text);
            return turn.goto('consent');
          }
          if (asked.text) {
            turn.say(...prefix, asked.text);
            return turn.goto('screening');
          }
        }
        break;
      case 'reminders':
        if (task.kind === 'book' && !(await remindersAnswered(tc))) {
          turn.say(...prefix, requestConsent(tc, { purpose: 'reminders' }).text);
          return turn.goto('reminders');
        }
        break;
      case 'confirm':
        return askConfirmation(turn, prefix);
    }
  }
  return askConfirmation(turn, prefix);
}

async function currentAppointmentSlot(turn: Turn): Promise<string> {
  const current = turn.task?.rescheduleOf ? await ownAppointment(turn.tc, turn.task.rescheduleOf) : undefined;
  return current ? turn.catalog.slot(current.startsAt) : '';
}

/** Shows the summary of exactly what will be booked (or moved) and waits for a "sim". */
async function askConfirmation(turn: Turn, prefix: string[] = []): Promise<void> {
  const task = turn.task!;
  const r = await requestConfirmation(turn.tc, task.kind === 'book' ? { kind: 'book' } : { kind: 'reschedule' });
  if (!r.ok) {
    // A precondition went missing (e.g. the hold): start the booking over from its preference.
    delete task.hold;
    delete task.chosen;
    return offerSlots(turn, prefix);
  }
  const s = r.summary;
  if (task.kind === 'book') {
    turn.say(...prefix, turn.texts.booking('summary', { service: s.service, slot: s.slot, professional: s.professional, price: s.price }));
    return turn.goto('confirm');
  }
  turn.say(...prefix, turn.texts.booking('confirm_reschedule', { service: s.service, old_slot: s.oldSlot, slot: s.slot, professional: s.professional }));
  return turn.goto('reschedule_confirm');
}

/** Finds slots for the task's preference and shows them numbered; an exact free slot asked by date and time is taken at once. */
export async function offerSlots(turn: Turn, prefix: string[] = []): Promise<void> {
  const task = turn.task!;
  const r = await findSlots(turn.tc, { serviceId: task.serviceId!, professionalId: task.professionalId, when: task.when ?? null });
  if (!r.ok) {
    turn.say(...prefix, turn.texts.booking('no_slots', { service: turn.catalog.serviceName(task.serviceId) }));
    task.when = undefined;
    return turn.goto('when');
  }
  if (r.match === 'exact' && task.when?.date && task.when.time && r.slots.length === 1) {
    // "sexta às 15h" and it is free: that is the patient's pick; the summary still asks to confirm it.
    return pickOption(turn, 1, prefix);
  }
  const options = turn.options(r.slots);
  const service = turn.catalog.serviceName(task.serviceId);
  if (r.match === 'nearest' && task.when) {
    turn.say(...prefix, turn.texts.booking('offer_nearest', { service, options, preference: describePreference(task.when, turn.tc.now, turn.tc.clinic.timezone) }));
  } else {
    turn.say(...prefix, turn.texts.booking('offer', { service, options }));
  }
  turn.goto('pick');
}

/** Takes option `n` of the current offer: holds it (booking) or notes it (rescheduling), then moves on. */
async function pickOption(turn: Turn, n: number, prefix: string[] = []): Promise<void> {
  const task = turn.task!;
  if (task.kind === 'reschedule') {
    const chosen = task.offered.find((s) => s.n === n);
    if (!chosen) return offerSlots(turn, prefix);
    task.chosen = chosen;
    return advance(turn, prefix);
  }
  const wanted = task.offered.find((s) => s.n === n);
  let r = await holdOfferedSlot(turn.tc, { option: n });
  // Taken meanwhile: hold the nearest alternative on the same day at once (the summary still asks
  // to confirm it) instead of sending the patient back to a list that others are racing for too.
  let takenBefore = false;
  for (let tries = 0; !r.ok && r.code === 'SLOT_TAKEN' && r.alternatives?.length && wanted && tries < SAME_DAY_RETRIES; tries++) {
    const nearest = r.alternatives[0]!;
    const tz = turn.tc.clinic.timezone;
    if (localDateOf(new Date(nearest.startsAt), tz) !== localDateOf(new Date(wanted.startsAt), tz)) break;
    takenBefore = true;
    r = await holdOfferedSlot(turn.tc, { option: nearest.n });
  }
  if (!r.ok) {
    if (r.alternatives?.length) {
      turn.say(...prefix, turn.texts.booking('slot_taken', { options: turn.options(r.alternatives) }));
      return turn.goto('pick');
    }
    return offerSlots(turn, prefix);
  }
  const vars = { service: turn.catalog.serviceName(r.hold.serviceId), slot: turn.catalog.slot(r.hold.startsAt), professional: turn.catalog.professionalName(r.hold.professionalId) };
  return advance(turn, [...prefix, turn.texts.booking(takenBefore ? 'slot_taken_held' : 'held', vars)]);
}

/** How many nearest same-day alternatives a pick that was taken meanwhile tries before listing them. */
const SAME_DAY_RETRIES = 3;

/** The option a message points at among the offered slots: its number, its time, its day. */
function pointedOption(turn: Turn, offered: OfferedSlot[]): number | 'ambiguous' | undefined {
  const { u } = turn;
  if (u.option !== undefined && u.option >= 1 && u.option <= offered.length && !(u.when?.time || u.when?.date)) return u.option;
  const when = u.when;
  if (!when || !(when.time || when.date)) return undefined;
  const tz = turn.tc.clinic.timezone;
  const matches = offered.filter((s) => {
    const at = new Date(s.startsAt);
    if (when.time && formatHm(localMinutesOf(at, tz)) !== when.time) return false;
    if (when.date && localDateOf(at, tz) !== when.date) return false;
    return true;
  });
  if (matches.length === 1) return matches[0]!.n;
  return matches.length > 1 ? 'ambiguous' : undefined;
}

/** Merges a new preference into the old: a time alone keeps the day asked before. */
function mergeWhen(previous: WhenResult | null | undefined, next: WhenResult): WhenResult {
  if (next.date || next.from || next.to || !previous) return next;
  return { ...(previous.date ? { date: previous.date } : {}), ...(previous.from ? { from: previous.from, to: previous.to } : {}), ...next };
}

/** A professional named in the message (by name, alias or title words from clinic.yaml). */
export function namedProfessional(turn: Turn): string | undefined {
  if (turn.u.professional) return turn.u.professional;
  const words = ` ${plainWords(turn.text)} `;
  for (const p of turn.catalog.file.professionals) {
    for (const alias of [p.name, ...p.aliases]) {
      const a = plainWords(alias);
      if (a && words.includes(` ${a} `)) return p.id;
    }
  }
  return undefined;
}

// ── step handlers ──────────────────────────────────────────────────────────────────────────

/** The procedure, by name or by its number in the menu; anything else the message says (day, professional) is kept. */
export async function onService(turn: Turn): Promise<boolean> {
  const task = turn.task!;
  const services = turn.catalog.services();
  const byOption = turn.u.option !== undefined && !turn.u.service ? services[turn.u.option - 1] : undefined;
  const serviceId = turn.u.service ?? byOption?.id;
  if (!serviceId) return false;
  task.serviceId = serviceId;
  if (turn.u.when) task.when = turn.u.when;
  const pro = namedProfessional(turn);
  if (pro) task.professionalId = pro;
  if (task.professionalId && !turn.catalog.service(serviceId)?.professionals.includes(task.professionalId)) delete task.professionalId;
  rememberVolunteered(turn.tc, turn.u.conditions);
  await advance(turn);
  return true;
}

/** A named professional who performs the service, a number from the list, or "tanto faz". */
export async function onProfessional(turn: Turn): Promise<boolean> {
  const task = turn.task!;
  const performers = turn.catalog.performers(task.serviceId!);
  const named = namedProfessional(turn);
  const byOption = turn.u.option !== undefined ? performers[turn.u.option - 1]?.id : undefined;
  const id = named && performers.some((p) => p.id === named) ? named : byOption;
  if (id) task.professionalId = id;
  else if (saysAnyChoice(turn.text) || readYesNo(turn.text, turn.u) === 'no') task.anyProfessional = true;
  else return false;
  if (turn.u.when) task.when = turn.u.when;
  await advance(turn);
  return true;
}

/** A day/time preference (or "tanto faz" / "sim" for the soonest); "não" drops the booking. */
export async function onWhen(turn: Turn): Promise<boolean> {
  const task = turn.task!;
  const pro = namedProfessional(turn);
  if (turn.u.when) task.when = mergeWhen(null, turn.u.when);
  else if (saysAnyChoice(turn.text) || readYesNo(turn.text, turn.u) === 'yes') task.when = null;
  else if (readYesNo(turn.text, turn.u) === 'no' && !pro) {
    await releaseHold(turn.tc, 'abandoned');
    resetState(turn.state);
    turn.say(turn.texts.booking('booking_abandoned'));
    return true;
  } else if (!pro) return false;
  if (pro && task.kind === 'book' && turn.catalog.service(task.serviceId)?.professionals.includes(pro)) task.professionalId = pro;
  if (task.when === undefined) task.when = null;
  task.offered = [];
  await offerSlots(turn);
  return true;
}

/** A pick among the offered slots — by number, time or day — or a new preference that re-offers. */
export async function onPick(turn: Turn): Promise<boolean> {
  const task = turn.task!;
  const offered = task.offered;
  const pointed = pointedOption(turn, offered);
  if (pointed === 'ambiguous') {
    turn.miss(turn.texts.booking('pick_unclear', { options: turn.options(offered), count: offered.length }));
    return true;
  }
  if (pointed !== undefined) {
    await pickOption(turn, pointed);
    return true;
  }
  const pro = namedProfessional(turn);
  if (turn.u.when || (pro && pro !== task.professionalId)) {
    // A new preference ("tem na sexta?", "com a Dra. Ana"): offer again.
    if (turn.u.when) task.when = mergeWhen(task.when, turn.u.when);
    if (pro && turn.catalog.service(task.serviceId)?.professionals.includes(pro)) task.professionalId = pro;
    await offerSlots(turn);
    return true;
  }
  const said = readYesNo(turn.text, turn.u);
  if (said === 'yes' && offered.length === 1) {
    await pickOption(turn, 1);
    return true;
  }
  if (said === 'no') {
    task.when = undefined;
    task.offered = [];
    turn.say(turn.texts.booking('booking_declined'));
    turn.goto('when');
    return true;
  }
  if (turn.u.option !== undefined) {
    turn.miss(turn.texts.booking('pick_unclear', { options: turn.options(offered), count: offered.length }));
    return true;
  }
  return false;
}

/** Unanswered offer: ask for the number again. */
export function onPickFallback(turn: Turn): void {
  const offered = turn.task!.offered;
  turn.miss(turn.texts.booking('pick_unclear', { options: turn.options(offered), count: offered.length }));
}

/** The health-data consent answer: recorded as evidence; a refusal releases the hold and offers a call. */
export async function onConsent(turn: Turn): Promise<boolean> {
  const said = readYesNo(turn.text, turn.u);
  if (said === undefined) return false;
  const r = await recordConsentAnswer(turn.tc, { purpose: 'health_data', granted: said === 'yes' });
  if (!r.ok) {
    turn.say(requestConsent(turn.tc, { purpose: 'health_data' }).text);
    return true;
  }
  if (r.granted) {
    await advance(turn);
    return true;
  }
  await releaseHold(turn.tc, 'consent_refused');
  turn.say(turn.texts.booking('consent_refused'));
  turn.goto('consent_refused');
  return true;
}

/** After a refusal: "sim" hands the patient to staff for a call, "não" ends kindly. */
export async function onConsentRefused(turn: Turn): Promise<boolean> {
  const said = readYesNo(turn.text, turn.u);
  if (said === undefined) return false;
  if (said === 'yes') {
    await handoffToStaff(turn.tc, { reason: 'consent_refused', detail: 'não autorizou dados de saúde; pediu contato da equipe para agendar' });
    turn.say(turn.texts.booking('consent_refused_call'));
  } else {
    resetState(turn.state);
    turn.say(turn.texts.booking('consent_refused_no_call'));
  }
  return true;
}

/** The answer to the screening question; `fallback` also takes answers that name nothing (to ask again). */
export async function onScreening(turn: Turn, fallback: boolean): Promise<boolean> {
  const asked = turn.state.asked.screening;
  if (!asked) return false;
  const said = readYesNo(turn.text, turn.u);
  const answers = turn.u.conditions !== undefined || said !== undefined || turn.u.intent === 'inform';
  if (!answers && !fallback) return false;
  const r = await screenContraindications(turn.tc, { serviceId: asked.serviceId });
  if (!r.ok) {
    await advance(turn);
    return true;
  }
  const list = conditionList(turn.tc, r.asked);
  switch (r.status) {
    case 'need_detail':
      turn.say(turn.texts.screening('ask_which', { conditions: list }));
      return true;
    case 'unclear':
      turn.miss(turn.texts.screening('unclear', { conditions: list }));
      return true;
    case 'clear':
      await advance(turn);
      return true;
    case 'block':
    case 'consult': {
      await releaseHold(turn.tc, 'screening');
      const reasons = r.status === 'block' ? r.blocking : r.consulting;
      const names = reasons.length ? joinPt(conditionNames(turn.tc, reasons)) : 'dúvidas na triagem';
      turn.state.asked.screeningChoice = { outcome: r.status, serviceId: asked.serviceId };
      turn.say(turn.texts.screening(r.status, { service: turn.catalog.serviceName(asked.serviceId), reasons: names }));
      turn.goto('screening_choice');
      return true;
    }
  }
}

/** After block/consult: 1 = an avaliação first, 2 = a person. */
export async function onScreeningChoice(turn: Turn): Promise<boolean> {
  const { u } = turn;
  const words = plainWords(turn.text);
  const avaliacao = turn.catalog.services().find((s) => s.id === 'avaliacao') ?? turn.catalog.services().find((s) => /avalia/i.test(s.name));
  const wantsAvaliacao = u.option === 1 || (avaliacao && u.service === avaliacao.id) || /\bavalia/.test(words);
  const wantsStaff = u.option === 2 || u.intent === 'human' || /\b(?:equipe|pessoa|atendente|recepcao|ligar|ligacao)\b/.test(words);
  if (wantsAvaliacao && avaliacao && !wantsStaff) {
    const task = turn.task!;
    task.requestedServiceId = task.requestedServiceId ?? task.serviceId;
    task.serviceId = avaliacao.id;
    task.offered = [];
    delete task.hold;
    delete task.screeningId;
    delete task.professionalId;
    delete turn.state.asked.screeningChoice;
    await advance(turn);
    return true;
  }
  if (wantsStaff || (wantsAvaliacao && !avaliacao)) {
    const choice = turn.state.asked.screeningChoice;
    await handoffToStaff(turn.tc, { reason: 'screening_consult', detail: `triagem de segurança${choice ? ` para ${turn.catalog.serviceName(choice.serviceId)}` : ''}: pediu contato da equipe` });
    turn.say(turn.texts.general('handoff_screening'));
    return true;
  }
  if (readYesNo(turn.text, u) === 'no' || u.intent === 'thanks') {
    resetState(turn.state);
    turn.say(turn.texts.screening('declined'));
    return true;
  }
  return false;
}

/** The separate reminders opt-in answer, recorded as consent evidence. */
export async function onReminders(turn: Turn): Promise<boolean> {
  const said = readYesNo(turn.text, turn.u);
  if (said === undefined) return false;
  const r = await recordConsentAnswer(turn.tc, { purpose: 'reminders', granted: said === 'yes' });
  if (!r.ok) {
    turn.say(requestConsent(turn.tc, { purpose: 'reminders' }).text);
    return true;
  }
  await advance(turn);
  return true;
}

/** "sim" to the summary books (the tool re-checks everything); "não" or a new day lets the patient choose again. */
export async function onConfirm(turn: Turn): Promise<boolean> {
  const task = turn.task!;
  const said = readYesNo(turn.text, turn.u);
  if (said === 'yes' && !turn.u.when) {
    const r = await book(turn.tc);
    if (r.ok) {
      const a = r.appointment;
      resetState(turn.state);
      turn.say(turn.texts.booking('booked', { service: turn.catalog.serviceName(a.serviceId), slot: turn.catalog.slot(a.startsAt), professional: turn.catalog.professionalName(a.professionalId) }));
      return true;
    }
    if (r.alternatives?.length) {
      turn.say(turn.texts.booking('hold_lost', { options: turn.options(r.alternatives) }));
      turn.goto('pick');
      return true;
    }
    await advance(turn);
    return true;
  }
  if (said === 'no' || turn.u.when) {
    await releaseHold(turn.tc, 'declined');
    return chooseAgain(turn);
  }
  return false;
}

/** "sim" to the move reschedules; "não" or a new day goes back to choosing. */
export async function onRescheduleConfirm(turn: Turn): Promise<boolean> {
  const task = turn.task!;
  const said = readYesNo(turn.text, turn.u);
  if (said === 'yes' && !turn.u.when) {
    const r = await reschedule(turn.tc, { appointmentId: task.rescheduleOf! });
    if (r.ok) {
      const a = r.appointment;
      resetState(turn.state);
      turn.say(turn.texts.booking('rescheduled', { service: turn.catalog.serviceName(a.serviceId), slot: turn.catalog.slot(a.startsAt), professional: turn.catalog.professionalName(a.professionalId) }));
      return true;
    }
    if (r.alternatives?.length) {
      turn.say(turn.texts.booking('slot_taken', { options: turn.options(r.alternatives) }));
      turn.goto('pick');
      return true;
    }
    resetState(turn.state);
    await handoffToStaff(turn.tc, { reason: 'bot_stuck', detail: 'não consegui remarcar pelo robô' });
    turn.say(turn.texts.general('handoff_human'));
    return true;
  }
  if (said === 'no' || turn.u.when) {
    delete task.chosen;
    return chooseAgain(turn);
  }
  return false;
}

/** "não" to a summary (or a new day): drop the offer and choose again — offering at once when a day came with it. */
async function chooseAgain(turn: Turn): Promise<true> {
  const task = turn.task!;
  task.offered = [];
  if (turn.u.when) {
    task.when = mergeWhen(task.when, turn.u.when);
    await offerSlots(turn);
    return true;
  }
  task.when = undefined;
  turn.say(turn.texts.booking('booking_declined'));
  turn.goto('when');
  return true;
}

/** The question of the current step, asked again after an interruption (a price question, a greeting). */
export async function repeatQuestion(turn: Turn): Promise<string | undefined> {
  const { state, texts, catalog, tc } = turn;
  const task = state.task;
  switch (state.step) {
    case 'idle':
      return undefined;
    case 'service':
      return texts.booking('ask_service', { services: catalog.serviceMenu() });
    case 'professional':
      return texts.booking('ask_professional', { service: catalog.serviceName(task?.serviceId), professionals: numbered(catalog.performers(task?.serviceId ?? '').map((p) => p.name)) });
    case 'when':
      return texts.booking('ask_when', { service: catalog.serviceName(task?.serviceId) });
    case 'pick':
      return task?.offered.length ? texts.booking('offer', { service: catalog.serviceName(task.serviceId), options: turn.options(task.offered) }) : undefined;
    case 'consent':
      return requestConsent(tc, { purpose: 'health_data' }).text;
    case 'reminders':
      return requestConsent(tc, { purpose: 'reminders' }).text;
    case 'consent_refused':
      return texts.booking('consent_refused');
    case 'screening': {
      const asked = state.asked.screening;
      if (!asked) return undefined;
      const rules = rulesFor(tc.flows.get('screening.yaml'), asked.serviceId);
      return texts.screening('question', { service: catalog.serviceName(asked.serviceId), conditions: conditionList(tc, askedConditions(rules)) }, rules.question);
    }
    case 'screening_choice':
      return texts.screening('choice_unclear');
    case 'confirm':
    case 'reschedule_confirm': {
      const prefix: string[] = [];
      const before = turn.replies.length;
      await askConfirmation(turn, prefix);
      // askConfirmation says it; hand the text back instead so the caller can place it.
      return turn.replies.splice(before).join('\n\n') || undefined;
    }
    case 'appointment_pick': {
      const { appointments } = await listAppointments(tc);
      const shown = (state.listed ?? []).map((id) => appointments.find((a) => a.id === id)).filter((a) => a != null);
      if (shown.length === 0) return undefined;
      return texts.booking('pick_appointment', { appointments: numbered(shown.map((a) => `${catalog.serviceName(a.serviceId)} — ${catalog.slot(a.startsAt)}`)) });
    }
    case 'cancel_confirm': {
      const asked = state.asked.confirmation;
      if (!asked) return undefined;
      const r = await requestConfirmation(tc, { kind: 'cancel', appointmentId: asked.appointmentId });
      return r.ok ? texts.booking('confirm_cancel', { service: r.summary.service, slot: r.summary.slot }) : undefined;
    }
  }
}
