import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/commands/risk';
import { parseHistoryCsv } from '../../../src/reminders/risk/parse-history-csv';
import { readCsvRecords } from '../../../src/reminders/risk/read-csv-records';
import { rocAuc } from '../../../src/reminders/risk/metrics';
import { loadRiskModel } from '../../../src/reminders/risk/load-risk-model';

const exec = promisify(execFile);
const root = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'atende-risk-cli-'));
const trainCsv = join(dir, 'train.csv');
const testCsv = join(dir, 'test.csv');
const testCrlfCsv = join(dir, 'test-crlf.csv');
const modelPath = join(dir, 'model.json');
const predsPath = join(dir, 'preds.csv');

/** Captures what a command prints, so assertions read it and the test output stays quiet. */
function capture(): { out: () => string; err: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  return { out: () => out.join('\n'), err: () => err.join('\n') };
}

beforeAll(() => {
  // A slice of the public data: 4,000 rows to train on, the next 2,000 to score.
  const lines = readFileSync(join(root, 'data/noshow-vitoria-22k.csv'), 'utf8').trim().split('\n');
  writeFileSync(trainCsv, `${[lines[0], ...lines.slice(1, 4001)].join('\n')}\n`);
  writeFileSync(testCsv, `${[lines[0], ...lines.slice(4001, 6001)].join('\n')}\n`);
  writeFileSync(testCrlfCsv, `${[lines[0], ...lines.slice(4001, 6001)].join('\r\n')}\r\n`); // as a spreadsheet saves it
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('atende risk train → score', () => {
  it('trains from CSV, prints the cross-validated summary, and writes a valid model', async () => {
    const io = capture();
    expect(await run(['train', '--csv', trainCsv, '--out', modelPath])).toBe(0);
    expect(io.out()).toMatch(/5-fold cross-validation: AUC 0\.\d{4}, Brier 0\.\d{4} \(better than the base rate's 0\.\d{4}\)/);
    expect(io.out()).toMatch(/calibration by decile/);
    expect(io.out()).toMatch(/high \/ low observed no-show ratio: \d/);
    const model = loadRiskModel(modelPath);
    expect(model.provenance).toMatchObject({ source: 'train.csv', rows: 4000 });
    expect(model.metrics.auc).toBeGreaterThan(0.68);
  });

  it('scores another file: one line per appointment, ranking and tiers that hold up', async () => {
    const io = capture();
    expect(await run(['score', '--csv', testCrlfCsv, '--model', modelPath])).toBe(0);
    const { records } = readCsvRecords(io.out());
    expect(records[0]!.fields).toEqual(['appointment_id', 'probability', 'tier']);
    const preds = new Map(records.slice(1).map((r) => [r.fields[0]!, { p: Number(r.fields[1]), tier: r.fields[2]! }]));
    const history = readCsvRecords(readFileSync(testCsv, 'utf8')).records.slice(1);
    expect(preds.size).toBe(history.length);
    const labels = history.map((r) => (r.fields[6] === 'no_show' ? 1 : 0));
    const scored = history.map((r) => preds.get(r.fields[0]!)!);
    expect(rocAuc(scored.map((s) => s.p), labels)).toBeGreaterThan(0.68);
    const rate = (tier: string): number => {
      const idx = scored.map((s, i) => (s.tier === tier ? i : -1)).filter((i) => i >= 0);
      return idx.reduce((s, i) => s + labels[i]!, 0) / idx.length;
    };
    expect(rate('high')).toBeGreaterThan(2.5 * rate('low'));
  });

  it('writes to --out and accepts cut point overrides', async () => {
    const io = capture();
    expect(await run(['score', '--csv', testCsv, '--model', modelPath, '--out', predsPath, '--low', '0', '--high', '0'])).toBe(0);
    const lines = readFileSync(predsPath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines.slice(1).every((l) => l.endsWith(',high'))).toBe(true);
    expect(io.err()).toMatch(/2000 appointments scored/);
  });

  it.skipIf(!existsSync('/work/shared/scripts/score-risk.mjs'))('is read by the project scorer', async () => {
    const { stdout } = await exec(process.execPath, ['/work/shared/scripts/score-risk.mjs', testCsv, predsPath]);
    expect(stdout).toMatch(/risk: AUC 0\.\d+ on 2000 appointments/);
  });
});

describe('atende risk errors', () => {
  it('exits 2 on a wrong command line, with usage', async () => {
    const io = capture();
    expect(await run(['train', '--out', modelPath])).toBe(2);
    expect(await run(['score'])).toBe(2);
    expect(await run(['frobnicate'])).toBe(2);
    expect(await run(['train', '--csv', trainCsv, '--out', modelPath, '--folds', 'many'])).toBe(2);
    expect(await run(['train', '--csv', trainCsv, '--out', modelPath, '--bogus'])).toBe(2);
    expect(await run(['score', '--csv', testCsv, '--tz', 'Mars/Base'])).toBe(2);
    expect(await run(['train', '--csv', trainCsv, '--out', modelPath, '--exclude', 'shoeSize'])).toBe(2);
    expect(io.err()).toMatch(/usage:/);
    expect(io.err()).not.toMatch(/\n\s+at /); // no stack traces
  });

  it('exits 1 when files are missing or unusable, saying which', async () => {
    const io = capture();
    expect(await run(['train', '--csv', join(dir, 'missing.csv'), '--out', modelPath])).toBe(1);
    expect(io.err()).toMatch(/file not found: .*missing\.csv/);
    expect(await run(['score', '--csv', testCsv, '--model', join(dir, 'missing.json')])).toBe(1);
    expect(io.err()).toMatch(/model file not found/);
    const notHistory = join(dir, 'other.csv');
    writeFileSync(notHistory, 'name,phone\nAna,123\n');
    expect(await run(['score', '--csv', notHistory, '--model', modelPath])).toBe(1);
    expect(io.err()).toMatch(/missing appointment_id, booked_at, starts_at/);
    const tiny = join(dir, 'tiny.csv');
    writeFileSync(tiny, readFileSync(trainCsv, 'utf8').split('\n').slice(0, 30).join('\n'));
    expect(await run(['train', '--csv', tiny, '--out', join(dir, 'tiny.json')])).toBe(1);
    expect(io.err()).toMatch(/too few outcomes/);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });

  it('reports bad lines with their line numbers and still scores the rest', async () => {
    const io = capture();
    const messy = join(dir, 'messy.csv');
    const lines = readFileSync(testCsv, 'utf8').trim().split('\n').slice(0, 6);
    lines[3] = 'broken,,30,F,not-a-date,2016-05-03T08:00:00-03:00,attended';
    lines[4] = `${lines[4]},extra-field`;
    writeFileSync(messy, lines.join('\n'));
    expect(await run(['score', '--csv', messy, '--model', modelPath])).toBe(0);
    // A row with an unreadable time is still scored (with a warning); a malformed one is skipped.
    expect(io.err()).toMatch(/messy\.csv:4: warning: booked_at "not-a-date" .*scored without it/);
    expect(io.err()).toMatch(/messy\.csv:5: error: expected 7 fields, found 8/);
    const out = io.out().trim().split('\n');
    expect(out).toHaveLength(5);
    expect(out.some((l) => l.startsWith('broken,'))).toBe(true);
    // Training on the same file would skip the unreadable row instead.
    expect(parseHistoryCsv(readFileSync(messy, 'utf8')).problems.filter((p) => p.severity === 'error').map((p) => p.line)).toEqual([4, 5]);
  });

  it('routes --from-db and report to injected database handlers, or says they are not wired', async () => {
    const io = capture();
    expect(await run(['train', '--from-db'], {})).toBe(1);
    expect(io.err()).toMatch(/needs the database module/);
    expect(await run(['report'], {})).toBe(1);
    const calls: string[][] = [];
    const handlers = {
      trainFromDb: async (args: string[]) => void calls.push(['train', ...args]),
      report: async (args: string[]) => {
        calls.push(['report', ...args]);
        return 0;
      },
    };
    expect(await run(['train', '--from-db', '--clinic', 'bella'], handlers)).toBe(0);
    expect(await run(['report', '--since', '2024-01-01'], handlers)).toBe(0);
    expect(calls).toEqual([['train', '--clinic', 'bella'], ['report', '--since', '2024-01-01']]);
  });
});

describe('the atende binary', () => {
  it('runs `atende risk score` end to end and fails cleanly on a bad path', async () => {
    const bin = join(root, 'bin/atende.mjs');
    const ok = await exec(process.execPath, [bin, 'risk', 'score', '--csv', testCsv, '--model', modelPath], { cwd: root });
    expect(ok.stdout.split('\n')[0]).toBe('appointment_id,probability,tier');
    expect(ok.stdout.trim().split('\n')).toHaveLength(2001);
    const bad = await exec(process.execPath, [bin, 'risk', 'score', '--csv', join(dir, 'nope.csv'), '--model', modelPath], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stderr: string }).stderr).toMatch(/file not found/);
    expect((bad as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
  }, 30_000);
});
