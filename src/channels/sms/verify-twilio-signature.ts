import { createHmac, timingSafeEqual } from 'node:crypto';

/** Twilio form parameters: a repeated key arrives as an array. */
export type TwilioParams = Record<string, string | readonly string[] | undefined>;

/**
 * Twilio signs each webhook with `X-Twilio-Signature`: base64(HMAC-SHA1(authToken, url + every
 * POST parameter as name+value, names sorted)). The SMS webhook URL is public, so a request is
 * trusted only when this returns true.
 *
 * `url` must be exactly the URL Twilio called — the public one (PUBLIC_URL + path + query), not
 * the one behind a proxy. Like Twilio's own helper, both the URL with and without an explicit
 * standard port (:443 / :80) are accepted, because Twilio is inconsistent about it. `params` are
 * the parsed form fields (all of them, unmodified). Constant-time compare; false on any malformed
 * input.
 */
export function verifyTwilioSignature(
  url: string,
  params: TwilioParams,
  header: string | undefined,
  authToken: string,
): boolean {
  if (typeof header !== 'string' || typeof authToken !== 'string' || authToken === '') return false;
  if (!/^[A-Za-z0-9+/]{27}=$/.test(header.trim())) return false;
  const received = Buffer.from(header.trim(), 'base64');
  if (received.length !== 20) return false;
  let variants: string[];
  try {
    variants = urlVariants(url);
  } catch {
    return false;
  }
  let valid = false;
  for (const candidate of variants) {
    const expected = Buffer.from(twilioSignature(candidate, params, authToken), 'base64');
    // Evaluate every variant (no early exit) so timing does not depend on which one matched.
    valid = timingSafeEqual(received, expected) || valid;
  }
  return valid;
}

/**
 * The signature Twilio would send for `url` and `params`. Exported for tests and for stub
 * servers that play Twilio's part.
 */
export function twilioSignature(url: string, params: TwilioParams, authToken: string): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined) continue;
    if (typeof value === 'string') data += key + value;
    else for (const v of [...new Set(value)].sort()) data += key + v;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/** The URL as given, without the default port and with it (as twilio-node's validateRequest does). */
function urlVariants(url: string): string[] {
  const parsed = new URL(url);
  const standardPort = parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : '';
  if (parsed.port !== '' && parsed.port !== standardPort) return [url];
  // WHATWG URL drops a default port, so the "with port" variant is assembled by hand.
  const withoutPort = parsed.toString();
  const auth = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
  const withPort = standardPort
    ? `${parsed.protocol}//${auth}${parsed.hostname}:${standardPort}${parsed.pathname}${parsed.search}${parsed.hash}`
    : withoutPort;
  return [...new Set([url, withoutPort, withPort])];
}
