import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditLog, conversations, messages, patients } from '../../src/db/schema';
import { createEncryptor, generateKeySpec, parseEncryptionKeys } from '../../src/lib/crypto';
import { isAppError } from '../../src/lib/errors';
import { exportPatientData, PATIENT_EXPORT_FORMAT, PATIENT_EXPORT_VERSION, type PatientExport } from '../../src/lgpd/export-patient-data';
import { encryptCpf } from '../../src/lgpd/sensitive-fields';
import { screeningAad } from '../../src/screening/record-screening';
import { PROTECTED_PLACEHOLDER } from '../../src/pipeline/process-conversation';
import type { Actor } from '../../src/staff/actor';
import { describePostgres } from '../support/test-database';
import { startScenario, type Scenario } from '../scenarios/support/scenario';
import { givenRichPatient, RICH, staffActor, staffDepsOf, type RichPatient } from './lgpd-fixtures';

describePostgres('export of everything about a patient (LGPD art. 18, II and V)', () => {
  let s: Scenario;
  let owner: Actor;
  let rich: RichPatient;
  let doc: PatientExport;

  beforeAll(async () => {
    s = await startScenario();
    owner = await staffActor(s.app.t.database, { email: 'dona@bella.com', role: 'owner' });
    rich = await givenRichPatient(s, owner);
    doc = await exportPatientData(staffDepsOf(s.app), owner, rich.patientId);
  });
  afterAll(async () => s?.stop());

  it('is a versioned document with the patient record, CPF decrypted', () => {
    expect(doc).toMatchObject({ format: PATIENT_EXPORT_FORMAT, version: PATIENT_EXPORT_VERSION, clinic: { id: 'bella-pele', name: 'Clínica Bella Pele' }, problems: [] });
    expect(doc.patient).toMatchObject({ id: rich.patientId, phone: RICH.phone, name: RICH.name, email: RICH.email, cpf: '52998224725', birthDate: RICH.birthDate, sex: 'F', erasedAt: null });
    // Plain JSON all the way down (what the download and the API send).
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('has every message of the conversation, protected texts decrypted (patient answers and bot replies)', async () => {
    expect(doc.conversations).toHaveLength(1);
    const conv = doc.conversations[0]!;
    expect(conv).toMatchObject({ id: rich.conversationId, channel: 'whatsapp', patientAddress: RICH.phone });
    const stored = await s.db.select().from(messages).where(eq(messages.conversationId, rich.conversationId));
    expect(conv.messages.map((m) => m.id).sort()).toEqual(stored.map((m) => m.id).sort());
    const inbound = conv.messages.filter((m) => m.direction === 'in').map((m) => m.text);
    expect(inbound).toEqual(expect.arrayContaining(RICH.texts));
    expect(conv.messages.find((m) => m.text === RICH.texts[1])).toMatchObject({ protected: true, author: 'patient' });
    expect(conv.messages.find((m) => m.text === RICH.texts[2])).toMatchObject({ protected: true });
    // Nothing in the document is a placeholder or an envelope.
    expect(conv.messages.some((m) => m.text === PROTECTED_PLACEHOLDER || /^v1:/.test(m.text ?? ''))).toBe(false);
    // A protected bot reply reads exactly as the patient received it.
    const protectedReplies = conv.messages.filter((m) => m.direction === 'out' && m.protected);
    expect(protectedReplies.length).toBeGreaterThan(0);
    const delivered = s.app.graph.requests.map((r) => (r.json as { text?: { body?: string } }).text?.body).filter(Boolean);
    for (const r of protectedReplies) expect(delivered).toContain(r.text);
    expect(conv.messages.find((m) => m.direction === 'note')).toMatchObject({ text: RICH.note, author: 'staff' });
    expect(conv.messages.find((m) => m.template)).toMatchObject({ template: { name: 'lembrete_consulta', params: [RICH.name, 'amanhã 14:00'] } });
  });

  it('has appointments with their history, consents, screening answers, reminders, escalations and requests', () => {
    const booked = doc.appointments.find((a) => a.id === rich.bookedId)!;
    expect(booked).toMatchObject({ serviceId: 'toxina-botulinica', service: 'Toxina botulínica (botox)', status: 'booked', source: 'whatsapp' });
    expect(booked.events.map((e) => e.toStatus).filter(Boolean)).toEqual(['held', 'booked']);
    expect(doc.appointments.find((a) => a.id === rich.pastId)).toMatchObject({ status: 'attended' });
    const cancelled = doc.appointments.find((a) => a.id === rich.staffCancelledId)!;
    expect(cancelled.events.at(-1)).toMatchObject({ toStatus: 'cancelled', by: 'staff', reason: RICH.cancelNote });
    // Team members appear as a role, never by id.
    expect(JSON.stringify(doc)).not.toContain(owner.id);

    expect(doc.consents.map((c) => [c.purpose, c.granted, c.source])).toEqual([
      ['health_data', true, 'patient'],
      ['reminders', true, 'patient'],
    ]);
    expect(doc.screenings).toEqual([expect.objectContaining({ serviceId: 'toxina-botulinica', outcome: 'clear', answers: expect.objectContaining({ answers: [RICH.texts[1]], conditions: [] }) })]);
    expect(doc.reminders.length).toBeGreaterThan(0);
    expect(doc.reminders.every((r) => r.appointmentId === rich.bookedId)).toBe(true);
    expect(doc.escalations.map((e) => e.reason)).toContain('data_rights');
    expect(doc.dataRequests).toEqual([expect.objectContaining({ kind: 'erasure', status: 'open', requestedVia: 'whatsapp' })]);
  });

  it('is audited, with counts and no content', async () => {
    const rows = await s.db.select().from(auditLog).where(and(eq(auditLog.action, 'lgpd.export'), eq(auditLog.targetId, rich.patientId)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorType: 'staff', actorId: owner.id, targetType: 'patient' });
    expect(rows[0]!.data).toMatchObject({ conversations: 1, appointments: 3, screenings: 1, problems: 0 });
    const text = JSON.stringify(rows[0]);
    for (const needle of [RICH.name, RICH.phone, '52998224725', RICH.texts[1]!]) expect(text).not.toContain(needle);
  });

  it('only owners of the same clinic may export', async () => {
    const reception = await staffActor(s.app.t.database, { email: 'rec@bella.com', role: 'reception' });
    await expect(exportPatientData(staffDepsOf(s.app), reception, rich.patientId)).rejects.toSatisfy((e) => isAppError(e, 'FORBIDDEN'));
    await expect(exportPatientData(staffDepsOf(s.app), { ...owner, clinicId: 'clinica-aurora' }, rich.patientId)).rejects.toSatisfy((e) => isAppError(e, 'NOT_FOUND'));
    const audited = await s.db.select().from(auditLog).where(and(eq(auditLog.action, 'lgpd.export'), eq(auditLog.targetId, rich.patientId)));
    expect(audited).toHaveLength(1);
  });

  it('reports values it cannot decrypt instead of failing (a rotated-out key, a damaged value, no key at all)', async () => {
    const foreign = createEncryptor(parseEncryptionKeys(generateKeySpec('gone')));
    await s.db.update(patients).set({ cpfEnc: encryptCpf(foreign, rich.patientId, RICH.cpf) }).where(eq(patients.id, rich.patientId));
    const [answer] = await s.db.select().from(messages).where(and(eq(messages.conversationId, rich.conversationId), eq(messages.body, PROTECTED_PLACEHOLDER), eq(messages.direction, 'in')));
    const parts = answer!.bodyEnc!.split(':');
    parts[4] = Buffer.from('adulterado').toString('base64url');
    await s.db.update(messages).set({ bodyEnc: parts.join(':') }).where(eq(messages.id, answer!.id));

    const damaged = await exportPatientData(staffDepsOf(s.app), owner, rich.patientId);
    expect(damaged.patient.cpf).toBeNull();
    expect(damaged.problems).toEqual(
      expect.arrayContaining([
        { field: 'patient.cpf', id: rich.patientId, problem: 'undecryptable' },
        { field: 'message.text', id: answer!.id, problem: 'undecryptable' },
      ]),
    );
    expect(damaged.problems).toHaveLength(2);
    expect(damaged.conversations[0]!.messages.find((m) => m.id === answer!.id)).toMatchObject({ text: null, protected: true });
    // The rest is intact.
    expect(damaged.screenings[0]!.answers).not.toBeNull();

    const keyless = await exportPatientData({ ...staffDepsOf(s.app), crypto: undefined }, owner, rich.patientId);
    expect(keyless.problems.every((p) => p.problem === 'no_key')).toBe(true);
    expect(keyless.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['patient.cpf', 'message.text', 'screening.answers']));
    expect(keyless.conversations[0]!.messages.find((m) => m.text === RICH.texts[0])).toBeDefined();
  });

  it('has the health answers of a booking still in progress (encrypted in the conversation state)', async () => {
    const [c] = await s.db.select().from(conversations).where(eq(conversations.patientId, rich.patientId));
    const crypto = s.app.app.pipeline.crypto!;
    const state = structuredClone(c!.state) as Record<string, unknown>;
    state.inProgressProbe = crypto.encrypt(JSON.stringify(['tomo roacutan desde março']), screeningAad(rich.patientId));
    await s.db.update(conversations).set({ state }).where(eq(conversations.id, c!.id));
    try {
      const again = await exportPatientData(staffDepsOf(s.app), owner, rich.patientId);
      expect(again.conversations.find((x) => x.id === c!.id)!.answersInProgress).toEqual([['tomo roacutan desde março']]);
    } finally {
      await s.db.update(conversations).set({ state: c!.state }).where(eq(conversations.id, c!.id));
    }
  });
});
