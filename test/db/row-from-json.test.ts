import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowFromJson } from '../../src/db/row-from-json';
import { conversations, messages, patients } from '../../src/db/schema';
import { availableKinds, createTestDatabase, seedClinic, type TestDatabase } from '../support/test-database';

describe.each(availableKinds())('rowFromJson (%s)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedClinic(t.database);
  });
  afterAll(async () => t?.drop());

  it('gives the same row as a Drizzle select: names, Dates, jsonb, numbers and nulls', async () => {
    const db = t.database.db;
    const [patient] = await db.insert(patients).values({ clinicId: 'bella-pele', phone: '+5511999990001', name: 'Ana', birthDate: '1990-02-03' }).returning();
    const [conversation] = await db
      .insert(conversations)
      .values({ clinicId: 'bella-pele', patientId: patient!.id, channel: 'whatsapp', clinicAddress: '1', patientAddress: patient!.phone, state: { step: 'offer', options: [1, 2], nested: { ok: true } }, lastInboundAt: new Date('2026-11-22T10:11:12.345Z') })
      .returning();
    const [message] = await db
      .insert(messages)
      .values({ clinicId: 'bella-pele', conversationId: conversation!.id, direction: 'out', author: 'bot', channel: 'whatsapp', kind: 'template', body: 'oi', status: 'queued', template: { name: 'lembrete', language: 'pt_BR', params: ['Ana'] }, sentAt: new Date('2026-11-22T10:00:00.001Z') })
      .returning();
    for (const [table, id, expected] of [
      [patients, patient!.id, patient],
      [conversations, conversation!.id, conversation],
      [messages, message!.id, message],
    ] as const) {
      const rows = await t.database.rows<{ j: Record<string, unknown> }>(sql`select row_to_json(x) as j from ${table} x where x.id = ${id}::uuid`);
      const json = typeof rows[0]!.j === 'string' ? (JSON.parse(rows[0]!.j as unknown as string) as Record<string, unknown>) : rows[0]!.j;
      expect(rowFromJson(table, json)).toEqual(expected);
    }
    const [reread] = await db.select().from(conversations).where(eq(conversations.id, conversation!.id));
    expect(reread!.state).toEqual({ step: 'offer', options: [1, 2], nested: { ok: true } });
  });
});
