import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appointmentEvents,
  appointments,
  auditLog,
  consents,
  conversations,
  dataRequests,
  escalations,
  messages,
  patients,
  reminders,
  screenings,
} from '../../src/db/schema';
import { ERASED_TEXT, ERASURE_REASON, erasePatientData } from '../../src/lgpd/erase-patient-data';
import { exportPatientData } from '../../src/lgpd/export-patient-data';
import { findOrCreateConversation } from '../../src/pipeline/accept-inbound';
import { processConversation } from '../../src/pipeline/process-conversation';
import { sendOutbound } from '../../src/pipeline/send-outbound';
import { findOrCreatePatient } from '../../src/patients/find-or-create-patient';
import type { Actor } from '../../src/staff/actor';
import { isAppError } from '../../src/lib/errors';
import { describePostgres } from '../support/test-database';
import { startTestApp, type TestApp } from '../support/test-app';
import { startScenario, type Scenario } from '../scenarios/support/scenario';
import { asJson, dumpAllTables, givenRichPatient, RICH, staffActor, staffDepsOf, type RichPatient } from './lgpd-fixtures';

describePostgres('erasure of a patient (LGPD art. 18, VI)', () => {
  let s: Scenario;
  let owner: Actor;
  let rich: RichPatient;
  /** Every text of the conversation before erasure, as the export saw it (decrypted). */
  let texts: string[] = [];
  let before: Awaited<ReturnType<typeof exportPatientData>>;

  beforeAll(async () => {
    s = await startScenario();
    owner = await staffActor(s.app.t.database, { email: 'dona@bella.com', role: 'owner' });
    rich = await givenRichPatient(s, owner);
    before = await exportPatientData(staffDepsOf(s.app), owner, rich.patientId);
    texts = before.conversations.flatMap((c) => c.messages.map((m) => m.text ?? '')).filter((t) => t.length >= 8);
  });
  afterAll(async () => s?.stop());

  it('reception may not erase (403) and another clinic sees no such patient (404); nothing changes', async () => {
    const reception = await staffActor(s.app.t.database, { email: 'rec@bella.com', role: 'reception' });
    await expect(erasePatientData(staffDepsOf(s.app), reception, rich.patientId)).rejects.toSatisfy((e) => isAppError(e, 'FORBIDDEN'));
    const elsewhere: Actor = { ...owner, clinicId: 'clinica-aurora' };
    await expect(erasePatientData(staffDepsOf(s.app), elsewhere, rich.patientId)).rejects.toSatisfy((e) => isAppError(e, 'NOT_FOUND'));
    const [p] = await s.db.select().from(patients).where(eq(patients.id, rich.patientId));
    expect(p).toMatchObject({ phone: RICH.phone, name: RICH.name, erasedAt: null });
  });

  it('erases in one go, and afterwards no table holds her phone, name, CPF, e-mail or any message text', async () => {
    // The fixture put these in the database: the scan below would see them.
    const dumpBefore = await dumpAllTables(s.app.t.database);
    for (const needle of [RICH.phone, RICH.name, RICH.email, asJson(RICH.note), asJson(RICH.cancelNote), asJson(RICH.texts[0]!)]) expect(dumpBefore).toContain(needle);
    expect(texts.length).toBeGreaterThan(10);
    expect(texts).toEqual(expect.arrayContaining([RICH.texts[1], RICH.texts[2], RICH.note]));

    const report = await erasePatientData(staffDepsOf(s.app), owner, rich.patientId);
    expect(report).toMatchObject({ patientId: rich.patientId, alreadyErased: false, conversations: 1, screenings: 1, appointmentsCancelled: 1, consentsRecorded: 2, dataRequestsClosed: 1 });
    expect(report.remindersCancelled).toBeGreaterThan(0);
    expect(report.escalationsResolved).toBeGreaterThanOrEqual(1);

    const dump = await dumpAllTables(s.app.t.database);
    const digits = RICH.phone.replace(/\D/g, '');
    const needles = [RICH.phone, digits, digits.slice(2), RICH.name, 'Quintela', RICH.email, RICH.cpf, RICH.cpf.replace(/\D/g, ''), RICH.birthDate, asJson(RICH.cancelNote), ...texts.map(asJson)];
    const found = needles.filter((n) => dump.includes(n));
    expect(found).toEqual([]);
  });

  it('keeps what statistics need: message rows, screening outcome, past visit, cancelled future visit with reason', async () => {
    const [p] = await s.db.select().from(patients).where(eq(patients.id, rich.patientId));
    expect(p).toMatchObject({ phone: null, name: null, cpfEnc: null, email: null, birthDate: null, sex: null });
    expect(p!.erasedAt).toBeInstanceOf(Date);
    expect(p!.optedOutAt).toBeInstanceOf(Date);

    const [c] = await s.db.select().from(conversations).where(eq(conversations.id, rich.conversationId));
    expect(c).toMatchObject({ patientAddress: null, state: {}, mode: 'bot' });
    const rows = await s.db.select().from(messages).where(eq(messages.conversationId, rich.conversationId)).orderBy(asc(messages.seq));
    expect(rows.length).toBe(before.conversations[0]!.messages.length);
    expect(rows.every((m) => m.body === null && m.bodyEnc === null && m.providerMessageId === null)).toBe(true);
    expect(rows.map((m) => m.direction)).toEqual(before.conversations[0]!.messages.map((m) => m.direction));
    expect(rows.map((m) => m.status)).toEqual(before.conversations[0]!.messages.map((m) => m.status));
    const template = rows.find((m) => m.template);
    expect(template!.template).toEqual({ name: 'lembrete_consulta', language: 'pt_BR', params: [] });

    const [screening] = await s.db.select().from(screenings).where(eq(screenings.patientId, rich.patientId));
    expect(screening).toMatchObject({ outcome: 'clear', answersEnc: null, serviceId: 'toxina-botulinica' });

    const appts = await s.db.select().from(appointments).where(eq(appointments.patientId, rich.patientId));
    const byId = new Map(appts.map((a) => [a.id, a]));
    expect(byId.get(rich.pastId)).toMatchObject({ status: 'attended' });
    expect(byId.get(rich.bookedId)).toMatchObject({ status: 'cancelled', cancelReason: ERASURE_REASON, serviceId: 'toxina-botulinica' });
    expect(byId.get(rich.staffCancelledId)).toMatchObject({ status: 'cancelled', cancelReason: ERASED_TEXT });
    const events = await s.db.select().from(appointmentEvents).where(eq(appointmentEvents.appointmentId, rich.bookedId));
    expect(events.at(-1)).toMatchObject({ toStatus: 'cancelled', reason: ERASURE_REASON, actor: `staff:${owner.id}` });

    const steps = await s.db.select().from(reminders).where(eq(reminders.appointmentId, rich.bookedId));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.filter((r) => r.status === 'pending')).toEqual([]);
    expect(steps.some((r) => r.status === 'cancelled' && r.lastError === ERASURE_REASON)).toBe(true);
  });

  it('records the consent withdrawal, closes her requests and escalations, and audits who erased', async () => {
    const rows = await s.db.select().from(consents).where(eq(consents.patientId, rich.patientId)).orderBy(asc(consents.at));
    const withdrawn = rows.filter((c) => c.source === 'erasure');
    expect(withdrawn.map((c) => [c.purpose, c.granted]).sort()).toEqual([
      ['health_data', false],
      ['reminders', false],
    ]);
    const requests = await s.db.select().from(dataRequests).where(eq(dataRequests.patientId, rich.patientId));
    expect(requests).toEqual([expect.objectContaining({ kind: 'erasure', status: 'done', doneBy: `staff:${owner.id}` })]);
    const open = await s.db
      .select()
      .from(escalations)
      .where(and(eq(escalations.conversationId, rich.conversationId), inArray(escalations.status, ['open', 'claimed'])));
    expect(open).toEqual([]);
    const audit = await s.db.select().from(auditLog).where(and(eq(auditLog.action, 'lgpd.erase'), eq(auditLog.targetId, rich.patientId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'staff', actorId: owner.id, clinicId: 'bella-pele', targetType: 'patient' });
    expect(audit[0]!.data).toMatchObject({ alreadyErased: false, appointmentsCancelled: 1, requests: [requests[0]!.id] });
  });

  it('is idempotent: a second erasure changes nothing and records one more audit entry', async () => {
    const snapshot = async () => ({
      patient: await s.db.select().from(patients).where(eq(patients.id, rich.patientId)),
      consents: await s.db.select().from(consents).where(eq(consents.patientId, rich.patientId)),
      requests: await s.db.select().from(dataRequests).where(eq(dataRequests.patientId, rich.patientId)),
      appointments: await s.db.select().from(appointments).where(eq(appointments.patientId, rich.patientId)).orderBy(asc(appointments.id)),
      messages: await s.db.select().from(messages).where(eq(messages.conversationId, rich.conversationId)).orderBy(asc(messages.seq)),
    });
    const first = await snapshot();
    const report = await erasePatientData(staffDepsOf(s.app), owner, rich.patientId);
    expect(report).toMatchObject({ alreadyErased: true, appointmentsCancelled: 0, consentsRecorded: 0, dataRequestsClosed: 0, screenings: 0, remindersCancelled: 0 });
    const second = await snapshot();
    expect(second.consents).toEqual(first.consents);
    expect(second.requests).toEqual(first.requests);
    expect(second.appointments).toEqual(first.appointments);
    expect(second.messages).toEqual(first.messages);
    expect(second.patient[0]!.erasedAt).toEqual(first.patient[0]!.erasedAt);
    const audit = await s.db.select().from(auditLog).where(and(eq(auditLog.action, 'lgpd.erase'), eq(auditLog.targetId, rich.patientId)));
    expect(audit.map((a) => (a.data as { alreadyErased: boolean }).alreadyErased)).toEqual([false, true]);
  });

  it('the same phone writing again starts a new, unlinked patient', async () => {
    const again = await s.app.whatsappText(RICH.phone, 'oi, tudo bem?');
    expect(again.response.status).toBe(200);
    await s.app.idle();
    const [fresh] = await s.db.select().from(patients).where(eq(patients.phone, RICH.phone));
    expect(fresh).toBeDefined();
    expect(fresh!.id).not.toBe(rich.patientId);
    const [conv] = await s.db.select().from(conversations).where(eq(conversations.patientAddress, RICH.phone));
    expect(conv!.id).not.toBe(rich.conversationId);
  });
});

/** A patient of the demo clinic with a WhatsApp conversation, made directly (no workers run). */
async function whatsappPatient(db: TestApp['t']['database']['db'], phone: string, name: string) {
  const now = new Date();
  const patient = await findOrCreatePatient(db, { clinicId: 'bella-pele', phone, name, now });
  const conv = await findOrCreateConversation(db, { clinicId: 'bella-pele', patientId: patient.id, channel: 'whatsapp', clinicAddress: '106540352242922', patientAddress: phone, now });
  return { patient, conv };
}

describePostgres('erasure stops work in flight', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No workers: the test decides when turns and sends run.
    t = await startTestApp({ kind: 'postgres', appOptions: { runWorkers: false } });
  });
  afterAll(async () => t?.stop());

  it('a pending inbound message is never answered and a queued reply is never sent', async () => {
    const db = t.t.database.db;
    const owner = await staffActor(t.t.database, { email: 'dona2@bella.com', role: 'owner' });
    const { patient, conv } = await whatsappPatient(db, '+5511987651299', 'Rita Pendente');
    const [inbound] = await db
      .insert(messages)
      .values({ clinicId: 'bella-pele', conversationId: conv.id, direction: 'in', author: 'patient', channel: 'whatsapp', providerMessageId: 'wamid.pending-1', body: 'quero botox amanhã', status: 'pending' })
      .returning();
    const [queued] = await db
      .insert(messages)
      .values({ clinicId: 'bella-pele', conversationId: conv.id, direction: 'out', author: 'staff', channel: 'whatsapp', body: 'Olá Rita, tudo certo?', status: 'queued', origin: 'staff' })
      .returning();

    await erasePatientData(staffDepsOf(t), owner, patient.id);
    await processConversation(t.app.pipeline, conv.id);
    await sendOutbound(t.app.pipeline, queued!.id);

    const rows = await db.select().from(messages).where(eq(messages.conversationId, conv.id));
    expect(rows.find((m) => m.id === inbound!.id)).toMatchObject({ status: 'ignored', body: null });
    expect(rows.find((m) => m.id === queued!.id)).toMatchObject({ status: 'failed', body: null });
    expect(rows.filter((m) => m.direction === 'out')).toHaveLength(1);
    expect(t.graph.requests).toEqual([]);
  });
});

describePostgres('erasure and a bot turn in flight', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind: 'postgres', appOptions: { runWorkers: false } });
  });
  afterAll(async () => t?.stop());

  it('waits for the turn\'s lease and refuses (CONFLICT) rather than erase under a running turn', async () => {
    const db = t.t.database.db;
    const owner = await staffActor(t.t.database, { email: 'dona3@bella.com', role: 'owner' });
    const { patient, conv } = await whatsappPatient(db, '+5511987651300', 'Lia Ocupada');
    // A worker's turn holds the conversation (its heartbeat keeps the lease alive).
    await db.update(conversations).set({ leaseOwner: 'worker:turn', leaseUntil: new Date(Date.now() + 60_000) }).where(eq(conversations.id, conv.id));

    await expect(erasePatientData(staffDepsOf(t), owner, patient.id, { leaseWaitMs: 300 })).rejects.toSatisfy((e) => isAppError(e, 'CONFLICT'));
    const [still] = await db.select().from(patients).where(eq(patients.id, patient.id));
    expect(still).toMatchObject({ erasedAt: null, name: 'Lia Ocupada' });

    // The turn ends: the erasure goes through.
    await db.update(conversations).set({ leaseOwner: null, leaseUntil: null }).where(eq(conversations.id, conv.id));
    await erasePatientData(staffDepsOf(t), owner, patient.id, { leaseWaitMs: 300 });
    const [erased] = await db.select().from(patients).where(eq(patients.id, patient.id));
    expect(erased!.erasedAt).not.toBeNull();
    expect(erased!.name).toBeNull();
  });
});

describe('erasure input', () => {
  it('an id that is not a uuid is NOT_FOUND before anything is read', async () => {
    const actor: Actor = { kind: 'api', id: 'x', clinicId: 'bella-pele', role: 'owner', label: 't', name: '' };
    const deps = { database: { db: {} } } as unknown as Parameters<typeof erasePatientData>[0];
    await expect(erasePatientData(deps, actor, 'not-an-id')).rejects.toSatisfy((e) => isAppError(e, 'NOT_FOUND'));
  });
});
