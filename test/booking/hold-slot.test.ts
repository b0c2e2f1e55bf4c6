import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookHeldAppointment,
  cancelAppointment,
  confirmAppointment,
  markAttendance,
  rescheduleAppointment,
} from '../../src/booking/change-appointment';
import { bookSlot, holdSlot } from '../../src/booking/hold-slot';
import { pgErrorCode } from '../../src/db/open-database';
import { appointmentEvents, appointments } from '../../src/db/schema';
import { isAppError } from '../../src/lib/errors';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { availableKinds, createTestDatabase, seedClinic, type TestDatabase } from '../support/test-database';

const CLINIC = 'bella-pele';
const at = (local: string) => new Date(`${local}-03:00`);
const NOW = at('2026-03-10T10:00:00');

describe.each(availableKinds())('booking on %s', (kind) => {
  let t: TestDatabase;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedClinic(t.database);
    alice = (await findOrCreatePatient(t.database.db, { clinicId: CLINIC, phone: '+5511900000001' })).id;
    bob = (await findOrCreatePatient(t.database.db, { clinicId: CLINIC, phone: '+5511900000002' })).id;
  });
  afterAll(async () => t?.drop());

  const base = (patientId: string, startsAt: Date, extra: Record<string, unknown> = {}) => ({
    clinicId: CLINIC, patientId, serviceId: 'avaliacao', professionalId: 'ana-souza', startsAt, now: NOW, source: 'whatsapp', actor: 'patient', ...extra,
  });
  const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e) => (isAppError(e) ? e.code : String(e)));

  it('holds, then books, and records every change', async () => {
    const held = await holdSlot(t.database.db, base(alice, at('2026-03-16T09:00:00')));
    expect(held.status).toBe('held');
    expect(held.holdExpiresAt!.getTime() - NOW.getTime()).toBe(10 * 60_000);
    expect(held.blockedUntil.getTime() - held.endsAt.getTime()).toBe(10 * 60_000);
    const booked = await bookHeldAppointment(t.database.db, { clinicId: CLINIC, appointmentId: held.id, patientId: alice, actor: 'patient', now: NOW });
    expect(booked.status).toBe('booked');
    const again = await bookHeldAppointment(t.database.db, { clinicId: CLINIC, appointmentId: held.id, patientId: alice, actor: 'patient', now: NOW });
    expect(again.status).toBe('booked');
    const events = await t.database.db.select().from(appointmentEvents).where(eq(appointmentEvents.appointmentId, held.id));
    expect(events.map((e) => e.type)).toEqual(['held', 'booked']);
  });

  it('refuses an overlapping (not identical) interval and the buffer after an appointment', async () => {
    await bookSlot(t.database.db, base(alice, at('2026-03-16T14:00:00'), { serviceId: 'preenchimento-labial' }));
    // 14:00–15:00 + 10-minute buffer → busy until 15:10.
    expect(await codeOf(bookSlot(t.database.db, base(bob, at('2026-03-16T14:30:00'))))).toBe('SLOT_TAKEN');
    expect(await codeOf(bookSlot(t.database.db, base(bob, at('2026-03-16T15:00:00'))))).toBe('SLOT_TAKEN');
    expect(await codeOf(bookSlot(t.database.db, base(bob, at('2026-03-16T13:45:00'))))).toBe('SLOT_TAKEN');
    expect(await codeOf(bookSlot(t.database.db, base(bob, at('2026-03-16T15:15:00'))))).toBe('ok');
  });

  it('SLOT_TAKEN carries the next three free slots', async () => {
    const err = await bookSlot(t.database.db, base(bob, at('2026-03-16T14:30:00'))).catch((e) => e);
    expect(isAppError(err, 'SLOT_TAKEN')).toBe(true);
    expect(err.data.alternatives).toHaveLength(3);
    for (const s of err.data.alternatives) expect(s.startsAt.getTime()).toBeGreaterThan(at('2026-03-16T14:30:00').getTime());
  });

  it('the database itself refuses overlaps, even from code that skips the checks', async () => {
    const [row] = await t.database.db.select().from(appointments).where(eq(appointments.status, 'booked')).limit(1);
    const err = await t.database.db
      .insert(appointments)
      .values({ ...row!, id: undefined, patientId: bob, startsAt: new Date(row!.startsAt.getTime() + 5 * 60_000), endsAt: new Date(row!.endsAt.getTime() + 5 * 60_000), blockedUntil: new Date(row!.blockedUntil.getTime() + 5 * 60_000) })
      .catch((e) => e);
    expect(pgErrorCode(err)).toBe('23P01');
  });

  it('typed errors for impossible times', async () => {
    expect(await codeOf(holdSlot(t.database.db, base(bob, at('2026-03-09T10:00:00'))))).toBe('IN_PAST');
    expect(await codeOf(holdSlot(t.database.db, base(bob, at('2026-03-10T11:00:00'))))).toBe('TOO_SOON');
    expect(await codeOf(holdSlot(t.database.db, base(bob, at('2026-03-15T10:00:00'))))).toBe('OUTSIDE_HOURS'); // Sunday
    expect(await codeOf(holdSlot(t.database.db, base(bob, at('2026-03-17T12:15:00'))))).toBe('OUTSIDE_HOURS'); // lunch
    expect(await codeOf(holdSlot(t.database.db, base(bob, at('2026-03-17T18:45:00'))))).toBe('OUTSIDE_HOURS'); // crosses 19:00
    expect(await codeOf(holdSlot(t.database.db, base(bob, at('2026-06-10T10:00:00'))))).toBe('BEYOND_HORIZON');
    expect(await codeOf(holdSlot(t.database.db, base(bob, at('2026-03-17T10:00:00'), { serviceId: 'laser-x' })))).toBe('UNKNOWN_SERVICE');
    expect(await codeOf(holdSlot(t.database.db, base(bob, at('2026-03-18T10:00:00'), { serviceId: 'limpeza-de-pele', professionalId: 'bruno-lima' })))).toBe('PROFESSIONAL_CANNOT_PERFORM');
    expect(await codeOf(holdSlot(t.database.db, base(bob, at('2026-12-25T10:00:00'), { now: at('2026-12-01T10:00:00') })))).toBe('OUTSIDE_HOURS'); // Christmas
  });

  it('without a professional, picks whoever performs the service and is free', async () => {
    await bookSlot(t.database.db, base(alice, at('2026-03-18T10:00:00')));
    const second = await bookSlot(t.database.db, base(bob, at('2026-03-18T10:00:00'), { professionalId: undefined }));
    expect(second.professionalId).toBe('bruno-lima');
  });

  it('an expired hold taken by someone else fails with HOLD_EXPIRED and alternatives', async () => {
    const held = await holdSlot(t.database.db, base(alice, at('2026-03-19T15:00:00')));
    const later = new Date(NOW.getTime() + 11 * 60_000);
    await bookSlot(t.database.db, base(bob, at('2026-03-19T15:00:00'), { now: later }));
    const err = await bookHeldAppointment(t.database.db, { clinicId: CLINIC, appointmentId: held.id, patientId: alice, actor: 'patient', now: later }).catch((e) => e);
    expect(isAppError(err, 'HOLD_EXPIRED')).toBe(true);
    expect(err.data.alternatives.length).toBeGreaterThan(0);
  });

  it('an expired hold nobody took is still honoured', async () => {
    const held = await holdSlot(t.database.db, base(alice, at('2026-03-19T16:00:00')));
    const later = new Date(NOW.getTime() + 30 * 60_000);
    const booked = await bookHeldAppointment(t.database.db, { clinicId: CLINIC, appointmentId: held.id, patientId: alice, actor: 'patient', now: later });
    expect(booked.status).toBe('booked');
  });

  it('a patient cannot touch someone else’s appointment', async () => {
    const mine = await bookSlot(t.database.db, base(alice, at('2026-03-20T09:00:00')));
    expect(await codeOf(cancelAppointment(t.database.db, { clinicId: CLINIC, appointmentId: mine.id, patientId: bob, actor: 'patient', now: NOW, reason: 'x' }))).toBe('APPOINTMENT_NOT_FOUND');
    expect(await codeOf(rescheduleAppointment(t.database.db, { clinicId: CLINIC, appointmentId: mine.id, patientId: bob, actor: 'patient', now: NOW, startsAt: at('2026-03-20T10:00:00') }))).toBe('APPOINTMENT_NOT_FOUND');
  });

  it('reschedules in one transaction, even into its own old time range', async () => {
    const original = await bookSlot(t.database.db, base(alice, at('2026-03-20T13:00:00')));
    const { previous, appointment } = await rescheduleAppointment(t.database.db, {
      clinicId: CLINIC, appointmentId: original.id, patientId: alice, actor: 'patient', now: NOW, startsAt: at('2026-03-20T13:15:00'),
    });
    expect(previous.status).toBe('rescheduled');
    expect(appointment.status).toBe('booked');
    expect(appointment.rescheduledFromId).toBe(original.id);
    expect(appointment.professionalId).toBe('ana-souza');
  });

  it('a reschedule into a taken slot changes nothing', async () => {
    const mine = await bookSlot(t.database.db, base(alice, at('2026-03-23T09:00:00')));
    await bookSlot(t.database.db, base(bob, at('2026-03-23T11:00:00')));
    await bookSlot(t.database.db, base(bob, at('2026-03-23T11:00:00'), { professionalId: 'bruno-lima' })); // both performers busy at 11:00
    const err = await rescheduleAppointment(t.database.db, { clinicId: CLINIC, appointmentId: mine.id, patientId: alice, actor: 'patient', now: NOW, startsAt: at('2026-03-23T11:00:00') }).catch((e) => e);
    expect(isAppError(err, 'SLOT_TAKEN')).toBe(true);
    const [still] = await t.database.db.select().from(appointments).where(eq(appointments.id, mine.id));
    expect(still!.status).toBe('booked');
  });

  it('cancel frees the slot; confirm and outcomes move the status', async () => {
    const a = await bookSlot(t.database.db, base(alice, at('2026-03-24T09:00:00')));
    const confirmed = await confirmAppointment(t.database.db, { clinicId: CLINIC, appointmentId: a.id, actor: 'patient', now: NOW });
    expect(confirmed.status).toBe('confirmed');
    expect(confirmed.confirmedAt).toEqual(NOW);
    const cancelled = await cancelAppointment(t.database.db, { clinicId: CLINIC, appointmentId: a.id, patientId: alice, actor: 'patient', now: NOW, reason: 'imprevisto' });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.cancelReason).toBe('imprevisto');
    expect(await codeOf(bookSlot(t.database.db, base(bob, at('2026-03-24T09:00:00'))))).toBe('ok');
    const b = await bookSlot(t.database.db, base(alice, at('2026-03-24T10:00:00')));
    const noShow = await markAttendance(t.database.db, { clinicId: CLINIC, appointmentId: b.id, actor: 'staff:x', now: NOW, outcome: 'no_show' });
    expect(noShow.status).toBe('no_show');
    expect(await codeOf(cancelAppointment(t.database.db, { clinicId: CLINIC, appointmentId: b.id, actor: 'staff:x', now: NOW, reason: 'x' }))).toBe('INVALID_STATUS');
  });

  it('every appointment row carries its clinic', async () => {
    const rows = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from appointments where clinic_id is null`);
    expect(rows[0]!.n).toBe(0);
  });
});
