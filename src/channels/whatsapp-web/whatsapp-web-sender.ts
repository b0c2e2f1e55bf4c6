import { AppError, ProviderError, TransportError } from '../../lib/errors';
import { normalizePhone } from '../normalize-phone';
import type { ChannelSender, OutboundMessage, SendResult } from '../types';
import type { WwebClientLike } from './wweb-client';

export const WWEB_PROVIDER = 'whatsapp-web';

/**
 * Sends through the whatsapp-web.js session: `client.sendMessage(chatId, text)`; the id of the
 * sent message is its `id._serialized`. WhatsApp Web has no templates, so a template message is
 * sent as its `fallbackText`. `from` is ignored: one adapter holds one account.
 *
 * The number is first resolved with `getNumberId`, which returns the id WhatsApp actually
 * registered (Brazilian mobiles may or may not carry the 9th digit); an unknown number is a
 * permanent ProviderError (status 404). Not connected, a browser error or no answer within the
 * deadline is a TransportError — the outbound queue retries it.
 */
export class WhatsAppWebSender implements ChannelSender {
  readonly channel = 'whatsapp_web' as const;

  constructor(
    private readonly readyClient: () => WwebClientLike | undefined,
    private readonly state: () => string,
    private readonly options: { timeoutMs: number },
  ) {}

  async send(_from: string, message: OutboundMessage): Promise<SendResult> {
    const to = normalizePhone(message.to);
    if (!to) throw new AppError('INVALID_RECIPIENT', `not a phone number: "${message.to}"`);
    const client = this.readyClient();
    if (!client) throw new TransportError(WWEB_PROVIDER, `session not ready (${this.state()})`);
    const digits = to.slice(1);
    const text = message.kind === 'text' ? message.text : message.fallbackText;

    let chatId = `${digits}@c.us`;
    if (client.getNumberId) {
      const wid = await this.withDeadline(client.getNumberId(digits), 'getNumberId');
      if (!wid) {
        throw new ProviderError(WWEB_PROVIDER, 404, `${to} is not on WhatsApp`, { code: 'not_on_whatsapp', permanent: true });
      }
      chatId = wid._serialized;
    }
    const sent = await this.withDeadline(client.sendMessage(chatId, text), 'sendMessage');
    const id = sent?.id?._serialized;
    if (typeof id !== 'string' || id === '') {
      throw new ProviderError(WWEB_PROVIDER, 200, 'sendMessage returned no message id', { permanent: true });
    }
    return { providerMessageId: id };
  }

  private async withDeadline<T>(work: Promise<T>, what: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TransportError(WWEB_PROVIDER, `${what}: no answer within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
    });
    try {
      return await Promise.race([work, deadline]);
    } catch (err) {
      if (err instanceof TransportError || err instanceof ProviderError) throw err;
      throw new TransportError(WWEB_PROVIDER, `${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    } finally {
      clearTimeout(timer);
    }
  }
}
