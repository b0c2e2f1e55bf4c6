import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, conversations } from '../../src/db/schema';
import { loadEncryptor } from '../../src/lib/crypto';
import { recordScreening } from '../../src/screening/record-screening';
import { createApiToken, revokeApiToken } from '../../src/staff/api-tokens';
import { startTestApp, type TestApp } from '../support/test-app';
import { futureAppointment, pastAppointment } from '../staff/staff-fixtures';

/** /api/v1 with bearer tokens: the same rules as the inbox, as JSON. */
describe('/api/v1', () => {
  let t: TestApp;
  let reception: string;
  let owner: string;
  const system = { kind: 'system' as const, id: 'test' };
  beforeAll(async () => {
    t = await startTestApp();
    reception = (await createApiToken(t.t.database.db, system, { clinicId: 'bella-pele', name: 'crm', role: 'reception', now: new Date() })).token;
    owner = (await createApiToken(t.t.database.db, system, { clinicId: 'bella-pele', name: 'bi', role: 'owner', now: new Date() })).token;
  });
  afterAll(async () => t?.stop());

  const api = (token: string, path: string, body?: unknown) =>
    fetch(`${t.url}/api/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it('refuses missing, malformed, unknown and revoked tokens with 401', async () => {
    expect((await fetch(`${t.url}/api/v1/patients`)).status).toBe(401);
    expect((await fetch(`${t.url}/api/v1/patients`, { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    expect((await api('atk_' + 'A'.repeat(43), '/patients')).status).toBe(401);
    const res = await api('nope', '/patients');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="atende"');
    const temp = await createApiToken(t.t.database.db, system, { clinicId: 'bella-pele', name: 'temp', role: 'reception', now: new Date() });
    expect((await api(temp.token, '/patients')).status).toBe(200);
    await revokeApiToken(t.t.database.db, system, { clinicId: 'bella-pele', tokenId: temp.summary.id, now: new Date() });
    expect((await api(temp.token, '/patients')).status).toBe(401);
  });

  it('lists escalations and conversations, takes a thread, replies over WhatsApp, adds a note, hands back', async () => {
    const phone = '+5511973330001';
    await t.whatsappText(phone, 'quero falar com uma pessoa');
    await t.idle();
    const { escalations } = await (await api(reception, '/escalations')).json();
    const esc = escalations.find((e: { reason: string; status: string }) => e.reason === 'asked_human' && e.status === 'open');
    expect(esc).toBeDefined();
    const conversationId = esc.conversationId as string;

    const claimed = await (await api(reception, `/escalations/${esc.id}/claim`, {})).json();
    expect(claimed.status).toBe('claimed');
    const conv = await (await api(reception, `/conversations/${conversationId}`)).json();
    expect(conv).toMatchObject({ id: conversationId, mode: 'staff', channel: 'whatsapp', replyWindow: { open: true } });
    expect(conv.messages[0]).toMatchObject({ direction: 'in', author: 'patient', text: 'quero falar com uma pessoa' });

    const sent = await api(reception, `/conversations/${conversationId}/messages`, { text: 'Olá, aqui é a recepção!' });
    expect(sent.status).toBe(202);
    await t.idle();
    expect(t.graph.requests.some((r) => (r.json as { text?: { body?: string } }).text?.body === 'Olá, aqui é a recepção!')).toBe(true);
    expect((await api(reception, `/conversations/${conversationId}/notes`, { text: 'ligar amanhã' })).status).toBe(201);
    const after = await (await api(reception, `/conversations/${conversationId}/messages?after=0`)).json();
    expect(after.messages.map((m: { author: string; direction: string }) => `${m.direction}:${m.author}`)).toEqual(expect.arrayContaining(['out:staff', 'note:staff']));

    const released = await (await api(reception, `/conversations/${conversationId}/release`, {})).json();
    expect(released.mode).toBe('bot');
    const [row] = await t.t.database.db.select().from(conversations).where(eq(conversations.id, conversationId));
    expect(row!.mode).toBe('bot');
    const audited = await t.t.database.db.select().from(auditLog).where(and(eq(auditLog.actorType, 'api'), eq(auditLog.targetId, conversationId)));
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['conversation.claim', 'message.reply', 'message.note', 'conversation.release']));
  });

  it('finds patients and their card, and acts on appointments with typed errors', async () => {
    const { patient, appointment } = await futureAppointment(t.t.database, { phone: '+5511973330002', name: 'Beatriz API' });
    const found = await (await api(reception, `/patients?phone=${encodeURIComponent('+55 11 97333-0002')}`)).json();
    expect(found.patients).toEqual([expect.objectContaining({ id: patient.id, name: 'Beatriz API' })]);
    const card = await (await api(reception, `/patients/${patient.id}`)).json();
    expect(card.appointments[0]).toMatchObject({ id: appointment.id, status: 'booked' });

    const from = new Date(appointment.startsAt.getTime() - 60_000).toISOString();
    const listed = await (await api(reception, `/appointments?from=${encodeURIComponent(from)}&status=booked,confirmed`)).json();
    expect(listed.appointments.map((x: { id: string }) => x.id)).toContain(appointment.id);

    expect((await (await api(reception, `/appointments/${appointment.id}/confirm`, {})).json()).status).toBe('confirmed');
    const early = await api(reception, `/appointments/${appointment.id}/attendance`, { outcome: 'no_show' });
    expect(early.status).toBe(409);
    expect((await early.json()).error).toBe('TOO_EARLY');
    expect((await api(reception, `/appointments/${appointment.id}/reschedule`, { startsAt: 'amanhã' })).status).toBe(422);

    const other = await futureAppointment(t.t.database, { phone: '+5511973330003', name: 'Outra', skip: 2 });
    const clash = await api(reception, `/appointments/${appointment.id}/reschedule`, { startsAt: other.appointment.startsAt.toISOString(), professionalId: other.appointment.professionalId });
    expect(clash.status).toBe(409);
    const clashBody = await clash.json();
    expect(clashBody.error).toBe('SLOT_TAKEN');
    expect(clashBody.alternatives.length).toBeGreaterThan(0);

    const { slots } = await (await api(reception, `/slots?service=${appointment.serviceId}&limit=3`)).json();
    expect(slots).toHaveLength(3);
    const moved = await (await api(reception, `/appointments/${appointment.id}/reschedule`, { startsAt: slots[2].startsAt })).json();
    expect(moved.previous.status).toBe('rescheduled');
    expect(moved.appointment).toMatchObject({ status: 'booked', startsAt: slots[2].startsAt, rescheduledFromId: appointment.id });

    const past = await pastAppointment(t.t.database, { phone: '+5511973330004', name: 'Faltosa' });
    expect((await (await api(reception, `/appointments/${past.appointment.id}/attendance`, { outcome: 'no_show' })).json()).status).toBe('no_show');
  });

  it('screening answers: 403 for a reception token, shown (and audited) for an owner token', async () => {
    const { patient } = await futureAppointment(t.t.database, { phone: '+5511973330005', name: 'Saúde', skip: 4 });
    const s = await recordScreening(t.t.database.db, loadEncryptor(t.env), {
      clinicId: 'bella-pele',
      patientId: patient.id,
      serviceId: 'preenchimento-labial',
      conversationId: null,
      outcome: 'block',
      answers: { asked: ['gestante'], answers: ['estou grávida'], conditions: ['gestante'] },
      flowVersion: 'test',
      at: new Date(),
    });
    const card = await (await api(reception, `/patients/${patient.id}`)).json();
    expect(card.screenings).toEqual([expect.objectContaining({ id: s.id, outcome: 'block', hasAnswers: true })]);
    expect(JSON.stringify(card)).not.toContain('grávida');
    expect((await api(reception, `/screenings/${s.id}`)).status).toBe(403);
    const opened = await (await api(owner, `/screenings/${s.id}`)).json();
    expect(opened.answers.answers).toEqual(['estou grávida']);
    const views = await t.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'health_data.view'), eq(auditLog.targetId, s.id)));
    expect(views).toEqual([expect.objectContaining({ actorType: 'api' })]);
  });

  it('answers unknown ids and bad input as 404/422, never 500', async () => {
    expect((await api(reception, '/patients/not-a-uuid')).status).toBe(404);
    expect((await api(reception, '/conversations/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await api(reception, '/appointments?from=ontem')).status).toBe(422);
    expect((await api(reception, '/nope')).status).toBe(404);
    const bad = await fetch(`${t.url}/api/v1/conversations/00000000-0000-0000-0000-000000000000/messages`, { method: 'POST', headers: { authorization: `Bearer ${reception}`, 'content-type': 'application/json' }, body: '{' });
    expect(bad.status).toBe(400);
  });
});
