import { z } from 'zod';

/**
 * The only place that reads `process.env`. Everything else receives a parsed `Env`.
 * Each default here is the embedded default: with no variable set, `npm start` runs a whole
 * clinic on PGlite, the in-process job runner and the deterministic understanding engine.
 * `.env.example` documents the same list; a test keeps the two in step.
 */
const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .default('0')
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.string().url().optional())
  .optional();

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** HTTP port. @defaultValue 3000 */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. @defaultValue 127.0.0.1 (docker-compose sets 0.0.0.0) */
  HOST: z.string().default('127.0.0.1'),
  /** Public base URL, used in links the bot and the inbox print. */
  PUBLIC_URL: optionalUrl,
  /** Where PGlite, whatsapp-web.js sessions and generated local keys live. @defaultValue ./.data */
  DATA_DIR: z.string().default('./.data'),
  /** Postgres URL; unset → embedded PGlite under DATA_DIR. */
  DATABASE_URL: optionalUrl,
  /**
   * Postgres connections per process. Unset → twice the cores (4–20): past that, more connections
   * only queue inside Postgres, and each one costs the app a socket write per query.
   */
  DATABASE_POOL_SIZE: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().int().min(1).max(200).optional()),
  /** Redis URL; unset → in-process job runner. */
  REDIS_URL: optionalUrl,
  /** Prefix of BullMQ queue names, so several deployments (or tests) can share one Redis. */
  QUEUE_PREFIX: z.string().default('atende'),
  /** Owner-editable folders. */
  FLOWS_DIR: z.string().default('./flows'),
  PROMPTS_DIR: z.string().default('./prompts'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** LLM: any OpenAI-compatible server. The agent runs when a key or a base URL is set. */
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  /** Per-call LLM timeout; past it the deterministic engine answers. @defaultValue 12000 */
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(12_000),

  /** WhatsApp Cloud API. */
  WHATSAPP_APP_SECRET: optionalString,
  WHATSAPP_VERIFY_TOKEN: optionalString,
  WHATSAPP_TOKEN: optionalString,
  WHATSAPP_GRAPH_URL: z.string().url().default('https://graph.facebook.com/v21.0'),
  WHATSAPP_PHONE_NUMBER_ID: optionalString,
  /** Outbound HTTP timeout for every provider call. @defaultValue 10000 */
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),

  /** whatsapp-web.js (QR login) for clinics without the Business API. */
  WHATSAPP_WEB: flag,
  WHATSAPP_WEB_CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),

  /** SMS provider (Twilio-compatible REST API). */
  SMS_BASE_URL: z.string().url().default('https://api.twilio.com'),
  SMS_ACCOUNT_SID: optionalString,
  SMS_AUTH_TOKEN: optionalString,
  SMS_FROM: optionalString,

  /**
   * AES-256-GCM keys for CPF and health answers: `keyId:base64key[,keyId:base64key…]`; the first
   * encrypts, all decrypt. Unset → a key generated once under DATA_DIR (embedded default only).
   */
  ENCRYPTION_KEYS: optionalString,
  /** Secret for staff session and CSRF tokens. Unset → generated once under DATA_DIR. */
  SESSION_SECRET: optionalString,

  /** How long a worker owns a conversation's turn before another may take over (a dead worker's lease lapses). @defaultValue 30000 */
  TURN_LEASE_MS: z.coerce.number().int().min(500).default(30_000),
  /** Messages per sender per minute before the bot goes quiet (one polite notice). @defaultValue 20 */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /** Requests per IP per minute on public webhooks. @defaultValue 600 */
  IP_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Message bodies older than this are erased by the retention job. @defaultValue 365 */
  RETENTION_DAYS: z.coerce.number().int().positive().default(365),
  /** The web simulator (/simulator): auto = on, except with NODE_ENV=production. */
  SIMULATOR: z.enum(['auto', 'on', 'off']).default('auto'),
  /** Bearer token required on /metrics; unset = open (expose it only on an internal network). */
  METRICS_TOKEN: optionalString,
  /** Run job workers inside the web process (embedded default) or only in `atende worker`. */
  RUN_WORKERS: z.enum(['auto', 'yes', 'no']).default('auto'),

  /** Milliseconds between reminder reconciler passes (fire due steps, plan missed bookings, re-add timers). @defaultValue 60000 */
  REMINDER_RECONCILE_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Reminder steps due within this many minutes get a queue timer; later ones get it as they come near. @defaultValue 30 */
  REMINDER_TIMER_HORIZON_MINUTES: z.coerce.number().int().min(1).default(30),
  /** Hours between scheduled risk-model retraining checks; 0 turns scheduled retraining off. @defaultValue 24 */
  RISK_RETRAIN_HOURS: z.coerce.number().min(0).max(24 * 24).default(24),
  /** Outcomes (attended / no-show) recorded since the active model needed before a scheduled retrain. @defaultValue 100 */
  RISK_RETRAIN_MIN_NEW_OUTCOMES: z.coerce.number().int().min(1).default(100),
});

export type Env = z.infer<typeof envSchema>;

/** Thrown with one line per bad variable, so a misconfigured deploy fails at start, clearly. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
}

/** The variables the schema knows, for `.env.example` checks and docs. */
export const envKeys = Object.keys(envSchema.shape);

/** Entry points call this once; tests build an Env from a plain object instead. */
export function loadEnv(): Env {
  return parseEnv(process.env);
}
