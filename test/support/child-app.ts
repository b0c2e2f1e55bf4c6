/**
 * A real Atende process for crash tests: started with `tsx`, killed with SIGKILL by the test.
 * CHILD_HANDLER=echo answers "eco: …"; CHILD_HANDLER=hang prints IN_TURN and never finishes a turn.
 * Prints "READY <url>" once listening.
 */
import { parseEnv } from '../../src/config/env';
import { createApp } from '../../src/main';
import { silentLogger } from '../../src/lib/logger';
import type { TurnHandler } from '../../src/pipeline/turn-handler';

const env = parseEnv(process.env);
const mode = process.env.CHILD_HANDLER ?? 'echo';
const handler: TurnHandler = async (ctx) => {
  if (mode === 'hang') {
    process.stdout.write(`IN_TURN ${ctx.message.id}\n`);
    await new Promise(() => {});
  }
  return { replies: [{ text: `eco: ${ctx.message.body ?? ''}` }], state: ctx.conversation.state, engine: 'echo' };
};
const app = await createApp({ env, handler, logger: silentLogger });
const { url } = await app.listen(0, '127.0.0.1');
process.stdout.write(`READY ${url}\n`);
