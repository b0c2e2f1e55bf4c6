import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { startScriptedServer, type Stub, type StubReply } from './scripted-server';

export { times, type StubBehaviour, type StubReply, type StubStep } from './scripted-server';

/** What the SMS stub saw. */
export interface SmsRequest {
  method: string;
  path: string;
  /** From `/2010-04-01/Accounts/{sid}/Messages.json`. */
  accountSid: string | undefined;
  authorization: string | undefined;
  /** Decoded HTTP Basic credentials. */
  basicAuth: { user: string; password: string } | undefined;
  contentType: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
  /** The form-encoded body, decoded. */
  form: Record<string, string>;
}

export type SmsStub = Stub<SmsRequest>;

/**
 * Plays Twilio's Messages API on 127.0.0.1: `POST /2010-04-01/Accounts/{sid}/Messages.json`
 * (form-encoded To/From/Body, Basic auth) answers 201 with a Message resource (`sid: "SM…"`,
 * status "queued"), records each request, and can be scripted like the Graph stub.
 */
export async function startSmsStub(): Promise<SmsStub> {
  return startScriptedServer<SmsRequest>({
    record: (raw) => {
      const authorization = Array.isArray(raw.headers.authorization) ? raw.headers.authorization[0] : raw.headers.authorization;
      return {
        method: raw.method,
        path: raw.path,
        accountSid: /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(raw.path)?.[1],
        authorization,
        basicAuth: decodeBasic(authorization),
        contentType: raw.headers['content-type'],
        headers: raw.headers,
        body: raw.body,
        form: Object.fromEntries(new URLSearchParams(raw.body)),
      };
    },
    success: (req) => {
      if (req.method !== 'POST' || !req.accountSid) {
        return twilioError(20404, { status: 404, message: 'The requested resource was not found' });
      }
      if (!req.basicAuth || req.basicAuth.user !== req.accountSid) {
        return twilioError(20003, { status: 401, message: 'Authenticate' });
      }
      if (!req.form['To'] || !(req.form['From'] || req.form['MessagingServiceSid']) || req.form['Body'] === undefined) {
        return twilioError(21604, { status: 400, message: "A 'To' phone number is required." });
      }
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const now = new Date().toUTCString().replace('GMT', '+0000');
      return {
        status: 201,
        body: {
          account_sid: req.accountSid,
          api_version: '2010-04-01',
          body: req.form['Body'],
          date_created: now,
          date_sent: null,
          date_updated: now,
          direction: 'outbound-api',
          error_code: null,
          error_message: null,
          from: req.form['From'] ?? null,
          messaging_service_sid: req.form['MessagingServiceSid'] ?? null,
          num_media: '0',
          num_segments: '1',
          price: null,
          price_unit: 'USD',
          sid,
          status: 'queued',
          to: req.form['To'],
          uri: `/2010-04-01/Accounts/${req.accountSid}/Messages/${sid}.json`,
        },
      };
    },
  });
}

/** A Twilio REST error: `{code, message, more_info, status}`. @defaultValue status 400 */
export function twilioError(code: number, options: { status?: number; message?: string } = {}): StubReply {
  const status = options.status ?? 400;
  return {
    status,
    body: {
      code,
      message: options.message ?? `Error ${code}`,
      more_info: `https://www.twilio.com/docs/errors/${code}`,
      status,
    },
  };
}

function decodeBasic(header: string | undefined): { user: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
