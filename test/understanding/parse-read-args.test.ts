import { describe, expect, it } from 'vitest';
import { parseReadArgs } from '../../src/understanding/parse-read-args';

describe('parseReadArgs', () => {
  it('reads text, --now, --tz and --jsonl in any order', () => {
    const a = parseReadArgs(['amanhã', 'às', '10h', '--now', '2026-03-10T14:00:00-03:00', '--tz=America/Manaus']);
    expect(a.text).toBe('amanhã às 10h');
    expect(a.now.toISOString()).toBe('2026-03-10T17:00:00.000Z');
    expect(a.tz).toBe('America/Manaus');
    expect(parseReadArgs(['--jsonl']).jsonl).toBe(true);
  });
  it('reports a bad --now instead of throwing', () => {
    expect(parseReadArgs(['x', '--now', 'ontem']).error).toMatch(/--now/);
  });
});
