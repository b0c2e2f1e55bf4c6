import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPromptFile } from '../../src/conversation/prompt-variables';
import { GENERAL_TEXTS, Texts, formatPrice } from '../../src/conversation/texts';
import { CONVERSATION_TOOLS, toolDescriptions } from '../../src/conversation/tools';
import { describeHours } from '../../src/conversation/tools/clinic-facts';
import { ClinicFlows } from '../../src/flows/clinic-flows';

const flows = new ClinicFlows(join(process.cwd(), 'flows'), join(process.cwd(), 'prompts'));

describe('prompts for the LLM agent (prompts/*.md)', () => {
  it('the shipped system prompt renders with no variable left unfilled', () => {
    const text = renderPromptFile(flows, 'system', new Date('2026-03-10T13:00:00Z'))!;
    expect(text).toContain('Clínica Bella Pele');
    expect(text).toContain('terça-feira, 10 de março de 2026');
    expect(text).not.toMatch(/\{\{/);
  });

  it('prompts/tools.md describes every tool of the tool layer', () => {
    const { descriptions, missing } = toolDescriptions(flows.prompts());
    expect(missing).toEqual([]);
    expect(Object.keys(descriptions).sort()).toEqual(CONVERSATION_TOOLS.map((t) => t.name).sort());
  });
});

describe('texts', () => {
  const texts = new Texts(flows, 'Maria Clara Souza');

  it('messages.yaml overrides a general text; a key it does not set uses the default', () => {
    expect(texts.general('greeting')).toMatch(/Aqui é da Clínica Bella Pele/);
    expect(texts.general('handoff_screening')).toBe(GENERAL_TEXTS.handoff_screening);
  });

  it('fills variables, clinic facts included', () => {
    expect(texts.booking('summary', { service: 'Limpeza de pele', slot: 'sábado, 14/03 às 09:00', professional: 'Carla Mendes', price: formatPrice(200) })).toMatch(/R\$ 200,00\n📍 Rua Augusta, 1500/);
  });

  it('formats prices and opening hours the Brazilian way', () => {
    expect(formatPrice(1200)).toBe('R$ 1.200,00');
    expect(formatPrice(99.9)).toBe('R$ 99,90');
    expect(describeHours(flows.clinic().hours)).toBe('• segunda a sexta: 09:00–12:00 e 13:00–19:00\n• sábado: 09:00–13:00\n• domingo: fechado');
  });
});
