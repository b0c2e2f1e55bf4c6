import { beforeAll, describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/understanding/parse-when';
import { understand } from '../../src/understanding/understand';
import { demoVocabulary } from './demo-vocabulary';

const ctx = { now: new Date('2026-11-23T10:00:00-03:00'), tz: 'America/Sao_Paulo' };

/** Inputs shaped to make backtracking regexes explode, and plain junk. */
const HOSTILE = [
  'a'.repeat(10_000),
  'nao '.repeat(2_500),
  'quero '.repeat(2_000) + '!',
  'amanha '.repeat(1_500),
  '1'.repeat(10_000),
  '1/'.repeat(5_000),
  '15h'.repeat(3_000),
  'e '.repeat(5_000) + 'meia',
  'alergia a '.repeat(1_000),
  'meu nome é ' + 'Ana '.repeat(2_000),
  '@'.repeat(10_000),
  `${'a'.repeat(5_000)}@${'b'.repeat(5_000)}`,
  '😀'.repeat(5_000),
  '\u0000\u0001\u0002'.repeat(3_000),
  'ção'.repeat(3_000),
];

describe('robustness', () => {
  // compile the vocabulary index and warm the regexes, so the timing below measures the input
  beforeAll(() => {
    understand('quero agendar botox amanhã às 10h', ctx, demoVocabulary);
  });

  // catastrophic backtracking takes seconds; a generous bound keeps this stable on a busy machine
  it.each(HOSTILE.map((t) => [t.slice(0, 20), t]))('%j… answers fast and never throws', (_label, text) => {
    // the faster of two runs: a busy CI machine may preempt one; backtracking would slow both by orders of magnitude
    let best = Infinity;
    for (let run = 0; run < 2; run++) {
      const t0 = performance.now();
      const u = understand(text, ctx, demoVocabulary);
      const w = parseWhen(text, ctx);
      best = Math.min(best, performance.now() - t0);
      expect(typeof u.intent).toBe('string');
      expect(w === null || typeof w === 'object').toBe(true);
    }
    expect(best).toBeLessThan(1000);
  });

  it('answers every intent as one of the contract values', () => {
    const allowed = new Set(['book', 'reschedule', 'cancel', 'confirm', 'deny', 'ask_price', 'ask_info', 'human', 'opt_out', 'data_rights', 'greeting', 'thanks', 'inform', 'other']);
    for (const t of HOSTILE) expect(allowed.has(understand(t, ctx, demoVocabulary).intent)).toBe(true);
  });

  it('copes with an empty vocabulary', () => {
    expect(understand('quero agendar botox', ctx, { services: [], professionals: [] })).toEqual({ intent: 'book' });
  });
});
