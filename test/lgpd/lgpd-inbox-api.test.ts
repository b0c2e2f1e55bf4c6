import { rmSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, auditLog, conversations, dataRequests, escalations, patients } from '../../src/db/schema';
import { PATIENT_EXPORT_FORMAT } from '../../src/lgpd/export-patient-data';
import { createApiToken } from '../../src/staff/api-tokens';
import { describePostgres } from '../support/test-database';
import { startTestApp, type TestApp } from '../support/test-app';
import { StaffClient } from '../staff/staff-client';
import { addStaff, futureAppointment, PASSWORD, SECOND_CLINIC, twoClinicFlowsDir } from '../staff/staff-fixtures';

/**
 * LGPD requests through the inbox and /api/v1: owners export and erase, reception cannot, a second
 * clinic's owner sees nothing (404), every action is in the audit log.
 */
describePostgres('LGPD in the inbox and the API', () => {
  let t: TestApp;
  let flowsDir: string;
  const system = { kind: 'system' as const, id: 'test' };
  const tokens = { owner: '', reception: '', aurora: '' };
  const ids = { owner: '' };
  const phones = { erase: '+5511961110001', api: '+5511961110002', copy: '+5511961110003' };
  let eraseId = '';
  let apiId = '';
  let copyId = '';

  const patientOf = async (phone: string) => (await t.t.database.db.select().from(patients).where(eq(patients.phone, phone)))[0]!;
  const patientById = async (id: string) => (await t.t.database.db.select().from(patients).where(eq(patients.id, id)))[0]!;
  const audits = (action: string, targetId: string) => t.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
  const login = async (email: string) => {
    const c = new StaffClient(t.url);
    await c.loginOk(email, PASSWORD);
    return c;
  };
  const api = (token: string, path: string, method: 'GET' | 'POST' = 'GET') =>
    fetch(`${t.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, body: method === 'POST' ? '{}' : undefined });

  beforeAll(async () => {
    flowsDir = twoClinicFlowsDir();
    t = await startTestApp({ kind: 'postgres', env: { FLOWS_DIR: flowsDir } });
    const db = t.t.database.db;
    ids.owner = (await addStaff(t.t.database, { email: 'rita@bella.com', role: 'owner' })).id;
    await addStaff(t.t.database, { email: 'recep@bella.com', role: 'reception' });
    await addStaff(t.t.database, { clinicId: SECOND_CLINIC.id, email: 'dona@aurora.com', role: 'owner' });
    tokens.owner = (await createApiToken(db, system, { clinicId: 'bella-pele', name: 'bi', role: 'owner', now: new Date() })).token;
    tokens.reception = (await createApiToken(db, system, { clinicId: 'bella-pele', name: 'crm', role: 'reception', now: new Date() })).token;
    tokens.aurora = (await createApiToken(db, system, { clinicId: SECOND_CLINIC.id, name: 'aurora', role: 'owner', now: new Date() })).token;

    await futureAppointment(t.t.database, { phone: phones.erase, name: 'Elisa Apagar' });
    await futureAppointment(t.t.database, { phone: phones.api, name: 'Aline Api', skip: 1 });
    await t.whatsappText(phones.erase, 'quero que vocês apaguem todos os meus dados');
    await t.whatsappText(phones.api, 'oi, queria saber o endereço');
    await t.whatsappText(phones.copy, 'quero uma cópia dos meus dados');
    await t.idle();
    eraseId = (await patientOf(phones.erase)).id;
    apiId = (await patientOf(phones.api)).id;
    copyId = (await patientOf(phones.copy)).id;
    const requests = await db.select().from(dataRequests).where(eq(dataRequests.clinicId, 'bella-pele'));
    expect(requests.map((r) => [r.patientId, r.kind, r.status]).sort()).toEqual(
      [
        [eraseId, 'erasure', 'open'],
        [copyId, 'export', 'open'],
      ].sort(),
    );
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(flowsDir, { recursive: true, force: true });
  });

  describe('inbox', () => {
    it('a data-rights escalation links to the patient card, where the request and its deadline are listed', async () => {
      const recep = await login('recep@bella.com');
      const inbox = (await recep.page('/staff')).html;
      expect(inbox).toContain(`href="/staff/patients/${eraseId}#lgpd"`);
      const [conv] = await t.t.database.db.select().from(conversations).where(eq(conversations.patientId, eraseId));
      expect(inbox).toContain(`href="/staff/conversations/${conv!.id}">Abrir conversa</a>`);
      const card = (await recep.page(`/staff/patients/${eraseId}`)).html;
      expect(card).toContain('id="lgpd"');
      expect(card).toContain('Exclusão dos dados');
      expect(card).toMatch(/prazo \d{2}\/\d{2}\/\d{4}/);
    });

    it('reception sees the requests but may not export, erase or close them (403), and nothing changes', async () => {
      const recep = await login('recep@bella.com');
      const card = (await recep.page(`/staff/patients/${eraseId}`)).html;
      expect(card).not.toContain('Exportar dados (JSON)');
      expect(card).not.toContain('Excluir dados (LGPD)');
      expect(card).toContain('feito por proprietária(o)');
      const [request] = await t.t.database.db.select().from(dataRequests).where(eq(dataRequests.patientId, eraseId));
      expect((await recep.post(`/staff/patients/${eraseId}/export`)).status).toBe(403);
      expect((await recep.page(`/staff/patients/${eraseId}/erase`)).status).toBe(403);
      expect((await recep.post(`/staff/patients/${eraseId}/erase`, { confirm: 'EXCLUIR' })).status).toBe(403);
      expect((await recep.post(`/staff/data-requests/${request!.id}/done`)).status).toBe(403);
      expect(await patientById(eraseId)).toMatchObject({ erasedAt: null, phone: phones.erase });
      expect((await t.t.database.db.select().from(dataRequests).where(eq(dataRequests.id, request!.id)))[0]!.status).toBe('open');
      expect(await audits('lgpd.export', eraseId)).toEqual([]);
    });

    it("another clinic's owner gets 404 for every LGPD action on this clinic's patient", async () => {
      const aurora = await login('dona@aurora.com');
      const [request] = await t.t.database.db.select().from(dataRequests).where(eq(dataRequests.patientId, eraseId));
      expect((await aurora.post(`/staff/patients/${eraseId}/export`)).status).toBe(404);
      expect((await aurora.page(`/staff/patients/${eraseId}/erase`)).status).toBe(404);
      expect((await aurora.post(`/staff/patients/${eraseId}/erase`, { confirm: 'EXCLUIR' })).status).toBe(404);
      expect((await aurora.post(`/staff/data-requests/${request!.id}/done`)).status).toBe(404);
      expect(await patientById(eraseId)).toMatchObject({ erasedAt: null });
    });

    it('an owner downloads the export (POST with CSRF), and it is audited', async () => {
      const rita = await login('rita@bella.com');
      const card = (await rita.page(`/staff/patients/${eraseId}`)).html;
      expect(card).toContain('Exportar dados (JSON)');
      expect(card).toContain(`href="/staff/patients/${eraseId}/erase?back=`);
      expect((await rita.post(`/staff/patients/${eraseId}/export`, {}, { csrf: false })).status).toBe(403);
      const res = await rita.post(`/staff/patients/${eraseId}/export`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="atende-paciente-${eraseId}-\\d{4}-\\d{2}-\\d{2}\\.json"$`));
      const doc = await res.json();
      expect(doc).toMatchObject({ format: PATIENT_EXPORT_FORMAT, version: 1, patient: { id: eraseId, phone: phones.erase, name: 'Elisa Apagar' } });
      expect(doc.conversations[0].messages[0]).toMatchObject({ direction: 'in', text: 'quero que vocês apaguem todos os meus dados' });
      expect(await audits('lgpd.export', eraseId)).toEqual([expect.objectContaining({ actorType: 'staff', actorId: ids.owner })]);
    });

    it('an owner erases after a confirmation step with a typed word; the card then shows the erasure', async () => {
      const rita = await login('rita@bella.com');
      const confirm = await rita.page(`/staff/patients/${eraseId}/erase?back=${encodeURIComponent(`/staff/patients/${eraseId}`)}`);
      expect(confirm.status).toBe(200);
      expect(confirm.html).toContain('name="confirm"');
      expect(confirm.html).toContain('digite <strong>EXCLUIR</strong>');
      expect(confirm.html).toContain('1 agendamento(s) futuro(s)');

      const wrong = await rita.post(`/staff/patients/${eraseId}/erase`, { confirm: 'sim' });
      expect(wrong.status).toBe(303);
      expect(wrong.headers.get('location')).toMatch(new RegExp(`^/staff/patients/${eraseId}/erase\\?err=erase_confirmation`));
      expect((await rita.page(wrong.headers.get('location')!)).html).toContain('digite EXCLUIR no campo de confirmação');
      expect((await rita.post(`/staff/patients/${eraseId}/erase`, { confirm: 'EXCLUIR' }, { csrf: 'forjado' })).status).toBe(403);
      expect(await patientById(eraseId)).toMatchObject({ erasedAt: null, phone: phones.erase });

      const done = await rita.post(`/staff/patients/${eraseId}/erase`, { confirm: ' excluir ' });
      expect(done.status).toBe(303);
      expect(done.headers.get('location')).toBe(`/staff/patients/${eraseId}?ok=erased#lgpd`);
      expect(await patientById(eraseId)).toMatchObject({ phone: null, name: null });
      const [appt] = await t.t.database.db.select().from(appointments).where(eq(appointments.patientId, eraseId));
      expect(appt).toMatchObject({ status: 'cancelled', cancelReason: 'lgpd_erasure' });
      const [request] = await t.t.database.db.select().from(dataRequests).where(eq(dataRequests.patientId, eraseId));
      expect(request).toMatchObject({ status: 'done', doneBy: `staff:${ids.owner}` });
      const [conv] = await t.t.database.db.select().from(conversations).where(eq(conversations.patientId, eraseId));
      const open = await t.t.database.db.select().from(escalations).where(and(eq(escalations.conversationId, conv!.id), eq(escalations.status, 'open')));
      expect(open).toEqual([]);
      expect(await audits('lgpd.erase', eraseId)).toEqual([expect.objectContaining({ actorType: 'staff', actorId: ids.owner, ip: expect.any(String) })]);

      const card = (await rita.page(`/staff/patients/${eraseId}?ok=erased`)).html;
      expect(card).toContain('Dados da paciente excluídos (LGPD)');
      expect(card).toContain('Dados apagados em');
      expect(card).not.toContain('Excluir dados (LGPD)');
      expect(card).not.toContain('Elisa');
      expect((await rita.page('/staff')).html).not.toContain(`/staff/patients/${eraseId}#lgpd`);
    });

    it('an owner marks a request as answered; closing it again is harmless, refusing it afterwards is a conflict', async () => {
      const rita = await login('rita@bella.com');
      const [request] = await t.t.database.db.select().from(dataRequests).where(eq(dataRequests.patientId, copyId));
      const back = `/staff/patients/${copyId}`;
      expect((await rita.page(back)).html).toContain(`/staff/data-requests/${request!.id}/done`);
      const res = await rita.post(`/staff/data-requests/${request!.id}/done`, { back });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${back}?ok=request_done`);
      const [row] = await t.t.database.db.select().from(dataRequests).where(eq(dataRequests.id, request!.id));
      expect(row).toMatchObject({ status: 'done', doneBy: `staff:${ids.owner}` });
      expect((await rita.post(`/staff/data-requests/${request!.id}/done`, { back })).headers.get('location')).toBe(`${back}?ok=request_done`);
      expect((await rita.post(`/staff/data-requests/${request!.id}/reject`, { back })).headers.get('location')).toBe(`${back}?err=CONFLICT`);
      expect(await audits('lgpd.request_done', request!.id)).toHaveLength(1);
    });
  });

  describe('/api/v1', () => {
    it('export: owner tokens only (reception 403), another clinic 404, audited as the token', async () => {
      expect((await api(tokens.reception, `/patients/${apiId}/export`)).status).toBe(403);
      expect((await api(tokens.aurora, `/patients/${apiId}/export`)).status).toBe(404);
      const res = await api(tokens.owner, `/patients/${apiId}/export`);
      expect(res.status).toBe(200);
      const doc = await res.json();
      expect(doc).toMatchObject({ format: PATIENT_EXPORT_FORMAT, patient: { id: apiId, phone: phones.api, name: 'Aline Api' } });
      expect(doc.appointments).toHaveLength(1);
      expect(await audits('lgpd.export', apiId)).toEqual([expect.objectContaining({ actorType: 'api' })]);
    });

    it('erase: owner tokens only (reception 403), another clinic 404; the report says what was done', async () => {
      expect((await api(tokens.reception, `/patients/${apiId}/erase`, 'POST')).status).toBe(403);
      expect((await api(tokens.aurora, `/patients/${apiId}/erase`, 'POST')).status).toBe(404);
      expect(await patientById(apiId)).toMatchObject({ erasedAt: null });
      const res = await api(tokens.owner, `/patients/${apiId}/erase`, 'POST');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ patientId: apiId, alreadyErased: false, appointmentsCancelled: 1, consentsRecorded: 2, erasedAt: expect.any(String) });
      const card = await (await api(tokens.reception, `/patients/${apiId}`)).json();
      expect(card).toMatchObject({ id: apiId, name: null, phone: null, erasedAt: expect.any(String) });
      expect(card.dataRequests).toEqual([expect.objectContaining({ kind: 'erasure', status: 'done' })]);
      expect(await audits('lgpd.erase', apiId)).toEqual([expect.objectContaining({ actorType: 'api' })]);
      expect((await api(tokens.aurora, `/patients/${apiId}/export`)).status).toBe(404);
    });

    it('the register of data requests is per clinic; closing one is for owner tokens', async () => {
      const listed = await (await api(tokens.reception, '/data-requests?status=open,done')).json();
      expect(listed.dataRequests.length).toBeGreaterThanOrEqual(2);
      expect(listed.dataRequests.every((r: { patientId: string }) => [eraseId, apiId, copyId].includes(r.patientId))).toBe(true);
      expect((await (await api(tokens.aurora, '/data-requests?status=open,done,rejected')).json()).dataRequests).toEqual([]);

      const db = t.t.database.db;
      const [extra] = await db
        .insert(dataRequests)
        .values({ clinicId: 'bella-pele', patientId: copyId, kind: 'access', requestedVia: 'staff', dueAt: new Date(Date.now() + 86_400_000) })
        .returning();
      expect((await api(tokens.reception, `/data-requests/${extra!.id}/reject`, 'POST')).status).toBe(403);
      expect((await api(tokens.aurora, `/data-requests/${extra!.id}/reject`, 'POST')).status).toBe(404);
      const res = await api(tokens.owner, `/data-requests/${extra!.id}/reject`, 'POST');
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id: extra!.id, status: 'rejected', doneBy: expect.stringMatching(/^api:/) });
      expect(await audits('lgpd.request_rejected', extra!.id)).toHaveLength(1);
    });
  });
});
