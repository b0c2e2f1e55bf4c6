/**
 * Takes docs/inbox.png: the reception inbox with demo data, in headless Chromium.
 *
 *   npx tsx scripts/screenshot-inbox.ts [--out docs/inbox.png] [--width 1280] [--height 820]
 *
 * Runs the real app on a throwaway in-memory database with the shipped demo clinic and demo
 * patients, has a few patients write through the simulator (the real pipeline and conversation
 * engine answer), raises the kinds of escalations reception sees, logs in as an owner and
 * screenshots /staff. Nothing outside a temporary folder is touched.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { and, asc, eq, ne } from 'drizzle-orm';
import { chromium } from 'playwright-core';
import { seedDemoData } from '../src/catalog/seed-demo-data';
import { parseEnv } from '../src/config/env';
import { openDatabase } from '../src/db/open-database';
import { appointments, conversations, escalations, messages, patients, type EscalationReason } from '../src/db/schema';
import { silentLogger } from '../src/lib/logger';
import { createApp } from '../src/main';
import { findOrCreateConversation } from '../src/pipeline/accept-inbound';
import { claimConversation } from '../src/staff/take-over-conversation';
import { raiseEscalation } from '../src/staff/raise-escalation';
import { createStaffUser } from '../src/staff/staff-accounts';

const { values } = parseArgs({
  options: { out: { type: 'string', default: 'docs/inbox.png' }, width: { type: 'string', default: '1280' }, height: { type: 'string', default: '820' } },
});
const out = resolve(values.out!);
const CLINIC = 'bella-pele';
const EMAIL = 'dona@bellapele.com.br';
const PASSWORD = 'demo-senha-2026';

const dataDir = mkdtempSync(join(tmpdir(), 'atende-shot-'));
const database = await openDatabase({});
const env = parseEnv({ NODE_ENV: 'development', LOG_LEVEL: 'silent', PORT: '0', DATA_DIR: dataDir });
const app = await createApp({ env, database, logger: silentLogger });
const { url } = await app.listen(0, '127.0.0.1');
const db = database.db;

try {
  const now = new Date();
  await seedDemoData(db, CLINIC, now);
  const demo = await db.select().from(patients).where(eq(patients.clinicId, CLINIC)).orderBy(asc(patients.phone));
  const byName = (name: string) => demo.find((p) => p.name === name)!;
  const appointmentOf = async (patientId: string) => (await db.select().from(appointments).where(eq(appointments.patientId, patientId)))[0];
  // Risk tiers as the no-show model would have set them at booking.
  const tiers: Record<string, [string, number]> = { 'Fernanda Costa': ['high', 0.41], 'Patrícia Almeida': ['low', 0.06], 'Juliana Ribeiro': ['medium', 0.19], 'Camila Santos': ['high', 0.37], 'Beatriz Oliveira': ['low', 0.08], 'Renata Lima': ['medium', 0.22] };
  for (const p of demo) {
    const tier = tiers[p.name ?? ''];
    if (tier) await db.update(appointments).set({ riskTier: tier[0], riskScore: tier[1] }).where(eq(appointments.patientId, p.id));
  }

  const say = async (phone: string, text: string) => {
    const res = await fetch(`${url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, text }) });
    if (!res.ok) throw new Error(`simulator refused: ${res.status}`);
    await app.jobs.idle(20_000);
  };
  const conversationOf = async (phone: string) => (await db.select().from(conversations).where(and(eq(conversations.clinicId, CLINIC), eq(conversations.patientAddress, phone))))[0]!;
  /** Raises what the conversation engine would, unless it already did (then its own escalation stays). */
  const escalate = async (patient: typeof demo[number], reason: EscalationReason, detail: string, withAppointment: boolean) => {
    const conversation = await conversationOf(patient.phone!);
    const existing = await db.select().from(escalations).where(and(eq(escalations.conversationId, conversation.id), ne(escalations.status, 'resolved')));
    if (existing.length === 0) {
      await raiseEscalation(app.pipeline, { clinicId: CLINIC, conversationId: conversation.id, patientId: patient.id, appointmentId: withAppointment ? (await appointmentOf(patient.id))?.id : undefined, reason, detail, dedupeKey: `demo-${reason}` });
    }
    return conversation;
  };

  // 1. Asks for a person, through the real conversation engine.
  const juliana = byName('Juliana Ribeiro');
  await say(juliana.phone!, 'Oi, boa tarde! Sobre o meu preenchimento de quinta');
  await say(juliana.phone!, 'quero falar com uma pessoa, por favor');

  // 2. Did not answer the reminder (the reminders engine raises this one).
  const fernanda = byName('Fernanda Costa');
  const fernandaAppt = await appointmentOf(fernanda.id);
  const fConv = await findOrCreateConversation(db, { clinicId: CLINIC, patientId: fernanda.id, channel: 'simulator', clinicAddress: CLINIC, patientAddress: fernanda.phone!, now });
  await db.insert(messages).values({
    clinicId: CLINIC,
    conversationId: fConv.id,
    direction: 'out',
    author: 'bot',
    channel: 'simulator',
    body: 'Olá, Fernanda! Lembrete da Clínica Bella Pele: sua toxina botulínica está marcada. Você confirma? Responda SIM ou NÃO.',
    status: 'read',
    origin: 'reminder',
    sentAt: new Date(now.getTime() - 26 * 3600_000),
    receivedAt: new Date(now.getTime() - 26 * 3600_000),
  });
  await db.update(conversations).set({ lastMessageAt: new Date(now.getTime() - 26 * 3600_000) }).where(eq(conversations.id, fConv.id));
  await raiseEscalation(app.pipeline, { clinicId: CLINIC, conversationId: fConv.id, patientId: fernanda.id, appointmentId: fernandaAppt?.id, reason: 'reminder_no_reply', detail: 'sem resposta aos lembretes de 72 h e 24 h', dedupeKey: 'demo-reminder' });

  // 3. Screening says "consult first".
  const camila = byName('Camila Santos');
  await say(camila.phone!, 'Queria saber se posso fazer botox, eu tomo anticoagulante');
  await escalate(camila, 'screening_consult', 'triagem pede avaliação antes do procedimento', true);

  // 4. A data-rights request (LGPD).
  const renata = byName('Renata Lima');
  await say(renata.phone!, 'Quero que vocês apaguem todos os meus dados');
  await escalate(renata, 'data_rights', 'pedido de exclusão de dados', false);

  // 5. One already being handled by reception.
  const owner = await createStaffUser(db, { kind: 'system', id: 'screenshot' }, { clinicId: CLINIC, email: EMAIL, name: 'Dona Bella', role: 'owner', password: PASSWORD, now });
  const patricia = byName('Patrícia Almeida');
  await say(patricia.phone!, 'O robô não entendeu, preciso remarcar minha limpeza para outro dia');
  const patriciaConversation = await escalate(patricia, 'bot_stuck', 'o robô não conseguiu remarcar', true);
  await claimConversation(app.pipeline, { kind: 'staff', id: owner.id, clinicId: CLINIC, role: 'owner', label: EMAIL, name: 'Dona Bella' }, patriciaConversation.id);

  const profile = mkdtempSync(join(tmpdir(), 'atende-shot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: Number(values.width), height: Number(values.height) },
    deviceScaleFactor: 1,
    locale: 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
  });
  try {
    const page = await context.newPage();
    await page.goto(`${url}/staff/login`);
    await page.getByLabel('E-mail').fill(EMAIL);
    await page.getByLabel('Senha').fill(PASSWORD);
    await Promise.all([page.waitForURL(`${url}/staff`), page.getByRole('button', { name: 'Entrar' }).click()]);
    await page.locator('body[data-live="on"]').waitFor();
    await page.locator('#open-count:not(:empty)').waitFor();
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    console.log(`wrote ${out}`);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
} finally {
  await app.stop();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
