import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clinics } from '../../src/db/schema';
import { openDatabase } from '../../src/db/open-database';
import { availableKinds, createTestDatabase, describePostgres, type TestDatabase } from '../support/test-database';

describePostgres('Postgres: every query runs prepared, in transactions too', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
  });
  afterAll(async () => t?.drop());

  it('a Drizzle query inside a transaction leaves a prepared statement on its connection', async () => {
    const seen = await t.database.db.transaction(async (tx) => {
      await tx.select({ id: clinics.id }).from(clinics).where(eq(clinics.id, 'no-such-clinic'));
      return t.database.rows<{ statement: string }>(
        sql`select statement from pg_prepared_statements where statement like '%from "clinics"%'`,
        tx,
      );
    });
    expect(seen.length).toBeGreaterThan(0);
  });

  it('onQuery sees every statement sent: plain, raw, built once, and a transaction with its BEGIN and COMMIT or ROLLBACK', async () => {
    const seen: string[] = [];
    const counted = await openDatabase({ url: t.url!, migrate: false, maxConnections: 2, onQuery: (q) => seen.push(q.trim().split(/\s+/)[0]!.toLowerCase()) });
    try {
      await counted.db.select({ id: clinics.id }).from(clinics);
      await counted.rows(sql`select 1`);
      await counted.statement(sql`select ${sql.placeholder('n')}::int as n`)({ n: 1 });
      await counted.db.transaction(async (tx) => {
        await tx.select({ id: clinics.id }).from(clinics);
      });
      await counted.db
        .transaction(async (tx) => {
          await tx.select({ id: clinics.id }).from(clinics);
          throw new Error('undo');
        })
        .catch(() => {});
      expect(seen).toEqual(['select', 'select', 'select', 'begin', 'select', 'commit', 'begin', 'select', 'rollback']);
    } finally {
      await counted.close();
    }
  });
});

describe.each(availableKinds())('Database.statement (%s)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => t?.drop());

  it('runs one statement many times with its placeholders filled', async () => {
    const echo = t.database.statement<{ n: number; at: Date | string; label: string }>(
      sql`select ${sql.placeholder('n')}::int * 2 as n, ${sql.placeholder('at')}::timestamptz as at, ${'fixed'}::text || ${sql.placeholder('suffix')} as label`,
    );
    const results = await Promise.all([1, 2, 3].map((n) => echo({ n, at: `2026-03-0${n}T12:00:00.000Z`, suffix: `-${n}` })));
    expect(results.map((r) => r[0]!.n)).toEqual([2, 4, 6]);
    expect(results.map((r) => r[0]!.label)).toEqual(['fixed-1', 'fixed-2', 'fixed-3']);
    expect(new Date(results[2]![0]!.at).toISOString()).toBe('2026-03-03T12:00:00.000Z');
  });
});
