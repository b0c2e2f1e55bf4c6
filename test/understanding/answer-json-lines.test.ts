import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answerJsonLines, readLineInput } from '../../src/understanding/answer-json-lines';
import { parseWhen } from '../../src/understanding/parse-when';

async function runLines(lines: string[]): Promise<string[]> {
  const input = Readable.from([lines.join('\n') + '\n']);
  const output = new PassThrough();
  const chunks: string[] = [];
  output.on('data', (c: Buffer) => chunks.push(c.toString()));
  await answerJsonLines((l) => parseWhen(l.text, { now: l.now, tz: l.tz }), null, input, output);
  return chunks.join('').split('\n').filter((l) => l !== '');
}

describe('answerJsonLines', () => {
  it('answers every line in order, bad lines included', async () => {
    const out = await runLines([
      '{"text":"amanhã","now":"2026-03-10T14:00:00-03:00","tz":"America/Sao_Paulo"}',
      'not json',
      '',
      '{"text":123}',
      '{"text":"sexta","now":"garbage"}',
      '[1]',
      '{"text":"dia 5","now":"2026-03-10T14:00:00-03:00"}',
    ]);
    expect(out).toEqual(['{"date":"2026-03-11"}', 'null', 'null', 'null', 'null', 'null', '{"date":"2026-04-05"}']);
  });

  it('keeps alignment over many lines', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? '{bad' : '{"text":"hoje","now":"2026-03-10T14:00:00-03:00"}'));
    const out = await runLines(lines);
    expect(out).toHaveLength(2000);
    expect(out[0]).toBe('null');
    expect(out[1]).toBe('{"date":"2026-03-10"}');
  });

  it('reads defaults for missing fields', () => {
    expect(readLineInput('{"text":"oi"}')?.text).toBe('oi');
    expect(readLineInput('{"now":"2026-01-01"}')?.text).toBe('');
    expect(readLineInput('{"text":"oi","now":"x"}')).toBeUndefined();
  });
});
