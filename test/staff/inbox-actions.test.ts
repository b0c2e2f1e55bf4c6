import { and, asc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, auditLog, conversations, escalations, messages } from '../../src/db/schema';
import { loadEncryptor } from '../../src/lib/crypto';
import { recordScreening } from '../../src/screening/record-screening';
import { raiseEscalation } from '../../src/staff/raise-escalation';
import { startTestApp, type TestApp } from '../support/test-app';
import { StaffClient } from './staff-client';
import { addStaff, botReplies, futureAppointment, pastAppointment, PASSWORD } from './staff-fixtures';

/** The reception's work over HTTP: take a thread, answer, hand back, act on appointments. */
describe('inbox actions', () => {
  let t: TestApp;
  let rita: StaffClient;
  let dona: StaffClient;
  beforeAll(async () => {
    t = await startTestApp();
    await addStaff(t.t.database, { email: 'dona@bella.com', role: 'owner', name: 'Dona' });
    await addStaff(t.t.database, { email: 'rita@bella.com', role: 'reception', name: 'Rita Recepção' });
    rita = new StaffClient(t.url);
    await rita.loginOk('rita@bella.com', PASSWORD);
    dona = new StaffClient(t.url);
    await dona.loginOk('dona@bella.com', PASSWORD);
  });
  afterAll(async () => t?.stop());
  const db = () => t.t.database.db;

  const conversationOf = async (phone: string) => (await db().select().from(conversations).where(eq(conversations.patientAddress, phone)))[0]!;
  const graphTexts = () => t.graph.requests.map((r) => r.json as { type?: string; text?: { body?: string }; template?: { name?: string } });

  it('claim silences the bot, a reply reaches WhatsApp, devolver ao robô brings the bot back', async () => {
    const phone = '+5511971110001';
    await t.whatsappText(phone, 'oi');
    await t.idle();
    const c = await conversationOf(phone);
    const before = (await botReplies(t.t.database, c.id)).length;
    expect(before).toBeGreaterThan(0);

    await rita.page(`/staff/conversations/${c.id}`);
    expect((await rita.post(`/staff/conversations/${c.id}/claim`)).headers.get('location')).toBe(`/staff/conversations/${c.id}?ok=claimed`);
    expect((await conversationOf(phone)).mode).toBe('staff');

    await t.whatsappText(phone, 'alguém aí?');
    await t.idle();
    expect(await botReplies(t.t.database, c.id)).toHaveLength(before);

    const sent = await rita.post(`/staff/conversations/${c.id}/reply`, { text: 'Olá! Aqui é a Rita, da recepção.' });
    expect(sent.headers.get('location')).toBe(`/staff/conversations/${c.id}?ok=sent`);
    await t.idle();
    expect(graphTexts().some((j) => j.text?.body === 'Olá! Aqui é a Rita, da recepção.')).toBe(true);
    const [staffMsg] = await db().select().from(messages).where(and(eq(messages.conversationId, c.id), eq(messages.author, 'staff')));
    expect(staffMsg).toMatchObject({ direction: 'out', status: 'sent', origin: 'staff' });

    await rita.post(`/staff/conversations/${c.id}/release`);
    expect((await conversationOf(phone)).mode).toBe('bot');
    await t.whatsappText(phone, 'oi de novo');
    await t.idle();
    expect((await botReplies(t.t.database, c.id)).length).toBeGreaterThan(before);

    const actions = (await db().select().from(auditLog).where(eq(auditLog.targetId, c.id)).orderBy(asc(auditLog.id))).map((a) => a.action);
    expect(actions).toEqual(['conversation.claim', 'message.reply', 'conversation.release']);
    const views = await db().select().from(auditLog).where(and(eq(auditLog.action, 'patient.view'), eq(auditLog.targetId, c.patientId)));
    expect(views[0]).toMatchObject({ actorType: 'staff', data: { via: 'conversation', conversationId: c.id } });
  });

  it('keeps internal notes off the channel', async () => {
    const phone = '+5511971110002';
    await t.whatsappText(phone, 'oi');
    await t.idle();
    const c = await conversationOf(phone);
    const sentBefore = t.graph.requests.length;
    await rita.page(`/staff/conversations/${c.id}`);
    expect((await rita.post(`/staff/conversations/${c.id}/notes`, { text: 'Paciente prefere ligação à tarde' })).headers.get('location')).toContain('ok=note');
    await t.idle();
    expect(t.graph.requests.length).toBe(sentBefore);
    const page = await rita.page(`/staff/conversations/${c.id}`);
    expect(page.html).toContain('Paciente prefere ligação à tarde');
    expect(page.html).toContain('Nota interna · Rita Recepção');
  });

  it('outside the 24-hour window offers only templates and sends the approved one', async () => {
    const phone = '+5511971110003';
    await t.whatsappText(phone, 'oi', { timestamp: new Date(Date.now() - 30 * 3600_000) });
    await t.idle();
    const c = await conversationOf(phone);
    await rita.page(`/staff/conversations/${c.id}`);
    await rita.post(`/staff/conversations/${c.id}/claim`);
    const page = await rita.page(`/staff/conversations/${c.id}`);
    expect(page.html).toContain('só é possível enviar <strong>modelos aprovados</strong>');
    expect(page.html).not.toContain('id="reply-text"');
    expect(page.html).toContain('value="retomar-contato"');
    expect(page.html).not.toContain('value="vou-verificar"');

    const free = await rita.post(`/staff/conversations/${c.id}/reply`, { text: 'texto livre' });
    expect(free.headers.get('location')).toContain('err=WINDOW_CLOSED');
    const template = await rita.post(`/staff/conversations/${c.id}/reply`, { cannedId: 'retomar-contato' });
    expect(template.headers.get('location')).toContain('ok=sent');
    await t.idle();
    const last = graphTexts().at(-1)!;
    expect(last.type).toBe('template');
    expect(last.template?.name).toBe('atende_retomar_contato');
    expect(graphTexts().some((j) => j.text?.body === 'texto livre')).toBe(false);
  });

  it('orders the inbox by the soonest appointment and resolves items', async () => {
    const later = await futureAppointment(t.t.database, { phone: '+5511971110004', name: 'Later Silva', skip: 3 });
    const sooner = await futureAppointment(t.t.database, { phone: '+5511971110005', name: 'Sooner Souza', skip: 0 });
    const a = await raiseEscalation(t.app.pipeline, { clinicId: 'bella-pele', patientId: later.patient.id, appointmentId: later.appointment.id, reason: 'reminder_no_reply', dedupeKey: 'k-later' });
    const b = await raiseEscalation(t.app.pipeline, { clinicId: 'bella-pele', patientId: sooner.patient.id, appointmentId: sooner.appointment.id, reason: 'call_task', dedupeKey: 'k-sooner' });
    // Raised from a conversation, without an appointment: ranked by the patient's next appointment.
    const middle = await futureAppointment(t.t.database, { phone: '+5511971110010', name: 'Middle Costa', skip: 1 });
    const c = await raiseEscalation(t.app.pipeline, { clinicId: 'bella-pele', patientId: middle.patient.id, reason: 'asked_human', dedupeKey: 'k-middle' });
    const expected = [
      { id: a.id, at: later.appointment.startsAt },
      { id: b.id, at: sooner.appointment.startsAt },
      { id: c.id, at: middle.appointment.startsAt },
    ].sort((x, y) => x.at.getTime() - y.at.getTime());
    const inbox = (await rita.page('/staff')).html;
    const positions = expected.map((e) => inbox.indexOf(e.id));
    expect(positions.every((p) => p > -1)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(inbox).toContain('Sem resposta ao lembrete');
    expect(inbox).toContain('Ligar para confirmar');
    await rita.post(`/staff/escalations/${b.id}/resolve`);
    const [row] = await db().select().from(escalations).where(eq(escalations.id, b.id));
    expect(row).toMatchObject({ status: 'resolved' });
    expect((await rita.page('/staff')).html).not.toContain(b.id);
  });

  it('confirms, reschedules, cancels, and records attendance only from the appointment day', async () => {
    const { appointment: future } = await futureAppointment(t.t.database, { phone: '+5511971110006', name: 'Futura Lima', skip: 5 });
    await rita.page('/staff');
    expect((await rita.post(`/staff/appointments/${future.id}/confirm`, { back: '/staff/agenda' })).headers.get('location')).toBe('/staff/agenda?ok=confirm');
    expect((await rita.post(`/staff/appointments/${future.id}/no_show`)).headers.get('location')).toContain('err=TOO_EARLY');
    const reschedulePage = await rita.page(`/staff/appointments/${future.id}/reschedule`);
    const slot = /name="slot" value="([^"]+)"/.exec(reschedulePage.html)![1]!;
    expect((await rita.post(`/staff/appointments/${future.id}/reschedule`, { slot })).headers.get('location')).toContain('ok=reschedule');
    const [moved] = await db().select().from(appointments).where(eq(appointments.rescheduledFromId, future.id));
    expect(moved!.startsAt.toISOString()).toBe(slot.split('|')[0]);
    await rita.post(`/staff/appointments/${moved!.id}/cancel`);
    const [cancelled] = await db().select().from(appointments).where(eq(appointments.id, moved!.id));
    expect(cancelled!.status).toBe('cancelled');

    const { appointment: past } = await pastAppointment(t.t.database, { phone: '+5511971110007', name: 'Passada Rocha' });
    expect((await rita.post(`/staff/appointments/${past.id}/no_show`)).headers.get('location')).toContain('ok=no_show');
    const [noShow] = await db().select().from(appointments).where(eq(appointments.id, past.id));
    expect(noShow!.status).toBe('no_show');
    const audited = (await db().select().from(auditLog).where(eq(auditLog.targetType, 'appointment'))).map((a) => a.action);
    expect(audited).toEqual(expect.arrayContaining(['appointment.confirm', 'appointment.reschedule', 'appointment.cancel', 'appointment.no_show']));
  });

  it('shows screening answers to owners only, and audits every view', async () => {
    const { patient } = await futureAppointment(t.t.database, { phone: '+5511971110008', name: 'Triagem Alves', skip: 7 });
    const crypto = loadEncryptor(t.env);
    const screening = await recordScreening(db(), crypto, {
      clinicId: 'bella-pele',
      patientId: patient.id,
      serviceId: 'toxina-botulinica',
      conversationId: null,
      outcome: 'consult',
      answers: { asked: ['anticoagulante'], answers: ['tomo marevan'], conditions: ['anticoagulante'] },
      flowVersion: 'test',
      at: new Date(),
    });
    const card = (await rita.page(`/staff/patients/${patient.id}`)).html;
    expect(card).toContain('Requer avaliação');
    expect(card).not.toContain(`/staff/screenings/${screening.id}`);
    expect(card).not.toContain('marevan');
    expect((await rita.page(`/staff/screenings/${screening.id}`)).status).toBe(403);

    const ownerCard = (await dona.page(`/staff/patients/${patient.id}`)).html;
    expect(ownerCard).toContain(`/staff/screenings/${screening.id}`);
    const views = async () => db().select().from(auditLog).where(and(eq(auditLog.action, 'health_data.view'), eq(auditLog.targetId, screening.id)));
    expect(await views()).toHaveLength(0);
    const answers = await dona.page(`/staff/screenings/${screening.id}`);
    expect(answers.status).toBe(200);
    expect(answers.html).toContain('tomo marevan');
    const logged = await views();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ actorType: 'staff', clinicId: 'bella-pele' });
  });

  it('pushes live updates for the clinic as server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(`${t.url}/staff/events`, { headers: { cookie: `atende_staff=${rita.cookies.get('atende_staff')}`, accept: 'text/event-stream' }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await t.whatsappText('+5511971110009', 'quero falar com uma pessoa');
    let text = '';
    while (!/"type":"escalation"/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toMatch(/event: update\ndata: \{"type":"message","conversationId":"[0-9a-f-]+","direction":"in"\}/);
    expect(text).toMatch(/"type":"escalation"/);
    expect(text).not.toContain('quero falar');
    // Let this turn's replies go out before the next test. Not t.idle(): the fixtures' reminder
    // timers are jobs too, and one may fall due within its wait depending on the time of day.
    for (let i = 0; i < 200; i++) {
      const open = await db()
        .select({ id: messages.id })
        .from(messages)
        .where(inArray(messages.status, ['pending', 'queued', 'sending']));
      if (open.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  it('the audit log refuses updates and deletes', async () => {
    const [row] = await db().select().from(auditLog).limit(1);
    await expect(db().update(auditLog).set({ action: 'forged' }).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    await expect(db().delete(auditLog).where(eq(auditLog.id, row!.id))).rejects.toThrow();
    const page = await dona.page('/staff/audit');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Assumiu conversa');
    expect(page.html).toContain('Viu dados de saúde (triagem)');
  });
});
