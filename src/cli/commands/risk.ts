import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { isAppError } from '../../lib/errors';
import {
  defaultRiskModel,
  formatModelSummary,
  formatPredictionsCsv,
  loadRiskModel,
  parseHistoryCsv,
  scoreHistory,
  serializeRiskModel,
  trainRiskModel,
  type HistoryProblem,
  type HistoryRow,
} from '../../reminders/risk';
import { BASE_FEATURE_NAMES, type BaseFeatureName } from '../../reminders/risk/feature-vector';
import { isValidTimeZone } from '../../reminders/risk/local-time';

/**
 * `atende risk train|score|report`: fit a clinic's no-show model from HISTORY.csv and score
 * appointments with it (SPEC §3). Exit codes: 0 done, 1 the data or files were unusable,
 * 2 the command line was wrong. Never a stack trace.
 */

type Handler = (args: string[]) => Promise<number | void>;

/**
 * Subcommands that need the database (`train --from-db`, `report`). They live outside this file
 * so `atende risk train --csv` never loads a database driver; wire them in `defaultHandlers`.
 */
export interface RiskCommandHandlers {
  trainFromDb?: Handler;
  report?: Handler;
}

/** Database-backed handlers, loaded only when used (so `risk train --csv` never opens a database). */
export const defaultHandlers: RiskCommandHandlers = {
  trainFromDb: async (args) => (await import('../../reminders/risk-from-db')).runTrainFromDb(args),
  report: async (args) => (await import('../../reminders/risk-report')).runRiskReport(args),
};

const USAGE = `usage:
  atende risk train --csv HISTORY.csv --out MODEL.json [options]
      --tz ZONE            read times on this zone's clock (default: the offsets in the file)
      --folds N            cross-validation folds (default 5)
      --seed N             seed for folds and subsampling (default 1)
      --high-share X       share of appointments proposed as high tier (default 0.175)
      --low-share X        share proposed as low tier (default 0.5)
      --depth N            tree depth (default 2)
      --exclude F[,F…]     features never to use (e.g. sexMale,startHour)
  atende risk train --from-db [options]
  atende risk score --csv HISTORY.csv [--model MODEL.json] [--out PREDICTIONS.csv]
      --model              default: the model shipped with Atende
      --tz ZONE            as for train (default: the model's)
      --low P --high P     override the model's tier cut points
  atende risk report [options]

HISTORY.csv: appointment_id,patient_id,age,sex,booked_at,starts_at,outcome[,service_id,price]`;

class UsageError extends Error {}

function usageError(message: string): never {
  throw new UsageError(message);
}

function numberOption(value: string | undefined, name: string, check: (x: number) => boolean, hint: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (!Number.isFinite(x) || !check(x)) usageError(`--${name} ${value}: expected ${hint}`);
  return x;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `file not found: ${path}` : code === 'EISDIR' ? `${path} is a directory` : `cannot read ${path}: ${(err as Error).message}`);
  }
}

function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (err) {
    throw new Error(`cannot write ${path}: ${(err as Error).message}`);
  }
}

function reportProblems(file: string, problems: HistoryProblem[], limit = 20): void {
  for (const p of problems.slice(0, limit)) console.error(`${file}:${p.line}: ${p.severity}: ${p.message}`);
  if (problems.length > limit) console.error(`${file}: … and ${problems.length - limit} more problems`);
  const skipped = problems.filter((p) => p.severity === 'error').length;
  if (skipped) console.error(`${file}: ${skipped} line(s) skipped`);
}

function readHistory(path: string, forScoring = false): HistoryRow[] {
  const parsed = parseHistoryCsv(readText(path), { forScoring });
  reportProblems(path, parsed.problems);
  if (parsed.missingColumns.length > 0) throw new Error(`${path}: not a HISTORY.csv (missing ${parsed.missingColumns.join(', ')})`);
  if (parsed.rows.length === 0) throw new Error(`${path}: no usable appointments`);
  return parsed.rows;
}

function timeZoneOption(value: string | undefined): string | undefined {
  if (value !== undefined && !isValidTimeZone(value)) usageError(`--tz ${value}: not a known IANA timezone (e.g. America/Sao_Paulo)`);
  return value;
}

async function train(args: string[], handlers: RiskCommandHandlers): Promise<number> {
  if (args.includes('--from-db')) {
    if (!handlers.trainFromDb) {
      console.error('atende risk train --from-db: needs the database module (not wired yet); use --csv HISTORY.csv');
      return 1;
    }
    return (await handlers.trainFromDb(args.filter((a) => a !== '--from-db'))) ?? 0;
  }
  const { values } = parseArgs({
    args,
    options: {
      csv: { type: 'string' },
      out: { type: 'string' },
      tz: { type: 'string' },
      folds: { type: 'string' },
      seed: { type: 'string' },
      'high-share': { type: 'string' },
      'low-share': { type: 'string' },
      depth: { type: 'string' },
      exclude: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.csv) usageError('train needs --csv HISTORY.csv (or --from-db)');
  if (!values.out) usageError('train needs --out MODEL.json');
  const folds = numberOption(values.folds, 'folds', (x) => Number.isInteger(x) && x >= 2 && x <= 20, 'an integer from 2 to 20');
  const seed = numberOption(values.seed, 'seed', Number.isInteger, 'an integer');
  const highShare = numberOption(values['high-share'], 'high-share', (x) => x > 0 && x < 1, 'a share between 0 and 1');
  const lowShare = numberOption(values['low-share'], 'low-share', (x) => x > 0 && x < 1, 'a share between 0 and 1');
  const depth = numberOption(values.depth, 'depth', (x) => Number.isInteger(x) && x >= 1 && x <= 6, 'an integer from 1 to 6');
  if ((highShare ?? 0.175) + (lowShare ?? 0.5) > 1) usageError('--high-share plus --low-share must not exceed 1');
  const timeZone = timeZoneOption(values.tz);
  const exclude = (values.exclude ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = exclude.filter((f) => !(BASE_FEATURE_NAMES as string[]).includes(f));
  if (unknown.length) usageError(`--exclude ${unknown.join(',')}: unknown feature; known: ${BASE_FEATURE_NAMES.join(', ')}`);

  const rows = readHistory(values.csv);
  const started = Date.now();
  const model = trainRiskModel(rows, {
    source: basename(values.csv),
    ...(folds !== undefined ? { folds } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(depth !== undefined ? { depths: [depth] } : {}),
    ...(timeZone ? { timeZone } : {}),
    ...(exclude.length ? { excludeFeatures: exclude as BaseFeatureName[] } : {}),
    cutPoints: { ...(highShare !== undefined ? { highShare } : {}), ...(lowShare !== undefined ? { lowShare } : {}) },
  });
  writeText(values.out, serializeRiskModel(model));
  console.log(formatModelSummary(model));
  console.log(`  written to ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

async function score(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      csv: { type: 'string' },
      model: { type: 'string' },
      out: { type: 'string' },
      tz: { type: 'string' },
      low: { type: 'string' },
      high: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!values.csv) usageError('score needs --csv HISTORY.csv');
  const low = numberOption(values.low, 'low', (x) => x >= 0 && x <= 1, 'a probability between 0 and 1');
  const high = numberOption(values.high, 'high', (x) => x >= 0 && x <= 1, 'a probability between 0 and 1');
  const timeZone = timeZoneOption(values.tz);
  const model = values.model ? loadRiskModel(values.model) : defaultRiskModel();
  const cutPoints = { low: low ?? model.cutPoints.low, high: high ?? model.cutPoints.high };
  if (cutPoints.low > cutPoints.high) usageError(`cut points out of order: low ${cutPoints.low} > high ${cutPoints.high}`);
  if (!values.model) console.error(`atende risk score: no --model, using the shipped default ${model.version}`);

  const rows = readHistory(values.csv, true);
  const scored = scoreHistory(model, rows, { cutPoints, ...(timeZone ? { timeZone } : {}) });
  const csv = formatPredictionsCsv(scored);
  if (values.out) {
    writeText(values.out, csv);
    console.error(`atende risk score: ${scored.length} appointments scored with ${model.version} → ${values.out}`);
  } else {
    process.stdout.write(csv);
  }
  return 0;
}

let stdoutGuarded = false;

/** `atende risk score | head` closes stdout early: a normal end, not a crash with a stack trace. */
function endQuietlyWhenStdoutCloses(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') console.error(`atende risk: cannot write output: ${err.message}`);
    process.exit(err.code === 'EPIPE' ? 0 : 1);
  });
}

/** Entry point used by src/cli/main.ts; `handlers` lets the database module plug in. */
export async function run(args: string[], handlers: RiskCommandHandlers = defaultHandlers): Promise<number> {
  endQuietlyWhenStdoutCloses();
  const [sub, ...rest] = args;
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  try {
    switch (sub) {
      case 'train':
        return await train(rest, handlers);
      case 'score':
        return await score(rest);
      case 'report':
        if (!handlers.report) {
          console.error('atende risk report: needs the database module (not wired yet)');
          return 1;
        }
        return (await handlers.report(rest)) ?? 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return sub === undefined ? 2 : 0;
      default:
        usageError(`unknown subcommand "${sub}"`);
    }
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`atende risk: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const message = isAppError(err) || err instanceof Error ? err.message : String(err);
    console.error(`atende risk ${sub}: ${message}`);
    return 1;
  }
}
