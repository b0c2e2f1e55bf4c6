import { loadEnv } from '../../config/env';
import { openDatabase, pgliteDir } from '../../db/open-database';
import { systemClock } from '../../lib/clock';
import { applyRetention } from '../../lgpd/apply-retention';
import { parseCliArgs } from '../args';

const USAGE = `usage:
  atende retention run [--days N] [--batch N] [--dry-run]
Erases the texts (body, encrypted body, template parameters) of messages older than RETENTION_DAYS
(or --days); the rows stay for statistics. The service also does this daily on its own.
Prints a JSON summary. Exit codes: 0 done, 2 usage.`;

/** `atende retention run`: the retention job on demand (cron, or before an audit). */
export async function run(args: string[]): Promise<number | void> {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  if (sub !== 'run') {
    console.error(`atende retention: unknown subcommand "${sub}"\n\n${USAGE}`);
    return 2;
  }
  const { values } = parseCliArgs(rest, { days: { type: 'string' }, batch: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } });
  const env = loadEnv();
  const days = values.days === undefined ? env.RETENTION_DAYS : Number(values.days);
  const batch = values.batch === undefined ? 500 : Number(values.batch);
  if (!Number.isInteger(days) || days < 1 || !Number.isInteger(batch) || batch < 1) {
    console.error(`atende retention run: --days and --batch take whole numbers of at least 1\n\n${USAGE}`);
    return 2;
  }
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: pgliteDir(env.DATA_DIR) });
  try {
    const report = await applyRetention({ database, clock: systemClock }, { retentionDays: days, batchSize: batch, dryRun: values['dry-run'] });
    console.log(JSON.stringify({ dryRun: values['dry-run'], retentionDays: days, cutoff: report.cutoff.toISOString(), messages: report.messages, byClinic: report.byClinic }));
    return 0;
  } finally {
    await database.close();
  }
}
