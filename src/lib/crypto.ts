import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Logger } from './logger';

/**
 * Field encryption for what must never sit in clear at rest (health answers, CPF): AES-256-GCM
 * with a fresh 96-bit IV per value, written as a self-describing envelope
 * `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts). The key id lets keys rotate: the first
 * key of the ring encrypts, every key still listed decrypts what it once wrote.
 */

export interface EncryptionKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

export interface Encryptor {
  /** Id of the key new envelopes are written with. */
  readonly keyId: string;
  /** `aad` binds the envelope to a context (e.g. "screening:<patient id>"): it must match on decrypt. */
  encrypt(plaintext: string, aad?: string): string;
  /** Throws CryptoError when the envelope is malformed, tampered, or its key is not in the ring. */
  decrypt(envelope: string, aad?: string): string;
  /** The key id an envelope was written with (to find values to re-encrypt after a rotation). */
  keyIdOf(envelope: string): string | undefined;
}

export class CryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoError';
  }
}

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

const b64u = (buf: Buffer) => buf.toString('base64url');

/** Parses ENCRYPTION_KEYS (`keyId:base64key[,keyId:base64key…]`); throws naming the bad entry, never the key. */
export function parseEncryptionKeys(spec: string): EncryptionKey[] {
  const keys: EncryptionKey[] = [];
  for (const [i, part] of spec.split(',').map((p) => p.trim()).filter(Boolean).entries()) {
    const sep = part.indexOf(':');
    const id = sep > 0 ? part.slice(0, sep) : '';
    if (!KEY_ID.test(id)) throw new CryptoError(`ENCRYPTION_KEYS entry ${i + 1}: expected "keyId:base64key" with a key id of letters, digits, - or _`);
    const raw = part.slice(sep + 1);
    const key = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length !== 32) throw new CryptoError(`ENCRYPTION_KEYS entry ${i + 1} ("${id}"): the key must be 32 bytes in base64 (got ${key.length})`);
    if (keys.some((k) => k.id === id)) throw new CryptoError(`ENCRYPTION_KEYS: key id "${id}" appears twice`);
    keys.push({ id, key });
  }
  if (keys.length === 0) throw new CryptoError('ENCRYPTION_KEYS is empty');
  return keys;
}

/** An encryptor over a key ring; the first key encrypts. */
export function createEncryptor(ring: EncryptionKey[]): Encryptor {
  if (ring.length === 0) throw new CryptoError('no encryption key');
  const byId = new Map(ring.map((k) => [k.id, k.key]));
  const current = ring[0]!;
  return {
    keyId: current.id,
    encrypt(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      if (aad) cipher.setAAD(Buffer.from(aad, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, current.id, b64u(iv), b64u(cipher.getAuthTag()), b64u(ciphertext)].join(':');
    },
    decrypt(envelope, aad) {
      const parts = typeof envelope === 'string' ? envelope.split(':') : [];
      if (parts.length !== 5 || parts[0] !== VERSION) throw new CryptoError('not an encrypted value (expected v1:<keyId>:<iv>:<tag>:<data>)');
      const [, id, iv, tag, data] = parts as [string, string, string, string, string];
      const key = byId.get(id);
      if (!key) throw new CryptoError(`encryption key "${id}" is not configured (rotated out of ENCRYPTION_KEYS?)`);
      const ivBuf = Buffer.from(iv, 'base64url');
      const tagBuf = Buffer.from(tag, 'base64url');
      if (ivBuf.length !== 12 || tagBuf.length !== 16) throw new CryptoError('malformed encrypted value');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, ivBuf);
        if (aad) decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tagBuf);
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new CryptoError('encrypted value failed authentication (tampered, wrong key or wrong context)');
      }
    },
    keyIdOf(envelope) {
      const parts = typeof envelope === 'string' ? envelope.split(':') : [];
      return parts.length === 5 && parts[0] === VERSION ? parts[1] : undefined;
    },
  };
}

/** Generates a key ring entry (for `atende` operators and tests). */
export function generateKeySpec(id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * The service's encryptor: keys from ENCRYPTION_KEYS, or — on the embedded default, where nothing
 * is configured — one key generated once under DATA_DIR/keys.json (mode 0600), with a warning:
 * losing that file makes the encrypted answers unreadable, so production sets ENCRYPTION_KEYS.
 */
export function loadEncryptor(env: { ENCRYPTION_KEYS?: string; DATA_DIR: string }, logger?: Pick<Logger, 'warn'>): Encryptor {
  if (env.ENCRYPTION_KEYS) return createEncryptor(parseEncryptionKeys(env.ENCRYPTION_KEYS));
  const file = join(env.DATA_DIR, 'keys.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { keys?: string[] };
    if (!Array.isArray(stored.keys)) throw new CryptoError(`${file}: expected {"keys": ["keyId:base64key", …]}`);
    return createEncryptor(parseEncryptionKeys(stored.keys.join(',')));
  }
  mkdirSync(env.DATA_DIR, { recursive: true });
  const spec = generateKeySpec('local1');
  // `wx`: two processes starting together never overwrite each other's key.
  try {
    writeFileSync(file, `${JSON.stringify({ keys: [spec] }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    logger?.warn({ file }, 'ENCRYPTION_KEYS not set: generated a local encryption key; back this file up, or set ENCRYPTION_KEYS in production');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return loadEncryptor(env, undefined);
}
