import { describe, expect, it } from 'vitest';
import { extractConditions } from '../../src/understanding/extract-conditions';
import { normalizeText } from '../../src/understanding/normalize-text';
import { understand } from '../../src/understanding/understand';
import { demoVocabulary } from './demo-vocabulary';

const conditionsOf = (text: string) => extractConditions(normalizeText(text), text).conditions;
const ctx = { now: new Date('2026-11-23T10:00:00-03:00'), tz: 'America/Sao_Paulo' };

describe('extractConditions — "none" said in other words', () => {
  it.each(['não sou alérgica a nada', 'nao sou alergica', 'não tenho alergia a nada', 'nenhuma alergia', 'nunca tive alergia', 'to sem alergias'])('%s → []', (text) => {
    expect(conditionsOf(text)).toEqual([]);
    expect(understand(text, ctx, demoVocabulary)).toMatchObject({ intent: 'inform', conditions: [] });
  });
});

describe('extractConditions — a passing condition that is over is not current', () => {
  it.each([
    'parei de amamentar',
    'já parei de amamentar',
    'amamentei até o ano passado',
    'meu bebê já desmamou',
    'já tive herpes mas agora não',
    'tive herpes mas já sarou',
    'tomava roacutan ano passado',
    'tomei roacutan em 2019',
    'tomei roacutan faz uns 3 anos',
    'usei roacutan na adolescência',
    'já fiz uso de roacutan',
    'parei de tomar roacutan',
    'tomava roacutan, mas já parei',
    'parei o marevan semana passada',
    'não estou mais grávida',
    'não to mais tomando anticoagulante',
  ])('%s → []', (text) => {
    expect(conditionsOf(text)).toEqual([]);
  });

  it.each([
    ['uso isotretinoína há 2 meses', ['isotretinoina']],
    ['tomo roacutan há 2 anos', ['isotretinoina']],
    ['faço uso de roacutan', ['isotretinoina']],
    // isotretinoin stopped weeks ago still acts on the skin
    ['terminei o roacutan semana passada', ['isotretinoina']],
    ['parei o roacutan há 3 meses', ['isotretinoina']],
    ['tive bebê e estou amamentando', ['amamentando']],
    ['descobri que estava grávida', ['gestante']],
    ['fiquei grávida', ['gestante']],
    // a recent dose still thins the blood
    ['tomei aspirina ontem', ['anticoagulante']],
    // allergies, keloids and chronic diseases stay whatever the tense
    ['já tive reação alérgica à toxina', ['alergia_toxina']],
    ['ja tive queloide', ['queloide']],
    ['tive herpes ano passado mas tomo xarelto', ['anticoagulante']],
    // back again, or still there
    ['tive herpes e ainda estou com a ferida', ['herpes_ativo']],
    ['parei de tomar roacutan mas voltei a tomar', ['isotretinoina']],
  ])('%s → %j', (text, expected) => {
    expect(conditionsOf(text)).toEqual(expected);
  });
});
