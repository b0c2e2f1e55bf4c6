/**
 * One error type for the domain: a stable code the caller (or the LLM tool layer) can branch on,
 * an internal message for logs, a patient-safe message in pt-BR, and recovery data such as the
 * alternatives offered when a slot was taken.
 */
export class AppError<Code extends string = string, Data = unknown> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly options: { patientMessage?: string; data?: Data; cause?: unknown; status?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
  }

  get data(): Data | undefined {
    return this.options.data;
  }

  /** Safe to show a patient; never contains internals. */
  get patientMessage(): string {
    return this.options.patientMessage ?? 'Desculpe, não consegui concluir agora. Pode tentar de novo?';
  }

  /** HTTP status when this error reaches the API. @defaultValue 400 */
  get status(): number {
    return this.options.status ?? 400;
  }
}

export function isAppError<C extends string>(err: unknown, code?: C): err is AppError<C> {
  return err instanceof AppError && (code === undefined || err.code === code);
}

/** The provider answered, with an error (HTTP 4xx/5xx or an error body). */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly status: number,
    message: string,
    readonly details: { code?: string | number; permanent?: boolean; body?: unknown } = {},
  ) {
    super(`${provider} answered ${status}: ${message}`);
    this.name = 'ProviderError';
  }

  /** Retrying cannot help (bad number, template not approved, auth): fall back or give up. */
  get permanent(): boolean {
    if (this.details.permanent !== undefined) return this.details.permanent;
    return this.status >= 400 && this.status < 500 && this.status !== 408 && this.status !== 429;
  }
}

/** No usable answer: connection refused, reset, DNS, timeout. Always worth a retry. */
export class TransportError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${provider} unreachable: ${message}`, options);
    this.name = 'TransportError';
  }
}

/** Thrown from a job when retrying cannot help; the job runner stops retrying it. */
export class UnrecoverableJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecoverableJobError';
  }
}
