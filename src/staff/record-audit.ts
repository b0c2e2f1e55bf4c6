import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { auditLog, staffUsers, apiTokens } from '../db/schema';
import type { Actor } from './actor';

/**
 * Audited actions. The log is append-only (a database trigger refuses UPDATE and DELETE): it
 * answers "who saw or changed what, and when" for LGPD requests and disputes.
 */
export type AuditAction =
  | 'auth.login'
  | 'auth.login_failed'
  | 'auth.logout'
  | 'auth.password_changed'
  | 'staff.create'
  | 'staff.update'
  | 'staff.password_reset'
  | 'token.create'
  | 'token.revoke'
  | 'conversation.claim'
  | 'conversation.release'
  | 'escalation.claim'
  | 'escalation.resolve'
  | 'message.reply'
  | 'message.note'
  | 'appointment.confirm'
  | 'appointment.cancel'
  | 'appointment.reschedule'
  | 'appointment.attended'
  | 'appointment.no_show'
  | 'patient.view'
  | 'health_data.view'
  | 'lgpd.export'
  | 'lgpd.erase'
  | 'lgpd.request_done'
  | 'lgpd.request_rejected'
  | 'lgpd.retention';

export interface AuditEntry {
  clinicId: string;
  action: AuditAction;
  targetType?: string;
  targetId?: string | null;
  data?: Record<string, unknown>;
  at: Date;
}

/** Appends one entry, inside the caller's transaction when given one (the change and its record commit together). */
export async function recordAudit(db: Executor, actor: Actor | { kind: 'system'; id: string; ip?: string | null }, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    clinicId: entry.clinicId,
    actorType: actor.kind,
    actorId: actor.id,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    data: entry.data ?? null,
    ip: actor.ip ?? null,
    at: entry.at,
  });
}

export interface AuditRow {
  id: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown> | null;
  ip: string | null;
}

/** A page of the clinic's audit log, newest first (`before` = the last id of the previous page). */
export async function listAudit(db: Executor, clinicId: string, options: { before?: number; limit?: number; action?: string } = {}): Promise<AuditRow[]> {
  const where: SQL[] = [eq(auditLog.clinicId, clinicId)];
  if (options.before) where.push(lt(auditLog.id, options.before));
  if (options.action) where.push(eq(auditLog.action, options.action));
  const rows = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      data: auditLog.data,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(Math.min(options.limit ?? 100, 500));
  const staff = new Map((await db.select({ id: staffUsers.id, email: staffUsers.email }).from(staffUsers).where(eq(staffUsers.clinicId, clinicId))).map((s) => [s.id, s.email]));
  const tokens = new Map((await db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(eq(apiTokens.clinicId, clinicId))).map((t) => [t.id, t.name]));
  return rows.map((r) => ({
    ...r,
    actorLabel: r.actorType === 'staff' ? (staff.get(r.actorId ?? '') ?? null) : r.actorType === 'api' ? (tokens.get(r.actorId ?? '') ?? null) : r.actorId,
  }));
}
