import type { TurnHandler } from '../../src/pipeline/turn-handler';

/** A turn handler that answers "eco: <text>" and records what it saw, in order. */
export function echoHandler(): TurnHandler & { seen: string[] } {
  const seen: string[] = [];
  const handler: TurnHandler = async (ctx) => {
    seen.push(ctx.message.body ?? '');
    return { replies: [{ text: `eco: ${ctx.message.body ?? ''}` }], state: { v: 1, turns: Number(ctx.conversation.state.turns ?? 0) + 1 }, engine: 'echo' };
  };
  return Object.assign(handler, { seen });
}
