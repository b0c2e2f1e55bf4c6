/**
 * Stops calling a failing LLM for a while: after `failures` consecutive errors or timeouts the
 * breaker opens for `openMs`, during which the deterministic engine answers alone; then one call
 * is let through to probe. Keeps a dead model server from adding its timeout to every turn.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;

  constructor(
    /** @defaultValue 3 */
    private readonly failures = 3,
    /** @defaultValue 60000 */
    private readonly openMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when a call may be attempted now. */
  allow(): boolean {
    return this.now() >= this.openUntil;
  }

  success(): void {
    this.consecutive = 0;
    this.openUntil = 0;
  }

  failure(): void {
    this.consecutive++;
    if (this.consecutive >= this.failures) this.openUntil = this.now() + this.openMs;
  }

  get state(): 'closed' | 'open' {
    return this.allow() ? 'closed' : 'open';
  }
}
