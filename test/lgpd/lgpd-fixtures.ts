import { eq, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { markAttendance } from '../../src/booking/change-appointment';
import type { Database } from '../../src/db/open-database';
import { appointments, conversations, messages, patients, reminders } from '../../src/db/schema';
import { encryptCpf } from '../../src/lgpd/sensitive-fields';
import { silentLogger } from '../../src/lib/logger';
import type { Actor } from '../../src/staff/actor';
import { changeAppointmentAsStaff } from '../../src/staff/change-appointment-as-staff';
import { addInternalNote } from '../../src/staff/send-staff-reply';
import type { StaffDeps } from '../../src/staff/staff-deps';
import type { TestApp } from '../support/test-app';
import { givenPatient, type Scenario } from '../scenarios/support/scenario';
import { addStaff, futureAppointment, pastAppointment } from '../staff/staff-fixtures';

/** The staff domain's dependencies, taken from a running test app. */
export function staffDepsOf(t: TestApp): StaffDeps {
  return { database: t.t.database, bus: t.app.bus, jobs: t.app.jobs, logger: silentLogger, clock: t.app.clock, flows: t.app.flows, crypto: t.app.pipeline.crypto };
}

/** A staff account as an Actor (what the inbox builds from a session). */
export async function staffActor(database: Database, input: { email: string; role: 'owner' | 'reception'; clinicId?: string }): Promise<Actor> {
  const user = await addStaff(database, input);
  return { kind: 'staff', id: user.id, clinicId: user.clinicId, role: user.role, label: user.email, name: user.name, ip: '127.0.0.1' };
}

/** Everything the database holds, every table as JSON text: what "no trace left" is checked against. */
export async function dumpAllTables(database: Database): Promise<string> {
  const tables = await database.rows<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`,
  );
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['patients', 'messages', 'audit_log', 'appointments', 'screenings']));
  const parts: string[] = [];
  for (const { name } of tables) {
    const [row] = await database.rows<{ dump: string | null }>(sql.raw(`select json_agg(t)::text as dump from "${name}" t`));
    parts.push(`${name}: ${row?.dump ?? '[]'}`);
  }
  return parts.join('\n');
}

/** A value as it appears inside JSON text (quotes, backslashes and newlines escaped). */
export const asJson = (s: string) => JSON.stringify(s).slice(1, -1);

export const RICH = {
  phone: '+5511987651234',
  name: 'Joana Prates Quintela',
  email: 'joana.quintela@exemplo.com.br',
  cpf: '529.982.247-25',
  birthDate: '1990-05-17',
  note: 'Joana Quintela ligou: prefere ser chamada de Jô',
  cancelNote: 'Joana Quintela desmarcou por telefone',
  texts: ['Oi, quero marcar botox amanhã à tarde', 'não tenho nenhuma', 'meu cpf é 529.982.247-25', 'quero que vocês apaguem todos os meus dados'],
};

export interface RichPatient {
  patientId: string;
  conversationId: string;
  /** The botox booking made in the conversation (future). */
  bookedId: string;
  /** A past, attended appointment. */
  pastId: string;
  /** A future appointment the team cancelled, with a free-text reason naming the patient. */
  staffCancelledId: string;
}

/**
 * A patient with everything LGPD cares about, built through the real service: a WhatsApp booking
 * with consent, an encrypted screening answer and its protected replies, a CPF typed in chat, an
 * erasure request (data request + escalation); then a name, e-mail, birth date and encrypted CPF
 * on file, a team note naming her, a past attended visit, a staff cancellation with a free-text
 * reason, reminders planned and a template message carrying her name.
 */
export async function givenRichPatient(s: Scenario, owner: Actor): Promise<RichPatient> {
  const t = s.app;
  const db = t.t.database.db;
  const p = givenPatient(s, RICH.phone);
  await p.says(RICH.texts[0]!).expectReply(/horários para \*Toxina botulínica/);
  await p.says('2').expectReply(/Autorização para uso de dados de saúde/);
  await p.says('sim').expectReply(/perguntinhas de segurança/);
  await p.says(RICH.texts[1]!).expectReply(/lembretes/);
  await p.says('sim').expectReply(/Posso confirmar\?/);
  await p.says('sim').expectReply(/agendado! ✅/);
  await p.says(RICH.texts[2]!);
  await p.says(RICH.texts[3]!).expectReply(/exclusão dos seus dados/);

  const patientId = (await p.id())!;
  const [conversation] = await db.select().from(conversations).where(eq(conversations.patientId, patientId));
  const [booked] = await db.select().from(appointments).where(eq(appointments.patientId, patientId));
  const crypto = t.app.pipeline.crypto!;
  await db
    .update(patients)
    .set({ name: RICH.name, email: RICH.email, birthDate: RICH.birthDate, sex: 'F', cpfEnc: encryptCpf(crypto, patientId, RICH.cpf) })
    .where(eq(patients.id, patientId));

  const deps = staffDepsOf(t);
  await addInternalNote(deps, owner, { conversationId: conversation!.id, text: RICH.note });
  const now = s.clock.now();
  const { appointment: past } = await pastAppointment(t.t.database, { phone: RICH.phone, name: RICH.name, now });
  await markAttendance(db, { clinicId: 'bella-pele', appointmentId: past.id, actor: `staff:${owner.id}`, now, outcome: 'attended' });
  const { appointment: other } = await futureAppointment(t.t.database, { phone: RICH.phone, name: RICH.name, now, serviceId: 'limpeza-de-pele', skip: 2 });
  await changeAppointmentAsStaff(deps, owner, other.id, { action: 'cancel', reason: RICH.cancelNote });
  await t.app.reminders.plan([booked!.id]);
  await db.insert(messages).values({
    clinicId: 'bella-pele',
    conversationId: conversation!.id,
    direction: 'out',
    author: 'bot',
    channel: 'whatsapp',
    providerMessageId: `wamid.reminder-${patientId}`,
    kind: 'template',
    body: `Olá, ${RICH.name}! Lembrete da sua consulta amanhã.`,
    template: { name: 'lembrete_consulta', language: 'pt_BR', params: [RICH.name, 'amanhã 14:00'] },
    status: 'delivered',
    origin: 'reminder',
    receivedAt: now,
  });

  // The fixture is what it claims.
  const pending = await db.select().from(reminders).where(eq(reminders.appointmentId, booked!.id));
  expect(pending.some((r) => r.status === 'pending')).toBe(true);
  const protectedRows = await db.select().from(messages).where(eq(messages.conversationId, conversation!.id));
  expect(protectedRows.filter((m) => m.bodyEnc && m.direction === 'in')).toHaveLength(2);
  expect(protectedRows.some((m) => m.bodyEnc && m.direction === 'out')).toBe(true);
  return { patientId, conversationId: conversation!.id, bookedId: booked!.id, pastId: past.id, staffCancelledId: other.id };
}
