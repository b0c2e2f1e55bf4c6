import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Database, Executor } from '../db/open-database';
import { riskModels } from '../db/schema';
import type { Logger } from '../lib/logger';
import { defaultRiskModel, parseRiskModel, type RiskModel } from './risk';

/**
 * The model that scores new appointments for a clinic: its own active row in `risk_models`, else
 * an active deployment-wide row (clinic_id null), else the shipped default. Cached for a minute so
 * planning thousands of appointments reads the table once; `invalidate()` after training.
 */
export class ActiveRiskModels {
  private readonly cache = new Map<string, { model: RiskModel; at: number }>();

  constructor(
    private readonly database: Database,
    private readonly logger?: Logger,
    /** @defaultValue 60_000 */
    private readonly ttlMs = 60_000,
  ) {}

  /** `executor`: read inside the caller's transaction (PGlite has one connection: a second would wait forever). */
  async forClinic(clinicId: string, executor?: Executor): Promise<RiskModel> {
    const hit = this.cache.get(clinicId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.model;
    const model = await this.load(clinicId, executor ?? this.database.db);
    this.cache.set(clinicId, { model, at: Date.now() });
    return model;
  }

  invalidate(): void {
    this.cache.clear();
  }

  private async load(clinicId: string, db: Executor): Promise<RiskModel> {
    const [row] = await db
      .select({ version: riskModels.version, model: riskModels.model })
      .from(riskModels)
      .where(and(eq(riskModels.active, true), or(eq(riskModels.clinicId, clinicId), isNull(riskModels.clinicId))))
      .orderBy(sql`${riskModels.clinicId} is null`, desc(riskModels.trainedAt))
      .limit(1);
    if (!row) return defaultRiskModel();
    try {
      return parseRiskModel(row.model, `risk_models ${row.version}`);
    } catch (err) {
      // A corrupt row must not stop reminders: score with the shipped model and say so.
      this.logger?.error({ clinicId, version: row.version, err: (err as Error).message }, 'active risk model unreadable; using the shipped default');
      return defaultRiskModel();
    }
  }
}
