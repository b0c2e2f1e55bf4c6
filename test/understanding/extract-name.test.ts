import { describe, expect, it } from 'vitest';
import { extractName } from '../../src/understanding/extract-name';

describe('extractName', () => {
  it.each([
    ['Meu nome é Fernanda Costa', 'Fernanda Costa'],
    ['meu nome é fernanda costa e quero marcar', 'Fernanda Costa'],
    ['me chamo Carlos Eduardo', 'Carlos Eduardo'],
    ['sou a Patrícia', 'Patrícia'],
    ['aqui é o João', 'João'],
    ['Oi, aqui é a Renata, tudo bem?', 'Renata'],
    ['meu nome completo é Maria da Silva Santos', 'Maria da Silva Santos'],
    ['pode me chamar de Bia', 'Bia'],
    ['É a Camila', 'Camila'],
    ['Nome: Luana Prado', 'Luana Prado'],
  ])('%s → %s', (text, name) => {
    expect(extractName(text)).toBe(name);
  });

  it.each(['sou alérgica a lidocaína', 'sou paciente da dra Ana', 'sou nova aqui', 'sou de São Paulo', 'quero marcar com a Carla', 'e a Carla atende sábado?'])(
    '%s → no name',
    (text) => {
      expect(extractName(text)).toBeUndefined();
    },
  );
});
