import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { AppMetrics } from '../../lib/metrics';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `/metrics` in Prometheus text format; with METRICS_TOKEN set, only for `Authorization: Bearer <token>`. */
export function metricsRoutes(deps: { metrics: AppMetrics; token?: string }): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    if (deps.token) {
      const given = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '';
      if (!sameToken(given, deps.token)) {
        res.status(401).json({ error: 'unauthorized' });
        return;
      }
    }
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
