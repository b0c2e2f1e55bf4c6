/**
 * Login rate limiting: failures are counted per account (e-mail) and per client IP over a window;
 * at the limit the key is locked until the window ends and every attempt — even with the right
 * password — is refused with 429. Per account stops a distributed guess of one password; per IP
 * stops one client spraying many accounts. The IP limit is higher because a whole reception desk
 * usually shares one address. In memory, per process.
 */
export interface LoginThrottleOptions {
  /** Failures allowed per account within the window. @defaultValue 10 */
  maxFailuresPerAccount?: number;
  /** Failures allowed per client IP within the window. @defaultValue 30 */
  maxFailuresPerIp?: number;
  /** Window (and lock) length. @defaultValue 15 minutes */
  windowMs?: number;
  now?: () => number;
}

interface Counter {
  start: number;
  failures: number;
}

export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();
  private readonly maxPerAccount: number;
  private readonly maxPerIp: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private lastSweep = 0;

  constructor(options: LoginThrottleOptions = {}) {
    this.maxPerAccount = options.maxFailuresPerAccount ?? 10;
    this.maxPerIp = options.maxFailuresPerIp ?? 30;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  private keys(ip: string, email: string): string[] {
    return [`ip:${ip}`, `account:${email.trim().toLowerCase()}`];
  }

  private live(key: string, t: number): Counter | undefined {
    const c = this.counters.get(key);
    if (c && t - c.start >= this.windowMs) {
      this.counters.delete(key);
      return undefined;
    }
    return c;
  }

  /** Milliseconds until this IP or account may try again; 0 when allowed now. */
  retryAfterMs(ip: string, email: string): number {
    const t = this.now();
    let wait = 0;
    for (const key of this.keys(ip, email)) {
      const c = this.live(key, t);
      const max = key.startsWith('ip:') ? this.maxPerIp : this.maxPerAccount;
      if (c && c.failures >= max) wait = Math.max(wait, c.start + this.windowMs - t);
    }
    return wait;
  }

  recordFailure(ip: string, email: string): void {
    const t = this.now();
    this.sweep(t);
    for (const key of this.keys(ip, email)) {
      const c = this.live(key, t) ?? { start: t, failures: 0 };
      c.failures++;
      this.counters.set(key, c);
    }
  }

  /**
   * Checks and counts in one synchronous step, before the (slow, asynchronous) password check: an
   * attempt is a failure until {@link recordSuccess} says otherwise. Checking first and counting
   * after the await would let a burst of parallel guesses all pass the check.
   * @returns milliseconds to wait (nothing counted) or 0 (the attempt is counted and may proceed)
   */
  reserve(ip: string, email: string): number {
    const wait = this.retryAfterMs(ip, email);
    if (wait === 0) this.recordFailure(ip, email);
    return wait;
  }

  /**
   * A successful login clears the account's count (the IP's stays: it may be spraying), minus the
   * attempt {@link reserve} counted for this success.
   */
  recordSuccess(email: string, ip?: string): void {
    this.counters.delete(`account:${email.trim().toLowerCase()}`);
    const c = ip === undefined ? undefined : this.counters.get(`ip:${ip}`);
    if (c && c.failures > 0) c.failures--;
  }

  private sweep(t: number): void {
    if (t - this.lastSweep < this.windowMs) return;
    this.lastSweep = t;
    for (const [key, c] of this.counters) if (t - c.start >= this.windowMs) this.counters.delete(key);
  }
}
