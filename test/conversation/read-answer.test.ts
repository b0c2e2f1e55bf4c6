import { describe, expect, it } from 'vitest';
import { readYesNo, saysAnyChoice } from '../../src/conversation/read-answer';
import { understand } from '../../src/understanding/understand';
import { DEMO_VOCABULARY } from './support/demo-vocabulary';

const read = (text: string) => readYesNo(text, understand(text, { now: new Date('2026-03-10T13:00:00Z') }, DEMO_VOCABULARY));

describe('the patient\'s yes or no, read from their own words', () => {
  it.each(['sim', 'Sim!', 'sim, autorizo', 'autorizo', 'autorizo sim', 'concordo', 'aceito', 'pode sim', 'claro', 'ok', 'pode confirmar', 'confirmo', 's'])('"%s" is yes', (t) => {
    expect(read(t)).toBe('yes');
  });

  it.each(['não', 'nao', 'não autorizo', 'não, obrigada', 'não concordo', 'prefiro não', 'n', 'não quero'])('"%s" is no', (t) => {
    expect(read(t)).toBe('no');
  });

  it.each(['claro que não', 'lógico que não', 'sim... não, espera', 'beleza, mas não agora', 'ok, vou pensar', 'ok obrigada, depois eu vejo'])('"%s" is not a yes', (t) => {
    expect(read(t)).not.toBe('yes');
  });

  it.each(['talvez', 'hmm, deixa eu ver', 'qual o endereço?', '', '   '])('"%s" is neither', (t) => {
    expect(read(t)).toBeUndefined();
  });

  it('reads "no preference" answers', () => {
    for (const t of ['tanto faz', 'qualquer um', 'qualquer horário', 'o mais cedo possível', 'sem preferência']) expect(saysAnyChoice(t)).toBe(true);
    for (const t of ['sexta de manhã', 'com a Dra. Ana', 'não']) expect(saysAnyChoice(t)).toBe(false);
  });
});
