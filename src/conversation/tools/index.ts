import { z } from 'zod';
import type { EscalationReason } from '../../db/schema';
import type { PromptSet } from '../../flows/read-prompts';
import { CONDITIONS } from '../../understanding/types';
import { book } from './book';
import { cancel } from './cancel';
import { clinicFacts } from './clinic-facts';
import { recordConsentAnswer, requestConsent } from './consent';
import { requestConfirmation } from './confirmation';
import { requestDataRights } from './data-rights';
import { findSlots } from './find-slots';
import { handoffToStaff } from './handoff';
import { holdOfferedSlot } from './hold-slot';
import { listAppointments } from './list-appointments';
import { optOut } from './opt-out';
import { reschedule } from './reschedule';
import { askScreening, screenContraindications } from './screening';
import type { ToolContext } from './tool-context';

export * from './tool-context';
export { book, cancel, clinicFacts, recordConsentAnswer, requestConsent, requestConfirmation, requestDataRights, findSlots, handoffToStaff, holdOfferedSlot, listAppointments, optOut, reschedule, askScreening, screenContraindications };

/**
 * The tool layer as a model sees it: name, input schema, and the function that acts. The
 * deterministic engine calls the same functions directly. Every refusal is `{ ok: false, code,
 * reason, alternatives? }` — something a model can act on — and no input can bypass the SPEC §1
 * invariants, because each function checks them against the conversation and the database.
 * Descriptions come from prompts/tools.md (owner-editable), `## tool_name` sections.
 */
export interface ConversationTool<S extends z.ZodType = z.ZodType> {
  name: string;
  input: S;
  run(ctx: ToolContext, input: z.output<S>): Promise<object> | object;
}

const tool = <S extends z.ZodType>(name: string, input: S, run: (ctx: ToolContext, input: z.output<S>) => Promise<object> | object): ConversationTool<S> => ({ name, input, run });

/** Reasons a conversation may hand itself to staff (the others belong to reminders and the pipeline). */
const HANDOFF_REASONS = ['asked_human', 'bot_stuck', 'screening_consult', 'consent_refused', 'data_rights'] as const satisfies readonly EscalationReason[];

const when = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    time: z.string().regex(/^\d{2}:\d{2}$/).optional(),
    period: z.enum(['morning', 'afternoon', 'evening']).optional(),
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    after: z.string().regex(/^\d{2}:\d{2}$/).optional(),
    before: z.string().regex(/^\d{2}:\d{2}$/).optional(),
  })
  .strict();

export const CONVERSATION_TOOLS = [
  tool('find_slots', z.object({ serviceId: z.string(), professionalId: z.string().optional(), when: when.nullable().optional() }).strict(), findSlots),
  tool('hold_slot', z.object({ option: z.number().int().min(1) }).strict(), holdOfferedSlot),
  tool('request_consent', z.object({ purpose: z.enum(['health_data', 'reminders']) }).strict(), requestConsent),
  tool('record_consent', z.object({ purpose: z.enum(['health_data', 'reminders']), granted: z.boolean() }).strict(), recordConsentAnswer),
  tool('ask_screening', z.object({ serviceId: z.string() }).strict(), askScreening),
  tool('screen_contraindications', z.object({ serviceId: z.string(), conditions: z.array(z.enum(CONDITIONS)).optional() }).strict(), screenContraindications),
  tool(
    'request_confirmation',
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('book') }).strict(),
      z.object({ kind: z.literal('reschedule'), option: z.number().int().min(1).optional() }).strict(),
      z.object({ kind: z.literal('cancel'), appointmentId: z.string() }).strict(),
    ]),
    requestConfirmation,
  ),
  tool('book', z.object({}).strict(), (ctx) => book(ctx)),
  tool('list_appointments', z.object({}).strict(), (ctx) => listAppointments(ctx)),
  tool('reschedule', z.object({ appointmentId: z.string() }).strict(), reschedule),
  tool('cancel', z.object({ appointmentId: z.string() }).strict(), cancel),
  tool('handoff_to_staff', z.object({ reason: z.enum(HANDOFF_REASONS), detail: z.string().max(200).optional() }).strict(), handoffToStaff),
  tool('opt_out', z.object({}).strict(), (ctx) => optOut(ctx)),
  tool('data_rights_request', z.object({ kind: z.enum(['access', 'export', 'erasure', 'consent_withdrawal']) }).strict(), requestDataRights),
  tool(
    'clinic_facts',
    z.object({ topic: z.enum(['price', 'address', 'hours', 'payment', 'insurance', 'parking', 'contact', 'services', 'professionals', 'service_info']), serviceId: z.string().optional() }).strict(),
    clinicFacts,
  ),
] as const;

export type ConversationToolName = (typeof CONVERSATION_TOOLS)[number]['name'];

/**
 * Runs a tool by name with untrusted input (a model's arguments): invalid input is a refusal
 * with the validation message, never an exception.
 */
export async function callTool(ctx: ToolContext, name: string, rawInput: unknown): Promise<object> {
  const t = CONVERSATION_TOOLS.find((x) => x.name === name) as ConversationTool | undefined;
  if (!t) return { ok: false, code: 'UNKNOWN_TOOL', reason: `no tool "${name}"; tools: ${CONVERSATION_TOOLS.map((x) => x.name).join(', ')}` };
  const parsed = t.input.safeParse(rawInput ?? {});
  if (!parsed.success) return { ok: false, code: 'INVALID_INPUT', reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') };
  return t.run(ctx, parsed.data);
}

/**
 * Tool descriptions from prompts/tools.md: `## tool_name` headings, the text below each one.
 * Missing sections are listed so `atende validate`-style checks and tests can report them.
 */
export function toolDescriptions(prompts: PromptSet): { descriptions: Record<string, string>; missing: string[] } {
  const text = prompts.files.tools ?? '';
  const descriptions: Record<string, string> = {};
  const parts = text.split(/^##\s+/m).slice(1);
  for (const part of parts) {
    const [head, ...body] = part.split('\n');
    const name = (head ?? '').trim().replace(/`/g, '');
    if (name) descriptions[name] = body.join('\n').trim();
  }
  const missing = CONVERSATION_TOOLS.map((t) => t.name).filter((n) => !descriptions[n]);
  return { descriptions, missing };
}
