import { rmSync } from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, auditLog, conversations, escalations } from '../../src/db/schema';
import { startTestApp, type TestApp } from '../support/test-app';
import { addStaff, botReplies, pastAppointment, PASSWORD, SECOND_CLINIC, twoClinicFlowsDir } from '../staff/staff-fixtures';
import { launchChromium } from './chromium';

/**
 * The reception inbox in real headless Chromium against the real app (Graph API stub as
 * WhatsApp): a patient asks for a person, the escalation appears live, staff take the thread,
 * answer, the bot stays silent, staff hand it back, the bot answers again, staff mark a no-show.
 */
describe('reception inbox in Chromium', () => {
  let t: TestApp;
  let flowsDir: string;
  let browser: { context: BrowserContext; close(): Promise<void> };
  const PATIENT = '+5511974440001';
  let appointmentId = '';

  beforeAll(async () => {
    flowsDir = twoClinicFlowsDir();
    t = await startTestApp({ env: { FLOWS_DIR: flowsDir } });
    await addStaff(t.t.database, { email: 'rita@bella.com', role: 'reception', name: 'Rita' });
    await addStaff(t.t.database, { clinicId: SECOND_CLINIC.id, email: 'dona@aurora.com', role: 'owner', name: 'Dona Aurora' });
    appointmentId = (await pastAppointment(t.t.database, { phone: PATIENT, name: 'Mariana Teixeira' })).appointment.id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    rmSync(flowsDir, { recursive: true, force: true });
  });

  const login = async (page: Page, email: string) => {
    await page.goto(`${t.url}/staff`);
    await expect.poll(() => page.url()).toContain('/staff/login');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Senha').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${t.url}/staff`), page.getByRole('button', { name: 'Entrar' }).click()]);
    await page.getByRole('heading', { name: 'Caixa de entrada' }).waitFor();
  };
  /** The page's EventSource is connected (so what happens next arrives live). */
  const live = (page: Page) => page.locator('body[data-live="on"]').waitFor();
  const flash = (page: Page, text: string) => page.locator('.flash', { hasText: text }).waitFor();
  const conversation = async () => (await t.t.database.db.select().from(conversations).where(eq(conversations.patientAddress, PATIENT)))[0]!;

  it('log in, see the escalation live, claim, reply, silence the bot, hand back, mark no-show', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await login(page, 'rita@bella.com');
    expect(await page.locator('.item').count()).toBe(0);
    await live(page);
    // Survives only if the page is never reloaded: proves what follows arrives live.
    await page.evaluate(() => Object.assign(window, { __noReload: true }));
    const stillSamePage = () => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

    // The patient asks for a person; the escalation appears without a reload.
    await t.whatsappText(PATIENT, 'quero falar com uma pessoa');
    const item = page.locator('.item', { hasText: 'Mariana Teixeira' });
    await item.waitFor();
    await expect(item.textContent()).resolves.toContain('Pediu para falar com uma pessoa');
    await expect.poll(() => page.locator('#open-count').textContent()).toBe('1');
    expect(await stillSamePage()).toBe(true);
    await t.idle();

    // Open the conversation and take it.
    await Promise.all([page.waitForURL(/\/staff\/conversations\/[0-9a-f-]+$/), item.locator('a.item-link').click()]);
    await page.locator('#timeline').getByText('quero falar com uma pessoa').waitFor();
    await expect(page.locator('#mode-badge').textContent()).resolves.toContain('Aguardando a recepção');
    await page.locator('#conv-header button[data-action="claim"]').click();
    await flash(page, 'Você assumiu a conversa');
    await expect(page.locator('#mode-badge').textContent()).resolves.toContain('Com a recepção: Rita');
    const c = await conversation();
    expect(c.mode).toBe('staff');

    // Reply: the Graph API stub receives it.
    const reply = 'Oi, Mariana! Aqui é a Rita, da recepção. Como posso ajudar?';
    await page.locator('#reply-text').fill(reply);
    await page.locator('button[data-action="send"]').click();
    await flash(page, 'Mensagem enviada');
    await expect
      .poll(() => t.graph.requests.some((r) => (r.json as { to?: string; text?: { body?: string } }).text?.body === reply && (r.json as { to?: string }).to === PATIENT.slice(1)))
      .toBe(true);
    await page.locator('#timeline .msg.author-staff', { hasText: reply }).waitFor();

    // A patient message while the thread is held: shown live, no bot reply.
    await live(page);
    await page.evaluate(() => Object.assign(window, { __noReload: true }));
    const botBefore = await botReplies(t.t.database, c.id);
    await t.whatsappText(PATIENT, 'ainda está aí?');
    await page.locator('#timeline').getByText('ainda está aí?').waitFor();
    expect(await stillSamePage()).toBe(true);
    await t.idle();
    expect(await botReplies(t.t.database, c.id)).toEqual(botBefore);

    // Devolver ao robô: the bot answers the next message, and its answer appears live.
    await page.locator('#conv-header button[data-action="release"]').click();
    await flash(page, 'Conversa devolvida ao robô');
    await expect(page.locator('#mode-badge').textContent()).resolves.toContain('Com o robô');
    await live(page);
    const botMessagesShown = await page.locator('#timeline .msg.author-bot').count();
    await t.whatsappText(PATIENT, 'quero agendar uma limpeza de pele');
    await t.idle();
    expect((await botReplies(t.t.database, c.id)).length).toBeGreaterThan(botBefore.length);
    await expect.poll(() => page.locator('#timeline .msg.author-bot').count()).toBeGreaterThan(botMessagesShown);

    // Mark the appointment as a no-show.
    await page.locator(`[data-appointment-id="${appointmentId}"] button[data-action="no-show"]`).click();
    await flash(page, 'Falta registrada');
    // A past appointment with its outcome recorded moves into the (collapsed) history.
    await page.locator(`[data-appointment-id="${appointmentId}"] .appt-status`, { hasText: 'Faltou' }).waitFor({ state: 'attached' });
    const [a] = await t.t.database.db.select().from(appointments).where(eq(appointments.id, appointmentId));
    expect(a!.status).toBe('no_show');

    const [e] = await t.t.database.db.select().from(escalations).where(eq(escalations.conversationId, c.id));
    expect(e).toMatchObject({ reason: 'asked_human', status: 'resolved' });
    expect(e!.firstStaffReplyAt).not.toBeNull();
    const actions = (await t.t.database.db.select().from(auditLog).where(and(eq(auditLog.actorType, 'staff'), eq(auditLog.clinicId, 'bella-pele')))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'patient.view', 'conversation.claim', 'message.reply', 'conversation.release', 'appointment.no_show']));
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('a second clinic\'s staff sees none of the first clinic\'s patients in the browser', async () => {
    const page = await browser.context.newPage();
    await page.context().clearCookies();
    await login(page, 'dona@aurora.com');
    await expect(page.locator('.brand .clinic').textContent()).resolves.toBe('Clínica Aurora');
    expect(await page.content()).not.toContain('Mariana Teixeira');
    const c = await conversation();
    const res = await page.goto(`${t.url}/staff/conversations/${c.id}`);
    expect(res!.status()).toBe(404);
    await page.getByRole('heading', { name: 'Não encontrado' }).waitFor();
    expect(await page.content()).not.toContain('Mariana Teixeira');
    const patient = await page.goto(`${t.url}/staff/patients/${c.patientId}`);
    expect(patient!.status()).toBe(404);
    await page.goto(`${t.url}/staff/agenda?view=week`);
    expect(await page.content()).not.toContain('Mariana Teixeira');
    await page.close();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const phone = await launchChromium({ viewport: { width: 390, height: 844 } });
    try {
      const page = await phone.context.newPage();
      // Long unbroken text in the newest message (inbox preview, timeline) must wrap or clip, not widen the page.
      await t.whatsappText(PATIENT, `meu e-mail é ${'mariana.teixeira.'.repeat(12)}@exemplo.com.br e ${'muito '.repeat(60)}`);
      await t.idle();
      await login(page, 'rita@bella.com');
      const c = await conversation();
      for (const path of ['/staff', `/staff/conversations/${c.id}`, '/staff/agenda?view=week']) {
        await page.goto(`${t.url}${path}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
      }
    } finally {
      await phone.close();
    }
  });
});
