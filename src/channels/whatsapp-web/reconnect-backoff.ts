export interface BackoffOptions {
  /** Delay before the first retry. @defaultValue 2000 */
  initialMs?: number;
  /** Ceiling for any delay, jitter included. @defaultValue 300000 (5 min) */
  maxMs?: number;
  /** Growth per attempt. @defaultValue 2 */
  factor?: number;
  /** ± fraction of random spread, so several instances do not retry in lockstep. @defaultValue 0.2 */
  jitter?: number;
}

/**
 * How long to wait before reconnect attempt `attempt` (0-based): exponential, capped, jittered.
 * A WhatsApp Web session that keeps failing (Chromium crash, phone offline, logged out) must not
 * spin the CPU relaunching the browser, nor wait forever once it recovers. `random` is injected
 * so tests get an exact schedule.
 */
export function reconnectDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialMs ?? 2_000;
  const max = options.maxMs ?? 300_000;
  const factor = options.factor ?? 2;
  const jitter = Math.min(Math.max(options.jitter ?? 0.2, 0), 1);
  const base = Math.min(max, initial * Math.pow(factor, Math.max(0, Math.min(attempt, 64))));
  const spread = 1 - jitter + 2 * jitter * random();
  return Math.round(Math.min(max, Math.max(0, base * spread)));
}
