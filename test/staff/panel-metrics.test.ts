import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, escalations } from '../../src/db/schema';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { computePanelMetrics, mondayOf } from '../../src/staff/compute-panel-metrics';
import { createTestDatabase, seedClinic, type TestDatabase } from '../support/test-database';

/** The owner's panel numbers, from known rows. */
describe('panel metrics', () => {
  let t: TestDatabase;
  const now = new Date('2026-03-11T18:00:00Z'); // Wednesday 15:00 in São Paulo
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    await seedClinic(t.database);
    const patient = await findOrCreatePatient(t.database.db, { clinicId: 'bella-pele', phone: '+5511900000001', name: 'P' });
    let hour = 0;
    const add = async (day: string, status: 'attended' | 'no_show' | 'booked' | 'confirmed' | 'cancelled', tier: string | null, confirmed: boolean) => {
      const startsAt = new Date(`${day}T${String(12 + (hour++ % 8)).padStart(2, '0')}:00:00Z`);
      await t.database.db.insert(appointments).values({
        clinicId: 'bella-pele',
        patientId: patient.id,
        professionalId: hour % 2 ? 'ana-souza' : 'bruno-lima',
        serviceId: 'avaliacao',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 60_000),
        blockedUntil: new Date(startsAt.getTime() + 40 * 60_000),
        status,
        source: 'seed',
        riskTier: tier,
        confirmedAt: confirmed ? new Date(startsAt.getTime() - 86_400_000) : null,
      });
    };
    // Week of Monday 2 March.
    await add('2026-03-02', 'no_show', 'high', false);
    await add('2026-03-02', 'no_show', 'high', false);
    await add('2026-03-03', 'attended', 'high', true);
    await add('2026-03-03', 'attended', 'high', false);
    for (const d of ['2026-03-04', '2026-03-04', '2026-03-05', '2026-03-05']) await add(d, 'attended', 'low', true);
    await add('2026-03-05', 'cancelled', 'low', false);
    // This week, before now; and one after now (not counted yet).
    await add('2026-03-10', 'no_show', 'medium', false);
    await add('2026-03-12', 'booked', 'medium', false);
    await t.database.db.insert(escalations).values([
      { clinicId: 'bella-pele', reason: 'asked_human', dedupeKey: 'e1', status: 'resolved', createdAt: new Date('2026-03-03T13:00:00Z'), firstStaffReplyAt: new Date('2026-03-03T13:10:00Z'), resolvedAt: new Date('2026-03-03T14:00:00Z') },
      { clinicId: 'bella-pele', reason: 'reminder_no_reply', dedupeKey: 'e2', status: 'resolved', createdAt: new Date('2026-03-04T13:00:00Z'), firstStaffReplyAt: new Date('2026-03-04T13:30:00Z'), resolvedAt: new Date('2026-03-10T14:00:00Z') },
      { clinicId: 'bella-pele', reason: 'bot_stuck', dedupeKey: 'e3', status: 'open', createdAt: new Date('2026-03-11T12:00:00Z') },
      { clinicId: 'outra-clinica', reason: 'bot_stuck', dedupeKey: 'e4', status: 'resolved', createdAt: new Date('2026-03-04T12:00:00Z'), resolvedAt: new Date('2026-03-04T12:30:00Z') },
    ]);
  });
  afterAll(async () => t?.drop());

  it('weeks start on Monday in the clinic calendar', () => {
    expect(mondayOf('2026-03-11')).toBe('2026-03-09');
    expect(mondayOf('2026-03-09')).toBe('2026-03-09');
    expect(mondayOf('2026-03-08')).toBe('2026-03-02');
  });

  it('computes no-show and confirmation rates by tier per week, escalations handled and time to first reply', async () => {
    const m = await computePanelMetrics(t.database.db, { clinicId: 'bella-pele', timezone: 'America/Sao_Paulo', now, weeks: 4 });
    expect(m.weeks.map((w) => w.week)).toEqual(['2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09']);
    const [, , prev, current] = m.weeks;
    expect(prev!.noShow.high).toEqual({ numerator: 2, denominator: 4, rate: 0.5 });
    expect(prev!.noShow.low).toEqual({ numerator: 0, denominator: 4, rate: 0 });
    expect(prev!.confirmation.high).toEqual({ numerator: 1, denominator: 4, rate: 0.25 });
    expect(prev!.confirmation.low).toEqual({ numerator: 4, denominator: 4, rate: 1 });
    expect(prev!.noShow.medium.rate).toBeNull();
    expect(current!.noShow.medium).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(current!.confirmation.medium).toEqual({ numerator: 0, denominator: 1, rate: 0 });
    expect(prev!.escalationsOpened).toBe(2);
    expect(prev!.escalationsHandled).toBe(1);
    expect(prev!.medianFirstReplyMinutes).toBe(20);
    expect(current!.escalationsOpened).toBe(1);
    expect(current!.escalationsHandled).toBe(1);
    expect(current!.medianFirstReplyMinutes).toBeNull();
    expect(m.totals.noShow.high.rate).toBe(0.5);
    expect(m.totals.escalationsHandled).toBe(2);
    expect(m.totals.medianFirstReplyMinutes).toBe(20);
  });
});
