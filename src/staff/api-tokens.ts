import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db, Executor } from '../db/open-database';
import { apiTokens, clinics, STAFF_ROLES, type StaffRole } from '../db/schema';
import type { Actor } from './actor';
import { requirePermission } from './actor';
import type { AccountActor } from './staff-accounts';
import { isUuid } from './load-scoped';
import { recordAudit } from './record-audit';
import { staffError } from './staff-errors';
import { randomToken, sha256Hex } from './staff-sessions';

/**
 * Bearer tokens of the /api/v1 JSON API. The secret is shown once at creation; the database keeps
 * its SHA-256 only. A token acts with a role (reception or owner) inside one clinic, under the
 * same rules as a person with that role.
 */
export const TOKEN_PREFIX = 'atk_';
const TOKEN_SHAPE = /^atk_[A-Za-z0-9_-]{43}$/;

export type ApiTokenSummary = Omit<typeof apiTokens.$inferSelect, 'tokenHash'>;

export async function createApiToken(
  db: Db,
  actor: AccountActor,
  input: { clinicId: string; name: string; role: string; now: Date },
): Promise<{ token: string; summary: ApiTokenSummary }> {
  if (actor.kind !== 'system') {
    requirePermission(actor, 'manage_tokens');
    if (actor.clinicId !== input.clinicId) throw staffError('FORBIDDEN', 'cross-clinic token');
  }
  const name = input.name.trim();
  if (!name || name.length > 100) throw staffError('INVALID', 'token name', { field: 'name' });
  if (!(STAFF_ROLES as readonly string[]).includes(input.role)) throw staffError('INVALID', `bad role ${input.role}`, { field: 'role' });
  const token = `${TOKEN_PREFIX}${randomToken(32)}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ clinicId: input.clinicId, name, tokenHash: sha256Hex(token), role: input.role as StaffRole, createdBy: actor.kind === 'staff' ? actor.id : null, createdAt: input.now })
      .returning();
    await recordAudit(tx, actor, { clinicId: input.clinicId, action: 'token.create', targetType: 'api_token', targetId: row!.id, data: { name, role: input.role }, at: input.now });
    const { tokenHash: _hidden, ...summary } = row!;
    return { token, summary };
  });
}

export async function listApiTokens(db: Executor, clinicId: string): Promise<ApiTokenSummary[]> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.clinicId, clinicId)).orderBy(desc(apiTokens.createdAt));
  return rows.map(({ tokenHash: _hidden, ...rest }) => rest);
}

export async function revokeApiToken(db: Db, actor: AccountActor, input: { clinicId: string; tokenId: string; now: Date }): Promise<void> {
  if (actor.kind !== 'system') {
    requirePermission(actor, 'manage_tokens');
    if (actor.clinicId !== input.clinicId) throw staffError('NOT_FOUND', 'cross-clinic token');
  }
  if (!isUuid(input.tokenId)) throw staffError('NOT_FOUND', `token ${input.tokenId} is not an id`);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: input.now })
      .where(and(eq(apiTokens.id, input.tokenId), eq(apiTokens.clinicId, input.clinicId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (!row) throw staffError('NOT_FOUND', `token ${input.tokenId} not found or already revoked`);
    await recordAudit(tx, actor, { clinicId: input.clinicId, action: 'token.revoke', targetType: 'api_token', targetId: row.id, at: input.now });
  });
}

/** The actor behind a bearer token, or null (unknown, malformed or revoked). */
export async function authenticateApiToken(db: Executor, token: string, now: Date, ip?: string | null): Promise<(Actor & { timezone: string }) | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const [row] = await db
    .select({ id: apiTokens.id, clinicId: apiTokens.clinicId, name: apiTokens.name, role: apiTokens.role, lastUsedAt: apiTokens.lastUsedAt, timezone: clinics.timezone })
    .from(apiTokens)
    .innerJoin(clinics, eq(clinics.id, apiTokens.clinicId))
    .where(and(eq(apiTokens.tokenHash, sha256Hex(token)), isNull(apiTokens.revokedAt)));
  if (!row) return null;
  // Touch `last_used_at` at most once a minute: owners see which tokens are alive without a write per call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { kind: 'api', id: row.id, clinicId: row.clinicId, role: row.role, label: row.name, name: row.name, ip: ip ?? null, timezone: row.timezone };
}
