import { describe, expect, it, vi } from 'vitest';

// The real library (and Chromium) is never loaded here: the module is replaced by a recorder.
const constructed = vi.hoisted(() => ({ clients: [] as unknown[], auths: [] as unknown[] }));
vi.mock('whatsapp-web.js', () => {
  class LocalAuth {
    constructor(readonly options: unknown) {
      constructed.auths.push(options);
    }
  }
  class Client {
    constructor(readonly options: unknown) {
      constructed.clients.push(options);
    }
  }
  return { default: { Client, LocalAuth }, Client, LocalAuth };
});

import { wwebjsClientFactory } from '../../../src/channels/whatsapp-web/create-wwebjs-client';

describe('wwebjsClientFactory', () => {
  it('loads nothing until a client is built', () => {
    wwebjsClientFactory({ dataDir: '/srv/atende/.data', chromiumPath: '/usr/bin/chromium' });
    expect(constructed.clients).toHaveLength(0);
  });

  it('builds a LocalAuth client on the system Chromium, headless, with the session under DATA_DIR/wwebjs', async () => {
    const factory = wwebjsClientFactory({ dataDir: '/srv/atende/.data', chromiumPath: '/usr/bin/chromium' });
    await factory();
    expect(constructed.auths).toEqual([{ dataPath: '/srv/atende/.data/wwebjs' }]);
    expect(constructed.clients).toHaveLength(1);
    expect(constructed.clients[0]).toEqual({
      authStrategy: expect.objectContaining({ options: { dataPath: '/srv/atende/.data/wwebjs' } }),
      puppeteer: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
      },
    });
  });
});
