import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BusEvent, packEvents, PostgresEventBus, unpackEvents } from '../../src/lib/event-bus';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/test-database';

const event = (i: number): BusEvent => ({
  type: 'message',
  clinicId: '00000000-0000-4000-8000-000000000001',
  conversationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  messageId: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  direction: 'out',
});

describe('packEvents / unpackEvents', () => {
  it('packs events in order into payloads under the size limit, and back', () => {
    const events = Array.from({ length: 200 }, (_, i) => event(i));
    const payloads = packEvents(events, 2000);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2000);
    expect(payloads.flatMap(unpackEvents)).toEqual(events);
  });

  it('sends an event travelling alone as the bare object, which processes of the previous version read', () => {
    expect(packEvents([event(3)])).toEqual([JSON.stringify(event(3))]);
    expect(JSON.parse(packEvents([event(3), event(4)])[0]!)).toEqual([event(3), event(4)]);
  });

  it('reads a single event (as older processes sent it) and ignores what is not an event', () => {
    expect(unpackEvents(JSON.stringify(event(1)))).toEqual([event(1)]);
    expect(unpackEvents('{not json')).toEqual([]);
    expect(unpackEvents(JSON.stringify([1, null, { no: 'type' }, event(2)]))).toEqual([event(2)]);
  });
});

describePostgres('PostgresEventBus', () => {
  let t: TestDatabase;
  let raw: postgres.Sql;
  const payloads: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    raw = postgres(t.url!, { max: 1, onnotice: () => {} });
    await raw.listen('atende_events', (p) => payloads.push(p));
  });
  afterAll(async () => {
    await raw.end({ timeout: 2 });
    await t.drop();
  });

  const collect = (bus: PostgresEventBus) => {
    const got: BusEvent[] = [];
    bus.subscribe((e) => got.push(e));
    return got;
  };
  const until = async (check: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  };

  it('carries events published together in few notifications, in order, to every process', async () => {
    const a = await PostgresEventBus.create(t.url!);
    const b = await PostgresEventBus.create(t.url!);
    try {
      const gotA = collect(a);
      const gotB = collect(b);
      payloads.length = 0;
      const events = Array.from({ length: 60 }, (_, i) => event(i));
      for (const e of events) a.publish(e);
      await until(() => gotA.length >= 60 && gotB.length >= 60);
      expect(gotB).toEqual(events);
      expect(gotA).toEqual(events);
      // 60 events of ~190 bytes do not fit one 8 kB payload: two notifications, not 60.
      expect(payloads).toHaveLength(2);
      for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8000);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('sends what has gathered when it closes', async () => {
    const a = await PostgresEventBus.create(t.url!, undefined, { gatherMs: 60_000 });
    const b = await PostgresEventBus.create(t.url!);
    try {
      const gotB = collect(b);
      a.publish(event(7));
      await a.close();
      await until(() => gotB.length >= 1);
      expect(gotB).toEqual([event(7)]);
    } finally {
      await b.close();
    }
  });
});
