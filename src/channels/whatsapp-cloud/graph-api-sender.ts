import { AppError, ProviderError } from '../../lib/errors';
import { httpRequest } from '../../lib/http-client';
import type { ChannelSender, OutboundMessage, SendResult } from '../types';
import { GRAPH_PROVIDER, graphProviderError } from './graph-errors';

export interface GraphApiSenderOptions {
  /** Graph base URL including the version, e.g. "https://graph.facebook.com/v21.0" (WHATSAPP_GRAPH_URL). */
  graphUrl: string;
  /** System-user access token (WHATSAPP_TOKEN). */
  token: string;
  /** Deadline per call, body included. @defaultValue 10000 */
  timeoutMs?: number;
}

/**
 * Sends over Meta's WhatsApp Cloud API: `POST {graphUrl}/{phone_number_id}/messages`. `from` in
 * `send` is the clinic's phone_number_id. Free text only works inside the 24-hour window; outside
 * it Meta answers 131047 (see `isOutsideWindowError`) and the caller sends a template instead.
 *
 * Throws ProviderError (Meta answered an error; `.permanent` tells whether a retry can help) or
 * TransportError (no answer in time). A 2xx without a message id is a permanent ProviderError:
 * the message may have gone out, and retrying could send it twice.
 */
export class GraphApiSender implements ChannelSender {
  readonly channel = 'whatsapp' as const;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphApiSenderOptions) {
    this.baseUrl = options.graphUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async send(from: string, message: OutboundMessage): Promise<SendResult> {
    if (!/^\d+$/.test(from)) {
      throw new AppError('INVALID_SENDER', `WhatsApp phone_number_id must be digits, got "${from}"`);
    }
    const response = await httpRequest(GRAPH_PROVIDER, {
      method: 'POST',
      url: `${this.baseUrl}/${from}/messages`,
      headers: {
        authorization: `Bearer ${this.options.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(buildGraphMessage(message)),
      timeoutMs: this.timeoutMs,
    });
    if (response.status < 200 || response.status >= 300) {
      throw graphProviderError(response.status, response.json, response.text);
    }
    const id = readMessageId(response.json);
    if (!id) {
      throw new ProviderError(GRAPH_PROVIDER, response.status, 'answer without messages[0].id', {
        permanent: true,
        body: response.json ?? response.text,
      });
    }
    return { providerMessageId: id };
  }
}

/**
 * The JSON body Meta expects for one outbound message. Exported for tests and for anyone who
 * needs to log exactly what went out.
 */
export function buildGraphMessage(message: OutboundMessage): Record<string, unknown> {
  const to = recipientDigits(message.to);
  const common = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
  if (message.kind === 'text') {
    return { ...common, type: 'text', text: { body: message.text, preview_url: false } };
  }
  const { name, language, params } = message.template;
  const template: Record<string, unknown> = { name, language: { code: language } };
  if (params.length > 0) {
    template['components'] = [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }];
  }
  return { ...common, type: 'template', template };
}

/** Graph wants the international number as digits, without "+". */
function recipientDigits(to: string): string {
  const digits = to.replace(/[^\d]/g, '');
  if (!/^[1-9]\d{7,14}$/.test(digits) || /[^\d\s+().-]/.test(to)) {
    throw new AppError('INVALID_RECIPIENT', `not a phone number: "${to}"`);
  }
  return digits;
}

function readMessageId(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const messages = (body as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) return undefined;
  const first: unknown = messages[0];
  const id = first && typeof first === 'object' ? (first as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
