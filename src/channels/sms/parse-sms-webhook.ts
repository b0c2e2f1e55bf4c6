import type { DeliveryStatus, InboundMessage, MediaKind, StatusUpdate } from '../types';
import { normalizePhone } from '../normalize-phone';

/** One Twilio webhook request, understood. */
export type SmsWebhookEvent =
  | { kind: 'message'; message: InboundMessage }
  | { kind: 'status'; status: StatusUpdate }
  /** A status we do not track (queued, accepted, sending, scheduled, receiving…). Answer 200. */
  | { kind: 'ignored'; reason: string }
  /** Not Twilio's shape; answer 400. */
  | { kind: 'invalid'; problems: string[] };

export interface ParseSmsWebhookOptions {
  /**
   * Twilio sends no timestamp with either webhook, so arrival time stands in for `sentAt`/`at`.
   * @defaultValue () => new Date()
   */
  now?: () => Date;
}

const STATUS_MAP: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** Twilio's "SM…"/"MM…" + 32 hex; Twilio-compatible providers (SignalWire…) use UUIDs. */
const SID = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * Reads the form Twilio POSTs to us — an incoming SMS (MessageSid, From, To, Body, NumMedia…) or
 * a status callback for one we sent (MessageSid, MessageStatus, To, ErrorCode…) — as the pipeline's
 * shapes. Call it only after `verifyTwilioSignature` passed. Never throws.
 *
 * `to` of an inbound message is the clinic's SMS number in E.164 (selects the clinic); `from` the
 * patient's. Status callbacks map sent/delivered/read → same, undelivered/failed/canceled →
 * failed (with ErrorCode); queued/accepted/sending/scheduled are ignored (the send itself already
 * told us it was queued).
 */
export function parseSmsWebhook(form: Record<string, string | undefined>, options: ParseSmsWebhookOptions = {}): SmsWebhookEvent {
  if (!form || typeof form !== 'object') return { kind: 'invalid', problems: ['body is not a form'] };
  const now = options.now ?? (() => new Date());
  const field = (name: string): string | undefined => {
    const v: unknown = form[name];
    return typeof v === 'string' ? v : undefined;
  };
  const sid = field('MessageSid') ?? field('SmsSid');
  if (!sid) return { kind: 'invalid', problems: ['MessageSid: missing'] };
  if (!SID.test(sid)) return { kind: 'invalid', problems: ['MessageSid: not a message id'] };

  const messageStatus = (field('MessageStatus') ?? field('SmsStatus'))?.toLowerCase();
  if (messageStatus !== undefined && messageStatus !== 'received') {
    return toStatus(sid, messageStatus, field('To'), field('ErrorCode'), field('ErrorMessage'), now());
  }
  return toInbound(sid, field, now());
}

function toStatus(
  sid: string,
  twilioStatus: string,
  to: string | undefined,
  errorCode: string | undefined,
  errorMessage: string | undefined,
  at: Date,
): SmsWebhookEvent {
  const status = STATUS_MAP[twilioStatus];
  if (!status) return { kind: 'ignored', reason: `MessageStatus "${twilioStatus}"` };
  const update: StatusUpdate = { channel: 'sms', providerMessageId: sid, status, at };
  const recipient = to ? normalizePhone(to) : null;
  if (recipient) update.recipient = recipient;
  if (status === 'failed' && (errorCode || errorMessage)) {
    update.error = {};
    if (errorCode) update.error.code = /^\d+$/.test(errorCode) ? Number(errorCode) : errorCode;
    if (errorMessage) update.error.title = errorMessage;
  }
  return { kind: 'status', status: update };
}

function toInbound(sid: string, field: (name: string) => string | undefined, sentAt: Date): SmsWebhookEvent {
  const problems: string[] = [];
  const rawFrom = field('From');
  const rawTo = field('To');
  const from = rawFrom ? normalizePhone(rawFrom) : null;
  const to = rawTo ? normalizePhone(rawTo) : null;
  if (!rawFrom) problems.push('From: missing');
  else if (!from) problems.push('From: not a phone number');
  if (!rawTo) problems.push('To: missing');
  else if (!to) problems.push('To: not a phone number');
  const body = field('Body');
  const numMedia = Number(field('NumMedia') ?? '0');
  if (body === undefined && !(numMedia > 0)) problems.push('Body: missing');
  if (problems.length > 0 || !from || !to) return { kind: 'invalid', problems };

  const message: InboundMessage = { channel: 'sms', providerMessageId: sid, to, from, sentAt, kind: 'text', text: body ?? '' };
  if (numMedia > 0) {
    const contentType = field('MediaContentType0');
    const url = field('MediaUrl0');
    message.kind = 'media';
    message.media = { type: mediaKind(contentType) };
    if (contentType) message.media.mimeType = contentType;
    const mediaSid = url?.split('/').pop();
    if (mediaSid) message.media.id = mediaSid;
  }
  return { kind: 'message', message };
}

function mediaKind(contentType: string | undefined): MediaKind {
  const type = contentType?.split('/')[0];
  if (type === 'image') return 'image';
  if (type === 'audio') return 'audio';
  if (type === 'video') return 'video';
  if (contentType === 'text/vcard' || contentType === 'text/x-vcard') return 'contacts';
  return contentType ? 'document' : 'unknown';
}
