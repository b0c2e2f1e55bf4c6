import { randomUUID } from 'node:crypto';
import type { ChannelSender, OutboundMessage, SendResult } from '../types';

/**
 * The simulator's "provider": a reply is delivered the moment it is sent; the page and
 * `atende chat` see it through the event bus (`message_status: sent`). Templates show their
 * fallback text, as SMS would.
 */
export class SimulatorSender implements ChannelSender {
  readonly channel = 'simulator' as const;
  readonly sent: { from: string; message: OutboundMessage; id: string }[] = [];

  async send(from: string, message: OutboundMessage): Promise<SendResult> {
    const id = `sim-out-${randomUUID()}`;
    // Bounded memory: the history lives in Postgres; this list only helps tests and debugging.
    if (this.sent.length > 1000) this.sent.splice(0, this.sent.length - 1000);
    this.sent.push({ from, message, id });
    return { providerMessageId: id };
  }
}
