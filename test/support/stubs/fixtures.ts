import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

/** A fixture's raw text, exactly as stored (what a signature is computed over). */
export function fixtureText(path: string): string {
  return readFileSync(root + path, 'utf8');
}

/** A JSON fixture, parsed fresh on every call (so tests may mutate it). */
export function fixtureJson<T = unknown>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}
