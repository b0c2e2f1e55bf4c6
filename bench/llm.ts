import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { fakeModel, type FakeBuiltModel } from '@langchain/core/testing';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { agentToolSpecs } from '../src/conversation/llm/agent-tools';
import { estimateTokens } from '../src/conversation/llm/estimate-tokens';
import { renderPromptFile } from '../src/conversation/prompt-variables';
import { appointments, conversations, patients, turns } from '../src/db/schema';
import type { App } from '../src/main';
import { postgresAvailable } from './support/bench-db';
import { BENCH_START, conversationHarness } from './support/conversation-harness';
import type { Bench, BenchRow } from './types';

/**
 * The LLM agent's cost, on a scripted model (fakeModel() from @langchain/core/testing, answering
 * like a well-behaved model would — through the tools, reading the deterministic hints), through
 * the real pipeline and Postgres:
 *
 * - LLM calls per patient message, overall and per kind of message, on the happy-path booking and
 *   on a mixed conversation (free-text questions, a booking asked in free text, a side question
 *   mid-booking, structured answers, a clear price question, a reminder reply, an opt-out);
 * - prompt tokens per call (as the turns table records them: reported usage, else estimated at
 *   ~4 characters per token), beside the fixed part every call carries (system prompt + tools);
 * - turn time with the agent in the chain and a zero-latency model.
 *
 * Floor, in the same run: the same conversations on the deterministic engine alone.
 */

const root = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
/** A Tuesday 10:00 in São Paulo: every weekday below is ahead and open. */
const START = BENCH_START;
const DAYS = ['quarta', 'quinta', 'sexta', 'segunda', 'terça'];

type Kind = 'free_text' | 'structured' | 'clear_question' | 'reminder_reply' | 'opt_out';
interface Line {
  text: string;
  kind: Kind;
}

/** The happy path of bench/conversation.ts: service+day, pick, consent, screening, reminders, confirm. */
function happyPath(i: number): Line[] {
  return [
    { text: `Oi, quero marcar botox ${DAYS[i % DAYS.length]} à tarde`, kind: 'structured' },
    { text: String((i % 3) + 1), kind: 'structured' },
    { text: 'sim', kind: 'structured' },
    { text: 'não tenho nenhuma', kind: 'structured' },
    { text: 'sim', kind: 'structured' },
    { text: 'sim', kind: 'structured' },
  ];
}

/** Free text where a model helps, structured answers where it must not be called; a reminder reply is added after booking. */
function mixed(i: number): { before: Line[]; after: Line[] } {
  return {
    before: [
      { text: 'oi! tem algum jeito de tirar essas rugas da testa? me incomodam demais kkk', kind: 'free_text' },
      { text: `quero marcar então, pode ser ${DAYS[i % DAYS.length]} depois do almoço`, kind: 'free_text' },
      { text: String((i % 3) + 1), kind: 'structured' },
      { text: 'sim', kind: 'structured' },
      { text: 'não tenho nenhuma', kind: 'structured' },
      { text: 'e dá pra parcelar no cartão ou só à vista mesmo, sem juros né', kind: 'free_text' },
      { text: 'sim', kind: 'structured' },
      { text: 'sim', kind: 'structured' },
    ],
    after: [
      { text: 'vocês conseguem já deixar o mesmo horário reservado pro mês que vem também, pra eu não esquecer', kind: 'free_text' },
      { text: 'quanto custa a limpeza de pele?', kind: 'clear_question' },
      { text: 'parar', kind: 'opt_out' },
    ],
  };
}

const call = (name: string, args: Record<string, unknown>) => new AIMessage({ content: '', tool_calls: [{ name, args, id: `bench_${randomUUID().slice(0, 8)}`, type: 'tool_call' }] });

/** Answers like a good model would: through the tools, using the deterministic reader's hints from the context block. */
function answer(messages: BaseMessage[]): AIMessage | Error {
  const human = [...messages].reverse().find((m) => HumanMessage.isInstance(m))?.text ?? '';
  const context = [...messages].reverse().find((m) => SystemMessage.isInstance(m) && m.text.startsWith('# Contexto'))?.text ?? '';
  const lastIsTool = ToolMessage.isInstance(messages[messages.length - 1]);
  if (/rugas/.test(human)) return call('get_clinic_info', { topic: 'service_info', serviceId: 'toxina-botulinica' });
  if (/depois do almoço/.test(human)) {
    const when = /quando=(\{[^}]*\})/.exec(context)?.[1];
    return call('find_slots', { serviceId: 'toxina-botulinica', when: when ? (JSON.parse(when) as Record<string, string>) : null });
  }
  if (/parcelar/.test(human)) return call('get_clinic_info', { topic: 'payment' });
  if (/mês que vem também/.test(human)) {
    return lastIsTool ? new AIMessage('Por enquanto eu marco um horário de cada vez 🙂 Quando quiser o próximo, é só me chamar!') : call('list_appointments', {});
  }
  return new Error(`unscripted: ${human.slice(0, 60)}`);
}

function scriptedModel(): FakeBuiltModel {
  const model = fakeModel();
  for (let i = 0; i < 5000; i++) model.respond(answer);
  return model;
}

const harness = (model?: BaseChatModel) => conversationHarness({ model });

interface RunResult {
  perMessage: { kind: Kind; calls: number; ms: number; engine: string }[];
  happyCalls: number[];
  booked: number;
  tokensPerCall: number[];
}

/** Every conversation once, on one app; `model` absent = the deterministic engine alone. */
async function runConversations(patientsPerSet: number, model?: FakeBuiltModel): Promise<RunResult> {
  const h = await harness(model);
  const out: RunResult = { perMessage: [], happyCalls: [], booked: 0, tokensPerCall: [] };
  const callsSoFar = () => model?.callCount ?? 0;
  const say = async (phone: string, line: Line) => {
    const before = callsSoFar();
    const ms = await h.say(phone, line.text);
    out.perMessage.push({ kind: line.kind, calls: callsSoFar() - before, ms, engine: await lastEngine(h.app, phone) });
    return callsSoFar() - before;
  };
  try {
    for (let i = 0; i < patientsPerSet; i++) {
      const phone = `+55119600${String(i).padStart(5, '0')}`;
      for (const line of happyPath(i)) out.happyCalls.push(await say(phone, line));
    }
    for (let i = 0; i < patientsPerSet; i++) {
      const phone = `+55119610${String(i).padStart(5, '0')}`;
      const script = mixed(i);
      for (const line of script.before) await say(phone, line);
      const appointment = await bookedAppointment(h.app, phone);
      if (appointment) {
        // Its first reminder goes out; the patient answers it.
        const due = new Date(appointment.startsAt.getTime() - 20 * 3_600_000);
        if (due > h.clock.now()) h.clock.set(due);
        await h.app.reminders.plan([appointment.id]);
        await h.app.reminders.fireDue(h.clock.now());
        await h.app.jobs.idle(30_000);
        await say(phone, { text: 'sim', kind: 'reminder_reply' });
      }
      for (const line of script.after) await say(phone, line);
    }
    const rows = await h.app.database.db.select({ calls: turns.llmCalls, prompt: turns.promptTokens }).from(turns).where(inArray(turns.engine, ['llm', 'fallback']));
    for (const r of rows) for (let k = 0; k < r.calls; k++) out.tokensPerCall.push(r.prompt / r.calls);
    out.booked = (await h.app.database.db.select({ id: appointments.id }).from(appointments).where(inArray(appointments.status, ['booked', 'confirmed']))).length;
  } finally {
    await h.close();
  }
  return out;
}

async function bookedAppointment(app: App, phone: string) {
  const [row] = await app.database.db
    .select({ id: appointments.id, startsAt: appointments.startsAt })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(eq(patients.phone, phone), inArray(appointments.status, ['booked', 'confirmed'])));
  return row;
}

async function lastEngine(app: App, phone: string): Promise<string> {
  const rows = await app.database.db
    .select({ engine: turns.engine })
    .from(turns)
    .innerJoin(conversations, eq(conversations.id, turns.conversationId))
    .where(eq(conversations.patientAddress, phone))
    .orderBy(asc(turns.createdAt));
  return rows[rows.length - 1]?.engine ?? '';
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

export const run: Bench = async ({ quick }) => {
  if (!(await postgresAvailable())) return [];
  const n = quick ? 2 : 6;
  const floor = await runConversations(n);
  const model = scriptedModel();
  const llm = await runConversations(n, model);

  // The part of every call that does not depend on the conversation: system prompt and tool definitions.
  const { ClinicFlows } = await import('../src/flows/clinic-flows');
  const flows = new ClinicFlows(join(root, 'flows'), join(root, 'prompts'));
  const specs = agentToolSpecs(flows.prompts());
  const fixedTokens = estimateTokens([new SystemMessage(renderPromptFile(flows, 'system', START) ?? '')], JSON.stringify(specs.map((s) => convertToOpenAITool(s))));

  const happyMessages = llm.perMessage.slice(0, n * 6);
  const mixedMessages = llm.perMessage.slice(n * 6);
  const callsPer = (xs: { calls: number }[]) => (xs.length ? xs.reduce((a, x) => a + x.calls, 0) / xs.length : 0);
  const floorCalls = { metric: 'deterministic engine alone, same conversations', value: 0, unit: 'calls/message' };
  const rows: BenchRow[] = [
    { group: 'llm', metric: 'LLM calls per patient message (happy-path booking)', value: callsPer(happyMessages), unit: 'calls/message', better: 'lower', floor: floorCalls, aim: '0 (all structured)', notes: `${happyMessages.length} messages` },
    { group: 'llm', metric: 'LLM calls per patient message (mixed conversations)', value: callsPer(mixedMessages), unit: 'calls/message', better: 'lower', floor: floorCalls, aim: '<= 1', notes: `${mixedMessages.length} messages` },
  ];
  for (const kind of ['free_text', 'structured', 'clear_question', 'reminder_reply', 'opt_out'] as Kind[]) {
    const of = llm.perMessage.filter((x) => x.kind === kind);
    if (!of.length) continue;
    const answeredBy = [...new Set(of.map((x) => x.engine))].join('/');
    rows.push({
      group: 'llm',
      metric: `LLM calls per message: ${kind.replace('_', ' ')}`,
      value: callsPer(of),
      unit: 'calls/message',
      better: 'lower',
      aim: kind === 'free_text' ? '<= 1 (2 when a tool result must be read)' : '0',
      notes: `${of.length} messages, answered by ${answeredBy}`,
    });
  }
  const floorTurns = floor.perMessage.map((x) => x.ms);
  rows.push(
    {
      group: 'llm',
      metric: 'prompt tokens per call (mean)',
      value: Math.round(mean(llm.tokensPerCall)),
      unit: 'tokens',
      better: 'lower',
      floor: { metric: 'system prompt + tool definitions alone', value: fixedTokens, unit: 'tokens' },
      notes: `${llm.tokensPerCall.length} calls; scripted model reports no usage: ~4 chars/token estimate`,
    },
    { group: 'llm', metric: 'prompt tokens per call (p95)', value: Math.round(percentile(llm.tokensPerCall, 95)), unit: 'tokens', better: 'lower', floor: { metric: 'system prompt + tool definitions alone', value: fixedTokens, unit: 'tokens' } },
    {
      group: 'llm',
      metric: 'turn time p50 (agent in the chain, zero-latency model)',
      value: percentile(llm.perMessage.map((x) => x.ms), 50),
      unit: 'ms',
      better: 'lower',
      floor: { metric: 'deterministic engine alone, same conversations', value: percentile(floorTurns, 50), unit: 'ms' },
    },
    {
      group: 'llm',
      metric: 'appointments booked or confirmed (both sets)',
      value: llm.booked,
      unit: 'appointments',
      better: 'higher',
      floor: { metric: 'deterministic engine alone, same conversations', value: floor.booked, unit: 'appointments' },
    },
  );
  return rows;
};
