import http from 'node:http';
import https from 'node:https';
import { TransportError } from './errors';

/**
 * Every provider call (Graph API, Twilio, …) needs the same three things: a hard deadline that
 * also covers reading the body, one error type for "no usable answer" (so the outbound queue knows
 * a retry may help) and the raw body kept for error reports. Provider-specific meaning of the
 * status and body stays with each adapter.
 *
 * Built on node:http with kept-alive connections rather than fetch: a send is one small JSON POST,
 * and fetch's stream machinery cost about as much app time per message as the rest of the send
 * path (webhook benchmark profile).
 */

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Deadline for the whole exchange, body included. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: http.IncomingHttpHeaders;
  /** The body as text ('' when empty). */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** Connections to a provider stay open between calls (one TLS handshake, not one per message). */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 60_000 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 60_000 }),
};

/**
 * Sends one request and reads the whole answer. Resolves for every HTTP status but redirects (the
 * caller decides what a 4xx/5xx means); rejects only with `TransportError` — refused, reset, DNS,
 * timeout, or a redirect (a provider API never redirects a send; following one could leak the token).
 */
export function httpRequest(provider: string, request: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (err) {
      reject(new TransportError(provider, `invalid URL ${request.url}`, { cause: err }));
      return;
    }
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) {
      reject(new TransportError(provider, `unsupported protocol ${url.protocol}`));
      return;
    }
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const headers: Record<string, string | number> = { ...request.headers };
    if (body) headers['content-length'] = body.length;
    let settled = false;
    const fail = (message: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new TransportError(provider, message, cause === undefined ? undefined : { cause }));
    };
    const req = (url.protocol === 'https:' ? https : http).request(url, { method: request.method, headers, agent }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        fail(`refused a redirect (${status}) to ${res.headers.location ?? 'nowhere'}`);
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err) => fail(describeNetworkError(err), err));
      res.on('aborted', () => fail('the connection closed before the whole answer arrived'));
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) return fail('the connection closed before the whole answer arrived');
        settled = true;
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status, headers: res.headers, text, json: parseJson(text) });
      });
    });
    const timer = setTimeout(() => fail(`no answer within ${request.timeoutMs} ms`), request.timeoutMs);
    req.on('error', (err) => fail(describeNetworkError(err), err));
    req.end(body);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1234", the useful part of a socket error. */
function describeNetworkError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
}
