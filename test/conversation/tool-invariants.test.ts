import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookSlot } from '../../src/booking/hold-slot';
import {
  askScreening,
  book,
  callTool,
  cancel,
  findSlots,
  holdOfferedSlot,
  listAppointments,
  recordConsentAnswer,
  requestConfirmation,
  requestConsent,
  reschedule,
  screenContraindications,
} from '../../src/conversation/tools';
import { appointments, screenings } from '../../src/db/schema';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import { availableKinds, createTestDatabase, seedClinic, type TestDatabase } from '../support/test-database';
import { CLINIC, toolChat } from './support/tool-harness';

const NOW = new Date('2026-03-10T10:00:00-03:00');

describe.each(availableKinds())('tool layer invariants on %s (whatever the caller asks)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedClinic(t.database);
  });
  afterAll(async () => t?.drop());

  /** A chat with an offer for botox on Friday morning, ready to hold. */
  async function withOffer(phone: string) {
    const chat = await toolChat(t, phone, NOW);
    await chat.says('quero botox sexta de manhã');
    chat.state.task = { kind: 'book', serviceId: 'toxina-botulinica', offered: [], startedAt: NOW.toISOString() };
    const found = await findSlots(chat.ctx, { serviceId: 'toxina-botulinica', when: { date: '2026-03-13', period: 'morning' } });
    expect(found.ok).toBe(true);
    return chat;
  }

  it('holds only a slot offered in this conversation', async () => {
    const chat = await toolChat(t, '+5511970000001', NOW);
    await chat.says('quero botox');
    chat.state.task = { kind: 'book', serviceId: 'toxina-botulinica', offered: [], startedAt: NOW.toISOString() };
    expect(await holdOfferedSlot(chat.ctx, { option: 1 })).toMatchObject({ ok: false, code: 'NOT_OFFERED' });
    await findSlots(chat.ctx, { serviceId: 'toxina-botulinica', when: { date: '2026-03-13' } });
    await chat.says('9');
    expect(await holdOfferedSlot(chat.ctx, { option: 9 })).toMatchObject({ ok: false, code: 'NOT_OFFERED' });
    expect(await holdOfferedSlot(chat.ctx, { option: 2 })).toMatchObject({ ok: true });
  });

  it('refuses to book without a hold, consent, a clear screening, and a later explicit "sim" to the exact slot — in that order', async () => {
    const chat = await withOffer('+5511970000002');
    await chat.says('2');
    expect(await book(chat.ctx)).toMatchObject({ ok: false, code: 'NO_HOLD' });
    expect((await holdOfferedSlot(chat.ctx, { option: 2 })).ok).toBe(true);
    expect(await book(chat.ctx)).toMatchObject({ ok: false, code: 'NO_CONSENT' });
    expect(await askScreening(chat.ctx, { serviceId: 'toxina-botulinica' })).toMatchObject({ ok: false, code: 'NO_CONSENT' });

    requestConsent(chat.ctx, { purpose: 'health_data' });
    await chat.says('sim');
    expect((await recordConsentAnswer(chat.ctx, { purpose: 'health_data', granted: true })).ok).toBe(true);
    expect(await book(chat.ctx)).toMatchObject({ ok: false, code: 'NO_SCREENING' });

    expect(await screenContraindications(chat.ctx, { serviceId: 'toxina-botulinica' })).toMatchObject({ ok: false, code: 'NOT_ASKED' });
    expect((await askScreening(chat.ctx, { serviceId: 'toxina-botulinica' })).ok).toBe(true);
    await chat.says('não tenho nenhuma');
    expect(await screenContraindications(chat.ctx, { serviceId: 'toxina-botulinica' })).toMatchObject({ ok: true, status: 'clear' });
    expect(await book(chat.ctx)).toMatchObject({ ok: false, code: 'NOT_CONFIRMED' });

    // Asking and booking in the same turn is not a confirmation.
    expect((await requestConfirmation(chat.ctx, { kind: 'book' })).ok).toBe(true);
    expect(await book(chat.ctx)).toMatchObject({ ok: false, code: 'NOT_CONFIRMED' });
    await chat.says('hmm, deixa eu ver');
    expect(await book(chat.ctx)).toMatchObject({ ok: false, code: 'NOT_EXPLICIT' });
    await chat.says('sim, pode confirmar');
    const booked = await book(chat.ctx);
    expect(booked).toMatchObject({ ok: true, appointment: { status: 'booked', serviceId: 'toxina-botulinica' } });
    expect(chat.events.filter((e) => e.type === 'appointment').map((e) => (e as { status: string }).status)).toEqual(['held', 'booked']);
  });

  it('a retried turn keeps the hold its message already made, instead of holding a second slot', async () => {
    const chat = await withOffer('+5511970000009');
    await chat.says('1');
    const before = structuredClone(chat.state);
    const first = await holdOfferedSlot(chat.ctx, { option: 1 });
    expect(first.ok).toBe(true);
    // The lease was lost before the commit: the turn runs again on the same message, from the old state.
    chat.ctx.state = structuredClone(before);
    const again = await holdOfferedSlot(chat.ctx, { option: 2 });
    expect(again).toMatchObject({ ok: true, hold: first.ok ? first.hold : undefined });
    const held = await t.database.db.select().from(appointments).where(eq(appointments.patientId, chat.patient.id));
    expect(held.filter((a) => a.status === 'held')).toHaveLength(1);
  });

  it('a new hold needs a new confirmation (the "sim" was for another slot)', async () => {
    const chat = await withOffer('+5511970000003');
    await chat.says('1');
    await holdOfferedSlot(chat.ctx, { option: 1 });
    requestConsent(chat.ctx, { purpose: 'health_data' });
    await chat.says('sim');
    await recordConsentAnswer(chat.ctx, { purpose: 'health_data', granted: true });
    await askScreening(chat.ctx, { serviceId: 'toxina-botulinica' });
    await chat.says('não');
    await screenContraindications(chat.ctx, { serviceId: 'toxina-botulinica' });
    await requestConfirmation(chat.ctx, { kind: 'book' });
    await chat.says('3');
    await holdOfferedSlot(chat.ctx, { option: 3 });
    await chat.says('sim');
    expect(await book(chat.ctx)).toMatchObject({ ok: false, code: 'NOT_CONFIRMED' });
    const mine = await t.database.db.select().from(appointments).where(eq(appointments.patientId, chat.patient.id));
    expect(mine.map((a) => a.status).sort()).toEqual(['cancelled', 'held']);
  });

  it('records consent only after the text was shown, and only what the patient actually said', async () => {
    const chat = await toolChat(t, '+5511970000004', NOW);
    await chat.says('sim');
    expect(await recordConsentAnswer(chat.ctx, { purpose: 'health_data', granted: true })).toMatchObject({ ok: false, code: 'NOT_ASKED' });
    const shown = requestConsent(chat.ctx, { purpose: 'health_data' });
    expect(shown.text).toMatch(/dados de saúde/);
    await chat.says('não autorizo');
    expect(await recordConsentAnswer(chat.ctx, { purpose: 'health_data', granted: true })).toMatchObject({ ok: false, code: 'NOT_EXPLICIT' });
    expect(await recordConsentAnswer(chat.ctx, { purpose: 'health_data', granted: false })).toMatchObject({ ok: true, granted: false });
  });

  it('screening can be made stricter by the caller, never looser', async () => {
    const chat = await withOffer('+5511970000005');
    requestConsent(chat.ctx, { purpose: 'health_data' });
    await chat.says('sim');
    await recordConsentAnswer(chat.ctx, { purpose: 'health_data', granted: true });
    await askScreening(chat.ctx, { serviceId: 'toxina-botulinica' });
    await chat.says('estou grávida');
    expect(await screenContraindications(chat.ctx, { serviceId: 'toxina-botulinica', conditions: [] })).toMatchObject({ ok: true, status: 'block', blocking: ['gestante'] });

    const other = await withOffer('+5511970000006');
    requestConsent(other.ctx, { purpose: 'health_data' });
    await other.says('sim');
    await recordConsentAnswer(other.ctx, { purpose: 'health_data', granted: true });
    await askScreening(other.ctx, { serviceId: 'toxina-botulinica' });
    await other.says('não');
    expect(await screenContraindications(other.ctx, { serviceId: 'toxina-botulinica', conditions: ['anticoagulante'] })).toMatchObject({ ok: true, status: 'consult' });
    // A blocked or consult screening never lets a booking through, even with a forged id in the state.
    await other.says('1');
    await holdOfferedSlot(other.ctx, { option: 1 });
    const [consult] = await t.database.db.select().from(screenings).where(eq(screenings.patientId, other.patient.id));
    other.state.task!.screeningId = consult!.id;
    expect(await requestConfirmation(other.ctx, { kind: 'book' })).toMatchObject({ ok: false, code: 'SCREENING_NOT_CLEAR' });
  });

  it('a patient can only see and touch their own appointments', async () => {
    const owner = await findOrCreatePatient(t.database.db, { clinicId: CLINIC.id, phone: '+5511970000099' });
    const theirs = await bookSlot(t.database.db, { clinicId: CLINIC.id, patientId: owner.id, serviceId: 'limpeza-de-pele', startsAt: new Date('2026-03-14T09:00:00-03:00'), now: NOW, source: 'staff', actor: 'staff:test' });
    const chat = await toolChat(t, '+5511970000007', NOW);
    await chat.says('cancela o agendamento');
    expect((await listAppointments(chat.ctx)).appointments).toEqual([]);
    expect(await requestConfirmation(chat.ctx, { kind: 'cancel', appointmentId: theirs.id })).toMatchObject({ ok: false, code: 'APPOINTMENT_NOT_FOUND' });
    // Even with a forged confirmation in the state.
    chat.state.asked.confirmation = { kind: 'cancel', appointmentId: theirs.id, atSeq: 0 };
    await chat.says('sim');
    expect(await cancel(chat.ctx, { appointmentId: theirs.id })).toMatchObject({ ok: false, code: 'APPOINTMENT_NOT_FOUND' });
    expect(await reschedule(chat.ctx, { appointmentId: theirs.id })).toMatchObject({ ok: false, code: 'APPOINTMENT_NOT_FOUND' });
    const [still] = await t.database.db.select().from(appointments).where(eq(appointments.id, theirs.id));
    expect(still!.status).toBe('booked');
  });

  it('untrusted tool input is a refusal, never an exception', async () => {
    const chat = await toolChat(t, '+5511970000008', NOW);
    await chat.says('oi');
    expect(await callTool(chat.ctx, 'hold_slot', { option: 'primeira' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(await callTool(chat.ctx, 'drop_tables', {})).toMatchObject({ ok: false, code: 'UNKNOWN_TOOL' });
    expect(await callTool(chat.ctx, 'find_slots', { serviceId: 'lipo-lad' })).toMatchObject({ ok: false, code: 'UNKNOWN_SERVICE' });
    expect(await callTool(chat.ctx, 'find_slots', { serviceId: 'limpeza-de-pele', professionalId: 'bruno-lima' })).toMatchObject({ ok: false, code: 'UNKNOWN_PROFESSIONAL' });
    expect(await callTool(chat.ctx, 'clinic_facts', { topic: 'price', serviceId: 'toxina-botulinica' })).toMatchObject({ ok: true, facts: { price: 'R$ 1.200,00' } });
  });
});
