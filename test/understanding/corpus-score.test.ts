import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The public figure of the engine: the scorers of /work/shared (copied to fixtures/scorers so CI
 * needs only this repository) run the real CLI over the dev corpora and our own harder ones.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

function score(scorer: string, corpus: string, command: string): { pct: number; output: string } {
  const output = execFileSync(process.execPath, [join(root, 'fixtures/scorers', scorer), join(root, 'fixtures/corpus', corpus), '--cmd', command, '--show', '30'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const m = /\((\d+(?:\.\d+)?)%\)/.exec(output);
  return { pct: m ? Number(m[1]) : 0, output };
}

const WHEN = `"${process.execPath}" bin/atende.mjs when --jsonl`;
const UNDERSTAND = `"${process.execPath}" bin/atende.mjs understand --jsonl`;

describe('corpus scores (≥ 97%)', () => {
  it.each(['when-dev.jsonl', 'when-extra.jsonl', 'when-review-1.jsonl'])('when over %s', (corpus) => {
    const { pct, output } = score('score-when.mjs', corpus, WHEN);
    expect(pct, output).toBeGreaterThanOrEqual(97);
  });

  it.each(['understand-dev.jsonl', 'understand-extra.jsonl', 'understand-review-1.jsonl'])('understand over %s', (corpus) => {
    const { pct, output } = score('score-understand.mjs', corpus, UNDERSTAND);
    expect(pct, output).toBeGreaterThanOrEqual(97);
  });
});
