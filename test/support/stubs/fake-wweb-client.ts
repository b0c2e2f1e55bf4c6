import { EventEmitter } from 'node:events';
import type { WwebClientLike, WwebMessageLike } from '../../../src/channels/whatsapp-web/wweb-client';

/**
 * Stands in for whatsapp-web.js's Client: an EventEmitter that the test drives by emitting the
 * library's events ('qr', 'authenticated', 'ready', 'auth_failure', 'disconnected', 'message').
 * Records sends; `initialize` resolves (or rejects, when `failInitialize` is set).
 */
export class FakeWwebClient extends EventEmitter implements WwebClientLike {
  initializeCalls = 0;
  destroyed = false;
  failInitialize: Error | undefined;
  sent: Array<{ chatId: string; content: string }> = [];
  /** Number → registered id; a number missing here is "not on WhatsApp". Unset → accept all. */
  registered: Map<string, string> | undefined;
  /** lid → phone id, for getContactLidAndPhone. */
  lids = new Map<string, string>();
  sendImpl: ((chatId: string, content: string) => Promise<{ id: { _serialized: string } }>) | undefined;
  info: { wid: { user: string; _serialized: string } } | null = null;

  async initialize(): Promise<void> {
    this.initializeCalls++;
    if (this.failInitialize) throw this.failInitialize;
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
  }

  async sendMessage(chatId: string, content: string): Promise<{ id: { _serialized: string } }> {
    if (this.sendImpl) return this.sendImpl(chatId, content);
    this.sent.push({ chatId, content });
    return { id: { _serialized: `true_${chatId}_3EB0${String(this.sent.length).padStart(16, '0')}` } };
  }

  async getNumberId(number: string): Promise<{ _serialized: string } | null> {
    if (!this.registered) return { _serialized: `${number}@c.us` };
    const id = this.registered.get(number);
    return id ? { _serialized: id } : null;
  }

  async getContactLidAndPhone(userIds: string[]): Promise<Array<{ lid?: string; pn?: string }>> {
    return userIds.map((lid) => {
      const pn = this.lids.get(lid);
      return pn ? { lid, pn } : { lid };
    });
  }

  /** What the library does once the phone links: authenticated, then ready with our account. */
  becomeReady(accountUser = '5511940001234'): void {
    this.info = { wid: { user: accountUser, _serialized: `${accountUser}@c.us` } };
    this.emit('authenticated');
    this.emit('ready');
  }
}

/** A received message in whatsapp-web.js's shape (a private text chat unless overridden). */
export function wwebMessage(overrides: Partial<WwebMessageLike> = {}): WwebMessageLike {
  const from = overrides.from ?? '5511987654321@c.us';
  return {
    id: { _serialized: `false_${from}_3EB0C767D26A1D8D1F3A`, fromMe: false, remote: from, id: '3EB0C767D26A1D8D1F3A' },
    from,
    to: '5511940001234@c.us',
    body: 'Oi, quero marcar uma limpeza de pele',
    type: 'chat',
    timestamp: 1750263773,
    fromMe: false,
    hasMedia: false,
    isStatus: false,
    broadcast: false,
    _data: { notifyName: 'Maria Silva' },
    ...overrides,
  };
}
