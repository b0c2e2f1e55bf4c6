import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboundMessage } from '../../../src/channels/types';
import { WhatsAppWebAdapter, type AdapterLogger } from '../../../src/channels/whatsapp-web/whatsapp-web-adapter';
import { reconnectDelay } from '../../../src/channels/whatsapp-web/reconnect-backoff';
import { ProviderError, TransportError } from '../../../src/lib/errors';
import { FakeWwebClient, wwebMessage } from '../../support/stubs/fake-wweb-client';

const silent: AdapterLogger = { info: () => {}, warn: () => {}, error: () => {} };

function setup(options: { failInitialize?: boolean } = {}) {
  // Read when each client is built, so a test can let later attempts succeed.
  const clients: FakeWwebClient[] = [];
  const received: InboundMessage[] = [];
  const printed: string[] = [];
  const adapter = new WhatsAppWebAdapter({
    createClient: () => {
      const client = new FakeWwebClient();
      if (options.failInitialize) client.failInitialize = new Error('Failed to launch the browser process!');
      clients.push(client);
      return client;
    },
    onMessage: (m) => {
      received.push(m);
    },
    logger: silent,
    printQr: (qr) => printed.push(qr),
    backoff: { initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0.2 },
    random: () => 0.5, // no jitter: exact schedule
    sendTimeoutMs: 1_000,
  });
  const latest = () => clients[clients.length - 1]!;
  return { adapter, clients, received, printed, latest, options };
}

/** Lets promise chains (initialize, mapping) settle under fake timers. */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('WhatsAppWebAdapter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps the latest QR as text and PNG data URL, and draws it in the terminal', async () => {
    const { adapter, latest, printed } = setup();
    adapter.start();
    await flush();
    latest().emit('qr', '2@first-qr');
    latest().emit('qr', '2@second-qr');
    vi.useRealTimers(); // qrcode renders asynchronously
    const qr = await adapter.qr();
    expect(qr?.text).toBe('2@second-qr');
    expect(qr?.dataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect(printed).toEqual(['2@first-qr', '2@second-qr']);
    expect(adapter.status()).toMatchObject({ state: 'waiting_for_scan', hasQr: true });
    latest().becomeReady();
    expect(await adapter.qr()).toBeNull();
    expect(adapter.status()).toMatchObject({ state: 'ready', account: '+5511940001234', hasQr: false });
    await adapter.stop();
  });

  it('delivers private messages and ignores its own, group and status messages', async () => {
    const { adapter, latest, received } = setup();
    adapter.start();
    await flush();
    latest().becomeReady();
    latest().emit('message', wwebMessage());
    latest().emit('message', wwebMessage({ fromMe: true }));
    latest().emit('message', wwebMessage({ from: '120363025246125486@g.us', author: '5511987654321@c.us' }));
    latest().emit('message', wwebMessage({ isStatus: true, from: 'status@broadcast' }));
    await flush();
    expect(received).toEqual([
      {
        channel: 'whatsapp_web',
        providerMessageId: 'false_5511987654321@c.us_3EB0C767D26A1D8D1F3A',
        to: '+5511940001234',
        from: '+5511987654321',
        profileName: 'Maria Silva',
        sentAt: new Date(1750263773 * 1000),
        kind: 'text',
        text: 'Oi, quero marcar uma limpeza de pele',
      },
    ]);
    await adapter.stop();
  });

  it('resolves @lid senders through the client, and warns when a patient message is lost', async () => {
    const warnings: unknown[] = [];
    const client = new FakeWwebClient();
    client.lids.set('204587711234567@lid', '5511987654321@c.us');
    const received: InboundMessage[] = [];
    const adapter = new WhatsAppWebAdapter({
      createClient: () => client,
      onMessage: (m) => {
        received.push(m);
      },
      logger: { ...silent, warn: (obj) => warnings.push(obj) },
      printQr: () => {},
    });
    adapter.start();
    await flush();
    client.becomeReady();
    client.emit('message', wwebMessage({ from: '204587711234567@lid' }));
    client.emit('message', wwebMessage({ from: '999999999999999@lid' }));
    client.emit('message', wwebMessage({ from: '120363025246125486@g.us' }));
    await flush();
    expect(received.map((m) => m.from)).toEqual(['+5511987654321']);
    expect(warnings).toEqual([expect.objectContaining({ reason: 'sender 999999999999999@lid has no resolvable phone number' })]);
    await adapter.stop();
  });

  it('survives an onMessage that throws', async () => {
    const errors: unknown[] = [];
    const client = new FakeWwebClient();
    const adapter = new WhatsAppWebAdapter({
      createClient: () => client,
      onMessage: () => {
        throw new Error('db down');
      },
      logger: { ...silent, error: (obj) => errors.push(obj) },
      printQr: () => {},
    });
    adapter.start();
    await flush();
    client.becomeReady();
    expect(() => client.emit('message', wwebMessage())).not.toThrow();
    await flush();
    expect(errors).toHaveLength(1);
    await adapter.stop();
  });

  it('reconnects after disconnected with exponential, capped backoff, resetting on ready', async () => {
    const { adapter, clients, latest } = setup();
    adapter.start();
    await flush();
    expect(clients).toHaveLength(1);

    const expected = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000];
    for (const [i, delay] of expected.entries()) {
      const before = latest();
      before.emit('disconnected', 'NAVIGATION');
      expect(before.destroyed).toBe(true);
      expect(adapter.status()).toMatchObject({ state: 'reconnecting', attempts: i + 1 });
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(clients).toHaveLength(i + 1); // not yet
      await vi.advanceTimersByTimeAsync(1);
      expect(clients).toHaveLength(i + 2); // a fresh client, initialized
      expect(latest().initializeCalls).toBe(1);
    }

    latest().becomeReady();
    expect(adapter.status()).toMatchObject({ state: 'ready', attempts: 0 });
    latest().emit('disconnected', 'LOGOUT');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(clients).toHaveLength(expected.length + 2);
    await adapter.stop();
  });

  it('retries when initialize fails (e.g. Chromium missing) and on auth_failure', async () => {
    const { adapter, clients, latest, options } = setup({ failInitialize: true });
    adapter.start();
    await flush();
    expect(adapter.status()).toMatchObject({ state: 'reconnecting', attempts: 1, lastError: expect.stringMatching(/initialize failed: Failed to launch/) });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(clients).toHaveLength(2);
    options.failInitialize = false;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(clients).toHaveLength(3);
    expect(adapter.status()).toMatchObject({ state: 'starting', attempts: 2 });

    latest().emit('auth_failure', 'Unable to log in. Are the session details valid?');
    expect(adapter.status()).toMatchObject({ state: 'reconnecting', attempts: 3, lastError: expect.stringMatching(/auth_failure/) });
    await vi.advanceTimersByTimeAsync(3_999);
    expect(clients).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(clients).toHaveLength(4);
    await adapter.stop();
  });

  it('ignores events from a client it already replaced, and one disconnect schedules one retry', async () => {
    const { adapter, clients, received } = setup();
    adapter.start();
    await flush();
    const old = clients[0]!;
    old.emit('disconnected', 'CONFLICT');
    old.emit('disconnected', 'CONFLICT');
    old.emit('message', wwebMessage());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(clients).toHaveLength(2);
    expect(received).toEqual([]);
    old.emit('ready');
    expect(adapter.status().state).not.toBe('ready');
    await adapter.stop();
  });

  it('stop() cancels a pending reconnect', async () => {
    const { adapter, clients, latest } = setup();
    adapter.start();
    await flush();
    latest().emit('disconnected', 'NAVIGATION');
    await adapter.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(clients).toHaveLength(1);
    expect(adapter.status().state).toBe('stopped');
  });

  it('jitter stays within ±20% and under the cap', () => {
    for (const r of [0, 0.25, 0.5, 0.75, 0.999]) {
      const d = reconnectDelay(2, { initialMs: 1_000, maxMs: 30_000, jitter: 0.2 }, () => r);
      expect(d).toBeGreaterThanOrEqual(3_200);
      expect(d).toBeLessThanOrEqual(4_800);
      expect(reconnectDelay(40, { initialMs: 1_000, maxMs: 30_000, jitter: 0.2 }, () => r)).toBeLessThanOrEqual(30_000);
    }
  });
});

describe('WhatsAppWebAdapter.sender', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  async function readyAdapter() {
    const ctx = setup();
    ctx.adapter.start();
    await flush();
    ctx.latest().becomeReady();
    return ctx;
  }

  it('sends text through client.sendMessage and returns id._serialized', async () => {
    const { adapter, latest } = await readyAdapter();
    const result = await adapter.sender.send('+5511940001234', { kind: 'text', to: '+5511987654321', text: 'Confirmado!' });
    expect(latest().sent).toEqual([{ chatId: '5511987654321@c.us', content: 'Confirmado!' }]);
    expect(result.providerMessageId).toMatch(/^true_5511987654321@c\.us_/);
    expect(adapter.sender.channel).toBe('whatsapp_web');
    await adapter.stop();
  });

  it('sends a template as its fallback text, to the id WhatsApp registered (9th digit)', async () => {
    const { adapter, latest } = await readyAdapter();
    latest().registered = new Map([['5511987654321', '551187654321@c.us']]);
    await adapter.sender.send('+5511940001234', {
      kind: 'template',
      to: '+5511987654321',
      template: { name: 'lembrete', language: 'pt_BR', params: ['Maria'] },
      fallbackText: 'Lembrete: consulta amanhã às 14h.',
    });
    expect(latest().sent).toEqual([{ chatId: '551187654321@c.us', content: 'Lembrete: consulta amanhã às 14h.' }]);
    await adapter.stop();
  });

  it('not on WhatsApp → permanent ProviderError', async () => {
    const { adapter, latest } = await readyAdapter();
    latest().registered = new Map();
    const err = await adapter.sender.send('', { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).permanent).toBe(true);
    await adapter.stop();
  });

  it('not ready, a browser error or a hung send → TransportError', async () => {
    const { adapter, latest } = setup();
    await expect(adapter.sender.send('', { kind: 'text', to: '+5511987654321', text: 'oi' })).rejects.toBeInstanceOf(TransportError);
    adapter.start();
    await flush();
    latest().becomeReady();
    latest().sendImpl = async () => {
      throw new Error('Protocol error (Runtime.callFunctionOn): Session closed.');
    };
    await expect(adapter.sender.send('', { kind: 'text', to: '+5511987654321', text: 'oi' })).rejects.toBeInstanceOf(TransportError);
    latest().sendImpl = () => new Promise(() => {});
    vi.useFakeTimers();
    const pending = adapter.sender.send('', { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toBeInstanceOf(TransportError);
    await adapter.stop();
  });
});
