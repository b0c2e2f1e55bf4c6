/**
 * One line of `npm run bench`. Every figure sits beside a floor measured in the same run
 * (a bare express endpoint, a raw Postgres insert loop, a no-op loop…), so results read as ratios
 * on any machine.
 */
export interface BenchRow {
  /** Area, e.g. "understanding", "availability", "webhook". */
  group: string;
  /** What was measured, e.g. "messages/s (1 core)". */
  metric: string;
  value: number;
  unit: string;
  /** Higher is better (throughput) or lower is better (latency). */
  better: 'higher' | 'lower';
  /** The floor measured in the same run, for the ratio column. */
  floor?: { metric: string; value: number; unit: string };
  /** The target, as text, e.g. ">= 5000/s". */
  aim?: string;
  notes?: string;
}

/** A benchmark module exports `run`; the harness in src/cli/commands/bench.ts collects rows. */
export type Bench = (opts: { quick: boolean }) => Promise<BenchRow[]>;
