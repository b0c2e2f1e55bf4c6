import { z } from 'zod';
import type { PromptSet } from '../../flows/read-prompts';
import { CONDITIONS, type Understanding } from '../../understanding/types';
import { answerQuestion } from '../engine/answer-questions';
import { advance, offerSlots } from '../engine/booking-flow';
import { Turn } from '../engine/turn';
import { resetState, type OfferedSlot } from '../state';
import { joinPt } from '../texts';
import {
  askScreening,
  book,
  cancel,
  clinicFacts,
  handoffToStaff,
  holdOfferedSlot,
  listAppointments,
  optOut,
  recordConsentAnswer,
  requestConfirmation,
  requestConsent,
  requestDataRights,
  reschedule,
  screenContraindications,
  toolDescriptions,
  type Refusal,
} from '../tools';
import { DATA_REQUEST_LABELS } from '../tools/data-rights';
import { releaseHold } from '../tools/hold-slot';
import { ownAppointment } from '../tools/list-appointments';
import { conditionList, conditionNames } from '../tools/screening';
import type { AgentTurn } from './agent-turn';

/**
 * The tools as the model sees them — the names of the issue (find_slots, hold_slot,
 * book_appointment, reschedule_appointment, cancel_appointment, record_consent,
 * screen_contraindications, get_clinic_info, handoff_to_staff, plus the steps the tool layer
 * needs: request_consent, ask_screening, request_confirmation, list_appointments, opt_out,
 * data_rights_request) — each a thin adapter over src/conversation/tools, which enforce every
 * SPEC §1 invariant whatever the arguments. An adapter adds two things the tool layer leaves to
 * its caller: the patient-facing text in the owner's words (the engine's own templates and
 * `advance()`, so a model call that ends in a tool needs no second call to phrase it) and the
 * conversation step, so the deterministic engine can take the next structured reply ("sim", "2")
 * without the model.
 */

export interface ToolOutcome {
  /** What the model reads back: `ok`, and on refusal `code` + `reason` (+ `alternatives`). */
  result: Record<string, unknown>;
  /** Texts for the patient this call produced; empty = the model must still answer. */
  say: string[];
}

interface AgentTool<S extends z.ZodType = z.ZodType> {
  name: string;
  /** The tool-layer function it maps onto (its `## section` in prompts/tools.md describes it). */
  layer: string;
  schema: S;
  run(a: AgentTurn, input: z.output<S>): Promise<ToolOutcome>;
}

const agentTool = <S extends z.ZodType>(name: string, layer: string, schema: S, run: (a: AgentTurn, input: z.output<S>) => Promise<ToolOutcome>): AgentTool<S> => ({ name, layer, schema, run });

// Checked with refine, not regex: a regex becomes a `pattern` in every tool definition sent (tokens on
// every call), and the tool descriptions already tell the model the formats.
const ymd = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v), 'expected YYYY-MM-DD');
const hm = z.string().refine((v) => /^\d{2}:\d{2}$/.test(v), 'expected HH:MM');
const whenSchema = z
  .object({ date: ymd.optional(), time: hm.optional(), period: z.enum(['morning', 'afternoon', 'evening']).optional(), from: ymd.optional(), to: ymd.optional(), after: hm.optional(), before: hm.optional() })
  .strict();
const option = z.number().int().min(1).max(20);

/** A refusal of the tool layer, handed to the model as is (code, reason, alternatives described). */
function refused(a: AgentTurn, r: Refusal, say: string[] = []): ToolOutcome {
  const result: Record<string, unknown> = { ok: false, code: r.code, reason: r.reason };
  if (r.alternatives?.length) result.alternatives = describeSlots(a, r.alternatives);
  if (say.length) result.sent_to_patient = true;
  return { result, say };
}

const ok = (say: string[], extra: Record<string, unknown> = {}): ToolOutcome => ({ result: { ok: true, ...(say.length ? { sent_to_patient: true } : {}), ...extra }, say });

function describeSlots(a: AgentTurn, slots: OfferedSlot[]) {
  return slots.map((s) => ({ option: s.n, slot: a.turn.catalog.slot(s.startsAt), professional: a.turn.catalog.professionalName(s.professionalId) }));
}

/** Where the booking stands after a tool, for the model (never health answers). */
function progress(a: AgentTurn): Record<string, unknown> {
  const task = a.state.task;
  const out: Record<string, unknown> = { step: a.state.step };
  if (task?.offered.length && a.state.step === 'pick') out.offered = describeSlots(a, task.offered);
  if (task?.hold) out.held = { slot: a.turn.catalog.slot(task.hold.startsAt), professional: a.turn.catalog.professionalName(task.hold.professionalId) };
  return out;
}

export const AGENT_TOOLS = [
  agentTool(
    'find_slots',
    'find_slots',
    z
      .object({
        serviceId: z.string(),
        professionalId: z.string().optional(),
        when: whenSchema.nullable().optional(),
        /** Rescheduling: the patient's own appointment to move (from list_appointments). */
        appointmentId: z.string().optional(),
      })
      .strict(),
    async (a, input) => {
      const { tc, turn } = a;
      if (input.appointmentId) {
        const current = await ownAppointment(tc, input.appointmentId);
        if (!current || !['booked', 'confirmed'].includes(current.status)) {
          return refused(a, { ok: false, code: 'APPOINTMENT_NOT_FOUND', reason: 'not an upcoming appointment of this patient; call list_appointments' });
        }
        const performers = turn.catalog.service(current.serviceId)?.professionals ?? [];
        if (input.professionalId && !performers.includes(input.professionalId)) {
          return refused(a, { ok: false, code: 'UNKNOWN_PROFESSIONAL', reason: `${input.professionalId} does not perform ${current.serviceId}; performers: ${performers.join(', ')}` });
        }
        const task = a.state.task;
        if (!(task?.kind === 'reschedule' && task.rescheduleOf === current.id)) {
          await releaseHold(tc, 'abandoned');
          resetState(a.state);
          a.state.task = { kind: 'reschedule', rescheduleOf: current.id, serviceId: current.serviceId, professionalId: current.professionalId, offered: [], startedAt: tc.now.toISOString() };
        }
        const t = a.state.task!;
        if (input.professionalId) t.professionalId = input.professionalId;
        t.when = input.when ?? null;
        delete t.chosen;
        delete a.state.asked.confirmation;
      } else {
        const service = turn.catalog.service(input.serviceId);
        if (!service) {
          return refused(a, { ok: false, code: 'UNKNOWN_SERVICE', reason: `"${input.serviceId}" is not an active service; serviceIds: ${turn.catalog.services().map((s) => s.id).join(', ')}` });
        }
        if (input.professionalId && !service.professionals.includes(input.professionalId)) {
          return refused(a, { ok: false, code: 'UNKNOWN_PROFESSIONAL', reason: `${input.professionalId} does not perform ${service.id}; performers: ${service.professionals.join(', ')}` });
        }
        const task = a.state.task;
        const sameTask = task && task.serviceId === service.id && (task.kind === 'book' || task.rescheduleOf !== undefined);
        if (!sameTask) {
          await releaseHold(tc, 'restarted');
          a.state.task = { kind: 'book', serviceId: service.id, offered: [], startedAt: tc.now.toISOString() };
          a.state.asked = {};
        } else {
          await releaseHold(tc, 'replaced');
          delete task.chosen;
          delete a.state.asked.confirmation;
        }
        const t = a.state.task!;
        if (input.professionalId) t.professionalId = input.professionalId;
        t.when = input.when ?? null;
      }
      a.state.task!.offered = [];
      const say = await a.capture(() => offerSlots(turn));
      if (a.state.step === 'when' && !a.state.task?.offered.length) {
        return refused(a, { ok: false, code: 'NO_SLOTS', reason: 'no free slot for this; the patient was told and asked for another day' }, say);
      }
      return ok(say, progress(a));
    },
  ),
  agentTool('hold_slot', 'hold_slot', z.object({ option }).strict(), async (a, input) => {
    const { tc, turn } = a;
    if (a.state.task?.kind === 'reschedule') {
      // Moving an appointment holds nothing: the pick goes straight to the confirmation of the move.
      const r = await requestConfirmation(tc, { kind: 'reschedule', option: input.option });
      if (!r.ok) return refused(a, r);
      return ok(await a.capture(() => advance(turn)), progress(a));
    }
    const r = await holdOfferedSlot(tc, input);
    if (!r.ok) {
      if (r.alternatives?.length) {
        turn.goto('pick');
        return refused(a, r, [turn.texts.booking('slot_taken', { options: turn.options(r.alternatives) })]);
      }
      return refused(a, r);
    }
    const held = turn.texts.booking('held', { service: turn.catalog.serviceName(r.hold.serviceId), slot: turn.catalog.slot(r.hold.startsAt), professional: turn.catalog.professionalName(r.hold.professionalId) });
    return ok(await a.capture(() => advance(turn, [held])), progress(a));
  }),
  agentTool('request_consent', 'request_consent', z.object({ purpose: z.enum(['health_data', 'reminders']) }).strict(), async (a, input) => {
    const r = requestConsent(a.tc, input);
    a.turn.goto(input.purpose === 'health_data' ? 'consent' : 'reminders');
    return ok([r.text]);
  }),
  agentTool('record_consent', 'record_consent', z.object({ purpose: z.enum(['health_data', 'reminders']), granted: z.boolean() }).strict(), async (a, input) => {
    const { tc, turn } = a;
    const r = await recordConsentAnswer(tc, input);
    if (!r.ok) return refused(a, r);
    if (input.purpose === 'health_data' && !r.granted) {
      await releaseHold(tc, 'consent_refused');
      turn.goto('consent_refused');
      return ok([turn.texts.booking('consent_refused')], { granted: false });
    }
    const say = await a.capture(() => advance(turn));
    if (!a.state.task) turn.goto('idle');
    return ok(say, { granted: r.granted, ...progress(a) });
  }),
  agentTool('ask_screening', 'ask_screening', z.object({ serviceId: z.string() }).strict(), async (a, input) => {
    const r = await askScreening(a.tc, input);
    if (!r.ok) return refused(a, r);
    if (r.text) {
      a.turn.goto('screening');
      return ok([r.text]);
    }
    return ok(await a.capture(() => advance(a.turn)), { status: 'clear', ...progress(a) });
  }),
  agentTool(
    'screen_contraindications',
    'screen_contraindications',
    z.object({ serviceId: z.string(), conditions: z.array(z.enum(CONDITIONS)).optional() }).strict(),
    async (a, input) => {
      const { tc, turn } = a;
      const r = await screenContraindications(tc, input);
      if (!r.ok) return refused(a, r);
      const list = conditionList(tc, r.asked);
      switch (r.status) {
        case 'need_detail':
          return ok([turn.texts.screening('ask_which', { conditions: list })], { status: r.status });
        case 'unclear':
          return ok([turn.texts.screening('unclear', { conditions: list })], { status: r.status });
        case 'clear':
          return ok(await a.capture(() => advance(turn)), { status: r.status, ...progress(a) });
        case 'block':
        case 'consult': {
          await releaseHold(tc, 'screening');
          const reasons = r.status === 'block' ? r.blocking : r.consulting;
          a.state.asked.screeningChoice = { outcome: r.status, serviceId: input.serviceId };
          turn.goto('screening_choice');
          const names = reasons.length ? joinPt(conditionNames(tc, reasons)) : 'dúvidas na triagem';
          return ok([turn.texts.screening(r.status, { service: turn.catalog.serviceName(input.serviceId), reasons: names })], { status: r.status });
        }
      }
    },
  ),
  agentTool(
    'request_confirmation',
    'request_confirmation',
    z.object({ kind: z.enum(['book', 'reschedule', 'cancel']), option: option.optional(), appointmentId: z.string().optional() }).strict(),
    async (a, input) => {
      const { tc, turn } = a;
      if (input.kind === 'cancel') {
        if (!input.appointmentId) return refused(a, { ok: false, code: 'APPOINTMENT_NOT_FOUND', reason: 'appointmentId is required to cancel; call list_appointments' });
        const r = await requestConfirmation(tc, { kind: 'cancel', appointmentId: input.appointmentId });
        if (!r.ok) return refused(a, r);
        // Cancelling drops a booking in progress, as the engine does; the question just asked stays.
        const asked = a.state.asked.confirmation;
        await releaseHold(tc, 'abandoned');
        resetState(a.state);
        a.state.asked.confirmation = asked;
        turn.goto('cancel_confirm');
        return ok([turn.texts.booking('confirm_cancel', { service: r.summary.service, slot: r.summary.slot })]);
      }
      const r = await requestConfirmation(tc, input.kind === 'book' ? { kind: 'book' } : { kind: 'reschedule', option: input.option });
      if (!r.ok) return refused(a, r);
      const s = r.summary;
      if (input.kind === 'book') {
        turn.goto('confirm');
        return ok([turn.texts.booking('summary', { service: s.service, slot: s.slot, professional: s.professional, price: s.price })]);
      }
      turn.goto('reschedule_confirm');
      return ok([turn.texts.booking('confirm_reschedule', { service: s.service, old_slot: s.oldSlot, slot: s.slot, professional: s.professional })]);
    },
  ),
  agentTool('book_appointment', 'book', z.object({}).strict(), async (a) => {
    const { tc, turn } = a;
    const r = await book(tc);
    if (!r.ok) {
      if (r.alternatives?.length) {
        turn.goto('pick');
        return refused(a, r, [turn.texts.booking('hold_lost', { options: turn.options(r.alternatives) })]);
      }
      return refused(a, r);
    }
    const x = r.appointment;
    resetState(a.state);
    a.changed = true;
    return ok([turn.texts.booking('booked', { service: turn.catalog.serviceName(x.serviceId), slot: turn.catalog.slot(x.startsAt), professional: turn.catalog.professionalName(x.professionalId) })], { booked: true });
  }),
  agentTool('reschedule_appointment', 'reschedule', z.object({ appointmentId: z.string() }).strict(), async (a, input) => {
    const { tc, turn } = a;
    const r = await reschedule(tc, input);
    if (!r.ok) {
      if (r.alternatives?.length) {
        turn.goto('pick');
        return refused(a, r, [turn.texts.booking('slot_taken', { options: turn.options(r.alternatives) })]);
      }
      return refused(a, r);
    }
    const x = r.appointment;
    resetState(a.state);
    a.changed = true;
    return ok([turn.texts.booking('rescheduled', { service: turn.catalog.serviceName(x.serviceId), slot: turn.catalog.slot(x.startsAt), professional: turn.catalog.professionalName(x.professionalId) })], { rescheduled: true, appointmentId: x.id });
  }),
  agentTool('cancel_appointment', 'cancel', z.object({ appointmentId: z.string() }).strict(), async (a, input) => {
    const { tc, turn } = a;
    const r = await cancel(tc, input);
    if (!r.ok) return refused(a, r);
    const x = r.appointment;
    resetState(a.state);
    // As the engine does: the text offers another day, so the next message may be "sexta de manhã".
    a.state.task = { kind: 'book', serviceId: x.serviceId, offered: [], startedAt: tc.now.toISOString() };
    turn.goto('when');
    a.changed = true;
    return ok([turn.texts.booking('cancelled', { service: turn.catalog.serviceName(x.serviceId), slot: turn.catalog.slot(x.startsAt) })], { cancelled: true });
  }),
  agentTool('list_appointments', 'list_appointments', z.object({}).strict(), async (a) => {
    const { appointments } = await listAppointments(a.tc);
    const c = a.turn.catalog;
    return {
      result: { ok: true, appointments: appointments.map((x) => ({ appointmentId: x.id, service: c.serviceName(x.serviceId), slot: c.slot(x.startsAt), professional: c.professionalName(x.professionalId), status: x.status })) },
      say: [],
    };
  }),
  agentTool(
    'get_clinic_info',
    'clinic_facts',
    z
      .object({
        topic: z.enum(['price', 'address', 'hours', 'payment', 'insurance', 'parking', 'contact', 'services', 'professionals', 'service_info', 'medical']),
        serviceId: z.string().optional(),
      })
      .strict(),
    async (a, input) => {
      // The answer is the engine's, in the owner's words from clinic.yaml: the model never states a price or fact itself.
      const u: Understanding = input.topic === 'price' ? { intent: 'ask_price', service: input.serviceId } : { intent: 'ask_info', topic: input.topic, service: input.serviceId };
      const text = answerQuestion(new Turn(a.tc, u, a.turn.text, false));
      const facts = input.topic === 'medical' ? { referral: 'health questions are answered by the professional, never here' } : clinicFacts(a.tc, { topic: input.topic, serviceId: input.serviceId }).facts;
      return ok([text], { facts });
    },
  ),
  agentTool(
    'handoff_to_staff',
    'handoff_to_staff',
    z.object({ reason: z.enum(['asked_human', 'bot_stuck', 'screening_consult', 'consent_refused']), detail: z.string().max(200).optional() }).strict(),
    async (a, input) => {
      await handoffToStaff(a.tc, input);
      a.stopped = true;
      const texts = a.turn.texts;
      const text = input.reason === 'screening_consult' ? texts.general('handoff_screening') : input.reason === 'consent_refused' ? texts.booking('consent_refused_call') : texts.general('handoff_human');
      return ok([text]);
    },
  ),
  agentTool('opt_out', 'opt_out', z.object({}).strict(), async (a) => {
    await optOut(a.tc);
    a.stopped = true;
    return ok([a.turn.texts.general('opt_out_done')]);
  }),
  agentTool('data_rights_request', 'data_rights_request', z.object({ kind: z.enum(['access', 'export', 'erasure', 'consent_withdrawal']) }).strict(), async (a, input) => {
    const r = await requestDataRights(a.tc, input);
    a.stopped = true;
    const due = r.dueAt.toLocaleDateString('pt-BR', { timeZone: a.tc.clinic.timezone, day: '2-digit', month: '2-digit', year: 'numeric' });
    return ok([a.turn.texts.general('data_rights_received', { request: DATA_REQUEST_LABELS[input.kind], due_date: due })]);
  }),
] as const;

export type AgentToolName = (typeof AGENT_TOOLS)[number]['name'];

/**
 * Runs one tool call of the model. Unknown names and arguments that do not fit the schema are
 * refusals the model can correct (never exceptions); after a handoff or opt-out nothing more runs.
 */
export async function runAgentTool(a: AgentTurn, name: string, args: unknown): Promise<ToolOutcome> {
  if (a.stopped) return { result: { ok: false, code: 'CONVERSATION_HANDED_OFF', reason: 'the conversation already left the bot this turn; do nothing more' }, say: [] };
  const t = AGENT_TOOLS.find((x) => x.name === name) as AgentTool | undefined;
  if (!t) return { result: { ok: false, code: 'UNKNOWN_TOOL', reason: `no tool "${name}"; tools: ${AGENT_TOOLS.map((x) => x.name).join(', ')}` }, say: [] };
  const parsed = t.schema.safeParse(args ?? {});
  if (!parsed.success) {
    return { result: { ok: false, code: 'INVALID_INPUT', reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') }, say: [] };
  }
  return t.run(a, parsed.data);
}

/** Descriptions written by the clinic owner in prompts/tools.md are used when present. */
const FALLBACK_DESCRIPTIONS: Record<string, string> = {
  find_slots: 'Find free slots for a service (serviceId), optionally a professional and a day/time preference; with appointmentId, slots to move that appointment to.',
  hold_slot: 'Hold the offered slot the patient picked, by its option number.',
  request_consent: 'The LGPD consent text to show (health_data or reminders).',
  record_consent: "Record the patient's answer to the consent just shown.",
  ask_screening: 'The safety screening question for a service.',
  screen_contraindications: "Evaluate the patient's answer to the screening question.",
  request_confirmation: 'Ask the patient to confirm exactly what will be booked, moved or cancelled.',
  book: "Book the held slot after the patient's yes to the summary.",
  list_appointments: "The patient's own upcoming appointments.",
  reschedule: "Move the appointment after the patient's yes to the move.",
  cancel: "Cancel the appointment after the patient's yes.",
  handoff_to_staff: 'Hand the conversation to reception staff.',
  opt_out: 'The patient asked to stop receiving messages.',
  data_rights_request: 'An LGPD data-subject request.',
  clinic_facts: "Facts from the clinic's file (prices, address, hours, payment…); topic medical gives the referral to the professional.",
};

/**
 * The tool definitions bound to the model: zod schemas, descriptions from prompts/tools.md
 * (`## <tool-layer name>` sections; hot-reloaded with the file).
 */
export function agentToolSpecs(prompts: PromptSet): { name: string; description: string; schema: z.ZodType }[] {
  const { descriptions } = toolDescriptions(prompts);
  return AGENT_TOOLS.map((t) => ({ name: t.name, description: descriptions[t.layer] ?? FALLBACK_DESCRIPTIONS[t.layer] ?? t.name, schema: t.schema }));
}
