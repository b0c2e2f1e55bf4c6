import { writeFileSync } from 'node:fs';
import { parseCliArgs } from '../args';
import type { BenchRow } from '../../../bench/types';

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  return Number(n.toPrecision(4)).toString();
}

/** Prints rows as one aligned table: figure, its floor, and the ratio between them. */
export function formatBenchTable(rows: BenchRow[]): string {
  const header = ['group', 'metric', 'value', 'floor (same run)', 'ratio', 'aim'];
  const lines = rows.map((r) => {
    const ratio = r.floor && r.floor.value > 0 ? (r.better === 'higher' ? r.value / r.floor.value : r.value / r.floor.value) : undefined;
    return [
      r.group,
      r.metric,
      `${fmt(r.value)} ${r.unit}`,
      r.floor ? `${fmt(r.floor.value)} ${r.floor.unit} (${r.floor.metric})` : '',
      ratio !== undefined ? `${ratio.toFixed(2)}×` : '',
      r.aim ?? '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [row(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(row)].join('\n');
}

/** `atende bench [--quick] [--only a,b] [--json FILE]`: every benchmark, one table and one JSON summary. */
export async function run(args: string[]): Promise<number | void> {
  const { values } = parseCliArgs(args, { quick: { type: 'boolean', default: false }, only: { type: 'string' }, json: { type: 'string' } });
  const { BENCHES } = await import('../../../bench/index');
  const wanted = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(BENCHES);
  const unknown = wanted.filter((w) => !BENCHES[w]);
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
    return 2;
  }
  const rows: BenchRow[] = [];
  const failures: string[] = [];
  for (const name of wanted) {
    process.stderr.write(`bench ${name}…\n`);
    const t0 = Date.now();
    try {
      const mod = await BENCHES[name]!();
      rows.push(...(await mod.run({ quick: values.quick })));
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
    }
    process.stderr.write(`bench ${name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  console.log(formatBenchTable(rows));
  const summary = { at: new Date().toISOString(), quick: values.quick, rows, failures };
  console.log(`\nJSON ${JSON.stringify(summary)}`);
  if (values.json) writeFileSync(values.json, JSON.stringify(summary, null, 2));
  if (failures.length) {
    console.error(`\nfailed: ${failures.join('; ')}`);
    return 1;
  }
}
