import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { formatInTimeZone } from 'date-fns-tz';
import type { Database, Executor } from '../db/open-database';
import { appointments, clinics, patients, riskModels } from '../db/schema';
import type { Clock } from '../lib/clock';
import { isAppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { ActiveRiskModels } from './active-risk-models';
import { ageAt, normalizeSex } from './appointment-risk-features';
import { formatModelSummary, serializeRiskModel, trainRiskModel, type HistoryRow, type Outcome, type RiskModel, type TrainRiskOptions } from './risk';

export interface RiskDbDeps {
  database: Database;
  clock: Clock;
  logger?: Logger;
  /** Told to reload after a new model is activated. */
  models?: ActiveRiskModels;
}

const OUTCOME_STATUSES = ['attended', 'no_show', 'cancelled'] as const;

function isoIn(instant: Date, tz: string): string {
  return formatInTimeZone(instant, tz, "yyyy-MM-dd'T'HH:mm:ssXXX");
}

/**
 * A clinic's outcomes as HISTORY rows, the shape `trainRiskModel` reads from a CSV: booked at
 * (`created_at`) and start on the clinic's clock with its offset, age at booking, sex, outcome
 * (attended / no-show marked by staff or the API; cancelled rows only shape patients' history),
 * service and price in R$.
 */
export async function loadOutcomeHistory(db: Executor, clinicId: string): Promise<{ rows: HistoryRow[]; timeZone: string }> {
  const [clinic] = await db.select({ timezone: clinics.timezone }).from(clinics).where(eq(clinics.id, clinicId));
  if (!clinic) throw new Error(`clinic ${clinicId} not found`);
  const found = await db
    .select({
      id: appointments.id,
      patientId: appointments.patientId,
      createdAt: appointments.createdAt,
      startsAt: appointments.startsAt,
      status: appointments.status,
      serviceId: appointments.serviceId,
      priceCents: appointments.priceCents,
      birthDate: patients.birthDate,
      sex: patients.sex,
    })
    .from(appointments)
    .leftJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(eq(appointments.clinicId, clinicId), inArray(appointments.status, [...OUTCOME_STATUSES])));
  const rows = found.map(
    (r): HistoryRow => ({
      appointmentId: r.id,
      patientId: r.patientId,
      age: ageAt(r.birthDate, r.createdAt),
      sex: normalizeSex(r.sex),
      bookedAt: isoIn(r.createdAt, clinic.timezone),
      startsAt: isoIn(r.startsAt, clinic.timezone),
      outcome: r.status as Outcome,
      serviceId: r.serviceId,
      price: r.priceCents == null ? null : r.priceCents / 100,
    }),
  );
  return { rows, timeZone: clinic.timezone };
}

export type TrainFromDbResult =
  | { status: 'trained'; model: RiskModel; decided: number; newOutcomes: number; activated: boolean }
  | { status: 'not_enough_new'; decided: number; newOutcomes: number; needed: number }
  | { status: 'too_few'; decided: number; message: string }
  | { status: 'busy' };

export interface TrainFromDbOptions {
  clinicId: string;
  /** Train only when at least this many outcomes were recorded since the active model. @defaultValue 0 */
  minNewOutcomes?: number;
  /** Store the model as the clinic's active one. @defaultValue true */
  activate?: boolean;
  train?: Omit<TrainRiskOptions, 'source' | 'now' | 'timeZone'>;
}

/**
 * Retrains a clinic's no-show model from its own outcomes and makes it the active one (a
 * `risk_models` row; the previous one is deactivated in the same transaction), so new bookings are
 * scored with it. One trainer per clinic at a time (an advisory lock); a history too small to
 * learn from leaves the current model in place.
 */
export async function trainRiskModelFromDb(deps: RiskDbDeps, options: TrainFromDbOptions): Promise<TrainFromDbResult> {
  const db = deps.database.db;
  const { clinicId } = options;
  const [decidedRow] = await db
    .select({ n: count() })
    .from(appointments)
    .where(and(eq(appointments.clinicId, clinicId), inArray(appointments.status, ['attended', 'no_show'])));
  const decided = Number(decidedRow?.n ?? 0);
  const [active] = await db
    .select({ outcomesUsed: riskModels.outcomesUsed })
    .from(riskModels)
    .where(and(eq(riskModels.clinicId, clinicId), eq(riskModels.active, true)));
  const newOutcomes = decided - (active?.outcomesUsed ?? 0);
  const needed = options.minNewOutcomes ?? 0;
  if (newOutcomes < needed) return { status: 'not_enough_new', decided, newOutcomes, needed };

  const result = await db.transaction(async (tx): Promise<TrainFromDbResult> => {
    const lock = await deps.database.rows<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(hashtext(${`risk-train:${clinicId}`})) as ok`, tx);
    if (!lock[0]?.ok) return { status: 'busy' };
    const { rows, timeZone } = await loadOutcomeHistory(tx, clinicId);
    let model: RiskModel;
    try {
      model = trainRiskModel(rows, { ...options.train, source: `database:${clinicId}`, timeZone, now: () => deps.clock.now() });
    } catch (err) {
      if (isAppError(err, 'RISK_TOO_FEW_OUTCOMES')) return { status: 'too_few', decided, message: err.message };
      throw err;
    }
    const activate = options.activate ?? true;
    if (activate) await tx.update(riskModels).set({ active: false }).where(and(eq(riskModels.clinicId, clinicId), eq(riskModels.active, true)));
    await tx
      .insert(riskModels)
      .values({ version: model.version, clinicId, model: model as unknown as Record<string, unknown>, active: activate, outcomesUsed: decided, trainedAt: deps.clock.now() })
      .onConflictDoUpdate({ target: riskModels.version, set: { active: activate, outcomesUsed: decided, trainedAt: deps.clock.now() } });
    return { status: 'trained', model, decided, newOutcomes, activated: activate };
  });
  if (result.status === 'trained') {
    deps.models?.invalidate();
    deps.logger?.info({ clinicId, version: result.model.version, decided, auc: result.model.metrics.auc, activated: result.activated }, 'risk model retrained from the database');
  }
  return result;
}

/**
 * Retraining on a schedule: every `everyMs`, each clinic whose outcomes grew by `minNewOutcomes`
 * since its active model gets a new one. The first check runs a minute after start.
 */
export function startRiskRetraining(deps: RiskDbDeps & { clinicIds: () => string[] }, options: { everyMs: number; minNewOutcomes: number }): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      for (const clinicId of deps.clinicIds()) {
        const r = await trainRiskModelFromDb(deps, { clinicId, minNewOutcomes: options.minNewOutcomes });
        if (r.status === 'too_few') deps.logger?.debug({ clinicId, decided: r.decided }, 'risk retraining skipped: too few outcomes');
      }
    } catch (err) {
      deps.logger?.warn({ err: (err as Error).message }, 'scheduled risk retraining failed');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), Math.min(60_000, options.everyMs));
  const timer = setInterval(() => void tick(), options.everyMs);
  first.unref();
  timer.unref();
  return {
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}

/** The clinic a command acts on: `--clinic`, or the only clinic in the database. */
export async function resolveClinicId(db: Database['db'], requested: string | undefined): Promise<string> {
  const all = await db.select({ id: clinics.id }).from(clinics);
  if (requested) {
    if (!all.some((c) => c.id === requested)) throw new Error(`clinic "${requested}" not found (known: ${all.map((c) => c.id).join(', ') || 'none'})`);
    return requested;
  }
  if (all.length === 1) return all[0]!.id;
  if (all.length === 0) throw new Error('no clinic in the database yet (run `atende seed` or start the service once)');
  throw new Error(`several clinics; choose one with --clinic (${all.map((c) => c.id).join(', ')})`);
}

/** Opens the database the environment points at (for CLI commands). */
export async function openEnvDatabase(): Promise<Database> {
  const { loadEnv } = await import('../config/env');
  const { openDatabase, pgliteDir } = await import('../db/open-database');
  const env = loadEnv();
  return openDatabase({ url: env.DATABASE_URL, dataDir: pgliteDir(env.DATA_DIR) });
}

/**
 * `atende risk train --from-db [--clinic ID] [--min-new N] [--no-activate] [--out MODEL.json]`:
 * trains on the clinic's recorded outcomes and activates the model. Exit 1 when too few outcomes.
 */
export async function runTrainFromDb(args: string[], open: () => Promise<Database> = openEnvDatabase): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { clinic: { type: 'string' }, 'min-new': { type: 'string' }, 'no-activate': { type: 'boolean' }, out: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const minNew = values['min-new'] === undefined ? 0 : Number(values['min-new']);
  if (!Number.isInteger(minNew) || minNew < 0) throw Object.assign(new Error(`--min-new ${values['min-new']}: expected a whole number`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  const database = await open();
  try {
    const { systemClock } = await import('../lib/clock');
    const clinicId = await resolveClinicId(database.db, values.clinic);
    const r = await trainRiskModelFromDb({ database, clock: systemClock }, { clinicId, minNewOutcomes: minNew, activate: !values['no-activate'] });
    switch (r.status) {
      case 'trained':
        console.log(formatModelSummary(r.model));
        if (values.out) writeFileSync(values.out, serializeRiskModel(r.model));
        console.log(`  ${r.activated ? 'active for' : 'stored (not active) for'} clinic ${clinicId}; ${r.newOutcomes} outcomes new since the previous model${values.out ? `; written to ${values.out}` : ''}`);
        return 0;
      case 'not_enough_new':
        console.log(`atende risk train --from-db: ${r.newOutcomes} new outcomes since the active model (of ${r.decided}); --min-new ${r.needed} not reached, nothing trained`);
        return 0;
      case 'too_few':
        console.error(`atende risk train --from-db: ${r.message}`);
        return 1;
      case 'busy':
        console.error('atende risk train --from-db: another trainer is running for this clinic; try again shortly');
        return 1;
    }
  } finally {
    await database.close();
  }
}
