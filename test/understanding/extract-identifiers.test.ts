import { describe, expect, it } from 'vitest';
import { extractCpf, extractEmail } from '../../src/understanding/extract-identifiers';

describe('extractCpf', () => {
  it('reads formatted CPFs and bare digits next to the word CPF', () => {
    expect(extractCpf('meu cpf é 123.456.789-09')).toBe('12345678909');
    expect(extractCpf('CPF 12345678909')).toBe('12345678909');
    expect(extractCpf('123456789-09')).toBe('12345678909');
  });
  it('does not take phone numbers or prices for a CPF', () => {
    expect(extractCpf('meu celular é 11987654321')).toBeUndefined();
    expect(extractCpf('11 98765-4321')).toBeUndefined();
    expect(extractCpf('R$ 1.200,00')).toBeUndefined();
  });
});

describe('extractEmail', () => {
  it('reads and lowercases the first address', () => {
    expect(extractEmail('meu email é Fernanda.C@Gmail.com.')).toBe('fernanda.c@gmail.com');
    expect(extractEmail('manda pra ana_souza+clinica@empresa.com.br, obrigada')).toBe('ana_souza+clinica@empresa.com.br');
  });
  it('ignores text without an address, fast even when long', () => {
    expect(extractEmail('sem email aqui')).toBeUndefined();
    expect(extractEmail('@'.repeat(5000))).toBeUndefined();
    const t0 = performance.now();
    expect(extractEmail(`${'a'.repeat(10_000)}@`)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(50);
  });
});
