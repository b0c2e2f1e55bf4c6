import { z } from 'zod';
import { BASE_FEATURE_NAMES, type BaseFeatureName } from './feature-vector';

/** File format tag; bump when a reader of the old shape would misread the new one. */
export const RISK_MODEL_FORMAT = 'atende-risk-model/1';
export const RISK_MODEL_KIND = 'gradient-boosted-trees';

const probability = z.number().min(0).max(1);

const leaf = z.object({ v: z.number() }).strict();
const split = z
  .object({ f: z.number().int().min(0), t: z.number(), m: z.union([z.literal(0), z.literal(1)]), l: z.number().int(), r: z.number().int() })
  .strict();
const tree = z
  .array(z.union([leaf, split]))
  .min(1)
  // Children always come after their parent: evaluation then always terminates.
  .refine((nodes) => nodes.every((n, i) => 'v' in n || (n.l > i && n.r > i && n.l < nodes.length && n.r < nodes.length)), 'tree children must point forward inside the tree');

const calibrationBin = z.object({ decile: z.number().int(), n: z.number().int(), meanPredicted: z.number(), observedRate: z.number() });
const tierRate = z.object({ n: z.number().int(), share: z.number(), observedRate: z.number().nullable() });

export const cutPointsSchema = z
  .object({ low: probability, high: probability })
  .refine((c) => c.low <= c.high, 'cut point low must not exceed high');

export const riskModelSchema = z
  .object({
    format: z.literal(RISK_MODEL_FORMAT),
    /** Content hash of everything that changes a score; identical scores ⇔ identical version. */
    version: z.string().min(1),
    kind: z.literal(RISK_MODEL_KIND),
    features: z.object({
      numeric: z.array(z.enum(BASE_FEATURE_NAMES as [BaseFeatureName, ...BaseFeatureName[]])),
      services: z.array(z.string()),
      /** Column order the trees index into (numeric, then `service:<id>` indicators). */
      columns: z.array(z.string()),
      /** Zone forced when the training history was read, if any (otherwise its own offsets). */
      timeZone: z.string().nullable(),
    }),
    model: z.object({
      bias: z.number(),
      trees: z.array(tree),
      calibration: z.object({ a: z.number(), b: z.number() }),
    }),
    cutPoints: cutPointsSchema,
    params: z.object({
      trees: z.number().int().min(0),
      depth: z.number().int().min(1),
      learningRate: z.number(),
      minLeaf: z.number().int(),
      lambda: z.number(),
      maxBins: z.number().int(),
      subsample: z.number(),
      seed: z.number().int(),
      folds: z.number().int(),
      highShare: z.number(),
      lowShare: z.number(),
    }),
    provenance: z.object({
      source: z.string(),
      rows: z.number().int(),
      cancelledRows: z.number().int(),
      undecidedRows: z.number().int(),
      dateRange: z.object({ from: z.string(), to: z.string() }),
      baseRate: probability,
      trainedAt: z.string(),
    }),
    metrics: z.object({
      folds: z.number().int(),
      auc: z.number().nullable(),
      brier: z.number(),
      baseRateBrier: z.number(),
      logLoss: z.number(),
      calibration: z.array(calibrationBin),
      tiers: z.object({ low: tierRate, medium: tierRate, high: tierRate }),
      highLowRatio: z.number().nullable(),
    }),
  })
  .superRefine((m, ctx) => {
    const width = m.features.columns.length;
    if (width !== m.features.numeric.length + m.features.services.length) {
      ctx.addIssue({ code: 'custom', path: ['features', 'columns'], message: 'columns must list numeric features then services' });
    }
    m.model.trees.forEach((t, i) => {
      if (t.some((n) => 'f' in n && n.f >= width)) {
        ctx.addIssue({ code: 'custom', path: ['model', 'trees', i], message: `a split reads a column beyond the ${width} declared` });
      }
    });
  });

/** A fitted no-show model as stored in MODEL.json. */
export type RiskModel = z.infer<typeof riskModelSchema>;
