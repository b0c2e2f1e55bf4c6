import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { dataRequests } from '../db/schema';
import { actorRef, requirePermission, type Actor } from '../staff/actor';
import { isUuid } from '../staff/load-scoped';
import { recordAudit } from '../staff/record-audit';
import { staffError } from '../staff/staff-errors';
import type { LgpdDeps } from './lgpd-deps';

export type DataRequestRow = typeof dataRequests.$inferSelect;

/**
 * Closes a data-subject request once it has been answered (`done`: the export was sent, the
 * access given, the consent withdrawn) or refused with a reason given to the patient (`rejected`,
 * e.g. a legal duty to keep the record). Owners only, within their clinic; audited. Closing it
 * again the same way is a no-op; the other way is a CONFLICT.
 */
export async function closeDataRequest(deps: LgpdDeps, actor: Actor, requestId: string, status: 'done' | 'rejected'): Promise<DataRequestRow> {
  requirePermission(actor, 'manage_data_rights');
  const db = deps.database.db;
  if (!isUuid(requestId)) throw staffError('NOT_FOUND', `data request ${requestId} is not an id`);
  const now = deps.clock.now();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(dataRequests)
      .where(and(eq(dataRequests.id, requestId), eq(dataRequests.clinicId, actor.clinicId)))
      .for('update');
    if (!row) throw staffError('NOT_FOUND', `data request ${requestId} not in clinic ${actor.clinicId}`);
    if (row.status === status) return row;
    if (row.status !== 'open') throw staffError('CONFLICT', `data request ${row.id} is already ${row.status}`);
    const [updated] = await tx.update(dataRequests).set({ status, doneAt: now, doneBy: actorRef(actor) }).where(eq(dataRequests.id, row.id)).returning();
    await recordAudit(tx, actor, {
      clinicId: actor.clinicId,
      action: status === 'done' ? 'lgpd.request_done' : 'lgpd.request_rejected',
      targetType: 'data_request',
      targetId: row.id,
      data: { kind: row.kind, patientId: row.patientId, overdue: row.dueAt.getTime() < now.getTime() },
      at: now,
    });
    return updated!;
  });
}

/** A clinic's data requests, open ones first by deadline (the register an owner answers from). */
export async function listDataRequests(db: Executor, clinicId: string, options: { statuses?: string[]; patientId?: string; limit?: number } = {}): Promise<DataRequestRow[]> {
  return db
    .select()
    .from(dataRequests)
    .where(
      and(
        eq(dataRequests.clinicId, clinicId),
        options.statuses?.length ? inArray(dataRequests.status, options.statuses) : undefined,
        options.patientId ? eq(dataRequests.patientId, options.patientId) : undefined,
      ),
    )
    .orderBy(sql`case when ${dataRequests.status} = 'open' then 0 else 1 end`, asc(dataRequests.dueAt), desc(dataRequests.createdAt))
    .limit(Math.min(options.limit ?? 100, 500));
}
