import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Staff passwords: scrypt (memory-hard, in node:crypto) with a per-user random salt. The stored
 * string carries its own parameters, `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>` (base64url), so the
 * cost can be raised later without breaking existing hashes.
 */
export interface PasswordCost {
  /** log2 of the CPU/memory cost N. @defaultValue 15 (N = 32768, 32 MiB) */
  logN: number;
  /** @defaultValue 8 */
  r: number;
  /** @defaultValue 1 */
  p: number;
}

export const DEFAULT_PASSWORD_COST: PasswordCost = { logN: 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
/** Shortest password accepted for a staff account. */
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, cost: PasswordCost): Promise<Buffer> {
  const N = 2 ** cost.logN;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes a new password for storage. */
export async function hashPassword(password: string, cost: PasswordCost = DEFAULT_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, logN, r, p, saltText, keyText] = parts as [string, string, string, string, string, string];
  const cost = { logN: Number(logN), r: Number(r), p: Number(p) };
  if (![cost.logN, cost.r, cost.p].every((n) => Number.isInteger(n) && n > 0) || cost.logN > 20) return false;
  const expected = Buffer.from(keyText, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, Buffer.from(saltText, 'base64url'), cost);
  return timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same work as a real check when the e-mail is unknown, so response time does not
 * tell an attacker which addresses have accounts.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword('not-a-real-password-0000');
  await verifyPassword(password, await dummy);
  return false;
}

/** A readable random password for `atende staff add` when none is given (shown once). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}
