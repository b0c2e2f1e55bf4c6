import { AppError, ProviderError } from '../../lib/errors';
import { httpRequest } from '../../lib/http-client';
import { normalizePhone } from '../normalize-phone';
import type { ChannelSender, OutboundMessage, SendResult } from '../types';

/** The `provider` of every ProviderError/TransportError raised by the SMS adapter. */
export const SMS_PROVIDER = 'twilio';

export interface TwilioSmsSenderOptions {
  /** API origin (SMS_BASE_URL). @defaultValue "https://api.twilio.com" */
  baseUrl?: string;
  accountSid: string;
  authToken: string;
  /** Deadline per call, body included. @defaultValue 10000 */
  timeoutMs?: number;
  /**
   * Where Twilio should POST delivery updates for each message (our status webhook URL). Unset →
   * none are requested (or the number's/messaging service's default applies).
   */
  statusCallbackUrl?: string;
}

/**
 * Sends SMS through Twilio's (or a Twilio-compatible provider's) Messages API:
 * `POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded To/From/Body, HTTP Basic auth.
 * `from` in `send` is the clinic's SMS number (or a Messaging Service sid "MG…"). SMS has no
 * templates: a template message is sent as its `fallbackText`.
 *
 * Throws ProviderError (Twilio answered `{code, message, more_info, status}`; permanent for 4xx
 * except 408/429) or TransportError (no answer in time).
 */
export class TwilioSmsSender implements ChannelSender {
  readonly channel = 'sms' as const;
  private readonly url: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: TwilioSmsSenderOptions) {
    const base = (options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '');
    this.url = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(from: string, message: OutboundMessage): Promise<SendResult> {
    const to = normalizePhone(message.to);
    if (!to) throw new AppError('INVALID_RECIPIENT', `not a phone number: "${message.to}"`);
    const form = new URLSearchParams({ To: to });
    // A Messaging Service sid ("MG…") picks the sender from its pool; anything else is the number.
    if (/^MG[0-9a-f]{32}$/i.test(from)) form.set('MessagingServiceSid', from);
    else form.set('From', from);
    form.set('Body', message.kind === 'text' ? message.text : message.fallbackText);
    if (this.options.statusCallbackUrl) form.set('StatusCallback', this.options.statusCallbackUrl);

    const response = await httpRequest(SMS_PROVIDER, {
      method: 'POST',
      url: this.url,
      headers: {
        authorization: this.authorization,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
      timeoutMs: this.timeoutMs,
    });
    if (response.status < 200 || response.status >= 300) {
      throw twilioProviderError(response.status, response.json, response.text);
    }
    const sid = readSid(response.json);
    if (!sid) {
      // The message may be queued already; a retry could send it twice.
      throw new ProviderError(SMS_PROVIDER, response.status, 'answer without sid', {
        permanent: true,
        body: response.json ?? response.text,
      });
    }
    return { providerMessageId: sid };
  }
}

/** Twilio error body: `{ code: 21211, message: "…", more_info: "https://…/21211", status: 400 }`. */
function twilioProviderError(status: number, body: unknown, rawText: string): ProviderError {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const message = typeof b['message'] === 'string' ? b['message'] : rawText.slice(0, 200) || 'empty body';
  const code = typeof b['code'] === 'number' || typeof b['code'] === 'string' ? b['code'] : undefined;
  return new ProviderError(SMS_PROVIDER, status, message, { ...(code !== undefined ? { code } : {}), body: body ?? rawText });
}

function readSid(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const sid = (body as { sid?: unknown }).sid;
  return typeof sid === 'string' && sid !== '' ? sid : undefined;
}
