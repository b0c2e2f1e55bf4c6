import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/open-database';
import { auditLog, escalations, messages, type MessageStatus } from '../../src/db/schema';
import { FixedClock } from '../../src/lib/clock';
import { applyRetention } from '../../src/lgpd/apply-retention';
import { findOrCreateConversation } from '../../src/pipeline/accept-inbound';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { createTestDatabase, describePostgres, seedClinic, type TestDatabase } from '../support/test-database';
import { startTestApp, type TestApp } from '../support/test-app';

const exec = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const DAY = 86_400_000;

/** A conversation and messages of a given age (days before `now`), written as the pipeline would. */
async function conversationWithHistory(database: Database, phone: string, now: Date, rows: { ageDays: number; status?: MessageStatus; direction?: 'in' | 'out' | 'note'; body?: string; bodyEnc?: string; template?: boolean }[]) {
  const db = database.db;
  const patient = await findOrCreatePatient(db, { clinicId: 'bella-pele', phone, now });
  const conv = await findOrCreateConversation(db, { clinicId: 'bella-pele', patientId: patient.id, channel: 'whatsapp', clinicAddress: '106540352242922', patientAddress: phone, now });
  const inserted = await db
    .insert(messages)
    .values(
      rows.map((r, i) => ({
        clinicId: 'bella-pele',
        conversationId: conv.id,
        direction: r.direction ?? 'in',
        author: r.direction === 'out' ? 'bot' : r.direction === 'note' ? 'staff' : 'patient',
        channel: 'whatsapp',
        kind: r.template ? 'template' : 'text',
        body: r.body ?? `mensagem ${i} com ${r.ageDays} dias`,
        bodyEnc: r.bodyEnc ?? null,
        template: r.template ? { name: 'lembrete', language: 'pt_BR', params: ['Marta', 'sexta'] } : null,
        status: r.status ?? (r.direction === 'out' ? 'delivered' : r.direction === 'note' ? 'note' : 'processed'),
        receivedAt: new Date(now.getTime() - r.ageDays * DAY),
      })),
    )
    .returning();
  return { conversationId: conv.id, rows: inserted };
}

describePostgres('retention: message texts older than RETENTION_DAYS are erased', () => {
  let t: TestApp;
  const clock = new FixedClock(new Date('2026-03-10T13:00:00Z'));
  beforeAll(async () => {
    t = await startTestApp({ kind: 'postgres', clock, appOptions: { runWorkers: false } });
  });
  afterAll(async () => t?.stop());

  it('erases old texts in batches, keeps the rows, spares recent and in-flight messages, and is idempotent', async () => {
    const now = clock.now();
    const { rows } = await conversationWithHistory(t.t.database, '+5511960000001', now, [
      { ageDays: 800 },
      { ageDays: 400, direction: 'out', body: '🔒 protegido', bodyEnc: 'v1:k:aaa:bbb:ccc' },
      { ageDays: 400, direction: 'out', template: true },
      { ageDays: 366, direction: 'note' },
      { ageDays: 366 },
      { ageDays: 500, status: 'pending' },
      { ageDays: 364 },
      { ageDays: 1 },
    ]);
    const old = rows.slice(0, 5).map((r) => r.id);
    const kept = rows.slice(5).map((r) => r.id);

    const dry = await applyRetention({ database: t.t.database, clock }, { retentionDays: 365, dryRun: true });
    expect(dry).toMatchObject({ messages: 5, byClinic: { 'bella-pele': 5 } });
    expect((await t.t.database.db.select().from(messages).where(inArray(messages.id, old))).every((m) => m.body !== null)).toBe(true);

    const report = await applyRetention({ database: t.t.database, clock }, { retentionDays: 365, batchSize: 2 });
    expect(report).toMatchObject({ messages: 5, byClinic: { 'bella-pele': 5 }, batches: 3 });
    expect(report.cutoff.toISOString()).toBe(new Date(now.getTime() - 365 * DAY).toISOString());

    const after = new Map((await t.t.database.db.select().from(messages).where(inArray(messages.id, [...old, ...kept]))).map((m) => [m.id, m]));
    for (const id of old) {
      const m = after.get(id)!;
      expect(m).toMatchObject({ body: null, bodyEnc: null });
      expect(m.template?.params ?? []).toEqual([]);
    }
    expect(after.get(old[2]!)!.template).toEqual({ name: 'lembrete', language: 'pt_BR', params: [] });
    // The rows themselves stay for statistics: direction, status and time untouched.
    expect(old.map((id) => after.get(id)!.status)).toEqual(rows.slice(0, 5).map((r) => r.status));
    for (const id of kept) expect(after.get(id)!.body).toMatch(/^mensagem/);

    const again = await applyRetention({ database: t.t.database, clock }, { retentionDays: 365, batchSize: 2 });
    expect(again.messages).toBe(0);
    const audit = await t.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'lgpd.retention'), eq(auditLog.clinicId, 'bella-pele')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'system', actorId: 'retention', data: { messages: 5, retentionDays: 365 } });
  });

  it('clears what reception was told about old resolved escalations, not open ones', async () => {
    const now = clock.now();
    const db = t.t.database.db;
    const { conversationId } = await conversationWithHistory(t.t.database, '+5511960000002', now, [{ ageDays: 1 }]);
    const old = new Date(now.getTime() - 400 * DAY);
    const [resolved, open] = await db
      .insert(escalations)
      .values([
        { clinicId: 'bella-pele', conversationId, reason: 'asked_human', detail: 'paciente disse que está grávida', status: 'resolved', dedupeKey: 'ret-1', createdAt: old },
        { clinicId: 'bella-pele', conversationId, reason: 'asked_human', detail: 'ainda em atendimento', status: 'open', dedupeKey: 'ret-2', createdAt: old },
      ])
      .returning();
    await applyRetention({ database: t.t.database, clock }, { retentionDays: 365 });
    const after = new Map((await db.select().from(escalations).where(inArray(escalations.id, [resolved!.id, open!.id]))).map((e) => [e.id, e]));
    expect(after.get(resolved!.id)!.detail).toBeNull();
    expect(after.get(open!.id)!.detail).toBe('ainda em atendimento');
  });

  it('`atende retention run` does the same from the command line', async () => {
    const now = new Date();
    const { rows } = await conversationWithHistory(t.t.database, '+5511960000002', now, [{ ageDays: 45 }, { ageDays: 5 }]);
    const { stdout } = await exec(process.execPath, [`${root}bin/atende.mjs`, 'retention', 'run', '--days', '30'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: t.t.url!, LOG_LEVEL: 'silent', DATA_DIR: `/tmp/atende-test-${randomUUID()}` },
    });
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(summary).toMatchObject({ dryRun: false, retentionDays: 30 });
    expect(summary.messages).toBeGreaterThanOrEqual(1);
    const [older, newer] = await Promise.all(rows.map(async (r) => (await t.t.database.db.select().from(messages).where(eq(messages.id, r.id)))[0]!));
    expect(older!.body).toBeNull();
    expect(newer!.body).not.toBeNull();
  });
});

describePostgres('retention runs from the maintenance loop', () => {
  let t: TestApp;
  let database: TestDatabase;
  let rows: { id: string }[] = [];
  beforeAll(async () => {
    // The history exists before the service starts: its first maintenance tick runs retention.
    database = await createTestDatabase('postgres');
    await seedClinic(database.database);
    ({ rows } = await conversationWithHistory(database.database, '+5511960000003', new Date(), [{ ageDays: 31, direction: 'note' }, { ageDays: 2, direction: 'note' }]));
    t = await startTestApp({ database, env: { RETENTION_DAYS: '30' } });
  });
  afterAll(async () => {
    await t?.stop();
    await database?.drop();
  });

  it('a running service erases old texts by itself', async () => {
    const bodyOf = async (id: string) => (await database.database.db.select({ body: messages.body }).from(messages).where(eq(messages.id, id)))[0]?.body;
    await expect.poll(() => bodyOf(rows[0]!.id), { timeout: 15_000, interval: 200 }).toBeNull();
    expect(await bodyOf(rows[1]!.id)).toMatch(/^mensagem/);
  });
});
