import type { RequestHandler } from 'express';

/**
 * A fixed-window counter per client IP, for public endpoints (webhooks, login). In memory: each
 * process protects itself; a determined flood is the reverse proxy's job.
 */
export function ipRateLimit(options: { perMinute: number; now?: () => number }): RequestHandler {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();
  return (req, res, next) => {
    const t = now();
    if (t - lastSweep > 60_000) {
      for (const [ip, w] of windows) if (t - w.start >= 60_000) windows.delete(ip);
      lastSweep = t;
    }
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    let w = windows.get(ip);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      windows.set(ip, w);
    }
    w.count++;
    if (w.count > options.perMinute) {
      res.setHeader('Retry-After', String(Math.ceil((w.start + 60_000 - t) / 1000)));
      res.status(429).json({ error: 'too_many_requests' });
      return;
    }
    next();
  };
}
