import { loadEnv } from '../../config/env';
import { createApp } from '../../main';

/**
 * `atende worker`: job workers (turns, sends, reminders) and the reconcilers, without HTTP.
 * Needs shared state: Postgres (DATABASE_URL) and Redis (REDIS_URL). Run as many as you like.
 */
export async function run(): Promise<number | void> {
  const env = loadEnv();
  if (!env.DATABASE_URL || !env.REDIS_URL) {
    console.error('atende worker needs DATABASE_URL and REDIS_URL (the embedded default runs its workers inside `npm start`).');
    return 2;
  }
  const app = await createApp({ env, runWorkers: true });
  console.log(`atende worker running (pid ${process.pid}, queue prefix ${env.QUEUE_PREFIX})`);
  const shutdown = async () => {
    await app.stop().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  await new Promise(() => {});
}
