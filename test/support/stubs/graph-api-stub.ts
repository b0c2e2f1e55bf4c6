import type { IncomingHttpHeaders } from 'node:http';
import { startScriptedServer, type Stub, type StubReply } from './scripted-server';

export { times, type StubBehaviour, type StubReply, type StubStep } from './scripted-server';

/** What the Graph stub saw. */
export interface GraphRequest {
  method: string;
  path: string;
  /** From `/{version}/{phone_number_id}/messages`. */
  phoneNumberId: string | undefined;
  authorization: string | undefined;
  contentType: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON (undefined if it was not JSON). */
  json: unknown;
}

export type GraphApiStub = Stub<GraphRequest>;

let counter = 0;

/**
 * Plays Meta's Graph API messages endpoint on 127.0.0.1: `POST /{version}/{phone_number_id}/messages`
 * answers like Meta (`{messaging_product, contacts:[{input, wa_id}], messages:[{id:"wamid…"}]}`),
 * records each request, and can be scripted to fail, stall or answer Meta errors.
 * Point GraphApiSender at `${stub.url}/v21.0`.
 */
export async function startGraphApiStub(): Promise<GraphApiStub> {
  return startScriptedServer<GraphRequest>({
    record: (raw) => ({
      method: raw.method,
      path: raw.path,
      phoneNumberId: /^\/[^/]+\/([^/]+)\/messages(?:\?.*)?$/.exec(raw.path)?.[1],
      authorization: header(raw.headers.authorization),
      contentType: header(raw.headers['content-type']),
      headers: raw.headers,
      body: raw.body,
      json: safeJson(raw.body),
    }),
    success: (req) => {
      if (req.method !== 'POST' || !req.phoneNumberId) {
        return graphError(100, { status: 400, message: 'Unsupported post request.', type: 'GraphMethodException' });
      }
      if (!req.authorization?.startsWith('Bearer ')) {
        return graphError(190, { status: 401, message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException' });
      }
      const to = (req.json as { to?: unknown } | undefined)?.to;
      counter += 1;
      const id = `wamid.${Buffer.from(`stub-${Date.now()}-${counter}`).toString('base64')}`;
      return {
        status: 200,
        body: {
          messaging_product: 'whatsapp',
          contacts: [{ input: String(to ?? ''), wa_id: String(to ?? '') }],
          messages: [{ id }],
        },
      };
    },
  });
}

/**
 * A Graph error answer as Meta shapes it:
 * `{error:{message, type, code, error_data:{messaging_product, details}, error_subcode?, fbtrace_id}}`.
 * @defaultValue status 400, type "OAuthException"
 */
export function graphError(
  code: number,
  options: { status?: number; message?: string; type?: string; details?: string; subcode?: number } = {},
): StubReply {
  return {
    status: options.status ?? 400,
    body: {
      error: {
        message: options.message ?? `(#${code}) ${GRAPH_TITLES[code] ?? 'Error'}`,
        type: options.type ?? 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details: options.details ?? GRAPH_TITLES[code] ?? 'Error' },
        ...(options.subcode !== undefined ? { error_subcode: options.subcode } : {}),
        fbtrace_id: 'AbCdEfGhIjKlMnOpQrStUvW',
      },
    },
  };
}

const GRAPH_TITLES: Record<number, string> = {
  100: 'Invalid parameter',
  131047: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  130429: 'Rate limit hit',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  131026: 'Message undeliverable',
  132001: 'Template name does not exist in the translation',
  190: 'Access token has expired',
};

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
