import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clinicFileSchema } from '../../src/flows/clinic-schema';
import { parseFlowFile } from '../../src/flows/parse-flow-file';

const demo = readFileSync(new URL('../../flows/clinic.yaml', import.meta.url), 'utf8');

describe('parseFlowFile', () => {
  it('accepts the shipped demo clinic', () => {
    const parsed = parseFlowFile('flows/clinic.yaml', demo, clinicFileSchema);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.services.map((s) => s.id)).toContain('toxina-botulinica');
    expect(parsed.value.hours.mon).toEqual([{ start: 540, end: 720 }, { start: 780, end: 1140 }]);
    expect(parsed.hash).toMatch(/^[0-9a-f]{12}$/);
  });

  it('points at the line of a wrong value', () => {
    const broken = demo.replace('    duration: 60\n    buffer: 10\n    price: 1500', '    duration: sessenta\n    buffer: 10\n    price: 1500');
    const line = broken.split('\n').findIndex((l) => l.includes('sessenta')) + 1;
    const parsed = parseFlowFile('flows/clinic.yaml', broken, clinicFileSchema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]).toMatchObject({ file: 'flows/clinic.yaml', line });
    expect(parsed.problems[0]!.message).toContain('services.2.duration');
  });

  it('reports an unknown professional on a service at its line', () => {
    const broken = demo.replace('professionals: [carla-mendes]\n    synonyms: [limpeza', 'professionals: [carla-mendez]\n    synonyms: [limpeza');
    const line = broken.split('\n').findIndex((l) => l.includes('carla-mendez')) + 1;
    const parsed = parseFlowFile('flows/clinic.yaml', broken, clinicFileSchema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toContainEqual(expect.objectContaining({ line, message: expect.stringContaining('unknown professional "carla-mendez"') }));
  });

  it('reports YAML syntax errors with their line', () => {
    const parsed = parseFlowFile('x.yaml', 'clinic:\n  id: a\n  name: [unclosed\n', clinicFileSchema);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems[0]!.line).toBeGreaterThanOrEqual(3);
  });
});
