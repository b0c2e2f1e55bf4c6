import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadVocabulary } from '../src/understanding/load-vocabulary';
import { parseWhen } from '../src/understanding/parse-when';
import type { Vocabulary } from '../src/understanding/types';
import { understand } from '../src/understanding/understand';
import type { Bench, BenchRow } from './types';

/**
 * Throughput and tail latency of the deterministic pt-BR engine, in process on one core, over the
 * dev and extra corpora plus long and hostile messages. The floor is a lowercase + split of the
 * same messages: the least any reader of the text must do.
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function corpusTexts(): string[] {
  const texts: string[] = [];
  for (const file of ['understand-dev.jsonl', 'understand-extra.jsonl', 'when-dev.jsonl', 'when-extra.jsonl']) {
    try {
      for (const line of readFileSync(join(root, 'fixtures/corpus', file), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const text = (JSON.parse(line) as { text?: unknown }).text;
        if (typeof text === 'string') texts.push(text);
      }
    } catch {
      // a missing corpus only narrows the mix
    }
  }
  texts.push(
    'Olá, boa tarde! Meu nome é Fernanda Costa, tenho 34 anos, não estou grávida nem amamentando, mas tomo AAS todos os dias. Gostaria de saber se vocês têm horário para aplicação de botox na próxima sexta depois das 17h ou no sábado de manhã, e quanto fica no cartão em 3x.',
  );
  return texts;
}

/** Long and hostile inputs, measured apart: their cost is bounded, not typical. */
const HOSTILE = ['a'.repeat(10_000), '😀'.repeat(2_000), 'amanhã '.repeat(1_500), 'nao '.repeat(2_500), '1/'.repeat(5_000), '\u0000\u0001\u001b[31m'.repeat(500)];

/** The corpus with two never-seen words per message, so no per-word cache helps. */
function withUnseenWords(texts: string[], count: number): string[] {
  let seed = 7;
  const letter = (): string => 'abcdefghijlmnoprstuv'[(seed = (seed * 1103515245 + 12345) % 2147483648) % 20]!;
  const word = (): string => Array.from({ length: 6 + (seed % 5) }, letter).join('');
  return Array.from({ length: count }, (_, i) => `${texts[i % texts.length]} ${word()} ${word()}`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Messages per second of `fn` over `texts`, repeated for about `ms` milliseconds. */
function throughput(texts: string[], ms: number, fn: (text: string) => unknown): number {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (const t of texts) fn(t);
    n += texts.length;
    now = performance.now();
  }
  return (n / (now - start)) * 1000;
}

function demoVocabulary(): Vocabulary {
  try {
    return loadVocabulary(join(root, 'flows')).vocabulary;
  } catch {
    return { services: [{ id: 'toxina-botulinica', name: 'Toxina botulínica (botox)', synonyms: ['botox'] }], professionals: [] };
  }
}

export const run: Bench = async ({ quick }) => {
  const vocabulary = demoVocabulary();
  const texts = corpusTexts();
  const now = new Date('2026-11-23T10:00:00-03:00');
  const ctx = { now, tz: 'America/Sao_Paulo' };
  const ms = quick ? 400 : 2000;
  let sink = 0;

  // warm-up: JIT and the vocabulary index
  for (let i = 0; i < 3; i++) for (const t of texts) sink += understand(t, ctx, vocabulary).intent.length;

  const floor = throughput(texts, ms, (t) => (sink += t.toLowerCase().split(/\s+/).length));
  const understandRate = throughput(texts, ms, (t) => (sink += understand(t, ctx, vocabulary).intent.length));
  const whenRate = throughput(texts, ms, (t) => (sink += parseWhen(t, ctx) ? 1 : 0));

  const unseen = withUnseenWords(texts, quick ? 4_000 : 20_000);
  const t0 = performance.now();
  for (const t of unseen) sink += understand(t, ctx, vocabulary).intent.length;
  const unseenRate = (unseen.length / (performance.now() - t0)) * 1000;

  // per-message latency is the median of several runs, so a scheduler preemption on a busy
  // machine is not mistaken for the cost of a message
  const latencies: number[] = [];
  const rounds = quick ? 3 : 7;
  for (const t of texts) {
    const runs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = performance.now();
      sink += understand(t, ctx, vocabulary).intent.length;
      runs.push(performance.now() - start);
    }
    runs.sort((a, b) => a - b);
    latencies.push(runs[Math.floor(runs.length / 2)]!);
  }
  latencies.sort((a, b) => a - b);
  let hostileMax = 0;
  for (const t of HOSTILE) {
    const start = performance.now();
    sink += understand(t, ctx, vocabulary).intent.length;
    hostileMax = Math.max(hostileMax, performance.now() - start);
  }

  const floorRow = { metric: 'lowercase+split messages/s', value: Math.round(floor), unit: 'msg/s' };
  const notes = `${texts.length} messages from the dev and extra corpora; latency = median of ${rounds} runs per message`;
  void sink;
  return [
    { group: 'understanding', metric: 'understand() messages/s (1 core)', value: Math.round(understandRate), unit: 'msg/s', better: 'higher', floor: floorRow, aim: '>= 5000/s', notes },
    { group: 'understanding', metric: 'understand() messages/s, unseen words (1 core)', value: Math.round(unseenRate), unit: 'msg/s', better: 'higher', floor: floorRow, aim: '>= 5000/s', notes: 'two never-seen words per message (no fuzzy-match cache)' },
    { group: 'understanding', metric: 'understand() p50 latency', value: round3(percentile(latencies, 50)), unit: 'ms', better: 'lower', notes },
    { group: 'understanding', metric: 'understand() p99 latency', value: round3(percentile(latencies, 99)), unit: 'ms', better: 'lower', aim: '< 2 ms', notes },
    { group: 'understanding', metric: 'understand() max latency, hostile input', value: round3(hostileMax), unit: 'ms', better: 'lower', notes: '2–10k characters of junk, emoji, control characters (read up to 3000)' },
    { group: 'understanding', metric: 'parseWhen() messages/s (1 core)', value: Math.round(whenRate), unit: 'msg/s', better: 'higher', floor: floorRow, notes },
  ] satisfies BenchRow[];
};

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
