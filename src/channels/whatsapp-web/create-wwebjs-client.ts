import { join } from 'node:path';
import type { WwebClientFactory, WwebClientLike } from './wweb-client';

export interface WwebjsClientOptions {
  /** DATA_DIR; the session is kept under `<dataDir>/wwebjs` so a restart needs no new QR. */
  dataDir: string;
  /** System Chromium (WHATSAPP_WEB_CHROMIUM_PATH); puppeteer's own download is disabled. */
  chromiumPath: string;
  /** Separates sessions when one DATA_DIR holds several clinics. */
  clientId?: string;
}

/**
 * The production client factory. whatsapp-web.js (and puppeteer) is imported only when the first
 * client is built, so installs and tests that never enable WHATSAPP_WEB never load it.
 */
export function wwebjsClientFactory(options: WwebjsClientOptions): WwebClientFactory {
  return async () => {
    const mod = (await import('whatsapp-web.js')) as unknown as { default?: WwebjsModule } & WwebjsModule;
    const lib: WwebjsModule = mod.default ?? mod;
    const authStrategy = new lib.LocalAuth({
      dataPath: join(options.dataDir, 'wwebjs'),
      ...(options.clientId ? { clientId: options.clientId } : {}),
    });
    const client = new lib.Client({
      authStrategy,
      puppeteer: {
        executablePath: options.chromiumPath,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
      },
    });
    return client as unknown as WwebClientLike;
  };
}

type WwebjsModule = Pick<typeof import('whatsapp-web.js'), 'Client' | 'LocalAuth'>;
