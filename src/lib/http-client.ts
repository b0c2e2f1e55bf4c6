import { TransportError } from './errors';

/**
 * Every provider call (Graph API, Twilio, …) needs the same three things: a hard deadline that
 * also covers reading the body, one error type for "no usable answer" (so the outbound queue knows
 * a retry may help) and the raw body kept for error reports. Provider-specific meaning of the
 * status and body stays with each adapter.
 */

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Deadline for the whole exchange, body included. */
  timeoutMs: number;
  /** Injected in tests or to add instrumentation. @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body as text ('' when empty). */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/**
 * Sends one request and reads the whole answer. Resolves for every HTTP status (the caller decides
 * what a 4xx/5xx means); rejects only with `TransportError` — refused, reset, DNS, timeout.
 */
export async function httpRequest(provider: string, request: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  const doFetch = request.fetch ?? globalThis.fetch;
  try {
    const response = await doFetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      redirect: 'error',
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parseJson(text) };
  } catch (err) {
    if (timedOut) {
      throw new TransportError(provider, `no answer within ${request.timeoutMs} ms`, { cause: err });
    }
    throw new TransportError(provider, describeNetworkError(err), { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** undici hides the useful part ("ECONNREFUSED 127.0.0.1:1234") in `cause`. */
function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return err.message;
}
