import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createEncryptor, CryptoError, generateKeySpec, loadEncryptor, parseEncryptionKeys } from '../../src/lib/crypto';

const ring = (spec: string) => createEncryptor(parseEncryptionKeys(spec));

describe('field encryption (AES-256-GCM envelope with key id)', () => {
  const k1 = generateKeySpec('k1');
  const k2 = generateKeySpec('k2');

  it('round-trips, with a fresh IV per value and no plaintext in the envelope', () => {
    const e = ring(k1);
    const a = e.encrypt('estou grávida', 'screening:p1');
    const b = e.encrypt('estou grávida', 'screening:p1');
    expect(a).toMatch(/^v1:k1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toMatch(/gr[aá]vida/);
    expect(e.decrypt(a, 'screening:p1')).toBe('estou grávida');
    expect(e.keyIdOf(a)).toBe('k1');
  });

  it('refuses a tampered ciphertext, tag or IV', () => {
    const e = ring(k1);
    const env = e.encrypt('tomo varfarina');
    const parts = env.split(':');
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const i of [2, 3, 4]) {
      const bad = parts.map((p, j) => (j === i ? flip(p) : p)).join(':');
      expect(() => e.decrypt(bad)).toThrow(CryptoError);
    }
    expect(() => e.decrypt('texto em claro')).toThrow(/not an encrypted value/);
  });

  it('binds the value to its context: an envelope copied to another patient does not decrypt', () => {
    const e = ring(k1);
    const env = e.encrypt('herpes', 'screening:patient-a');
    expect(() => e.decrypt(env, 'screening:patient-b')).toThrow(CryptoError);
  });

  it('rotates: the first key encrypts, every listed key decrypts, a removed key is a clear error', () => {
    const old = ring(k1).encrypt('lúpus');
    const rotated = ring(`${k2},${k1}`);
    expect(rotated.keyId).toBe('k2');
    expect(rotated.decrypt(old)).toBe('lúpus');
    expect(rotated.keyIdOf(rotated.encrypt('x'))).toBe('k2');
    expect(() => ring(k2).decrypt(old)).toThrow(/"k1" is not configured/);
  });

  it('validates ENCRYPTION_KEYS without echoing the key material', () => {
    expect(() => parseEncryptionKeys('semdoispontos')).toThrow(/entry 1/);
    expect(() => parseEncryptionKeys('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseEncryptionKeys(`${k1},${k1}`)).toThrow(/appears twice/);
    expect(() => parseEncryptionKeys('k1:c2hvcnQ=')).not.toThrow(/c2hvcnQ/);
  });

  it('without ENCRYPTION_KEYS generates one local key once, mode 0600, and warns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atende-keys-'));
    const warn = vi.fn();
    const first = loadEncryptor({ DATA_DIR: dir }, { warn } as never);
    const second = loadEncryptor({ DATA_DIR: dir }, { warn } as never);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(second.decrypt(first.encrypt('ok'))).toBe('ok');
    expect(statSync(join(dir, 'keys.json')).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')).keys).toHaveLength(1);
  });

  it('prefers ENCRYPTION_KEYS when set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atende-keys-'));
    const e = loadEncryptor({ DATA_DIR: dir, ENCRYPTION_KEYS: k2 });
    expect(e.keyId).toBe('k2');
    expect(() => statSync(join(dir, 'keys.json'))).toThrow();
  });
});
