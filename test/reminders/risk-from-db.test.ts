import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { appointments, patients, reminders, riskModels } from '../../src/db/schema';
import { FixedClock } from '../../src/lib/clock';
import { ActiveRiskModels } from '../../src/reminders/active-risk-models';
import { runTrainFromDb, startRiskRetraining, trainRiskModelFromDb } from '../../src/reminders/risk-from-db';
import { buildRiskReport, formatRiskReport, runRiskReport } from '../../src/reminders/risk-report';
import { defaultRiskModel } from '../../src/reminders/risk';
import { createTestDatabase, describePostgres, seedClinic, type TestDatabase } from '../support/test-database';

const CLINIC = 'bella-pele';
const NOW = new Date('2026-03-02T13:00:00Z');

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let cursor = Date.parse('2025-06-02T12:00:00Z');
/**
 * Past appointments with outcomes whose no-show risk grows with lead time, back to back on one
 * professional (the overlap guard holds), as staff would have marked them.
 */
async function recordOutcomes(t: TestDatabase, n: number, seed: number): Promise<void> {
  const rand = rng(seed);
  const people = await t.database.db
    .insert(patients)
    .values(Array.from({ length: Math.ceil(n / 3) }, (_, i) => ({ clinicId: CLINIC, phone: `+55119${seed}${String(i).padStart(6, '0')}`, birthDate: `${1960 + Math.floor(rand() * 40)}-05-10`, sex: rand() < 0.7 ? 'F' : 'M' })))
    .returning({ id: patients.id });
  const rows: (typeof appointments.$inferInsert)[] = [];
  for (let i = 0; i < n; i++) {
    const startsAt = new Date(cursor);
    cursor += 80 * 60_000;
    const leadDays = Math.floor(rand() * 30);
    const noShow = rand() < 0.04 + 0.018 * leadDays;
    rows.push({
      clinicId: CLINIC,
      patientId: people[i % people.length]!.id,
      professionalId: 'carla-mendes',
      serviceId: 'limpeza-de-pele',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 60 * 60_000),
      blockedUntil: new Date(startsAt.getTime() + 70 * 60_000),
      status: noShow ? 'no_show' : 'attended',
      source: 'staff',
      priceCents: 20000,
      createdAt: new Date(startsAt.getTime() - leadDays * 86_400_000 - 3 * 3_600_000),
    });
  }
  await t.database.db.insert(appointments).values(rows);
}

describePostgres('risk model from the database, and the per-tier report (Postgres)', () => {
  let t: TestDatabase;
  const clock = new FixedClock(NOW);
  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await seedClinic(t.database);
  });
  afterAll(async () => t?.drop());

  it('with too few outcomes nothing is trained and the shipped model keeps scoring', async () => {
    await recordOutcomes(t, 40, 7);
    const result = await trainRiskModelFromDb({ database: t.database, clock }, { clinicId: CLINIC });
    expect(result).toMatchObject({ status: 'too_few', decided: 40 });
    expect(await t.database.db.select().from(riskModels)).toHaveLength(0);
    expect((await new ActiveRiskModels(t.database).forClinic(CLINIC)).version).toBe(defaultRiskModel().version);
  });

  it('trains on recorded outcomes, activates the model, and retrains only once enough new outcomes exist', async () => {
    await recordOutcomes(t, 400, 11);
    const models = new ActiveRiskModels(t.database);
    const first = await trainRiskModelFromDb({ database: t.database, clock, models }, { clinicId: CLINIC, minNewOutcomes: 100 });
    expect(first.status).toBe('trained');
    if (first.status !== 'trained') return;
    expect(first.decided).toBe(440);
    expect(first.model.provenance).toMatchObject({ source: `database:${CLINIC}`, rows: 440 });
    // Lead time drives these no-shows: the model must rank better than chance out of fold.
    expect(first.model.metrics.auc).toBeGreaterThan(0.6);
    expect((await models.forClinic(CLINIC)).version).toBe(first.model.version);

    const again = await trainRiskModelFromDb({ database: t.database, clock, models }, { clinicId: CLINIC, minNewOutcomes: 100 });
    expect(again).toMatchObject({ status: 'not_enough_new', newOutcomes: 0, needed: 100 });

    await recordOutcomes(t, 120, 13);
    const second = await trainRiskModelFromDb({ database: t.database, clock, models }, { clinicId: CLINIC, minNewOutcomes: 100 });
    expect(second).toMatchObject({ status: 'trained', newOutcomes: 120 });
    const rows = await t.database.db.select({ version: riskModels.version, active: riskModels.active, used: riskModels.outcomesUsed }).from(riskModels).where(eq(riskModels.clinicId, CLINIC));
    expect(rows.filter((r) => r.active)).toEqual([{ version: second.status === 'trained' ? second.model.version : '', active: true, used: 560 }]);
    expect(rows).toHaveLength(2);
  });

  it('the retraining schedule trains a clinic whose outcomes grew', async () => {
    await recordOutcomes(t, 60, 17);
    const retraining = startRiskRetraining({ database: t.database, clock, clinicIds: () => [CLINIC] }, { everyMs: 30, minNewOutcomes: 50 });
    try {
      const deadline = Date.now() + 20_000;
      let active: { used: number }[] = [];
      while (Date.now() < deadline) {
        active = await t.database.db.select({ used: riskModels.outcomesUsed }).from(riskModels).where(and(eq(riskModels.clinicId, CLINIC), eq(riskModels.active, true)));
        if (active[0]?.used === 620) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(active).toEqual([{ used: 620 }]);
    } finally {
      retraining.stop();
    }
  });

  it('`atende risk train --from-db` trains and prints the model summary; --min-new can hold it back', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const open = async () => ({ ...t.database, close: async () => {} });
    try {
      expect(await runTrainFromDb(['--min-new', '1000'], open)).toBe(0);
      expect(log.mock.calls.flat().join('\n')).toContain('--min-new 1000 not reached');
      log.mockClear();
      expect(await runTrainFromDb(['--clinic', CLINIC], open)).toBe(0);
      const out = log.mock.calls.flat().join('\n');
      expect(out).toMatch(/^risk model sha256:/);
      expect(out).toContain(`active for clinic ${CLINIC}`);
    } finally {
      log.mockRestore();
    }
  });

  it('reports no-show and confirmation rates per tier, as a table', async () => {
    // Upcoming and past appointments of another professional, tiered as the planner stored them.
    const [p] = await t.database.db.insert(patients).values({ clinicId: CLINIC, phone: '+5511999990000' }).returning();
    const base = Date.parse('2026-02-02T12:00:00Z');
    const spec: [string, string, number, boolean][] = [
      // tier, status, score, confirmed
      ['low', 'attended', 0.05, true],
      ['low', 'attended', 0.06, true],
      ['low', 'attended', 0.07, false],
      ['low', 'no_show', 0.08, false],
      ['medium', 'attended', 0.2, true],
      ['medium', 'cancelled', 0.22, false],
      ['high', 'no_show', 0.5, false],
      ['high', 'no_show', 0.6, false],
      ['high', 'attended', 0.55, true],
    ];
    const inserted = await t.database.db
      .insert(appointments)
      .values(
        spec.map(([tier, status, score, confirmed], i) => {
          const startsAt = new Date(base + i * 3_600_000);
          return {
            clinicId: CLINIC,
            patientId: p!.id,
            professionalId: 'bruno-lima',
            serviceId: 'avaliacao',
            startsAt,
            endsAt: new Date(startsAt.getTime() + 30 * 60_000),
            blockedUntil: new Date(startsAt.getTime() + 40 * 60_000),
            status: status as 'attended',
            source: 'staff',
            riskScore: score,
            riskTier: tier,
            riskModelVersion: 'test',
            confirmedAt: confirmed ? new Date(startsAt.getTime() - 86_400_000) : null,
            createdAt: new Date(base - 7 * 86_400_000),
          };
        }),
      )
      .returning({ id: appointments.id, tier: appointments.riskTier });
    // Reminders that went out: one per appointment, plus a call task for each high one.
    await t.database.db.insert(reminders).values([
      ...inserted.map((a) => ({ clinicId: CLINIC, appointmentId: a.id, stepKey: 'whatsapp-24h', tier: a.tier!, channel: 'whatsapp', dueAt: new Date(base), status: 'sent' as const })),
      ...inserted.filter((a) => a.tier === 'high').map((a) => ({ clinicId: CLINIC, appointmentId: a.id, stepKey: 'call-task-12h', tier: 'high', channel: 'call_task', dueAt: new Date(base), status: 'sent' as const })),
    ]);

    const report = await buildRiskReport(t.database.db, { clinicId: CLINIC, from: '2026-02-01', to: '2026-02-28' });
    const byTier = Object.fromEntries(report.rows.map((r) => [r.tier, r]));
    expect(report.rows.map((r) => r.tier)).toEqual(['low', 'medium', 'high']);
    expect(byTier.low).toMatchObject({ appointments: 4, confirmed: 2, attended: 3, noShow: 1, noShowRate: 0.25, confirmationRate: 0.5, remindersSent: 4, escalations: 0 });
    expect(byTier.medium).toMatchObject({ appointments: 2, cancelled: 1, attended: 1, noShow: 0, noShowRate: 0, confirmationRate: 0.5 });
    expect(byTier.high).toMatchObject({ appointments: 3, attended: 1, noShow: 2, escalations: 3 });
    expect(byTier.high!.noShowRate).toBeCloseTo(2 / 3);
    expect(byTier.high!.predicted).toBeCloseTo(0.55, 5);
    expect(report.total).toMatchObject({ appointments: 9, attended: 5, noShow: 3, confirmed: 4 });
    expect(report.model.source).toBe('clinic');

    const table = formatRiskReport(report);
    const lines = table.split('\n');
    expect(lines[0]).toBe('risk report — Clínica Bella Pele (bella-pele), appointments starting 2026-02-01 to 2026-02-28');
    expect(lines.find((l) => l.startsWith('tier'))).toMatch(/^tier\s+appts\s+confirmed\s+conf\. rate\s+attended\s+no-show\s+no-show rate\s+predicted\s+cancelled\s+reminders\s+escalations$/);
    expect(lines.find((l) => l.startsWith('low'))).toMatch(/^low\s+4\s+2\s+50\.0%\s+3\s+1\s+25\.0%\s+6\.5%\s+0\s+4\s+0$/);
    expect(lines.find((l) => l.startsWith('high'))).toMatch(/^high\s+3\s+1\s+33\.3%\s+1\s+2\s+66\.7%\s+55\.0%\s+0\s+3\s+3$/);
    expect(lines.find((l) => l.startsWith('total'))).toMatch(/^total\s+9\s+4\s+44\.4%\s+5\s+3\s+37\.5%/);

    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(await runRiskReport(['--from', '2026-02-01', '--to', '2026-02-28'], async () => ({ ...t.database, close: async () => {} }))).toBe(0);
      expect(log.mock.calls[0]![0]).toBe(table);
      expect(await runRiskReport(['--json', '--from', '2026-02-01', '--to', '2026-02-28'], async () => ({ ...t.database, close: async () => {} }))).toBe(0);
      expect(JSON.parse(log.mock.calls[1]![0] as string).total.appointments).toBe(9);
    } finally {
      log.mockRestore();
    }
  });
});
