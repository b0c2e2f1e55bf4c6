import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('logs carry no patient data', () => {
  it('drops the parameters a database error carries (names, health text, phones)', () => {
    const { logger, lines } = capture();
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const err = Object.assign(new Error('Failed query: insert into patients (name, body, phone) values ($1, $2, $3)\nparams: Maria Aparecida Souza,estou grávida e tenho herpes,+5511987654321'), {
      name: 'DrizzleQueryError',
      query: 'insert into patients (name, body, phone) values ($1, $2, $3)',
      params: ['Maria Aparecida Souza', 'estou grávida e tenho herpes', '+5511987654321'],
      cause,
    });
    logger.error({ err }, 'could not persist');
    const line = lines.join('');
    expect(line).not.toContain('Maria');
    expect(line).not.toContain('grávida');
    expect(line).not.toContain('98765');
    expect(JSON.parse(line).err).toMatchObject({ type: 'DrizzleQueryError', cause: { code: 'ECONNREFUSED' } });
  });

  it('masks a string passed as err instead of spelling it out character by character', () => {
    const { logger, lines } = capture();
    logger.warn({ err: 'fetch failed for +55 11 98765-4321 (joao@exemplo.com)' }, 'send failed');
    const parsed = JSON.parse(lines.join(''));
    expect(parsed.err).toBe('fetch failed for [phone] ([email])');
  });

  it('redacts known PII fields in structured records', () => {
    const { logger, lines } = capture();
    logger.info({ patient: { name: 'Fernanda', phone: '+5511999990000' }, body: 'meu cpf é 529.982.247-25' }, 'x');
    const line = lines.join('');
    expect(line).not.toContain('Fernanda');
    expect(line).not.toContain('99999');
    expect(line).not.toContain('529.982');
  });
});
