/**
 * The slice of whatsapp-web.js that the adapter uses, as structural types. The real `Client`
 * satisfies them, and tests pass a plain EventEmitter that emits the library's events with the
 * library's shapes — so whatsapp-web.js (and Chromium) is never loaded in tests.
 */

/** The fields of whatsapp-web.js's `Message` that we read. */
export interface WwebMessageLike {
  id: { _serialized: string; fromMe?: boolean; remote?: string; id?: string };
  /** Chat id: "5511987654321@c.us", "…@g.us" (group), "status@broadcast", or a privacy "…@lid". */
  from: string;
  /** For a received message, our own account id. */
  to?: string;
  /** Sender inside a group. */
  author?: string;
  /** Text, or the caption when `hasMedia` (location: a thumbnail; vcard: the card). */
  body: string;
  /** MessageTypes: 'chat', 'ptt', 'audio', 'image', 'video', 'document', 'sticker', 'location', 'vcard', … */
  type: string;
  /** Unix seconds. */
  timestamp: number;
  fromMe: boolean;
  hasMedia: boolean;
  isStatus: boolean;
  broadcast?: boolean;
  location?: { latitude?: number | string; longitude?: number | string; description?: string; name?: string; address?: string };
  selectedButtonId?: string;
  selectedRowId?: string;
  /** Raw WhatsApp Web model: `notifyName` is the sender's push name, `mimetype` the media type. */
  _data?: { notifyName?: string; mimetype?: string; [key: string]: unknown };
}

/** The fields of whatsapp-web.js's `Client` that we use. */
export interface WwebClientLike {
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeAllListeners(event?: string): unknown;
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  sendMessage(chatId: string, content: string): Promise<{ id: { _serialized: string } }>;
  /** Resolves the registered id of a number (handles Brazil's 9th digit); null when not on WhatsApp. */
  getNumberId?(number: string): Promise<{ _serialized: string } | null>;
  /** Maps privacy ids ("…@lid") to phone ids ("…@c.us"). */
  getContactLidAndPhone?(userIds: string[]): Promise<Array<{ lid?: string; pn?: string }>>;
  /** Set once 'ready': our own account. */
  info?: { wid?: { user?: string; _serialized?: string } } | null;
}

/** Builds a fresh client for each (re)connection attempt. */
export type WwebClientFactory = () => WwebClientLike | Promise<WwebClientLike>;
