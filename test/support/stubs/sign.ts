import { createHmac } from 'node:crypto';

/**
 * The `X-Hub-Signature-256` value Meta would send for `body` (the exact raw bytes) — for tests
 * that POST fixtures to the webhook or call verifySignature.
 */
export function signPayload(body: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
