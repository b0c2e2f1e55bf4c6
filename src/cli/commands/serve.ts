import { loadEnv } from '../../config/env';
import { createApp } from '../../main';

/** `atende serve` (npm start): the web service, with workers in-process unless RUN_WORKERS=no. */
export async function run(): Promise<number | void> {
  const env = loadEnv();
  const app = await createApp({ env });
  let listening: { url: string };
  try {
    listening = await app.listen();
  } catch (err) {
    await app.stop();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`port ${env.PORT} is already in use; set PORT to another value`);
    throw err;
  }
  const { url } = listening;
  const mode = [
    env.DATABASE_URL ? 'Postgres' : `PGlite em ${env.DATA_DIR}`,
    env.REDIS_URL ? 'BullMQ/Redis' : 'fila em processo',
    env.OPENAI_API_KEY || env.OPENAI_BASE_URL ? `LLM ${env.OPENAI_MODEL}` : 'entendimento determinístico',
  ].join(' · ');
  console.log(`Atende no ar: ${url}\n  simulador:  ${url}/simulator\n  recepção:   ${url}/staff\n  (${mode})`);
  if (app.whatsappWeb) console.log(`  WhatsApp Web: leia o QR code aqui no terminal ou em ${url}/staff/whatsapp-web (proprietária)`);
  const shutdown = async (signal: string) => {
    app.logger.info({ signal }, 'shutting down');
    await app.stop().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await new Promise(() => {});
}
