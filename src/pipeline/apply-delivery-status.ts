import { and, eq, inArray } from 'drizzle-orm';
import type { StatusUpdate } from '../channels/types';
import { messages, type MessageStatus } from '../db/schema';
import type { PipelineDeps } from './pipeline-deps';

/** A status only moves forward: sent → delivered → read; failed replaces sent/delivered. */
const MAY_MOVE_FROM: Record<StatusUpdate['status'], MessageStatus[]> = {
  sent: ['sending', 'queued'],
  delivered: ['sending', 'sent'],
  read: ['sending', 'sent', 'delivered'],
  failed: ['sending', 'sent', 'delivered'],
};

/**
 * A provider's delivery report updates the outbound message it is about. A report for a message
 * we do not know (another system's, or erased) is ignored safely.
 */
export async function applyDeliveryStatus(deps: PipelineDeps, status: StatusUpdate, retries = 2): Promise<boolean> {
  const set: Partial<typeof messages.$inferInsert> = { status: status.status };
  if (status.status === 'delivered') set.deliveredAt = status.at;
  if (status.status === 'read') set.readAt = status.at;
  if (status.status === 'failed') set.error = `${status.error?.code ?? ''} ${status.error?.title ?? 'failed'}`.trim().slice(0, 300);
  const [row] = await deps.database.db
    .update(messages)
    .set(set)
    .where(
      and(
        eq(messages.channel, status.channel),
        eq(messages.providerMessageId, status.providerMessageId),
        eq(messages.direction, 'out'),
        inArray(messages.status, MAY_MOVE_FROM[status.status]),
      ),
    )
    .returning();
  if (!row) {
    // The provider can report on a message before we stored its id (the send call has not
    // returned yet): look again shortly, a couple of times, before giving up on it.
    if (retries > 0) {
      setTimeout(() => void applyDeliveryStatus(deps, status, retries - 1).catch(() => {}), 3000 * (3 - retries)).unref();
    }
    return false;
  }
  deps.bus.publish({ type: 'message_status', clinicId: row.clinicId, conversationId: row.conversationId, messageId: row.id, status: status.status });
  await deps.hooks?.onStatus?.(row, status.status);
  if (status.status === 'failed') await deps.hooks?.onFailed?.(row, new Error(set.error ?? 'failed'));
  return true;
}
