/** The whatsapp-web.js adapter (QR login) for clinics without the Business API. */
export {
  WhatsAppWebAdapter,
  type WhatsAppWebAdapterOptions,
  type WhatsAppWebState,
  type WhatsAppWebStatus,
  type QrSnapshot,
  type AdapterLogger,
} from './whatsapp-web-adapter';
export { WhatsAppWebSender, WWEB_PROVIDER } from './whatsapp-web-sender';
export { wwebjsClientFactory, type WwebjsClientOptions } from './create-wwebjs-client';
export { mapWwebMessage, type WwebMapResult } from './map-wweb-message';
export { reconnectDelay, type BackoffOptions } from './reconnect-backoff';
export type { WwebClientFactory, WwebClientLike, WwebMessageLike } from './wweb-client';
