import { askedConditions, rulesFor } from '../../flows/screening-schema';
import { evaluateScreening, type ScreeningOutcome } from '../../screening/evaluate-screening';
import { recordScreening, screeningAad } from '../../screening/record-screening';
import { vocabularyFromClinic } from '../../understanding/load-vocabulary';
import { CONDITIONS, type Condition } from '../../understanding/types';
import { understand } from '../../understanding/understand';
import { Catalog } from '../catalog';
import { readYesNo } from '../read-answer';
import { Texts } from '../texts';
import { hasHealthConsent } from './consent';
import { refuse, type ToolContext, type ToolResult } from './tool-context';
import { answeredAfterQuestion } from './answered-after-question';

/** How the bot lists conditions to the patient: one bullet each, in the owner's words. */
export function conditionList(ctx: Pick<ToolContext, 'flows'>, conditions: Condition[]): string {
  const labels = ctx.flows.get('screening.yaml').conditions;
  return conditions.map((c) => `• ${labels[c]}`).join('\n');
}

/** The owner's names for conditions, for "em caso de …" sentences. */
export function conditionNames(ctx: Pick<ToolContext, 'flows'>, conditions: Condition[]): string[] {
  const labels = ctx.flows.get('screening.yaml').conditions;
  return conditions.map((c) => labels[c]);
}

/**
 * Starts the contraindication screening for a service: returns the question to send (the
 * conditions from flows/screening.yaml) and remembers it was asked. Refused without health-data
 * consent (no health question before consent). A service with nothing to ask is screened clear
 * at once (`text` is then absent).
 */
export async function askScreening(ctx: ToolContext, input: { serviceId: string }): Promise<ToolResult<{ text?: string; conditions: Condition[]; screeningId?: string }>> {
  const catalog = new Catalog(ctx.flows);
  if (!catalog.service(input.serviceId)) return refuse('UNKNOWN_SERVICE', `"${input.serviceId}" is not an active service`);
  if (!(await hasHealthConsent(ctx))) return refuse('NO_CONSENT', 'health-data consent is not granted: call request_consent (health_data) first');
  const screening = ctx.flows.get('screening.yaml');
  const rules = rulesFor(screening, input.serviceId);
  const conditions = askedConditions(rules);
  if (conditions.length === 0) {
    const row = await recordScreening(ctx.db, ctx.crypto, {
      clinicId: ctx.clinic.id,
      patientId: ctx.patient.id,
      serviceId: input.serviceId,
      conversationId: ctx.conversationId,
      outcome: 'clear',
      answers: { asked: [], answers: [], conditions: [], note: 'nothing to ask for this service' },
      flowVersion: ctx.flows.version(),
      at: ctx.now,
    });
    if (ctx.state.task) ctx.state.task.screeningId = row.id;
    return { ok: true, conditions, screeningId: row.id };
  }
  const texts = new Texts(ctx.flows, ctx.patient.name);
  const text = texts.screening('question', { service: catalog.serviceName(input.serviceId), conditions: conditionList(ctx, conditions) }, rules.question);
  ctx.state.asked.screening = { serviceId: input.serviceId, atSeq: ctx.message.seq, unclear: 0, awaitingWhich: false };
  return { ok: true, text, conditions };
}

export type ScreeningStatus = ScreeningOutcome | 'need_detail' | 'unclear';

/**
 * Reads the patient's answer to the screening question (their own words, with the condition
 * vocabulary; a caller may add conditions it read, never remove any) and applies the rules.
 * `need_detail`: a "yes" without naming which — ask which. `unclear`: nothing understood — ask
 * again; a second unclear answer is recorded as `consult` (in doubt, a professional decides).
 * Answers are stored encrypted; a clear outcome becomes the booking's screening.
 */
/**
 * The answer reads as "none" but still names a condition ("não, só uso roacutan" misread, "grávida
 * não sei"): too risky to clear. Explicit negations of the conditions named ("grávida não, nem
 * amamentando") agree with the "none" and pass.
 */
function mentionsUnclearly(u: { conditions?: Condition[]; mentionedConditions?: Condition[] }, text: string): boolean {
  const mentioned = u.mentionedConditions ?? [];
  if (mentioned.length === 0) return false;
  // Every mentioned condition explicitly denied → a clear "none".
  const words = text.toLowerCase();
  return !/\b(?:n[aã]o|nunca|nem|sem|nenhum[a]?)\b/.test(words) || /\b(?:s[oó]|somente|apenas|exceto|a n[aã]o ser|mas|tirando|menos)\b/.test(words);
}

export async function screenContraindications(
  ctx: ToolContext,
  input: { serviceId: string; conditions?: Condition[] },
): Promise<ToolResult<{ status: ScreeningStatus; screeningId?: string; blocking: Condition[]; consulting: Condition[]; asked: Condition[] }>> {
  const asked = ctx.state.asked.screening;
  if (!asked || asked.serviceId !== input.serviceId || !(await answeredAfterQuestion(ctx, asked.atSeq))) {
    return refuse('NOT_ASKED', `the screening question for ${input.serviceId} was not shown before this message; call ask_screening first`);
  }
  if (!(await hasHealthConsent(ctx))) return refuse('NO_CONSENT', 'health-data consent is not granted');
  const rules = rulesFor(ctx.flows.get('screening.yaml'), input.serviceId);
  const askedList = askedConditions(rules);
  const text = ctx.message.body ?? '';
  const u = understand(text, { now: ctx.now, tz: ctx.clinic.timezone }, vocabularyFromClinic(ctx.flows.clinic()));
  const previous = asked.answersEnc ? (JSON.parse(ctx.crypto.decrypt(asked.answersEnc, screeningAad(ctx.patient.id))) as string[]) : [];
  const answers = [...previous, text];
  const extra = (input.conditions ?? []).filter((c): c is Condition => (CONDITIONS as readonly string[]).includes(c));
  const volunteered = readVolunteered(ctx);
  const said = readYesNo(text, u);
  const named = u.conditions && u.conditions.length > 0;

  const keepAsking = (status: 'need_detail' | 'unclear') => {
    asked.answersEnc = ctx.crypto.encrypt(JSON.stringify(answers), screeningAad(ctx.patient.id));
    return { ok: true as const, status, blocking: [], consulting: [], asked: askedList };
  };

  let conditions: Condition[];
  let note: string | undefined;
  if (named || extra.length) {
    conditions = unique([...(u.conditions ?? []), ...extra, ...volunteered]);
  } else if ((u.conditions !== undefined || said === 'no') && !mentionsUnclearly(u, text)) {
    conditions = unique(volunteered); // an explicit "none" (conditions told earlier still count)
  } else if (said === 'yes' && !asked.awaitingWhich) {
    asked.awaitingWhich = true;
    return keepAsking('need_detail');
  } else if (asked.unclear < 1) {
    asked.unclear += 1;
    return keepAsking('unclear');
  } else {
    conditions = unique(volunteered);
    note = 'answer not understood twice: a professional decides';
  }
  const verdict = evaluateScreening(rules, conditions);
  const outcome: ScreeningOutcome = note && verdict.outcome === 'clear' ? 'consult' : verdict.outcome;
  const row = await recordScreening(ctx.db, ctx.crypto, {
    clinicId: ctx.clinic.id,
    patientId: ctx.patient.id,
    serviceId: input.serviceId,
    conversationId: ctx.conversationId,
    outcome,
    answers: { asked: askedList, answers, conditions, ...(note ? { note } : {}) },
    flowVersion: ctx.flows.version(),
    at: ctx.now,
  });
  delete ctx.state.asked.screening;
  if (ctx.state.task) {
    delete ctx.state.task.volunteeredEnc;
    if (outcome === 'clear') ctx.state.task.screeningId = row.id;
  }
  return { ok: true, status: outcome, screeningId: row.id, blocking: verdict.blocking, consulting: note ? [] : verdict.consulting, asked: askedList };
}

/** Keeps conditions the patient mentioned before the screening question, encrypted in the state. */
export function rememberVolunteered(ctx: ToolContext, conditions: Condition[] | undefined): void {
  if (!ctx.state.task || !conditions?.length) return;
  const all = unique([...readVolunteered(ctx), ...conditions]);
  ctx.state.task.volunteeredEnc = ctx.crypto.encrypt(JSON.stringify(all), screeningAad(ctx.patient.id));
}

function readVolunteered(ctx: ToolContext): Condition[] {
  const enc = ctx.state.task?.volunteeredEnc;
  if (!enc) return [];
  try {
    return JSON.parse(ctx.crypto.decrypt(enc, screeningAad(ctx.patient.id))) as Condition[];
  } catch {
    return [];
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
