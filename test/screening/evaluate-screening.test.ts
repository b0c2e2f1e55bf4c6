import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFlowFile } from '../../src/flows/parse-flow-file';
import { askedConditions, rulesFor, screeningFileSchema } from '../../src/flows/screening-schema';
import { evaluateScreening } from '../../src/screening/evaluate-screening';
import { CONDITIONS, type Condition } from '../../src/understanding/types';

const parsed = parseFlowFile('flows/screening.yaml', readFileSync('flows/screening.yaml', 'utf8'), screeningFileSchema);
if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
const demo = parsed.value;

/** SPEC §5, the demo rules. */
const SPEC: Record<string, { block: Condition[]; consult: Condition[] }> = {
  'toxina-botulinica': { block: ['gestante', 'amamentando', 'doenca_neuromuscular', 'alergia_toxina'], consult: ['infeccao_local', 'anticoagulante'] },
  'preenchimento-labial': { block: ['gestante', 'amamentando', 'herpes_ativo'], consult: ['autoimune', 'anticoagulante', 'alergia_lidocaina'] },
  'harmonizacao-facial': { block: ['gestante', 'amamentando'], consult: ['autoimune', 'anticoagulante', 'herpes_ativo', 'alergia_lidocaina'] },
  bioestimulador: { block: ['gestante', 'amamentando', 'autoimune'], consult: ['queloide', 'anticoagulante'] },
  'peeling-quimico': { block: ['gestante', 'isotretinoina'], consult: ['herpes_ativo', 'exposicao_solar'] },
  microagulhamento: { block: ['isotretinoina', 'herpes_ativo'], consult: ['queloide', 'anticoagulante'] },
  'depilacao-laser': { block: ['isotretinoina'], consult: ['gestante', 'exposicao_solar'] },
  'limpeza-de-pele': { block: [], consult: ['isotretinoina'] },
  avaliacao: { block: [], consult: [] },
};

describe('the demo screening rules (flows/screening.yaml) are the SPEC §5 table', () => {
  for (const [service, expected] of Object.entries(SPEC)) {
    it(`${service}: every condition gives the SPEC outcome`, () => {
      const rules = rulesFor(demo, service);
      expect(rules.listed).toBe(true);
      for (const c of CONDITIONS) {
        const want = expected.block.includes(c) ? 'block' : expected.consult.includes(c) ? 'consult' : 'clear';
        expect([c, evaluateScreening(rules, [c]).outcome]).toEqual([c, want]);
      }
      expect(evaluateScreening(rules, []).outcome).toBe('clear');
    });
  }

  it('block outranks consult, and both are reported', () => {
    const verdict = evaluateScreening(rulesFor(demo, 'preenchimento-labial'), ['anticoagulante', 'gestante']);
    expect(verdict).toEqual({ outcome: 'block', blocking: ['gestante'], consulting: ['anticoagulante'] });
  });

  it('asks exactly the conditions that matter for the service; nothing for the avaliação', () => {
    expect(askedConditions(rulesFor(demo, 'depilacao-laser'))).toEqual(['isotretinoina', 'gestante', 'exposicao_solar']);
    expect(askedConditions(rulesFor(demo, 'avaliacao'))).toEqual([]);
  });

  it('a service the file does not list is screened cautiously: every condition asked, any one means consult', () => {
    const rules = rulesFor(demo, 'servico-novo');
    expect(rules.listed).toBe(false);
    expect(askedConditions(rules)).toEqual([...CONDITIONS]);
    expect(evaluateScreening(rules, ['queloide']).outcome).toBe('consult');
  });
});
