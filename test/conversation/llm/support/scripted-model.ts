import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { fakeModel, type FakeBuiltModel } from '@langchain/core/testing';

/**
 * A scripted LLM for the agent's tests: `fakeModel()` from @langchain/core/testing, answering each
 * call from a script keyed on the patient's message (what the agent put between the
 * <mensagem_da_paciente> tags) and the round within that turn. Every call is recorded by the
 * fake (`model.calls`), so tests can count calls and read exactly what the model was sent.
 *
 *   const m = scriptedModel();
 *   m.on(/rugas/, toolCalls({ name: 'get_clinic_info', args: { topic: 'service_info', serviceId: 'toxina-botulinica' } }));
 *   m.on('sim', [toolCalls(...), reply('Prontinho!')]);     // round 1, round 2
 */

export type Step = AIMessage | Error | ((messages: BaseMessage[]) => AIMessage | Error);

interface Rule {
  match: string | RegExp;
  steps: Step[];
  /** Used once, then skipped (later rules for the same text apply). */
  once: boolean;
  used: boolean;
}

let ids = 0;

/** An answer asking for tool calls. */
export function toolCalls(...calls: { name: string; args: Record<string, unknown> }[]): AIMessage {
  return new AIMessage({ content: '', tool_calls: calls.map((c) => ({ name: c.name, args: c.args, id: `call_t${++ids}`, type: 'tool_call' as const })) });
}

/** A plain text answer (the model's own words to the patient). */
export function reply(text: string): AIMessage {
  return new AIMessage(text);
}

/** The patient's text of the turn being answered (the last delimited user message). */
export function patientText(messages: BaseMessage[]): string {
  const last = [...messages].reverse().find((m) => HumanMessage.isInstance(m));
  const text = last?.text ?? '';
  return /<mensagem_da_paciente>\n([\s\S]*)\n<\/mensagem_da_paciente>/.exec(text)?.[1] ?? text;
}

/** 1 for the first call of a turn, 2 after the first tool results, … */
export function roundOf(messages: BaseMessage[]): number {
  let round = 1;
  for (let i = messages.length - 1; i >= 0 && !HumanMessage.isInstance(messages[i]); i--) if (AIMessage.isInstance(messages[i])) round++;
  return round;
}

/** The tool results of the previous round, parsed. */
export function toolResults(messages: BaseMessage[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = messages.length - 1; i >= 0 && ToolMessage.isInstance(messages[i]); i--) out.unshift(JSON.parse(messages[i]!.text) as Record<string, unknown>);
  return out;
}

export interface ScriptedModel {
  model: FakeBuiltModel;
  /** Answers a patient message matching `match` (substring or regex): one step per round. */
  on(match: string | RegExp, steps: Step | Step[], options?: { once?: boolean }): ScriptedModel;
  /** Every call so far. */
  readonly calls: FakeBuiltModel['calls'];
  /** Everything the model was ever sent, as one string (for "no PII left" checks). */
  sentText(): string;
  /** Forgets the rules (the call record stays). */
  clear(): void;
}

/**
 * Unscripted calls throw (the agent then falls back to the deterministic engine), so a test that
 * expected no call sees the difference in `calls`.
 */
export function scriptedModel(): ScriptedModel {
  const model = fakeModel();
  const rules: Rule[] = [];
  const answer = (messages: BaseMessage[]): AIMessage | Error => {
    const text = patientText(messages);
    const round = roundOf(messages);
    const rule = rules.find((r) => !(r.once && r.used) && (typeof r.match === 'string' ? text.includes(r.match) : r.match.test(text)));
    if (!rule) return new Error(`unscripted model call for "${text}" (round ${round})`);
    const step = rule.steps[round - 1];
    if (round === rule.steps.length) rule.used = true;
    if (!step) return new Error(`no round ${round} scripted for "${text}"`);
    return typeof step === 'function' ? step(messages) : step;
  };
  // fakeModel answers calls in order from its queue; every entry defers to the rules above.
  for (let i = 0; i < 2000; i++) model.respond(answer);
  return {
    model,
    on(match, steps, options = {}) {
      rules.push({ match, steps: Array.isArray(steps) ? steps : [steps], once: options.once ?? false, used: false });
      return this;
    },
    get calls() {
      return model.calls;
    },
    sentText() {
      return model.calls
        .flatMap((c) => c.messages)
        .map((m) => `${m.text}\n${JSON.stringify((m as AIMessage).tool_calls ?? [])}`)
        .join('\n');
    },
    clear() {
      rules.length = 0;
    },
  };
}
