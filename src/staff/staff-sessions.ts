import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { clinics, staffSessions, staffUsers, type StaffRole } from '../db/schema';

/**
 * Staff sessions. The cookie holds 32 random bytes; the database keeps only their SHA-256, so a
 * leaked database copy cannot be replayed as a login. Each session has its own CSRF token.
 * Logout, deactivation and password changes set `revoked_at`: such a cookie is dead at once.
 */
export const SESSION_COOKIE = 'atende_staff';
/** Session lifetime. @defaultValue 12 hours (a reception shift) */
export const DEFAULT_SESSION_TTL_MS = 12 * 3600_000;

const COOKIE_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export interface NewSession {
  cookie: string;
  idHash: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: Executor, input: { staffId: string; clinicId: string; now: Date; ttlMs?: number }): Promise<NewSession> {
  const cookie = randomToken(32);
  const idHash = sha256Hex(cookie);
  const csrfToken = randomToken(32);
  const expiresAt = new Date(input.now.getTime() + (input.ttlMs ?? DEFAULT_SESSION_TTL_MS));
  await db.insert(staffSessions).values({ idHash, staffId: input.staffId, clinicId: input.clinicId, csrfToken, createdAt: input.now, expiresAt });
  return { cookie, idHash, csrfToken, expiresAt };
}

export interface LiveSession {
  idHash: string;
  csrfToken: string;
  expiresAt: Date;
  staff: { id: string; clinicId: string; email: string; name: string; role: StaffRole };
  clinic: { id: string; name: string; timezone: string };
}

/** The live session behind a cookie value: not revoked, not expired, account still active. */
export async function findSession(db: Executor, cookie: string | undefined, now: Date): Promise<LiveSession | null> {
  if (!cookie || !COOKIE_SHAPE.test(cookie)) return null;
  const idHash = sha256Hex(cookie);
  const [row] = await db
    .select({
      idHash: staffSessions.idHash,
      csrfToken: staffSessions.csrfToken,
      expiresAt: staffSessions.expiresAt,
      staffId: staffUsers.id,
      clinicId: staffUsers.clinicId,
      email: staffUsers.email,
      name: staffUsers.name,
      role: staffUsers.role,
      clinicName: clinics.name,
      timezone: clinics.timezone,
    })
    .from(staffSessions)
    .innerJoin(staffUsers, eq(staffUsers.id, staffSessions.staffId))
    .innerJoin(clinics, eq(clinics.id, staffUsers.clinicId))
    .where(
      and(
        eq(staffSessions.idHash, idHash),
        isNull(staffSessions.revokedAt),
        gt(staffSessions.expiresAt, now),
        eq(staffUsers.active, true),
        // A session belongs to the clinic it was opened in; an account moved elsewhere starts over.
        eq(staffSessions.clinicId, staffUsers.clinicId),
      ),
    );
  if (!row) return null;
  return {
    idHash: row.idHash,
    csrfToken: row.csrfToken,
    expiresAt: row.expiresAt,
    staff: { id: row.staffId, clinicId: row.clinicId, email: row.email, name: row.name, role: row.role },
    clinic: { id: row.clinicId, name: row.clinicName, timezone: row.timezone },
  };
}

export async function revokeSession(db: Executor, idHash: string, now: Date): Promise<void> {
  await db.update(staffSessions).set({ revokedAt: now }).where(and(eq(staffSessions.idHash, idHash), isNull(staffSessions.revokedAt)));
}

/** Ends every session of a staff member (deactivation, password change), optionally keeping one. */
export async function revokeStaffSessions(db: Executor, staffId: string, now: Date, keepIdHash?: string): Promise<void> {
  const where = [eq(staffSessions.staffId, staffId), isNull(staffSessions.revokedAt)];
  if (keepIdHash) where.push(ne(staffSessions.idHash, keepIdHash));
  await db.update(staffSessions).set({ revokedAt: now }).where(and(...where));
}
