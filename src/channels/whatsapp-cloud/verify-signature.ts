import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Meta signs every webhook POST with `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw
 * body, keyed with the app secret>`. Anyone can reach the webhook URL, so nothing in a payload is
 * trusted before this returns true. It must see the exact bytes Meta sent (re-serialised JSON
 * differs in escaping and spacing), hence a Buffer and not a parsed body.
 *
 * Returns false for a missing or malformed header and for an empty secret; the comparison is
 * constant-time and only ever compares two 32-byte digests.
 */
export function verifySignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || typeof appSecret !== 'string' || appSecret === '') return false;
  if (!Buffer.isBuffer(rawBody)) return false;
  const match = SIGNATURE_HEADER.exec(header.trim());
  if (!match?.[1]) return false;
  const received = Buffer.from(match[1], 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return received.length === expected.length && timingSafeEqual(received, expected);
}
