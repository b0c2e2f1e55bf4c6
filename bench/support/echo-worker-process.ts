/**
 * A worker process for the webhook benchmark: turns (echo handler) and sends from BullMQ, like
 * `atende worker` but with the benchmark's echo brain. Its environment arrives in ATENDE_BENCH_ENV.
 */
import { parseEnv } from '../../src/config/env';
import { silentLogger } from '../../src/lib/logger';
import { createApp } from '../../src/main';
import { echoHandler } from './echo-handler';

const env = parseEnv(JSON.parse(process.env.ATENDE_BENCH_ENV ?? '{}') as Record<string, string>);
const app = await createApp({ env, handler: echoHandler, runWorkers: true, logger: silentLogger, maintenanceEveryMs: 60_000 });
process.send?.('ready');
process.on('disconnect', () => {
  void app.stop().finally(() => process.exit(0));
});
