import type { TurnContext } from '../../pipeline/turn-handler';
import type { Understanding } from '../../understanding/types';
import type { EngineDeps } from '../engine/run-engine';
import { Turn } from '../engine/turn';
import type { ConversationState } from '../state';
import { toolContextOf, type ToolContext } from '../tools/tool-context';

/**
 * One patient message answered by the LLM agent: the tool layer's context (the same one the
 * deterministic engine builds, so every invariant is checked the same way), the engine's `Turn`
 * (owner texts, catalog, `advance()` to the next question of flows/booking.yaml) and what the
 * turn did so far — texts for the patient, whether an appointment changed, whether the thread
 * left the bot's hands.
 */
export class AgentTurn {
  readonly tc: ToolContext;
  readonly turn: Turn;
  /** Patient-facing texts produced by tools, in order (owner's words, never the model's). */
  readonly says: string[] = [];
  /** A booking, move or cancellation succeeded this turn (a model text may then say so). */
  changed = false;
  /** Handed to staff, opted out, data request: no more tools and no model text this turn. */
  stopped = false;

  constructor(ctx: TurnContext, state: ConversationState, u: Understanding, deps: EngineDeps) {
    this.tc = toolContextOf(ctx, state, deps);
    this.turn = new Turn(this.tc, u, ctx.message.body ?? '', false);
  }

  get state(): ConversationState {
    return this.tc.state;
  }

  /** Runs engine code that speaks through `turn.say` and hands back what it said (kept off the reply). */
  async capture(fn: () => Promise<void> | void): Promise<string[]> {
    const before = this.turn.replies.length;
    await fn();
    return this.turn.replies.splice(before);
  }

  /** Adds texts to the reply, once each (two tools may lead to the same next question). */
  say(texts: string[]): void {
    for (const t of texts) if (t.trim() && !this.says.includes(t.trim())) this.says.push(t.trim());
  }
}
