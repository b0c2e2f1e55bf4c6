import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFlows } from '../../src/cli/commands/validate';
import { formatProblem, parseFlowFile } from '../../src/flows/parse-flow-file';
import { bookingFileSchema } from '../../src/flows/booking-schema';
import { screeningFileSchema } from '../../src/flows/screening-schema';

/** A copy of the demo flows with one file rewritten; returns `atende validate`'s problems. */
function validateWith(file: string, change: (text: string) => string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'atende-validate-'));
  cpSync('flows', dir, { recursive: true });
  writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return validateFlows(dir, 'prompts').problems.map((p) => formatProblem(p).replace(`${dir}/`, ''));
}

const lineOf = (file: string, needle: string) => readFileSync(join('flows', file), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('atende validate on booking.yaml and screening.yaml (file:line: problem)', () => {
  it('the shipped files are valid', () => {
    expect(validateFlows('flows', 'prompts').problems.map(formatProblem)).toEqual([]);
  });

  it('an unknown service id in screening.yaml is reported at its line (cross-file check against clinic.yaml)', () => {
    const problems = validateWith('screening.yaml', (t) => t.replace('  microagulhamento:', '  micro-agulhamento:'));
    const line = lineOf('screening.yaml', '  microagulhamento:');
    expect(problems).toContain(`screening.yaml:${line}: unknown service "micro-agulhamento" (not in clinic.yaml)`);
    expect(problems.some((p) => /service "microagulhamento" from clinic\.yaml has no screening rules/.test(p))).toBe(true);
  });

  it('an unknown condition, or one both blocking and consult, is reported at its line', () => {
    const unknown = validateWith('screening.yaml', (t) => t.replace('consult: [isotretinoina]', 'consult: [acne]'));
    expect(unknown.join('\n')).toMatch(new RegExp(`screening\\.yaml:${lineOf('screening.yaml', 'consult: [isotretinoina]')}: services\\.limpeza-de-pele\\.consult\\.0: a condition is one of`));
    const both = validateWith('screening.yaml', (t) => t.replace('consult: [isotretinoina]', 'consult: [isotretinoina]\n    block: [isotretinoina]'));
    expect(both.join('\n')).toMatch(/screening\.yaml:\d+: services\.limpeza-de-pele\.consult: "isotretinoina" is both in block and consult/);
  });

  it('booking.yaml: an unknown {{variable}}, a missing required step, consent after screening', () => {
    const variable = validateWith('booking.yaml', (t) => t.replace("held: 'Ótimo, separei *{{slot}}*", "held: 'Ótimo, separei *{{horario}}*"));
    expect(variable).toContainEqual(expect.stringMatching(new RegExp(`^booking\\.yaml:${lineOf('booking.yaml', '  held:')}: texts\\.held: unknown variable \\{\\{horario\\}\\}`)));
    const order = validateWith('booking.yaml', (t) => t.replace('  - consent        # LGPD consent for health data\n', '').replace('  - screening      # contraindication questions (flows/screening.yaml)\n', '  - screening\n  - consent\n'));
    expect(order.join('\n')).toMatch(/booking\.yaml:\d+: steps: "consent" must come before "screening" \(LGPD: consent before any health question\)/);
    const missing = validateWith('booking.yaml', (t) => t.replace('  - confirm        # summary and explicit confirmation\n', ''));
    expect(missing.join('\n')).toMatch(/steps: the step "confirm" is required/);
  });

  it('every key is optional: an empty file is the defaults', () => {
    const booking = parseFlowFile('booking.yaml', '', bookingFileSchema);
    const screening = parseFlowFile('screening.yaml', '# nothing yet\n', screeningFileSchema);
    expect(booking.ok && booking.value.steps).toEqual(['service', 'professional', 'when', 'offer', 'consent', 'screening', 'reminders', 'confirm']);
    expect(screening.ok && screening.value.conditions.gestante).toBe('gravidez (ou suspeita)');
  });
});
