import { createHash, timingSafeEqual } from 'node:crypto';

/** Meta sends a number; anything else is not echoed back, so the endpoint cannot reflect markup. */
const CHALLENGE = /^[A-Za-z0-9._-]{1,256}$/;

/**
 * Meta verifies a webhook URL with `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`
 * and expects the challenge echoed back with 200 only if the token is ours. Returns the challenge
 * to send (as text/plain) or null, on which the caller answers 403.
 *
 * `query` is whatever the router parsed (express gives string | string[] | object per key); only
 * plain strings count. The token comparison is constant-time over SHA-256 digests, so neither the
 * token nor its length leaks through timing.
 */
export function verifyChallenge(query: Record<string, unknown> | undefined | null, verifyToken: string): string | null {
  if (!query || typeof query !== 'object' || typeof verifyToken !== 'string' || verifyToken === '') return null;
  const mode = hubParam(query, 'mode');
  const token = hubParam(query, 'verify_token');
  const challenge = hubParam(query, 'challenge');
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return null;
  if (!CHALLENGE.test(challenge)) return null;
  return sameSecret(token, verifyToken) ? challenge : null;
}

/** `hub.mode` as a flat key (express 5 default parser) or nested under `hub` (qs with allowDots). */
function hubParam(query: Record<string, unknown>, name: string): unknown {
  const flat = query[`hub.${name}`];
  if (flat !== undefined) return flat;
  const hub = query['hub'];
  return hub && typeof hub === 'object' ? (hub as Record<string, unknown>)[name] : undefined;
}

function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
