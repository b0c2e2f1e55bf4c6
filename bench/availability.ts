import { sql } from 'drizzle-orm';
import { findAvailableSlots } from '../src/booking/find-available-slots';
import { bookSlot } from '../src/booking/hold-slot';
import { type Database, openDatabase } from '../src/db/open-database';
import { addDays, localDateOf } from '../src/lib/clinic-time';
import { findOrCreatePatient } from '../src/patients/find-or-create-patient';
import { benchPostgres, demoClinic, percentile, postgresAvailable, seedBenchClinic } from './support/bench-db';
import type { Bench, BenchRow } from './types';

const NOW = new Date('2026-03-02T08:00:00-03:00');
const TZ = 'America/Sao_Paulo';

/** Deterministic shuffle (mulberry32) so every run books the same 500 appointments. */
function shuffled<T>(items: T[], seed = 42): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The demo clinic with avaliação performed by all three professionals, and 500 appointments. */
async function prepare(database: Database): Promise<void> {
  await seedBenchClinic(database, demoClinic((f) => ({ ...f, services: f.services.map((s) => (s.id === 'avaliacao' ? { ...s, professionals: ['ana-souza', 'bruno-lima', 'carla-mendes'] } : s)) })));
  const patient = await findOrCreatePatient(database.db, { clinicId: 'bella-pele', phone: '+5511900009999' });
  const from = localDateOf(NOW, TZ);
  const free = await findAvailableSlots(database.db, { clinicId: 'bella-pele', serviceId: 'avaliacao', now: NOW, from, to: addDays(from, 29) });
  let booked = 0;
  for (const slot of shuffled(free)) {
    if (booked >= 500) break;
    try {
      await bookSlot(database.db, { clinicId: 'bella-pele', patientId: patient.id, serviceId: 'avaliacao', professionalId: slot.professionalId, startsAt: slot.startsAt, now: NOW, source: 'seed', actor: 'bench' });
      booked++;
    } catch {
      /* overlaps a neighbour booked just before: skip */
    }
  }
  if (booked < 500) throw new Error(`only ${booked} appointments fit`);
}

async function measure(database: Database, iterations: number): Promise<{ p50: number; p99: number; slots: number; floorP50: number }> {
  const from = localDateOf(NOW, TZ);
  const to = addDays(from, 29);
  let slots = 0;
  for (let i = 0; i < 5; i++) await findAvailableSlots(database.db, { clinicId: 'bella-pele', serviceId: 'avaliacao', now: NOW, from, to });
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    slots = (await findAvailableSlots(database.db, { clinicId: 'bella-pele', serviceId: 'avaliacao', now: NOW, from, to })).length;
    times.push(performance.now() - t0);
  }
  const floor: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await database.db.execute(sql`select 1`);
    floor.push(performance.now() - t0);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99), slots, floorP50: percentile(floor, 50) };
}

/** Availability for 30 days × 3 professionals with 500 existing appointments (aim p50 < 20 ms). */
export const run: Bench = async ({ quick }) => {
  const rows: BenchRow[] = [];
  const iterations = quick ? 30 : 200;
  const targets: [string, () => Promise<{ database: Database; drop(): Promise<void> }>][] = [
    ['PGlite', async () => {
      const database = await openDatabase({});
      return { database, drop: () => database.close() };
    }],
  ];
  if (await postgresAvailable()) targets.push(['Postgres', () => benchPostgres()]);
  for (const [label, open] of targets) {
    const target = await open();
    try {
      await prepare(target.database);
      const m = await measure(target.database, iterations);
      const floor = { metric: `select 1 round trip p50 (${label})`, value: Number(m.floorP50.toFixed(3)), unit: 'ms' };
      rows.push({ group: 'availability', metric: `30 days × 3 pros, 500 appts, p50 (${label})`, value: Number(m.p50.toFixed(2)), unit: 'ms', better: 'lower', floor, aim: '< 20 ms', notes: `${m.slots} free slots found` });
      rows.push({ group: 'availability', metric: `30 days × 3 pros, 500 appts, p99 (${label})`, value: Number(m.p99.toFixed(2)), unit: 'ms', better: 'lower', floor });
    } finally {
      await target.drop();
    }
  }
  return rows;
};
