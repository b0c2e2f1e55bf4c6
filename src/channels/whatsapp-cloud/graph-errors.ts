import { ProviderError } from '../../lib/errors';
import type { StatusUpdate } from '../types';

/** The `provider` of every ProviderError/TransportError raised by the Cloud API adapter. */
export const GRAPH_PROVIDER = 'whatsapp-cloud';

/**
 * Meta codes that mean "not now" rather than "never" (Meta's error-code reference): retrying
 * later can succeed, whatever the HTTP status says (Graph often answers 400 for them).
 * - 1 API Unknown (possible server error), 2 API Service (downtime/overload)
 * - 4 app call-rate limit, 80007 WABA rate limit, 130429 throughput limit
 * - 131000 something went wrong, 131016 service unavailable
 * - 131048 spam rate limit (quality-based; may take hours to clear)
 * - 131056 (business, consumer) pair rate limit (about one message per 6 s per recipient)
 */
export const TEMPORARY_GRAPH_CODES: ReadonlySet<number> = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056]);

/**
 * 131047 "Re-engagement message": more than 24 h since the patient last wrote, so only an
 * approved template may be sent. Permanent for this text, but the caller can switch to a template.
 */
export const OUTSIDE_WINDOW_CODES: ReadonlySet<number> = new Set([131047]);

/** Graph's error body: `{ error: { message, type, code, error_subcode, error_data, fbtrace_id } }`. */
export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_data?: { messaging_product?: string; details?: string };
  fbtrace_id?: string;
}

/**
 * Builds the ProviderError for a non-2xx Graph answer. `.permanent` is decided by Meta's code
 * first (a rate limit answered with 400 is still worth a retry) and by the HTTP status otherwise:
 * 5xx, 408 and 429 retry, other 4xx do not.
 */
export function graphProviderError(status: number, body: unknown, rawText: string): ProviderError {
  const error = readGraphError(body);
  const code = error?.code;
  const details = error?.error_data?.details;
  const message = [error?.message ?? (rawText.slice(0, 200) || 'empty body'), details].filter(Boolean).join(' — ');
  let permanent: boolean;
  if (code !== undefined && TEMPORARY_GRAPH_CODES.has(code)) permanent = false;
  else if (code !== undefined && OUTSIDE_WINDOW_CODES.has(code)) permanent = true;
  else permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  const withCode = code === undefined ? {} : { code };
  return new ProviderError(GRAPH_PROVIDER, status, message, { ...withCode, permanent, body: body ?? rawText });
}

/**
 * True when a send failed only because the 24-hour customer-service window is closed, either
 * synchronously (a ProviderError from GraphApiSender) or later (a `failed` StatusUpdate from the
 * webhook). The caller then re-sends as an approved template.
 */
export function isOutsideWindowError(err: unknown): boolean {
  if (err instanceof ProviderError) return err.provider === GRAPH_PROVIDER && OUTSIDE_WINDOW_CODES.has(Number(err.details.code));
  const update = err as Partial<StatusUpdate> | null;
  return (
    !!update &&
    typeof update === 'object' &&
    update.channel === 'whatsapp' &&
    update.status === 'failed' &&
    OUTSIDE_WINDOW_CODES.has(Number(update.error?.code))
  );
}

function readGraphError(body: unknown): GraphErrorBody | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const error = (body as { error?: unknown }).error;
  if (!error || typeof error !== 'object') return undefined;
  const e = error as Record<string, unknown>;
  const out: GraphErrorBody = {};
  if (typeof e['message'] === 'string') out.message = e['message'];
  if (typeof e['type'] === 'string') out.type = e['type'];
  const code = typeof e['code'] === 'string' ? Number(e['code']) : e['code'];
  if (typeof code === 'number' && Number.isFinite(code)) out.code = code;
  if (typeof e['error_subcode'] === 'number') out.error_subcode = e['error_subcode'];
  if (typeof e['fbtrace_id'] === 'string') out.fbtrace_id = e['fbtrace_id'];
  const data = e['error_data'];
  if (data && typeof data === 'object' && typeof (data as { details?: unknown }).details === 'string') {
    out.error_data = { details: (data as { details: string }).details };
  }
  return out;
}
