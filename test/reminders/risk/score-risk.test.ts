import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/lib/errors';
import { buildRiskFeatures } from '../../../src/reminders/risk/build-features';
import { defaultRiskModel } from '../../../src/reminders/risk/default-risk-model';
import { loadRiskModel, parseRiskModel } from '../../../src/reminders/risk/load-risk-model';
import { computeModelVersion } from '../../../src/reminders/risk/model-version';
import { scoreRisk } from '../../../src/reminders/risk/score-risk';

const tz = 'America/Sao_Paulo';
const booking = (leadDays: number, extra: Partial<Parameters<typeof buildRiskFeatures>[0]> = {}) =>
  buildRiskFeatures({
    bookedAt: new Date('2024-03-04T13:00:00Z'),
    startsAt: new Date(Date.parse('2024-03-04T14:00:00Z') + leadDays * 86_400_000),
    timeZone: tz,
    ...extra,
  });

describe('the shipped default model', () => {
  const model = defaultRiskModel();

  it('loads, validates, and its version is the hash of its content', () => {
    expect(model.provenance.source).toBe('noshow-vitoria-22k.csv');
    expect(model.provenance.rows).toBe(22105);
    expect(computeModelVersion(model)).toBe(model.version);
    expect(model.metrics.auc).toBeGreaterThan(0.71);
    expect(model.metrics.brier).toBeLessThan(model.metrics.baseRateBrier);
    expect(model.metrics.highLowRatio).toBeGreaterThan(2.5);
  });

  it('scores a same-day booking lower than one a month ahead, and tiers them apart', () => {
    const sameDay = scoreRisk(model, booking(0, { age: 40, sex: 'F' }));
    const month = scoreRisk(model, booking(30, { age: 40, sex: 'F' }));
    expect(sameDay.probability).toBeLessThan(0.1);
    expect(month.probability).toBeGreaterThan(0.25);
    expect(sameDay.tier).toBe('low');
    expect(month.tier).not.toBe('low');
  });

  it('accepts missing optional features and unknown extras (history, service, price)', () => {
    const s = scoreRisk(model, booking(7, { prior: { attended: 3, noShow: 0 }, serviceId: 'toxina-botulinica', price: 1200 }));
    expect(s.probability).toBeGreaterThan(0);
    expect(s.probability).toBeLessThan(1);
  });

  it('lets callers override the cut points (flows/reminders.yaml)', () => {
    const f = booking(14, { age: 30 });
    const p = scoreRisk(model, f).probability;
    expect(scoreRisk(model, f, { cutPoints: { low: p + 0.01, high: p + 0.02 } }).tier).toBe('low');
    expect(scoreRisk(model, f, { cutPoints: { low: p - 0.02, high: p } }).tier).toBe('high');
    expect(scoreRisk(model, f, { cutPoints: { low: p - 0.01, high: p + 0.01 } }).tier).toBe('medium');
  });
});

describe('loadRiskModel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atende-risk-'));
  const expectInvalid = (fn: () => unknown, message: RegExp): void => {
    let caught: unknown;
    try {
      fn();
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'RISK_MODEL_INVALID')).toBe(true);
    expect((caught as Error).message).toMatch(message);
  };

  it('says when the file is missing or not JSON', () => {
    expectInvalid(() => loadRiskModel(join(dir, 'nope.json')), /model file not found/);
    writeFileSync(join(dir, 'bad.json'), '{"format": ');
    expectInvalid(() => loadRiskModel(join(dir, 'bad.json')), /is not JSON/);
  });

  it('names the bad field of a model that does not validate', () => {
    const good = defaultRiskModel();
    expectInvalid(() => parseRiskModel({ ...good, cutPoints: { low: 0.5, high: 0.2 } }), /cutPoints/);
    expectInvalid(() => parseRiskModel({ ...good, format: 'other/1' }), /format/);
    // A tree whose child points backwards would loop forever: rejected.
    const looping = { ...good, model: { ...good.model, trees: [[{ f: 0, t: 1, m: 0, l: 0, r: 0 }]] } };
    expectInvalid(() => parseRiskModel(looping), /children must point forward/);
    const wide = { ...good, model: { ...good.model, trees: [[{ f: 99, t: 1, m: 0, l: 1, r: 2 }, { v: 0 }, { v: 0 }]] } };
    expectInvalid(() => parseRiskModel(wide), /beyond/);
  });

  it('reads back a model file written to disk', () => {
    const path = join(dir, 'model.json');
    writeFileSync(path, JSON.stringify(defaultRiskModel()));
    expect(loadRiskModel(path).version).toBe(defaultRiskModel().version);
  });
});
