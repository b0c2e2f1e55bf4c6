import { Router } from 'express';
import type { Database } from '../../db/open-database';
import type { JobQueue } from '../../jobs/job-queue';

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

/** `/healthz`: the process answers. `/readyz`: the database (and Redis, when used) answer too. */
export function healthRoutes(deps: { database: Database; jobs: JobQueue }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, 'ok' | 'down'> = {};
    checks.database = await within(deps.database.ping(), 1500).then(() => 'ok' as const, () => 'down' as const);
    if (deps.jobs.kind === 'bullmq') checks.redis = (await within(deps.jobs.ready(), 1500).catch(() => false)) ? 'ok' : 'down';
    const ok = Object.values(checks).every((c) => c === 'ok');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', checks });
  });
  return router;
}
