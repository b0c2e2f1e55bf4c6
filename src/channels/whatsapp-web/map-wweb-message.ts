import type { InboundMessage, MediaKind } from '../types';
import { waIdToE164 } from '../normalize-phone';
import type { WwebMessageLike } from './wweb-client';

export type WwebMapResult =
  | { kind: 'message'; message: InboundMessage }
  /** `lost` marks a patient message we could not take (worth a warning), as opposed to noise. */
  | { kind: 'ignored'; reason: string; lost?: true };

export interface MapWwebMessageContext {
  /** Our account in E.164 (the `to` that selects the clinic); when unknown, taken from `message.to`. */
  account?: string;
  /** Resolves a privacy id ("123@lid") to a phone id ("5511…@c.us"); undefined when it cannot. */
  resolveLid?: (lid: string) => Promise<string | undefined>;
}

const MEDIA_TYPES: Record<string, MediaKind> = {
  ptt: 'audio',
  audio: 'audio',
  image: 'image',
  album: 'image',
  video: 'video',
  document: 'document',
  sticker: 'sticker',
  location: 'location',
  vcard: 'contacts',
  multi_vcard: 'contacts',
  reaction: 'reaction',
  unknown: 'unknown',
  oversized: 'unknown',
  poll_creation: 'unknown',
  order: 'unknown',
  product: 'unknown',
};

/** Types that carry no words from a patient: protocol, notification and bookkeeping messages. */
const SYSTEM_TYPES = new Set([
  'revoked',
  'ciphertext',
  'e2e_notification',
  'notification',
  'notification_template',
  'gp2',
  'group_notification',
  'call_log',
  'protocol',
  'debug',
  'broadcast_notification',
  'groups_v4_invite',
]);

/**
 * Turns a whatsapp-web.js `message` event into the pipeline's InboundMessage (channel
 * 'whatsapp_web'), or says why it is skipped: our own messages (fromMe), status updates, groups,
 * broadcasts and channels, system messages — a clinic bot answers patients in private chats only.
 *
 * For location and contact cards `body` holds a thumbnail or the vCard, not words, so `text` is ''.
 */
export async function mapWwebMessage(msg: WwebMessageLike, context: MapWwebMessageContext = {}): Promise<WwebMapResult> {
  if (!msg || typeof msg !== 'object') return { kind: 'ignored', reason: 'not a message' };
  if (msg.fromMe || msg.id?.fromMe) return { kind: 'ignored', reason: 'sent by us' };
  if (msg.isStatus || msg.from === 'status@broadcast') return { kind: 'ignored', reason: 'status update' };
  const from = typeof msg.from === 'string' ? msg.from : '';
  if (from.endsWith('@g.us')) return { kind: 'ignored', reason: 'group message' };
  if (from.endsWith('@broadcast') || from.endsWith('@newsletter') || msg.broadcast) {
    return { kind: 'ignored', reason: 'broadcast or channel' };
  }
  if (SYSTEM_TYPES.has(msg.type)) return { kind: 'ignored', reason: `"${msg.type}" message` };
  const id = msg.id?._serialized;
  if (typeof id !== 'string' || id === '') return { kind: 'ignored', reason: 'no message id' };
  if (!Number.isFinite(msg.timestamp)) return { kind: 'ignored', reason: 'no timestamp' };

  let phoneId: string | undefined = from;
  if (from.endsWith('@lid')) phoneId = context.resolveLid ? await context.resolveLid(from) : undefined;
  const patient = phoneId && phoneId.endsWith('@c.us') ? waIdToE164(phoneId) : null;
  if (!patient) return { kind: 'ignored', reason: `sender ${from} has no resolvable phone number`, lost: true };

  const to = context.account ?? (msg.to ? waIdToE164(msg.to) : null);
  if (!to) return { kind: 'ignored', reason: 'our own account number is unknown', lost: true };

  const message: InboundMessage = {
    channel: 'whatsapp_web',
    providerMessageId: id,
    to,
    from: patient,
    sentAt: new Date(msg.timestamp * 1000),
    kind: 'text',
    text: typeof msg.body === 'string' ? msg.body : '',
  };
  const name = msg._data?.notifyName;
  if (typeof name === 'string' && name.trim() !== '') message.profileName = name.trim();

  if (msg.type === 'chat') return { kind: 'message', message };
  if (msg.type === 'buttons_response' || msg.type === 'template_button_reply' || msg.type === 'list_response') {
    message.kind = 'interactive';
    const replyId = msg.type === 'list_response' ? msg.selectedRowId : msg.selectedButtonId;
    if (replyId) message.replyId = replyId;
    return { kind: 'message', message };
  }
  const mediaType = MEDIA_TYPES[msg.type] ?? 'unknown';
  message.kind = 'media';
  if (!msg.hasMedia && mediaType !== 'reaction') message.text = '';
  message.media = { type: mediaType };
  const mime = msg._data?.mimetype;
  if (typeof mime === 'string') message.media.mimeType = mime;
  return { kind: 'message', message };
}
