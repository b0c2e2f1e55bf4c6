import type { TurnHandler } from '../../src/pipeline/turn-handler';

/** The pipeline benchmarks' conversation brain: one reply echoing the message, no state change. */
export const echoHandler: TurnHandler = async (ctx) => ({ replies: [{ text: `eco: ${ctx.message.body ?? ''}` }], state: ctx.conversation.state, engine: 'echo' });
