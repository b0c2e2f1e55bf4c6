import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, conversations, escalations, messages } from '../../src/db/schema';
import { createApiToken } from '../../src/staff/api-tokens';
import { startTestApp, type TestApp } from '../support/test-app';
import { StaffClient } from './staff-client';
import { addStaff, futureAppointment, PASSWORD, SECOND_CLINIC, twoClinicFlowsDir } from './staff-fixtures';

/**
 * Two clinics in one deployment: a second clinic's staff (inbox) and tokens (API) see none of the
 * first clinic's patients, conversations, escalations or appointments, and cannot act on them.
 */
describe('clinic isolation', () => {
  let t: TestApp;
  let flowsDir: string;
  let aurora: StaffClient;
  let auroraToken: string;
  const a = { patientId: '', conversationId: '', escalationId: '', appointmentId: '' };
  const ANA = '+5511972220001';

  beforeAll(async () => {
    flowsDir = twoClinicFlowsDir();
    t = await startTestApp({ env: { FLOWS_DIR: flowsDir } });
    await addStaff(t.t.database, { email: 'rita@bella.com', role: 'owner' });
    await addStaff(t.t.database, { clinicId: SECOND_CLINIC.id, email: 'dona@aurora.com', role: 'owner' });
    auroraToken = (await createApiToken(t.t.database.db, { kind: 'system', id: 'test' }, { clinicId: SECOND_CLINIC.id, name: 'aurora', role: 'owner', now: new Date() })).token;

    // Bella Pele: a patient with an appointment who asks for a person.
    const { patient, appointment } = await futureAppointment(t.t.database, { phone: ANA, name: 'Ana Bella Segredo' });
    await t.whatsappText(ANA, 'quero falar com uma pessoa');
    await t.idle();
    const [c] = await t.t.database.db.select().from(conversations).where(eq(conversations.patientAddress, ANA));
    const [e] = await t.t.database.db.select().from(escalations).where(eq(escalations.conversationId, c!.id));
    Object.assign(a, { patientId: patient.id, conversationId: c!.id, escalationId: e!.id, appointmentId: appointment.id });

    // Aurora: its own patient, through the simulator.
    await fetch(`${t.url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clinicId: SECOND_CLINIC.id, phone: '+5511972220002', text: 'quero falar com uma pessoa' }) });
    await t.idle();
    aurora = new StaffClient(t.url);
    await aurora.loginOk('dona@aurora.com', PASSWORD);
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(flowsDir, { recursive: true, force: true });
  });

  it('both clinics are live (the fixture is what it claims)', async () => {
    const rita = new StaffClient(t.url);
    await rita.loginOk('rita@bella.com', PASSWORD);
    const inbox = (await rita.page('/staff')).html;
    expect(inbox).toContain(a.escalationId);
    expect(inbox).toContain('Ana Bella Segredo');
    const auroraInbox = (await aurora.page('/staff')).html;
    expect(auroraInbox).toContain('Clínica Aurora');
    expect(auroraInbox).toContain('(11) 97222-0002');
  });

  it('through the inbox: nothing of the other clinic is listed, opened or changed', async () => {
    for (const path of ['/staff', '/staff/conversations', '/staff/agenda?view=week', `/staff/agenda?date=${new Date().toISOString().slice(0, 10)}`]) {
      const page = await aurora.page(path);
      expect(page.status, path).toBe(200);
      expect(page.html, path).not.toContain('Ana Bella Segredo');
      expect(page.html, path).not.toContain(a.conversationId);
      expect(page.html, path).not.toContain(a.escalationId);
    }
    for (const path of [`/staff/conversations/${a.conversationId}`, `/staff/conversations/${a.conversationId}/live`, `/staff/patients/${a.patientId}`, `/staff/appointments/${a.appointmentId}/reschedule`]) {
      const page = await aurora.page(path);
      expect(page.status, path).toBe(404);
      expect(page.html, path).not.toContain('Ana Bella Segredo');
    }
    await aurora.page('/staff');
    for (const path of [`/staff/conversations/${a.conversationId}/claim`, `/staff/conversations/${a.conversationId}/reply`, `/staff/conversations/${a.conversationId}/notes`, `/staff/escalations/${a.escalationId}/resolve`, `/staff/appointments/${a.appointmentId}/cancel`]) {
      expect((await aurora.post(path, { text: 'intrusão' })).status, path).toBe(404);
    }
    const [c] = await t.t.database.db.select().from(conversations).where(eq(conversations.id, a.conversationId));
    expect(c!.mode).toBe('waiting_staff');
    const [e] = await t.t.database.db.select().from(escalations).where(eq(escalations.id, a.escalationId));
    expect(e!.status).toBe('open');
    const [ap] = await t.t.database.db.select().from(appointments).where(eq(appointments.id, a.appointmentId));
    expect(ap!.status).toBe('booked');
    expect((await t.t.database.db.select().from(messages).where(eq(messages.conversationId, a.conversationId))).some((m) => m.body === 'intrusão')).toBe(false);
  });

  it('live events of one clinic never reach the other clinic\'s stream', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.url}/staff/events`, { headers: { cookie: `atende_staff=${aurora.cookies.get('atende_staff')}` }, signal: controller.signal });
    const reader = res.body!.getReader();
    await t.whatsappText(ANA, 'mensagem da bella');
    await fetch(`${t.url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clinicId: SECOND_CLINIC.id, phone: '+5511972220002', text: 'mensagem da aurora' }) });
    const [auroraConv] = await t.t.database.db.select().from(conversations).where(eq(conversations.clinicId, SECOND_CLINIC.id));
    let text = '';
    while (!text.includes(auroraConv!.id)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain(auroraConv!.id);
    expect(text).not.toContain(a.conversationId);
    await t.idle();
  });

  it('through the API: nothing of the other clinic is listed, read or changed', async () => {
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`${t.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${auroraToken}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    const lists = await Promise.all(['/patients', '/conversations', '/escalations?status=open,claimed,resolved', '/appointments'].map(async (p) => JSON.stringify(await (await api(p)).json())));
    for (const body of lists) {
      expect(body).not.toContain(a.patientId);
      expect(body).not.toContain(a.conversationId);
      expect(body).not.toContain('Ana Bella Segredo');
    }
    expect(lists[0]).toContain('+5511972220002');
    expect((await api(`/patients?phone=${encodeURIComponent(ANA)}`).then((r) => r.json())).patients).toEqual([]);
    for (const path of [`/patients/${a.patientId}`, `/conversations/${a.conversationId}`, `/conversations/${a.conversationId}/messages`, `/escalations/${a.escalationId}`, `/appointments/${a.appointmentId}`]) {
      expect((await api(path)).status, path).toBe(404);
    }
    for (const [path, body] of [
      [`/conversations/${a.conversationId}/claim`, {}],
      [`/conversations/${a.conversationId}/messages`, { text: 'intrusão' }],
      [`/escalations/${a.escalationId}/resolve`, {}],
      [`/appointments/${a.appointmentId}/cancel`, {}],
    ] as const) {
      expect((await api(path, { method: 'POST', body: JSON.stringify(body) })).status, path).toBe(404);
    }
    const [c] = await t.t.database.db.select().from(conversations).where(eq(conversations.id, a.conversationId));
    expect(c!.mode).toBe('waiting_staff');
    const [ap] = await t.t.database.db.select().from(appointments).where(eq(appointments.id, a.appointmentId));
    expect(ap!.status).toBe('booked');
  });
});
