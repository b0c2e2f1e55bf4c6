import { and, asc, eq, gt, isNotNull, ne, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../db/open-database';
import { conversations, messages, patients, screenings } from '../db/schema';
import type { Encryptor } from '../lib/crypto';
import type { Logger } from '../lib/logger';
import { screeningAad } from '../screening/record-screening';
import { cpfAad, loadReplyIndexes, messageAad, stateEnvelopes } from './sensitive-fields';

/** Where encrypted values live, as reported by `atende keys`. */
export const ENCRYPTED_FIELDS = ['patients.cpf_enc', 'screenings.answers_enc', 'messages.body_enc', 'conversations.state'] as const;
export type EncryptedField = (typeof ENCRYPTED_FIELDS)[number];

export interface FieldCounts {
  /** Values found under another key than the current one. */
  found: number;
  reencrypted: number;
  /** Could not be opened (key no longer in the ring, damaged value): left as they are. */
  failed: number;
}

export interface ReencryptReport {
  /** The key every value is now written with. */
  keyId: string;
  fields: Record<EncryptedField, FieldCounts>;
  /** A few failures to look into (ids only). */
  failures: { field: EncryptedField; id: string; error: string }[];
}

export interface ReencryptOptions {
  /** Rows read per query. @defaultValue 200 */
  batchSize?: number;
  /** Count, change nothing. @defaultValue false */
  dryRun?: boolean;
  logger?: Pick<Logger, 'warn'>;
}

const keyIdSql = (column: PgColumn) => sql`split_part(${column}, ':', 2)`;

/**
 * Key rotation, second half: after a new key is put first in ENCRYPTION_KEYS (the old one kept
 * after it), every value still written with another key — CPFs, screening answers, protected
 * message texts, and screening answers held in a booking in progress — is decrypted and written
 * again with the current key, under the same associated data. Once the report shows nothing left
 * (`atende keys status`), the old key can leave the ring. Idempotent; a value changed meanwhile is
 * not overwritten (each write checks the old ciphertext), it is simply picked up by the next run.
 */
export async function reencryptAll(deps: { database: Database; crypto: Encryptor }, options: ReencryptOptions = {}): Promise<ReencryptReport> {
  const db = deps.database.db;
  const crypto = deps.crypto;
  const batchSize = Math.max(1, options.batchSize ?? 200);
  const report: ReencryptReport = {
    keyId: crypto.keyId,
    fields: Object.fromEntries(ENCRYPTED_FIELDS.map((f) => [f, { found: 0, reencrypted: 0, failed: 0 }])) as Record<EncryptedField, FieldCounts>,
    failures: [],
  };
  const fail = (field: EncryptedField, id: string, err: unknown) => {
    report.fields[field].failed += 1;
    if (report.failures.length < 50) report.failures.push({ field, id, error: (err as Error).message });
    options.logger?.warn({ field, id, err: (err as Error).message }, 'reencrypt: value could not be opened; left as it is');
  };
  /** Rewraps one value; returns the new envelope, or null (failure recorded). */
  const rewrap = (field: EncryptedField, id: string, envelope: string, aad: string): string | null => {
    report.fields[field].found += 1;
    try {
      const plain = crypto.decrypt(envelope, aad);
      return options.dryRun ? null : crypto.encrypt(plain, aad);
    } catch (err) {
      fail(field, id, err);
      return null;
    }
  };
  const stale = (column: PgColumn): SQL => and(isNotNull(column), ne(keyIdSql(column), crypto.keyId))!;

  // patients.cpf_enc
  for (let after = ''; ; ) {
    const rows = await db
      .select({ id: patients.id, value: patients.cpfEnc })
      .from(patients)
      .where(and(stale(patients.cpfEnc), after ? gt(patients.id, after) : undefined))
      .orderBy(asc(patients.id))
      .limit(batchSize);
    for (const r of rows) {
      const next = rewrap('patients.cpf_enc', r.id, r.value!, cpfAad(r.id));
      if (!next) continue;
      const done = await db.update(patients).set({ cpfEnc: next }).where(and(eq(patients.id, r.id), eq(patients.cpfEnc, r.value!))).returning({ id: patients.id });
      report.fields['patients.cpf_enc'].reencrypted += done.length;
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.id;
  }

  // screenings.answers_enc
  for (let after = ''; ; ) {
    const rows = await db
      .select({ id: screenings.id, patientId: screenings.patientId, value: screenings.answersEnc })
      .from(screenings)
      .where(and(stale(screenings.answersEnc), after ? gt(screenings.id, after) : undefined))
      .orderBy(asc(screenings.id))
      .limit(batchSize);
    for (const r of rows) {
      const next = rewrap('screenings.answers_enc', r.id, r.value!, screeningAad(r.patientId));
      if (!next) continue;
      const done = await db
        .update(screenings)
        .set({ answersEnc: next })
        .where(and(eq(screenings.id, r.id), eq(screenings.answersEnc, r.value!)))
        .returning({ id: screenings.id });
      report.fields['screenings.answers_enc'].reencrypted += done.length;
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.id;
  }

  // messages.body_enc (bot replies are bound to their position in the turn: looked up per batch)
  for (let after = 0; ; ) {
    const rows = await db
      .select({ id: messages.id, seq: messages.seq, direction: messages.direction, replyToId: messages.replyToId, value: messages.bodyEnc })
      .from(messages)
      .where(and(stale(messages.bodyEnc), gt(messages.seq, after)))
      .orderBy(asc(messages.seq))
      .limit(batchSize);
    const indexes = await loadReplyIndexes(db, rows.filter((r) => r.direction !== 'in' && r.replyToId).map((r) => r.replyToId!));
    for (const r of rows) {
      const next = rewrap('messages.body_enc', r.id, r.value!, messageAad(r, indexes.get(r.id)));
      if (!next) continue;
      const done = await db.update(messages).set({ bodyEnc: next }).where(and(eq(messages.id, r.id), eq(messages.bodyEnc, r.value!))).returning({ id: messages.id });
      report.fields['messages.body_enc'].reencrypted += done.length;
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.seq;
  }

  // conversations.state: screening answers of a booking in progress.
  for (let after = ''; ; ) {
    const rows = await db
      .select({ id: conversations.id, patientId: conversations.patientId, state: conversations.state })
      .from(conversations)
      .where(and(sql`${conversations.state}::text like '%"v1:%'`, after ? gt(conversations.id, after) : undefined))
      .orderBy(asc(conversations.id))
      .limit(batchSize);
    for (const r of rows) {
      const before = JSON.stringify(r.state);
      const state = structuredClone(r.state);
      let changed = 0;
      for (const env of stateEnvelopes(state)) {
        if (crypto.keyIdOf(env.value) === crypto.keyId) continue;
        const next = rewrap('conversations.state', r.id, env.value, screeningAad(r.patientId));
        if (!next) continue;
        env.set(next);
        changed += 1;
      }
      if (!changed) continue;
      const done = await db
        .update(conversations)
        .set({ state })
        .where(and(eq(conversations.id, r.id), sql`${conversations.state} = ${before}::jsonb`))
        .returning({ id: conversations.id });
      if (done.length) report.fields['conversations.state'].reencrypted += changed;
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.id;
  }
  return report;
}

/** How many encrypted values each key id holds, per field (to know when an old key may go). */
export async function countValuesByKey(database: Database): Promise<Record<EncryptedField, Record<string, number>>> {
  const out = Object.fromEntries(ENCRYPTED_FIELDS.map((f) => [f, {}])) as Record<EncryptedField, Record<string, number>>;
  const tally = async (field: EncryptedField, table: string, column: string) => {
    const rows = await database.rows<{ key_id: string; n: number }>(
      sql.raw(`select split_part(${column}, ':', 2) as key_id, count(*)::int as n from ${table} where ${column} is not null group by 1`),
    );
    for (const r of rows) out[field][r.key_id] = r.n;
  };
  await tally('patients.cpf_enc', 'patients', 'cpf_enc');
  await tally('screenings.answers_enc', 'screenings', 'answers_enc');
  await tally('messages.body_enc', 'messages', 'body_enc');
  const states = await database.db.select({ state: conversations.state }).from(conversations).where(sql`${conversations.state}::text like '%"v1:%'`);
  for (const s of states) {
    for (const env of stateEnvelopes(s.state)) {
      const id = env.value.split(':')[1] ?? '';
      out['conversations.state'][id] = (out['conversations.state'][id] ?? 0) + 1;
    }
  }
  return out;
}
