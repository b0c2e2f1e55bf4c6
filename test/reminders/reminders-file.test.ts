import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateFlows } from '../../src/cli/commands/validate';
import { parseFlowFile } from '../../src/flows/parse-flow-file';
import { defaultRemindersConfig, remindersFileSchema } from '../../src/flows/reminders-schema';

const shipped = readFileSync(new URL('../../flows/reminders.yaml', import.meta.url), 'utf8');
const parse = (text: string) => parseFlowFile('flows/reminders.yaml', text, remindersFileSchema);
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('flows/reminders.yaml', () => {
  it('the shipped file is valid and is exactly the built-in default', () => {
    const parsed = parse(shipped);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toEqual(defaultRemindersConfig());
    expect(parsed.value.quietHours).toEqual({ startMin: 20 * 60, endMin: 8 * 60 });
    expect(parsed.value.cutPoints).toBeNull();
  });

  it('reports a step naming an undefined template at its line', () => {
    const broken = shipped.replace('{ before: 48h, channel: whatsapp, template: confirmacao }', '{ before: 48h, channel: whatsapp, template: lembrete48 }');
    const parsed = parse(broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toContainEqual({ file: 'flows/reminders.yaml', line: lineOf(broken, 'lembrete48'), message: expect.stringContaining('unknown template "lembrete48"') });
  });

  it('refuses a WhatsApp step whose text has no approved template (outside the window only templates go)', () => {
    const text = [
      'tiers:',
      '  low:',
      '    steps:',
      '      - { before: 24h, channel: whatsapp, template: livre }',
      '  medium: { steps: [] }',
      '  high: { steps: [] }',
      'templates:',
      '  livre:',
      '    text: "Oi {{patient.first_name}}"',
    ].join('\n');
    const parsed = parse(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]).toMatchObject({ line: 4, message: expect.stringContaining('no approved `whatsapp` template') });
  });

  it('reports a bad duration, an unknown variable and out-of-order cut points, each at its line', () => {
    const broken = shipped
      .replace('escalation: { before: 6h }', 'escalation: { before: seis horas }')
      .replace('na {{clinic.name}}, {{appointment.when}}. Você', 'na {{clinica}}, {{appointment.when}}. Você')
      .replace('# cut_points:\n#   low: 0.12     # abaixo disto → low\n#   high: 0.30', 'cut_points:\n  low: 0.5\n  high: 0.3');
    const parsed = parse(broken);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.problems.map((p) => `${p.line}: ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(new RegExp(`^${lineOf(broken, 'seis horas')}: .*expected a duration`)));
    expect(messages).toContainEqual(expect.stringMatching(/unknown variable \{\{clinica\}\}/));
    expect(parsed.problems.find((p) => p.message.includes('unknown variable'))!.line).toBe(lineOf(broken, '    text: >-'));
    // Cross-field checks run once every field parses; fix the others and the cut points are caught.
    const onlyCuts = parse(shipped.replace('# cut_points:\n#   low: 0.12     # abaixo disto → low\n#   high: 0.30', 'cut_points:\n  low: 0.5\n  high: 0.3'));
    expect(onlyCuts.ok).toBe(false);
    if (onlyCuts.ok) return;
    expect(onlyCuts.problems[0]).toMatchObject({ line: lineOf(broken, 'low: 0.5'), message: expect.stringContaining('low must not exceed high') });
  });

  it('turns quiet hours off with null and reads cut points', () => {
    const parsed = parse(shipped.replace('quiet_hours: { start: "20:00", end: "08:00" }', 'quiet_hours: null\ncut_points: { low: 0.1, high: 0.3 }'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.quietHours).toBeNull();
    expect(parsed.value.cutPoints).toEqual({ low: 0.1, high: 0.3 });
  });

  describe('atende validate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atende-reminders-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('checks reminders.yaml with file:line problems', () => {
      copyFileSync(new URL('../../flows/clinic.yaml', import.meta.url), join(dir, 'clinic.yaml'));
      writeFileSync(join(dir, 'reminders.yaml'), shipped.replace('channel: sms, template: confirmacao, condition: unconfirmed }   #', 'channel: sms, template: confirmacao, condition: sometimes }   #'));
      const { problems, checked } = validateFlows(dir, new URL('../../prompts', import.meta.url).pathname);
      expect(checked.some((c) => c.endsWith('reminders.yaml'))).toBe(true);
      const problem = problems.find((p) => p.file.endsWith('reminders.yaml'));
      expect(problem?.line).toBe(lineOf(readFileSync(join(dir, 'reminders.yaml'), 'utf8'), 'sometimes'));
      expect(problem?.message).toContain('condition');
    });
  });
});
