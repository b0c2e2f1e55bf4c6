import { describe, expect, it } from 'vitest';
import { extractConditions } from '../../src/understanding/extract-conditions';
import { normalizeText } from '../../src/understanding/normalize-text';

const conditionsOf = (text: string) => extractConditions(normalizeText(text), text).conditions;

describe('extractConditions — everyday words and brands', () => {
  it.each([
    ['estou grávida', ['gestante']],
    ['esperando bebê', ['gestante']],
    ['sou lactante', ['amamentando']],
    ['ainda estou dando de mamar', ['amamentando']],
    ['tomo Roacutan', ['isotretinoina']],
    ['tenho lúpus', ['autoimune']],
    ['tenho artrite reumatoide', ['autoimune']],
    ['tomo Marevan', ['anticoagulante']],
    ['uso AAS todo dia', ['anticoagulante']],
    ['tomo remédio pra afinar o sangue', ['anticoagulante']],
    ['tô com uma bolha de herpes', ['herpes_ativo']],
    ['tenho queloide', ['queloide']],
    ['sou alérgica a lidocaína', ['alergia_lidocaina']],
    ['tenho alergia a anestésico', ['alergia_lidocaina']],
    ['tive reação alérgica ao botox', ['alergia_toxina']],
    ['tenho miastenia gravis', ['doenca_neuromuscular']],
    ['tenho ELA', ['doenca_neuromuscular']],
    ['fui à praia ontem e estou queimada de sol', ['exposicao_solar']],
    ['estou bronzeada', ['exposicao_solar']],
    ['estou com uma espinha inflamada', ['infeccao_local']],
    ['tenho uma ferida no rosto', ['infeccao_local']],
  ])('%s → %j', (text, expected) => {
    expect(conditionsOf(text)).toEqual(expected);
  });
});

describe('extractConditions — negation, none and hypotheticals', () => {
  it.each([
    ['não tenho nenhuma dessas', []],
    ['não estou grávida', []],
    ['não estou grávida nem amamentando', []],
    ['nunca tive herpes', []],
    ['sem alergias a anestesia', []],
    ['grávida não, mas tomo AAS', ['anticoagulante']],
    ['não tenho lúpus mas tomo varfarina', ['anticoagulante']],
    ['não estou grávida e tomo aspirina', ['anticoagulante']],
    ['estou grávida e tomo aas', ['gestante', 'anticoagulante']],
    ['não sei se estou grávida', ['gestante']],
  ])('%s → %j', (text, expected) => {
    expect(conditionsOf(text)).toEqual(expected);
  });

  it('ignores what-ifs and other people', () => {
    expect(conditionsOf('posso fazer se eu estiver grávida?')).toBeUndefined();
    expect(conditionsOf('quem tem lúpus pode fazer?')).toBeUndefined();
    expect(conditionsOf('minha mãe toma varfarina')).toBeUndefined();
    expect(conditionsOf('posso fazer botox se estou amamentando?')).toEqual(['amamentando']);
  });

  it('stays silent when health is not mentioned', () => {
    expect(conditionsOf('quero marcar botox amanhã')).toBeUndefined();
    expect(conditionsOf('posso tomar sol depois do peeling?')).toBeUndefined();
  });
});
