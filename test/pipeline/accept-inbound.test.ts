import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/channels/types';
import { openDatabase, type Database } from '../../src/db/open-database';
import { conversations, messages, patients } from '../../src/db/schema';
import { acceptInbound } from '../../src/pipeline/accept-inbound';
import { PHONE_NUMBER_ID, startTestApp, type TestApp } from '../support/test-app';
import { availableKinds, createTestDatabase, type TestDatabase } from '../support/test-database';

const inbound = (from: string, id: string, text = 'oi'): InboundMessage => ({
  channel: 'whatsapp',
  from,
  to: PHONE_NUMBER_ID,
  providerMessageId: id,
  kind: 'text',
  text,
  profileName: 'Júlia Prado',
  sentAt: new Date(),
});

/** Waits (up to 5 s) until `check` holds. */
async function until(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(availableKinds())('acceptInbound (%s): first contact and known conversations', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // Workers off: only the accept runs, the turns wait in Postgres.
    t = await startTestApp({ kind, appOptions: { runWorkers: false } });
  });
  afterAll(async () => t?.stop());

  const rowsOf = async (phone: string) => {
    const db = t.app.database.db;
    const pts = await db.select().from(patients).where(eq(patients.phone, phone));
    const convs = await db.select().from(conversations).where(eq(conversations.patientAddress, phone));
    const msgs = convs[0] ? await db.select().from(messages).where(eq(messages.conversationId, convs[0].id)) : [];
    return { pts, convs, msgs };
  };

  it('a first message creates the patient (with the profile name) and the conversation, then stores it', async () => {
    const at = new Date('2026-11-22T10:00:00Z');
    const r = await acceptInbound(t.app.pipeline, { ...inbound('+5511977770001', 'wamid.first-1'), sentAt: at });
    expect(r.status).toBe('accepted');
    const { pts, convs, msgs } = await rowsOf('+5511977770001');
    expect(pts).toHaveLength(1);
    expect(pts[0]!.name).toBe('Júlia Prado');
    expect(convs).toHaveLength(1);
    expect(convs[0]).toMatchObject({ patientId: pts[0]!.id, clinicAddress: PHONE_NUMBER_ID, channel: 'whatsapp', mode: 'bot' });
    expect(convs[0]!.lastInboundAt?.toISOString()).toBe(at.toISOString());
    expect(msgs.map((m) => [m.providerMessageId, m.status, m.direction])).toEqual([['wamid.first-1', 'pending', 'in']]);
    // Redelivered: acknowledged, not stored twice.
    expect((await acceptInbound(t.app.pipeline, inbound('+5511977770001', 'wamid.first-1'))).status).toBe('duplicate');
    expect((await rowsOf('+5511977770001')).msgs).toHaveLength(1);
  });

  it('a patient known from another way in (staff, a booking) gets a conversation, not a second patient row', async () => {
    const [known] = await t.app.database.db.insert(patients).values({ clinicId: 'bella-pele', phone: '+5511977770002', name: 'Já Cadastrada' }).returning();
    expect((await acceptInbound(t.app.pipeline, inbound('+5511977770002', 'wamid.known-1'))).status).toBe('accepted');
    const { pts, convs, msgs } = await rowsOf('+5511977770002');
    expect(pts.map((p) => [p.id, p.name])).toEqual([[known!.id, 'Já Cadastrada']]);
    expect(convs.map((c) => c.patientId)).toEqual([known!.id]);
    expect(msgs).toHaveLength(1);
  });

  it('ten first messages at once from one new number: one patient, one conversation, ten messages', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => acceptInbound(t.app.pipeline, inbound('+5511977770003', `wamid.burst-${i}`, `msg ${i}`))));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill('accepted'));
    const { pts, convs, msgs } = await rowsOf('+5511977770003');
    expect(pts).toHaveLength(1);
    expect(convs).toHaveLength(1);
    expect(msgs.map((m) => m.body).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `msg ${i}`).sort());
  });
});

describe.runIf(availableKinds().includes('postgres'))('acceptInbound on Postgres: round trips', () => {
  let t: TestApp;
  let db: TestDatabase;
  let counted: Database;
  const statements: string[] = [];
  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    counted = await openDatabase({ url: db.url!, migrate: false, onQuery: (q) => statements.push(q) });
    t = await startTestApp({ database: { ...db, database: counted }, appOptions: { runWorkers: false } });
  });
  afterAll(async () => {
    await t?.stop({ keepDatabase: true });
    await db?.drop();
  });

  it('a first contact is one statement, as is a message in a known conversation', async () => {
    await t.app.pipeline.clinics.resolve('whatsapp', PHONE_NUMBER_ID); // the clinic directory loads once
    statements.length = 0;
    expect((await acceptInbound(t.app.pipeline, inbound('+5511977770010', 'wamid.rt-1'))).status).toBe('accepted');
    expect(statements).toHaveLength(1);
    statements.length = 0;
    expect((await acceptInbound(t.app.pipeline, inbound('+5511977770010', 'wamid.rt-2'))).status).toBe('accepted');
    expect(statements).toHaveLength(1);
  });

  it('a first contact racing another one for the same number waits for it, then runs again and finds it', async () => {
    const phone = '+5511977770011';
    const raw = postgres(db.url!, { max: 2, onnotice: () => {} });
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      // Another first contact from this number, not committed yet.
      const other = raw.begin(async (sql) => {
        await sql`insert into patients (clinic_id, phone, name) values ('bella-pele', ${phone}, 'Criada Antes')`;
        await gate;
      });
      await until(async () => (await raw`select 1 from pg_stat_activity where state = 'idle in transaction' and datname = current_database()`).length > 0);
      statements.length = 0;
      const accepting = acceptInbound(t.app.pipeline, inbound(phone, 'wamid.race-1'));
      // The one-statement accept waits on the uncommitted patient row…
      await until(async () => (await raw`select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`).length > 0);
      release();
      await other;
      // …meets the conflict, creates nothing, and run again it finds the patient.
      expect((await accepting).status).toBe('accepted');
      expect(statements.length).toBeGreaterThan(1);
      const pts = await counted.db.select().from(patients).where(eq(patients.phone, phone));
      expect(pts.map((p) => p.name)).toEqual(['Criada Antes']);
      const convs = await counted.db.select().from(conversations).where(eq(conversations.patientAddress, phone));
      expect(convs.map((c) => c.patientId)).toEqual([pts[0]!.id]);
      expect(await counted.db.select().from(messages).where(eq(messages.conversationId, convs[0]!.id))).toHaveLength(1);
    } finally {
      await raw.end({ timeout: 2 });
    }
  });

  it('the same new message delivered four times at once: stored once, the rest acknowledged as duplicates', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => acceptInbound(t.app.pipeline, inbound('+5511977770012', 'wamid.dup-first'))));
    expect(results.map((r) => r.status).sort()).toEqual(['accepted', 'duplicate', 'duplicate', 'duplicate']);
    const convs = await counted.db.select().from(conversations).where(eq(conversations.patientAddress, '+5511977770012'));
    expect(await counted.db.select().from(messages).where(eq(messages.conversationId, convs[0]!.id))).toHaveLength(1);
  });
});
