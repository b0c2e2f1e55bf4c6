import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { holdSlot, bookSlot } from '../../src/booking/hold-slot';
import { appointments } from '../../src/db/schema';
import { isAppError } from '../../src/lib/errors';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { createTestDatabase, describePostgres, seedClinic, type TestDatabase } from '../support/test-database';

const CLINIC = 'bella-pele';
const at = (local: string) => new Date(`${local}-03:00`);
const NOW = at('2026-03-10T10:00:00');

describePostgres('booking races on real Postgres', () => {
  let t: TestDatabase;
  let patients: string[];
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await seedClinic(t.database);
    patients = [];
    for (let i = 0; i < 50; i++) patients.push((await findOrCreatePatient(t.database.db, { clinicId: CLINIC, phone: `+55119100000${String(i).padStart(2, '0')}` })).id);
  });
  afterAll(async () => t?.drop());

  it('50 concurrent bookings of one slot: exactly one wins, 49 get SLOT_TAKEN with alternatives', async () => {
    const startsAt = at('2026-03-16T10:00:00');
    const results = await Promise.allSettled(
      patients.map((patientId) =>
        bookSlot(t.database.db, { clinicId: CLINIC, patientId, serviceId: 'avaliacao', professionalId: 'ana-souza', startsAt, now: NOW, source: 'api', actor: 'patient' }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const r of lost) {
      expect(isAppError(r.reason, 'SLOT_TAKEN')).toBe(true);
      const alternatives = r.reason.data.alternatives as { startsAt: Date; professionalId: string }[];
      expect(alternatives).toHaveLength(3);
      for (const a of alternatives) expect(a.professionalId === 'ana-souza' && a.startsAt.getTime() === startsAt.getTime()).toBe(false);
    }
    const live = await t.database.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.professionalId, 'ana-souza'), inArray(appointments.status, ['held', 'booked'])));
    expect(live.filter((a) => a.startsAt.getTime() === startsAt.getTime())).toHaveLength(1);
  });

  it('overlapping (not identical) concurrent holds: one interval wins', async () => {
    // 60-minute preenchimento at 14:00, 14:15, 14:30, 14:45 all overlap one another.
    const starts = ['14:00', '14:15', '14:30', '14:45'].map((h) => at(`2026-03-17T${h}:00`));
    const results = await Promise.allSettled(
      patients.slice(0, 40).map((patientId, i) =>
        holdSlot(t.database.db, { clinicId: CLINIC, patientId, serviceId: 'preenchimento-labial', professionalId: 'ana-souza', startsAt: starts[i % 4]!, now: NOW, source: 'whatsapp', actor: 'patient' }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(isAppError(r.reason, 'SLOT_TAKEN')).toBe(true);
  });
});
