import type { InboundMessage } from '../channels/types';
import { backoffDelay } from '../jobs/job-queue';
import { acceptInbound, type AcceptResult } from './accept-inbound';
import type { PipelineDeps } from './pipeline-deps';

/**
 * For channels that never redeliver (whatsapp-web.js hands us each message once): keep trying to
 * persist it through a database blip, with backoff, for about two minutes, before giving up loudly.
 * Webhook channels do not need this — the provider retries when we answer 503.
 */
export async function acceptWithRetry(deps: PipelineDeps, message: InboundMessage, options: { attempts?: number; baseMs?: number } = {}): Promise<AcceptResult | null> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      return await acceptInbound(deps, message);
    } catch (err) {
      if (attempt >= attempts) {
        deps.logger.error({ err, channel: message.channel, providerMessageId: message.providerMessageId }, 'inbound message could not be stored after retries; it is lost');
        deps.metrics?.error('accept');
        return null;
      }
      await new Promise((r) => setTimeout(r, backoffDelay(attempt, options.baseMs ?? 1000, 30_000)));
    }
  }
}
