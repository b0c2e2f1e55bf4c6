import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs (pino). Log records carry ids, never patient data; these paths are a safety
 * net for the day someone logs an object that happens to hold a phone, a name or a message body.
 */
const REDACT = [
  'phone', '*.phone', 'from', '*.from', 'to', '*.to', 'patientAddress', '*.patientAddress',
  '*.name', 'profileName', '*.profileName', 'cpf', '*.cpf', 'email', '*.email',
  'body', '*.body', 'text', '*.text', 'password', '*.password', 'authorization', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'req.headers.cookie', 'token', '*.token',
];

const CPF = /\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b/g;
const PHONE = /\+?\d[\d\s().-]{8,}\d/g;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/g;

/** Masks CPF, phone numbers and e-mails inside free text (error messages, URLs). */
export function maskPii(text: string): string {
  return text.replace(EMAIL, '[email]').replace(CPF, '[cpf]').replace(PHONE, '[phone]');
}

/**
 * Errors as operators need them — type, code, masked message and stack, the cause chain — and
 * nothing else: Drizzle and postgres.js attach the failed query's parameters (names, health text,
 * phones) to their errors, which must never reach a log. A string passed as `err` is masked too.
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (err == null) return err;
  if (typeof err !== 'object') return maskPii(String(err));
  const e = err as Record<string, unknown> & { message?: unknown; stack?: unknown; name?: unknown; code?: unknown; cause?: unknown };
  const out: Record<string, unknown> = {
    type: typeof e.name === 'string' ? e.name : (err as object).constructor?.name,
    message: maskPii(String(e.message ?? '')).replace(/\nparams: .*$/s, ''),
  };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  for (const k of ['status', 'constraint_name', 'constraint', 'severity', 'provider', 'permanent']) {
    const v = (e as Record<string, unknown>)[k];
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  if (typeof e.stack === 'string') out.stack = maskPii(e.stack.replace(/\nparams: [^\n]*/g, ''));
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, depth + 1);
  return out;
}

export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'atende',
      level: options.level ?? 'info',
      redact: { paths: REDACT, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError },
    },
    options.destination,
  );
}

/** A logger that drops everything (tests that assert on behaviour, not logs). */
export const silentLogger: Logger = pino({ level: 'silent' });
