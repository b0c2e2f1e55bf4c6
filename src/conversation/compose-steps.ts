import type { Logger } from '../lib/logger';
import type { TurnContext, TurnHandler, TurnResult } from '../pipeline/turn-handler';

/** One link of the turn chain: answers the turn, or returns null to let the next link try. */
export type TurnStep = (ctx: TurnContext) => Promise<TurnResult | null>;

export interface NamedTurnStep {
  name: string;
  run: TurnStep;
  /**
   * A failure of an optional step is logged and the next step answers instead; a failure of a
   * required step reaches the pipeline's boundary (apology, handoff to staff, escalation).
   * @defaultValue true
   */
  required?: boolean;
}

/**
 * Composes turn steps into one handler, grammY-Composer style: the first step that returns a
 * result answers the turn. The error boundary logs ids only (never message text) and keeps an
 * optional step's bug from silencing the bot.
 */
export function composeSteps(steps: NamedTurnStep[], logger: Logger): TurnHandler {
  return async (ctx) => {
    for (const step of steps) {
      try {
        const result = await step.run(ctx);
        if (result) return result;
      } catch (err) {
        if (step.required !== false) throw err;
        logger.error({ err, step: step.name, conversationId: ctx.conversation.id, messageId: ctx.message.id }, 'optional turn step failed; continuing with the next one');
      }
    }
    throw new Error('no turn step answered (the flow engine must always answer)');
  };
}
