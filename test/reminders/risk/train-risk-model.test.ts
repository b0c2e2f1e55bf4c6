import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/lib/errors';
import { featuresFromHistory } from '../../../src/reminders/risk/build-features';
import { seededRandom } from '../../../src/reminders/risk/gradient-boosting';
import { parseRiskModel } from '../../../src/reminders/risk/load-risk-model';
import { baseRateBrier, brierScore, calibrationByDecile, rocAuc } from '../../../src/reminders/risk/metrics';
import { scoreHistory } from '../../../src/reminders/risk/score-history';
import { scoreRisk } from '../../../src/reminders/risk/score-risk';
import { trainRiskModel } from '../../../src/reminders/risk/train-risk-model';
import type { HistoryRow } from '../../../src/reminders/risk/types';
import { syntheticHistory } from './synthetic-history';

const train = syntheticHistory({ patients: 900, seed: 11, idPrefix: 'a' });
const test = syntheticHistory({ patients: 700, seed: 29, idPrefix: 'b' });
const decided = test.rows.filter((r) => r.outcome !== 'cancelled');
const labels = decided.map((r) => (r.outcome === 'no_show' ? 1 : 0));
const model = trainRiskModel(train.rows, { source: 'synthetic', now: () => new Date('2024-06-01T00:00:00Z') });
const byId = new Map(scoreHistory(model, test.rows).map((s) => [s.appointmentId, s]));
const predicted = decided.map((r) => byId.get(r.appointmentId)!.probability);

describe('trainRiskModel on a history with a known rule', () => {
  it('ranks unseen patients nearly as well as the true probabilities do', () => {
    const oracle = rocAuc(decided.map((r) => test.truth.get(r.appointmentId)!), labels);
    const leadOnly = rocAuc(featuresFromHistory(decided).map((f) => f.leadDays), labels);
    const auc = rocAuc(predicted, labels);
    expect(oracle).toBeGreaterThan(0.74);
    expect(auc).toBeGreaterThan(oracle - 0.03);
    expect(auc).toBeGreaterThan(leadOnly + 0.1); // age and the patient's own history were learned
    // Its own cross-validated figure is an honest estimate of that.
    expect(Math.abs(model.metrics.auc! - auc)).toBeLessThan(0.04);
  });

  it('is calibrated: beats the base rate on Brier and each decile is close to what happens', () => {
    expect(brierScore(predicted, labels)).toBeLessThan(baseRateBrier(labels) - 0.01);
    const deciles = calibrationByDecile(predicted, labels);
    const meanGap = deciles.reduce((s, d) => s + Math.abs(d.meanPredicted - d.observedRate), 0) / deciles.length;
    expect(meanGap).toBeLessThan(0.04);
    expect(model.metrics.brier).toBeLessThan(model.metrics.baseRateBrier);
    // And close to the true probabilities row by row.
    const gap = decided.reduce((sum, r, i) => sum + Math.abs(predicted[i]! - test.truth.get(r.appointmentId)!), 0) / decided.length;
    expect(gap).toBeLessThan(0.05);
  });

  it('learns the direction of each effect', () => {
    const base = { leadHours: 48, leadDays: 2, startWeekday: 2, startHour: 10, bookedWeekday: 0, bookedHour: 10, age: 45, sex: 'F' as const, priorAttended: 2, priorNoShow: 0 };
    const p = (f: Partial<typeof base>): number => scoreRisk(model, { ...base, ...f }).probability;
    expect(p({ leadDays: 25, leadHours: 600 })).toBeGreaterThan(p({}));
    expect(p({ age: 20 })).toBeGreaterThan(p({ age: 70 }));
    expect(p({ priorAttended: 0, priorNoShow: 3 })).toBeGreaterThan(p({ priorAttended: 3, priorNoShow: 0 }) + 0.1);
    expect(model.features.columns).toEqual(expect.arrayContaining(['priorNoShow', 'priorAttended', 'firstVisit']));
  });

  it('records provenance, metrics, and proposes cut points near the default shares', () => {
    expect(model.provenance).toMatchObject({ source: 'synthetic', trainedAt: '2024-06-01T00:00:00.000Z', cancelledRows: train.rows.filter((r) => r.outcome === 'cancelled').length });
    expect(model.provenance.rows).toBe(train.rows.filter((r) => r.outcome !== 'cancelled').length);
    expect(model.metrics.calibration).toHaveLength(10);
    expect(model.metrics.tiers.high.share).toBeGreaterThan(0.15);
    expect(model.metrics.tiers.high.share).toBeLessThan(0.2);
    expect(model.metrics.tiers.low.share).toBeGreaterThan(0.45);
    expect(model.metrics.tiers.low.share).toBeLessThan(0.55);
    expect(model.metrics.highLowRatio).toBeGreaterThan(2.5);
    // On unseen rows the model's own cut points split roughly the same way.
    const tiers = decided.map((r) => byId.get(r.appointmentId)!.tier);
    expect(tiers.filter((t) => t === 'high').length / tiers.length).toBeGreaterThan(0.1);
    expect(tiers.filter((t) => t === 'low').length / tiers.length).toBeGreaterThan(0.35);
  });

  it('writes a model that survives JSON and validation unchanged', () => {
    const again = parseRiskModel(JSON.parse(JSON.stringify(model)));
    expect(again).toEqual(model);
    expect(model.version).toMatch(/^sha256:[0-9a-f]{16}$/);
  });
});

describe('trainRiskModel, other guarantees', () => {
  const small = syntheticHistory({ patients: 120, seed: 5 }).rows;

  it('is deterministic: same rows and seed give the same model version; another seed another', () => {
    const a = trainRiskModel(small, { now: () => new Date(0) });
    const b = trainRiskModel(small, { now: () => new Date(1) });
    expect(b.version).toBe(a.version);
    expect(trainRiskModel(small, { seed: 2 }).version).not.toBe(a.version);
  });

  it('does not let an appointment see its own outcome through history features', () => {
    const feats = featuresFromHistory(small);
    small.forEach((r, i) => {
      const f = feats[i]!;
      // Prior counts can never include this row: compare with counting others by hand.
      const others = small.filter((o) => o.patientId === r.patientId && o !== r && Date.parse(o.startsAt) < Date.parse(r.bookedAt));
      expect(f.priorNoShow).toBe(others.filter((o) => o.outcome === 'no_show').length);
      expect(f.priorAttended).toBe(others.filter((o) => o.outcome === 'attended').length);
    });
  });

  it('learns from a value being unknown (missing age), not only from its size', () => {
    const rnd = seededRandom(8);
    const rows: HistoryRow[] = Array.from({ length: 1200 }, (_, i) => {
      const unknownAge = rnd() < 0.5;
      const day = 1 + (i % 27);
      return {
        appointmentId: `m${i}`,
        patientId: null,
        age: unknownAge ? null : 18 + Math.floor(rnd() * 60),
        sex: null,
        bookedAt: `2024-02-${String(day).padStart(2, '0')}T10:00:00-03:00`,
        startsAt: `2024-03-${String(day).padStart(2, '0')}T10:00:00-03:00`,
        outcome: rnd() < (unknownAge ? 0.45 : 0.1) ? 'no_show' : 'attended',
        serviceId: null,
        price: null,
      };
    });
    const m = trainRiskModel(rows);
    const f = featuresFromHistory([rows[0]!])[0]!;
    const unknown = scoreRisk(m, { ...f, age: null }).probability;
    const known = scoreRisk(m, { ...f, age: 40 }).probability;
    expect(unknown).toBeGreaterThan(0.35);
    expect(known).toBeLessThan(0.15);
  });

  it('leaves out features a clinic excludes', () => {
    const m = trainRiskModel(small, { excludeFeatures: ['sexMale', 'age'] });
    expect(m.features.columns).not.toContain('sexMale');
    expect(m.features.columns).not.toContain('age');
  });

  it('refuses a history with too few outcomes, with a code the caller can branch on', () => {
    let caught: unknown;
    try {
      trainRiskModel(small.slice(0, 50));
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'RISK_TOO_FEW_OUTCOMES')).toBe(true);
    expect((caught as Error).message).toMatch(/too few outcomes/);
  });
});
