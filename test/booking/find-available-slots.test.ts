import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookSlot, holdSlot } from '../../src/booking/hold-slot';
import { findAvailableSlots } from '../../src/booking/find-available-slots';
import { localDateOf, localMinutesOf, formatHm } from '../../src/lib/clinic-time';
import { isAppError } from '../../src/lib/errors';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { availableKinds, createTestDatabase, seedClinic, type TestDatabase } from '../support/test-database';

const TZ = 'America/Sao_Paulo';
const CLINIC = 'bella-pele';
const at = (local: string) => new Date(`${local}-03:00`);
const hm = (d: Date) => formatHm(localMinutesOf(d, TZ));

describe.each(availableKinds())('findAvailableSlots on %s', (kind) => {
  let t: TestDatabase;
  let patientId: string;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedClinic(t.database);
    patientId = (await findOrCreatePatient(t.database.db, { clinicId: CLINIC, phone: '+5511900000001' })).id;
  });
  afterAll(async () => t?.drop());

  const slotsOn = async (serviceId: string, date: string, now: Date, professionalId?: string) =>
    findAvailableSlots(t.database.db, { clinicId: CLINIC, serviceId, professionalId, from: date, to: date, now });

  it('skips the lunch break and never lets a procedure run into it', async () => {
    const slots = await slotsOn('avaliacao', '2026-03-16', at('2026-03-10T10:00:00'), 'ana-souza');
    const times = slots.map((s) => hm(s.startsAt));
    expect(times[0]).toBe('09:00');
    expect(times).toContain('11:30');
    expect(times).not.toContain('11:45');
    expect(times.filter((x) => x >= '12:00' && x < '13:00')).toEqual([]);
    expect(times).toContain('13:00');
    expect(times.at(-1)).toBe('18:30');
    expect(slots.every((s) => s.professionalId === 'ana-souza')).toBe(true);
  });

  it('a 60-minute procedure may not cross closing time or lunch', async () => {
    const slots = await slotsOn('limpeza-de-pele', '2026-03-13', at('2026-03-10T10:00:00'));
    const times = slots.map((s) => hm(s.startsAt));
    expect(times).toContain('11:00');
    expect(times).not.toContain('11:15');
    expect(times.at(-1)).toBe('18:00');
    expect(times).not.toContain('18:15');
  });

  it('Saturday is a half day (09:00–13:00) and Sunday is closed', async () => {
    const sat = (await slotsOn('limpeza-de-pele', '2026-03-14', at('2026-03-10T10:00:00'))).map((s) => hm(s.startsAt));
    expect(sat[0]).toBe('09:00');
    expect(sat.at(-1)).toBe('12:00');
    expect(await slotsOn('limpeza-de-pele', '2026-03-15', at('2026-03-10T10:00:00'))).toEqual([]);
  });

  it('honours the buffer after an existing appointment', async () => {
    await bookSlot(t.database.db, {
      clinicId: CLINIC, patientId, serviceId: 'avaliacao', professionalId: 'ana-souza',
      startsAt: at('2026-03-17T09:00:00'), now: at('2026-03-10T10:00:00'), source: 'seed', actor: 'system',
    });
    const times = (await slotsOn('avaliacao', '2026-03-17', at('2026-03-10T10:00:00'), 'ana-souza')).map((s) => hm(s.startsAt));
    // 09:00–09:30 plus a 10-minute buffer: 09:30 is not free, 09:45 (next grid point) is.
    expect(times).not.toContain('09:00');
    expect(times).not.toContain('09:30');
    expect(times[0]).toBe('09:45');
    // A 60-minute preenchimento at 08:.. cannot end into that appointment either.
    const longer = (await slotsOn('preenchimento-labial', '2026-03-17', at('2026-03-10T10:00:00'), 'ana-souza')).map((s) => hm(s.startsAt));
    expect(longer[0]).toBe('09:45');
  });

  it('an unexpired hold blocks the slot; an expired one does not', async () => {
    const now = at('2026-03-10T10:00:00');
    await holdSlot(t.database.db, {
      clinicId: CLINIC, patientId, serviceId: 'avaliacao', professionalId: 'ana-souza',
      startsAt: at('2026-03-18T14:00:00'), now, source: 'whatsapp', actor: 'patient',
    });
    const during = (await slotsOn('avaliacao', '2026-03-18', now, 'ana-souza')).map((s) => hm(s.startsAt));
    expect(during).not.toContain('14:00');
    const later = new Date(now.getTime() + 11 * 60_000);
    const after = (await slotsOn('avaliacao', '2026-03-18', later, 'ana-souza')).map((s) => hm(s.startsAt));
    expect(after).toContain('14:00');
  });

  it('a holiday from the clinic file has no slots', async () => {
    expect(await slotsOn('avaliacao', '2026-12-25', at('2026-12-01T10:00:00'))).toEqual([]);
    expect((await slotsOn('avaliacao', '2026-12-24', at('2026-12-01T10:00:00'))).length).toBeGreaterThan(0);
  });

  it('minimum notice: nothing sooner than two hours from now', async () => {
    const slots = await slotsOn('avaliacao', '2026-03-16', at('2026-03-16T08:50:00'), 'ana-souza');
    expect(hm(slots[0]!.startsAt)).toBe('11:00');
    const afternoon = await slotsOn('avaliacao', '2026-03-16', at('2026-03-16T10:20:00'), 'ana-souza');
    expect(hm(afternoon[0]!.startsAt)).toBe('13:00');
  });

  it('crosses month and year boundaries, skipping New Year and Sunday', async () => {
    const now = at('2026-12-30T10:00:00');
    const slots = await findAvailableSlots(t.database.db, { clinicId: CLINIC, serviceId: 'limpeza-de-pele', from: '2026-12-30', to: '2027-01-05', now });
    const days = [...new Set(slots.map((s) => localDateOf(s.startsAt, TZ)))];
    expect(days).toEqual(['2026-12-30', '2026-12-31', '2027-01-02', '2027-01-05']);
    const march = await findAvailableSlots(t.database.db, { clinicId: CLINIC, serviceId: 'avaliacao', from: '2026-03-30', to: '2026-04-02', now: at('2026-03-20T10:00:00') });
    expect([...new Set(march.map((s) => localDateOf(s.startsAt, TZ)))]).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02']);
  });

  it('a professional works only their days', async () => {
    // Dr. Bruno works Mon/Wed/Fri; 2026-03-17 is a Tuesday.
    expect(await slotsOn('avaliacao', '2026-03-17', at('2026-03-10T10:00:00'), 'bruno-lima')).toEqual([]);
    expect((await slotsOn('avaliacao', '2026-03-18', at('2026-03-10T10:00:00'), 'bruno-lima')).length).toBeGreaterThan(0);
  });

  it('refuses a professional who does not perform the service', async () => {
    const err = await slotsOn('limpeza-de-pele', '2026-03-18', at('2026-03-10T10:00:00'), 'bruno-lima').catch((e) => e);
    expect(isAppError(err, 'PROFESSIONAL_CANNOT_PERFORM')).toBe(true);
    expect(err.data.performers).toEqual(['carla-mendes']);
  });

  it('stops at the booking horizon (60 days)', async () => {
    const now = at('2026-03-10T10:00:00');
    const slots = await findAvailableSlots(t.database.db, { clinicId: CLINIC, serviceId: 'avaliacao', from: '2026-05-01', to: '2026-06-30', now });
    const lastDay = localDateOf(slots.at(-1)!.startsAt, TZ);
    expect(lastDay <= '2026-05-09').toBe(true);
    expect(lastDay >= '2026-05-08').toBe(true);
  });

  it('unknown service is a typed error', async () => {
    const err = await slotsOn('botox-gold', '2026-03-18', at('2026-03-10T10:00:00')).catch((e) => e);
    expect(isAppError(err, 'UNKNOWN_SERVICE')).toBe(true);
  });
});
