import { readFileSync } from 'node:fs';
import type { Bench, BenchRow } from './types';
import { featuresFromHistory } from '../src/reminders/risk/build-features';
import { defaultRiskModel } from '../src/reminders/risk/default-risk-model';
import { parseHistoryCsv } from '../src/reminders/risk/parse-history-csv';
import { scoreRisk } from '../src/reminders/risk/score-risk';
import { trainRiskModel } from '../src/reminders/risk/train-risk-model';

/**
 * No-show model: training time on the public history (floor: reading and featurising the same
 * rows) and scoring throughput (floor: computing lead time alone), plus its cross-validated AUC.
 */
export const run: Bench = async ({ quick }) => {
  const text = readFileSync(new URL('../data/noshow-vitoria-22k.csv', import.meta.url), 'utf8');
  const all = parseHistoryCsv(text).rows;
  const rows = quick ? all.slice(0, 5000) : all;

  let t = performance.now();
  const features = featuresFromHistory(rows);
  const prepSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  const model = trainRiskModel(rows, { source: 'noshow-vitoria-22k.csv' });
  const trainSeconds = (performance.now() - t) / 1000;

  const reference = defaultRiskModel();
  const rounds = quick ? 1 : 5;
  t = performance.now();
  let sink = 0;
  for (let r = 0; r < rounds; r++) for (const f of features) sink += scoreRisk(reference, f).probability;
  const scoresPerSecond = (rounds * features.length) / ((performance.now() - t) / 1000);
  t = performance.now();
  for (let r = 0; r < rounds; r++) for (const row of rows) sink += Date.parse(row.startsAt) - Date.parse(row.bookedAt);
  const leadPerSecond = (rounds * rows.length) / ((performance.now() - t) / 1000);
  if (Number.isNaN(sink)) throw new Error('unreachable');

  const out: BenchRow[] = [
    {
      group: 'risk',
      metric: `train on ${rows.length} rows (5-fold CV + final fit)`,
      value: trainSeconds,
      unit: 's',
      better: 'lower',
      floor: { metric: 'featurise the same rows', value: prepSeconds, unit: 's' },
      aim: '< 5 s for 22k rows',
    },
    {
      group: 'risk',
      metric: 'appointments scored/s (1 core)',
      value: scoresPerSecond,
      unit: '/s',
      better: 'higher',
      floor: { metric: 'lead time only/s', value: leadPerSecond, unit: '/s' },
    },
    { group: 'risk', metric: 'cross-validated ROC AUC', value: model.metrics.auc ?? Number.NaN, unit: '', better: 'higher', aim: '>= 0.72 held out', notes: `Brier ${model.metrics.brier} vs base rate ${model.metrics.baseRateBrier}` },
  ];
  return out;
};
