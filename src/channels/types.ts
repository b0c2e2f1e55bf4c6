/**
 * Every channel adapter turns its provider's payloads into these shapes, and sends these shapes,
 * so the pipeline never knows which provider a patient used.
 */

export const CHANNELS = ['whatsapp', 'whatsapp_web', 'sms', 'simulator'] as const;
export type Channel = (typeof CHANNELS)[number];

export type MediaKind = 'audio' | 'image' | 'video' | 'document' | 'sticker' | 'location' | 'contacts' | 'reaction' | 'unknown';

export interface InboundMessage {
  channel: Channel;
  /** The provider's id for this message; (channel, providerMessageId) is unique — the dedupe key. */
  providerMessageId: string;
  /**
   * The clinic address that received it: the Cloud API phone_number_id, the SMS "To" number,
   * the whatsapp-web.js account number, or the simulator's clinic id. Selects the clinic.
   */
  to: string;
  /** The patient's phone in E.164 ("+5511987654321"). */
  from: string;
  /** The WhatsApp profile name, when the provider sends one. */
  profileName?: string;
  /** When the patient sent it (provider timestamp); dates are resolved against it. */
  sentAt: Date;
  /** `text` and `interactive` carry words to understand; `media` gets a polite "text only" answer. */
  kind: 'text' | 'interactive' | 'media';
  /** Text body, the title of an interactive reply, or a media caption ('' when none). */
  text: string;
  /** Id of the button / list row the patient tapped. */
  replyId?: string;
  media?: { type: MediaKind; id?: string; mimeType?: string };
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/** A provider telling us what happened to a message we sent. */
export interface StatusUpdate {
  channel: Channel;
  providerMessageId: string;
  status: DeliveryStatus;
  at: Date;
  recipient?: string;
  error?: { code?: string | number; title?: string };
}

export interface TemplateMessage {
  /** Approved template name (WhatsApp) — SMS renders `fallbackText` instead. */
  name: string;
  /** BCP-47-ish language code Meta expects, e.g. "pt_BR". */
  language: string;
  /** Body parameters, in order ({{1}}, {{2}}…). */
  params: string[];
}

export type OutboundMessage =
  | { kind: 'text'; to: string; text: string }
  | { kind: 'template'; to: string; template: TemplateMessage; fallbackText: string };

export interface SendResult {
  providerMessageId: string;
}

/**
 * Sends over one provider. `from` is the clinic address on that channel (phone_number_id, SMS
 * number…). Throws `ProviderError` (the provider refused; see `.permanent`) or `TransportError`.
 */
export interface ChannelSender {
  readonly channel: Channel;
  send(from: string, message: OutboundMessage): Promise<SendResult>;
}
