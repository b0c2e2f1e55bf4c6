import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, envKeys, parseEnv } from '../../src/config/env';

const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
const documented = new Map(
  example
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/\s+#.*$/, '').trim()]),
);

describe('configuration', () => {
  it('.env.example documents every variable, and nothing else', () => {
    expect([...documented.keys()].sort()).toEqual([...envKeys].sort());
  });

  it('the defaults in .env.example are the schema defaults', () => {
    const defaults = parseEnv({}) as Record<string, unknown>;
    for (const [key, value] of documented) {
      if (value === '') expect(defaults[key] ?? '', key).toSatisfy((v: unknown) => v === '' || v === undefined || v === false);
      else expect(String(defaults[key]), key).toBe(value === '0' && typeof defaults[key] === 'boolean' ? 'false' : value);
    }
  });

  it('.env.example copied as it is to .env is a valid configuration (blank values mean unset)', () => {
    const env = parseEnv(Object.fromEntries(documented));
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATABASE_POOL_SIZE).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(parseEnv({ DATABASE_POOL_SIZE: '6' }).DATABASE_POOL_SIZE).toBe(6);
    expect(() => parseEnv({ DATABASE_POOL_SIZE: '0' })).toThrow(ConfigError);
  });

  it('an empty environment is a valid embedded configuration', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  it('fails fast with one line per bad variable', () => {
    expect(() => parseEnv({ PORT: 'abc', DATABASE_URL: 'not a url', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      parseEnv({ PORT: 'abc', DATABASE_URL: 'not a url' });
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'PORT']);
    }
  });
});
