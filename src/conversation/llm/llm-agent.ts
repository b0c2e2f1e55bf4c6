import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import type { TurnContext, TurnResult } from '../../pipeline/turn-handler';
import { vocabularyFromClinic } from '../../understanding/load-vocabulary';
import type { Understanding } from '../../understanding/types';
import { understand } from '../../understanding/understand';
import type { TurnStep } from '../compose-steps';
import { adoptReminderOffer } from '../engine/adopt-reminder-offer';
import { repeatQuestion } from '../engine/booking-flow';
import { runFlowEngine, type EngineDeps } from '../engine/run-engine';
import { readState, serializeState } from '../state';
import { hasHealthConsent } from '../tools/consent';
import { handoffToStaff } from '../tools/handoff';
import { agentToolSpecs, runAgentTool } from './agent-tools';
import { AgentTurn } from './agent-turn';
import { checkReply } from './check-reply';
import { CircuitBreaker } from './circuit-breaker';
import { estimateTokens } from './estimate-tokens';
import { buildModelMessages, DEFAULT_HISTORY, loadHistory, type HistoryWindow } from './model-input';
import { modelRedactor } from './redact-for-model';
import { routeTurn, type Route } from './route-turn';

/** The two counters of src/lib/metrics.ts the agent bumps (prom-client Counters fit). */
export interface LlmMetrics {
  llmCalls: { inc(labels: { outcome: string }, value?: number): void };
  llmTokens: { inc(labels: { kind: string }, value?: number): void };
}

export interface LlmAgentOptions {
  /** Any LangChain chat model with tool calling: ChatOpenAI in service, `fakeModel()` in tests. */
  model: BaseChatModel;
  /** For logs. @defaultValue the model's own name */
  modelName?: string;
  /** The deterministic engine's dependencies (it answers when the model cannot). */
  engine: EngineDeps;
  /** Per call; past it the deterministic engine answers. @defaultValue 12000 */
  timeoutMs?: number;
  /** Model calls per patient message at most (tool results go back to the model in between). @defaultValue 3 */
  maxRounds?: number;
  /** Tool calls run per model answer; the rest are refused. @defaultValue 6 */
  maxToolCalls?: number;
  /** @defaultValue 8 messages of up to 500 characters */
  history?: HistoryWindow;
  /**
   * `auto`: the engine answers what it reads confidently and the model the rest (route-turn.ts).
   * `always`: every message goes to the model (tests of the tools' guarantees). @defaultValue auto
   */
  routing?: 'auto' | 'always';
  /** @defaultValue 3 failures open it for 60 s */
  breaker?: CircuitBreaker;
  metrics?: LlmMetrics;
}

type Usage = NonNullable<TurnResult['llm']>;
type Failure = 'timeout' | 'error' | 'malformed' | 'rejected' | 'max_rounds' | 'no_prompt' | 'breaker_open' | 'exception';

/** Tools that answer a side question without moving the conversation: after them the step's question is asked again. */
const NEUTRAL_TOOLS = new Set(['get_clinic_info', 'list_appointments']);

/**
 * The LLM tool-calling agent, one link of the turn chain in front of the deterministic engine.
 *
 * Per message: read it with the deterministic pt-BR layer; route (route-turn.ts) — structured
 * replies and clear requests go on to the engine with no model call (returns null). Otherwise
 * call the model with the system prompt from prompts/, a bounded history window, the turn's
 * context and the reader's hints, all redacted; run the tool calls it asks for through the tool
 * layer (which refuses anything the SPEC §1 invariants forbid, with a code and a reason the model
 * reads on the next round). A round whose tools all produced patient-facing text ends the turn
 * without another call, so most turns take one call; at most `maxRounds`. The model's own final
 * text is checked (no price outside the catalog, no claimed booking that did not happen).
 *
 * Timeouts, provider or transport errors, malformed tool arguments, a refused reply, the breaker
 * open: the deterministic engine answers this message instead. If the engine fails too, the
 * conversation goes to staff (`engine_failure`) with a kind message.
 */
export function createLlmAgent(options: LlmAgentOptions): TurnStep {
  const model = options.model;
  if (typeof model.bindTools !== 'function') throw new Error('the chat model does not support tool calling');
  const breaker = options.breaker ?? new CircuitBreaker();
  const timeoutMs = options.timeoutMs ?? 12_000;
  const maxRounds = options.maxRounds ?? 3;
  const maxToolCalls = options.maxToolCalls ?? 6;
  const modelName = options.modelName ?? ((model as unknown as { model?: string }).model || model._llmType());
  const metrics = options.metrics;

  async function fallback(ctx: TurnContext, usage: Usage, why: Failure): Promise<TurnResult> {
    try {
      const result = await runFlowEngine(ctx, options.engine);
      ctx.log.info({ llmFallback: why }, 'deterministic engine answered instead of the LLM');
      return { ...result, engine: 'fallback', llm: usage };
    } catch (err) {
      ctx.log.error({ err, llmFallback: why }, 'LLM and deterministic engine both failed; handing the conversation to staff');
      const { state } = readState(ctx.conversation.state);
      const a = new AgentTurn(ctx, state, { intent: 'other' }, options.engine);
      await handoffToStaff(a.tc, { reason: 'engine_failure', detail: 'o assistente e o robô falharam ao responder' });
      return { replies: [{ text: ctx.flows.get('messages.yaml').error }], state: serializeState(a.state), mode: 'waiting_staff', engine: 'error', llm: usage };
    }
  }

  return async (ctx) => {
    const { state, reset } = readState(ctx.conversation.state);
    const text = ctx.message.body ?? '';
    const u = understand(text, { now: ctx.messageTime, tz: ctx.clinic.timezone }, vocabularyFromClinic(ctx.flows.clinic()));
    const a = new AgentTurn(ctx, state, u, options.engine);
    adoptReminderOffer(a.tc, ctx.conversation.state);
    const route: Route =
      options.routing === 'always' && !reset ? { to: 'llm', kind: 'free_text', why: 'routing=always' } : routeTurn({ state, reset, u, text, optedOut: ctx.patient.optedOutAt != null });
    ctx.log.debug({ route: { to: route.to, kind: route.kind, why: route.why } }, 'turn routed');
    if (route.to === 'engine') return null;
    // As the engine judges it: a screening answer, conditions or a CPF are stored encrypted by the pipeline.
    const sensitive = state.step === 'screening' || state.step === 'screening_choice' || (u.conditions?.length ?? 0) > 0 || !!u.cpf;

    const usage: Usage = { calls: 0, promptTokens: 0, completionTokens: 0 };
    if (!breaker.allow()) {
      metrics?.llmCalls.inc({ outcome: 'breaker_open' });
      ctx.log.info({ llm: { model: modelName, outcome: 'breaker_open' } }, 'llm skipped');
      return fallback(ctx, usage, 'breaker_open');
    }
    let outcome: { replies: string[] } | { failed: Failure };
    try {
      outcome = await converse(ctx, a, u, usage);
    } catch (err) {
      ctx.log.error({ err }, 'LLM turn failed unexpectedly');
      outcome = { failed: 'exception' };
    }
    if ('failed' in outcome) return fallback(ctx, usage, outcome.failed);
    a.state.misses = 0;
    return {
      replies: outcome.replies.map((t) => ({ text: t })),
      state: serializeState(a.state),
      mode: a.tc.effects.mode,
      engine: 'llm',
      intent: u.intent,
      step: a.state.step,
      llm: usage,
      sensitive,
    };
  };

  async function converse(ctx: TurnContext, a: AgentTurn, u: Understanding, usage: Usage): Promise<{ replies: string[] } | { failed: Failure }> {
    const stepBefore = a.state.step;
    const history = await loadHistory(ctx.db, ctx.conversation.id, ctx.message.seq, options.history ?? DEFAULT_HISTORY);
    const vocabulary = vocabularyFromClinic(ctx.flows.clinic());
    // Names the patient gave earlier ("meu nome é …") are masked wherever they appear later.
    const told = history.filter((h) => h.author === 'patient').map((h) => understand(h.text, { now: ctx.now, tz: ctx.clinic.timezone }, vocabulary).name);
    const redact = modelRedactor(ctx.flows.clinic(), [ctx.patient.name, u.name, ...told]);
    const messages = buildModelMessages({ tc: a.tc, state: a.state, u, healthConsent: await hasHealthConsent(a.tc), history, text: a.turn.text, redact });
    if (!messages) {
      ctx.log.warn('prompts/system.md is missing or empty: the LLM agent is off until it is back');
      return { failed: 'no_prompt' };
    }
    const prompts = ctx.flows.prompts();
    const specs = agentToolSpecs(prompts);
    const bound = model.bindTools!(specs);
    let toolsJson: string | undefined;
    const usedTools: string[] = [];

    const finish = async (modelText?: string): Promise<{ replies: string[] }> => {
      const replies = [...a.says];
      if (modelText) replies.push(modelText);
      const neutral = usedTools.every((n) => NEUTRAL_TOOLS.has(n));
      if (!a.stopped && neutral && stepBefore !== 'idle' && a.state.step === stepBefore) {
        // A side question mid-booking: answered, then the step's question again (as the engine does).
        const question = await repeatQuestion(a.turn);
        if (question) replies.push(`${a.turn.texts.booking('resume')}\n\n${question}`);
      }
      return { replies };
    };

    for (let round = 1; round <= maxRounds; round++) {
      const started = performance.now();
      let ai: AIMessage;
      try {
        ai = (await bound.invoke(messages, { signal: AbortSignal.timeout(timeoutMs) })) as AIMessage;
      } catch (err) {
        usage.calls += 1;
        const timedOut = isTimeout(err);
        breaker.failure();
        logCall(ctx, { round, latencyMs: performance.now() - started, outcome: timedOut ? 'timeout' : 'error', error: errorKind(err) });
        // Tools already acted and spoke (a later round failed): their texts stand, nothing is redone.
        return a.says.length ? finish() : { failed: timedOut ? 'timeout' : 'error' };
      }
      breaker.success();
      const latencyMs = performance.now() - started;
      usage.calls += 1;
      const reported = ai.usage_metadata;
      toolsJson ??= JSON.stringify(specs.map((s) => convertToOpenAITool(s)));
      const promptTokens = reported?.input_tokens ?? estimateTokens(messages, toolsJson);
      const completionTokens = reported?.output_tokens ?? estimateTokens([ai], '');
      usage.promptTokens += promptTokens;
      usage.completionTokens += completionTokens;
      const calls = ai.tool_calls ?? [];
      const invalid = ai.invalid_tool_calls ?? [];
      const base = { round, latencyMs, promptTokens, completionTokens, tokensEstimated: !reported, toolCalls: [...calls.map((c) => c.name), ...invalid.map((c) => `${c.name ?? '?'}(invalid)`)] };

      if (invalid.length) {
        logCall(ctx, { ...base, outcome: 'malformed' });
        return a.says.length ? finish() : { failed: 'malformed' };
      }
      if (calls.length === 0) {
        const check = checkReply(ai.text, { clinic: ctx.flows.clinic(), changed: a.changed, firstName: firstName(ctx.patient.name) });
        if (!check.ok) {
          logCall(ctx, { ...base, outcome: 'rejected', problem: check.problem });
          // The tools' own texts (if any) still stand; the model's words are dropped.
          return a.says.length ? finish() : { failed: 'rejected' };
        }
        logCall(ctx, { ...base, outcome: 'reply' });
        if (a.stopped) return finish();
        // A health question the reader recognised gets the owner's referral, never the model's own answer.
        if (u.topic === 'medical' && !usedTools.includes('get_clinic_info')) return finish(a.turn.texts.general('medical_referral'));
        return finish(check.text);
      }
      logCall(ctx, { ...base, outcome: 'tool_calls' });

      // The text beside tool calls is never shown to the patient, so it is not sent back either.
      messages.push(new AIMessage({ content: '', tool_calls: calls.map((c, i) => ({ ...c, id: c.id ?? `call_${round}_${i}` })) }));
      let allSaid = true;
      for (const [i, call] of calls.entries()) {
        const id = call.id ?? `call_${round}_${i}`;
        let result: Record<string, unknown>;
        if (i >= maxToolCalls) {
          result = { ok: false, code: 'TOO_MANY_CALLS', reason: `at most ${maxToolCalls} tool calls per answer; this one was not run` };
          allSaid = false;
        } else {
          const out = await runAgentTool(a, call.name, call.args);
          if (out.result.ok !== false || out.say.length) usedTools.push(call.name);
          a.say(out.say);
          if (!out.say.length) allSaid = false;
          result = out.result;
        }
        messages.push(new ToolMessage({ tool_call_id: id, content: redact(JSON.stringify(result)) }));
      }
      // Every call produced the patient's text (or the thread left the bot): the turn is done, no second call.
      if (a.stopped || allSaid) return finish();
    }
    logCall(ctx, { round: maxRounds, outcome: 'max_rounds' });
    return a.says.length ? finish() : { failed: 'max_rounds' };
  }

  /** One structured line per model call: ids come from the logger's context, never message text. */
  function logCall(ctx: TurnContext, fields: Record<string, unknown> & { outcome: string }): void {
    const promptVersion = ctx.flows.prompts().hash;
    const latencyMs = typeof fields.latencyMs === 'number' ? Math.round(fields.latencyMs) : undefined;
    ctx.log.info({ llm: { model: modelName, promptVersion, ...fields, latencyMs } }, 'llm call');
    if (fields.outcome === 'max_rounds') return;
    metrics?.llmCalls.inc({ outcome: fields.outcome });
    if (typeof fields.promptTokens === 'number') metrics?.llmTokens.inc({ kind: 'prompt' }, fields.promptTokens);
    if (typeof fields.completionTokens === 'number') metrics?.llmTokens.inc({ kind: 'completion' }, fields.completionTokens);
  }
}

function firstName(name: string | null | undefined): string | undefined {
  return name?.trim().split(/\s+/)[0] || undefined;
}

function isTimeout(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | undefined;
  return e?.name === 'AbortError' || e?.name === 'TimeoutError' || e?.name === 'APIConnectionTimeoutError' || /timed? ?out|abort/i.test(e?.message ?? '');
}

/** The error's class, never its message (a provider may echo the request back). */
function errorKind(err: unknown): string {
  const e = err as { name?: string; status?: number } | undefined;
  return `${e?.name ?? 'Error'}${e?.status ? ` ${e.status}` : ''}`;
}

