import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/staff/hash-password';

describe('staff passwords (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$15\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash (same password, different hashes)', async () => {
    const a = await hashPassword('mesma-senha-123');
    const b = await hashPassword('mesma-senha-123');
    expect(a).not.toBe(b);
    expect(await verifyPassword('mesma-senha-123', a)).toBe(true);
    expect(await verifyPassword('mesma-senha-123', b)).toBe(true);
  });

  it('never matches a malformed or foreign hash', async () => {
    for (const stored of ['', 'plain-text', 'scrypt$15$8$1$abc', '$argon2id$v=19$m=65536,t=3,p=4$abc$def', 'scrypt$99$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });

  it('normalises Unicode so the same typed password always matches', async () => {
    const stored = await hashPassword('Cafe\u0301-senha-1');
    expect(await verifyPassword('Café-senha-1', stored)).toBe(true);
  });
});
