import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/open-database';
import { pgErrorCode } from '../db/open-database';
import { apiTokens, staffUsers, STAFF_ROLES, type StaffRole } from '../db/schema';
import { requirePermission, type Actor } from './actor';
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './hash-password';
import { isUuid } from './load-scoped';
import { recordAudit } from './record-audit';
import { staffError } from './staff-errors';
import { revokeStaffSessions } from './staff-sessions';

export type StaffUser = typeof staffUsers.$inferSelect;
/** A staff row without its password hash: what screens and lists get. */
export type StaffSummary = Omit<StaffUser, 'passwordHash'>;

/** Who performs an account change: a logged-in owner, or the operator at the command line. */
export type AccountActor = Actor | { kind: 'system'; id: string; ip?: null };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw staffError('INVALID', `password shorter than ${MIN_PASSWORD_LENGTH}`, { field: 'password' });
  if (password.length > 200) throw staffError('INVALID', 'password too long', { field: 'password' });
}

function isRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

function strip(user: StaffUser): StaffSummary {
  const { passwordHash: _drop, ...rest } = user;
  return rest;
}

/**
 * Creates a staff account. `atende staff add` uses it (system actor) to create the first owner;
 * afterwards owners add colleagues from the inbox. E-mails are unique across the deployment
 * (login finds the clinic from the e-mail).
 */
export async function createStaffUser(
  db: Db,
  actor: AccountActor,
  input: { clinicId: string; email: string; name?: string; role: string; password: string; now: Date },
): Promise<StaffSummary> {
  if (actor.kind !== 'system') {
    requirePermission(actor, 'manage_staff');
    if (actor.clinicId !== input.clinicId) throw staffError('FORBIDDEN', 'cross-clinic staff creation');
  }
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email) || email.length > 200) throw staffError('INVALID', 'bad e-mail', { field: 'email' });
  if (!isRole(input.role)) throw staffError('INVALID', `bad role ${input.role}`, { field: 'role' });
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(staffUsers)
        .values({ clinicId: input.clinicId, email, name: (input.name ?? '').trim().slice(0, 120), role: input.role as StaffRole, passwordHash, createdAt: input.now })
        .returning();
      await recordAudit(tx, actor, { clinicId: input.clinicId, action: 'staff.create', targetType: 'staff', targetId: user!.id, data: { email, role: input.role }, at: input.now });
      return strip(user!);
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw staffError('CONFLICT', 'e-mail already registered', { field: 'email' });
    throw err;
  }
}

export async function listStaffUsers(db: Executor, clinicId: string): Promise<StaffSummary[]> {
  const rows = await db.select().from(staffUsers).where(eq(staffUsers.clinicId, clinicId)).orderBy(asc(staffUsers.email));
  return rows.map(strip);
}

/** The active account behind an e-mail (login), with its hash. */
export async function findActiveStaffByEmail(db: Executor, email: string): Promise<StaffUser | undefined> {
  const [row] = await db
    .select()
    .from(staffUsers)
    .where(and(sql`lower(${staffUsers.email}) = ${normalizeEmail(email)}`, eq(staffUsers.active, true)));
  return row;
}

/** Any account behind an e-mail (CLI). */
export async function findStaffByEmail(db: Executor, email: string): Promise<StaffUser | undefined> {
  const [row] = await db.select().from(staffUsers).where(sql`lower(${staffUsers.email}) = ${normalizeEmail(email)}`);
  return row;
}

async function loadInClinic(db: Executor, clinicId: string, userId: string): Promise<StaffUser> {
  if (!isUuid(userId)) throw staffError('NOT_FOUND', `staff ${userId} is not an id`);
  const [row] = await db.select().from(staffUsers).where(and(eq(staffUsers.id, userId), eq(staffUsers.clinicId, clinicId))).for('update');
  if (!row) throw staffError('NOT_FOUND', `staff ${userId} not in clinic ${clinicId}`);
  return row;
}

/**
 * Changes a colleague's role or turns the account off (its sessions die at once). Someone who can
 * no longer manage API tokens — turned off, or no longer an owner — takes the tokens they created
 * with them: a token must not outlive its creator's right to hold it. A clinic never loses its last
 * active owner, so nobody can lock the owners out by accident.
 */
export async function updateStaffUser(
  db: Db,
  actor: AccountActor,
  input: { clinicId: string; userId: string; role?: string; active?: boolean; now: Date },
): Promise<StaffSummary> {
  if (actor.kind !== 'system') {
    requirePermission(actor, 'manage_staff');
    if (actor.clinicId !== input.clinicId) throw staffError('NOT_FOUND', 'cross-clinic staff update');
  }
  if (input.role !== undefined && !isRole(input.role)) throw staffError('INVALID', `bad role ${input.role}`, { field: 'role' });
  return db.transaction(async (tx) => {
    // One owner change at a time per clinic, so two owners cannot demote each other at once.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'staff-owners:' + input.clinicId}))`);
    const row = await loadInClinic(tx, input.clinicId, input.userId);
    const role = (input.role as StaffRole | undefined) ?? row.role;
    const active = input.active ?? row.active;
    if (row.role === 'owner' && row.active && (role !== 'owner' || !active)) {
      const others = await tx
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(and(eq(staffUsers.clinicId, input.clinicId), eq(staffUsers.role, 'owner'), eq(staffUsers.active, true), ne(staffUsers.id, row.id)));
      if (others.length === 0) throw staffError('CONFLICT', 'would remove the last active owner', { reason: 'last_owner' });
    }
    const [updated] = await tx.update(staffUsers).set({ role, active }).where(eq(staffUsers.id, row.id)).returning();
    if (!active) await revokeStaffSessions(tx, row.id, input.now);
    const revokedTokens =
      !active || role !== 'owner'
        ? await tx
            .update(apiTokens)
            .set({ revokedAt: input.now })
            .where(and(eq(apiTokens.clinicId, input.clinicId), eq(apiTokens.createdBy, row.id), isNull(apiTokens.revokedAt)))
            .returning({ id: apiTokens.id })
        : [];
    await recordAudit(tx, actor, {
      clinicId: input.clinicId,
      action: 'staff.update',
      targetType: 'staff',
      targetId: row.id,
      data: { from: { role: row.role, active: row.active }, to: { role, active }, ...(revokedTokens.length ? { revokedTokens: revokedTokens.map((t) => t.id) } : {}) },
      at: input.now,
    });
    return strip(updated!);
  });
}

/** An owner (or the operator) sets a new password for someone; their sessions end. */
export async function resetStaffPassword(db: Db, actor: AccountActor, input: { clinicId: string; userId: string; password: string; now: Date }): Promise<void> {
  if (actor.kind !== 'system') {
    requirePermission(actor, 'manage_staff');
    if (actor.clinicId !== input.clinicId) throw staffError('NOT_FOUND', 'cross-clinic password reset');
  }
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const row = await loadInClinic(tx, input.clinicId, input.userId);
    await tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, row.id));
    await revokeStaffSessions(tx, row.id, input.now);
    await recordAudit(tx, actor, { clinicId: input.clinicId, action: 'staff.password_reset', targetType: 'staff', targetId: row.id, at: input.now });
  });
}

/** A staff member changes their own password; every other session of theirs ends. */
export async function changeOwnPassword(
  db: Db,
  actor: Actor,
  input: { current: string; next: string; keepSessionHash?: string; now: Date },
): Promise<void> {
  if (actor.kind !== 'staff') throw staffError('FORBIDDEN', 'only people have passwords');
  checkPassword(input.next);
  const [row] = await db.select().from(staffUsers).where(and(eq(staffUsers.id, actor.id), eq(staffUsers.clinicId, actor.clinicId)));
  if (!row || !(await verifyPassword(input.current, row.passwordHash))) throw staffError('INVALID', 'current password does not match', { field: 'current' });
  const passwordHash = await hashPassword(input.next);
  await db.transaction(async (tx) => {
    await tx.update(staffUsers).set({ passwordHash }).where(eq(staffUsers.id, row.id));
    await revokeStaffSessions(tx, row.id, input.now, input.keepSessionHash);
    await recordAudit(tx, actor, { clinicId: actor.clinicId, action: 'auth.password_changed', targetType: 'staff', targetId: row.id, at: input.now });
  });
}
