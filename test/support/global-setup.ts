import type { TestProject } from 'vitest/node';
import { dropStaleTestDatabases, ensureTemplateDatabase, postgresReachable, redisReachable } from './services';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the local Postgres, or '' when not reachable (suites skip loudly). */
    pgAdminUrl: string;
    /** Name of the migrated template database to clone per test file. */
    pgTemplate: string;
    /** Redis URL, or '' when not reachable. */
    redisUrl: string;
  }
}

/**
 * Runs once before the suite: finds the real services, migrates one template database that every
 * test file clones (fast, isolated), and sweeps databases left behind by killed runs. With
 * CI=true a missing service is an error, not a skip.
 */
export default async function setup(project: TestProject): Promise<void> {
  process.env.TZ = 'UTC';
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const adminUrl = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

  const pgOk = await postgresReachable(adminUrl);
  const redisOk = await redisReachable(redisUrl);
  if (ci && (!pgOk || !redisOk)) {
    throw new Error(`CI=true but real services are missing: postgres ${pgOk ? 'up' : 'DOWN'} (${adminUrl}), redis ${redisOk ? 'up' : 'DOWN'} (${redisUrl})`);
  }
  if (!pgOk) console.warn(`\n!!! Postgres not reachable at ${adminUrl}: real-Postgres suites are SKIPPED (set CI=true to make this an error)\n`);
  if (!redisOk) console.warn(`\n!!! Redis not reachable at ${redisUrl}: real-Redis suites are SKIPPED (set CI=true to make this an error)\n`);

  let template = '';
  if (pgOk) {
    await dropStaleTestDatabases(adminUrl);
    template = await ensureTemplateDatabase(adminUrl);
  }
  project.provide('pgAdminUrl', pgOk ? adminUrl : '');
  project.provide('pgTemplate', template);
  project.provide('redisUrl', redisOk ? redisUrl : '');
}
