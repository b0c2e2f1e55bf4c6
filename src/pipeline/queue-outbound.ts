import type { Executor } from '../db/open-database';
import { messages } from '../db/schema';
import type { Reply } from './turn-handler';

/**
 * Persists replies as `queued` outbound messages, inside the caller's transaction. Sending is a
 * separate job, so a reply is never lost (it is in Postgres) and never sent twice (the send job
 * moves it from `queued` to `sending` with a guarded update first).
 */
export async function queueOutbound(
  tx: Executor,
  input: {
    clinicId: string;
    conversationId: string;
    channel: string;
    replies: Reply[];
    replyToId?: string | null;
    /** turn | reminder | staff | notice */
    origin: string;
    author?: 'bot' | 'staff' | 'system';
    staffId?: string | null;
    reminderId?: string | null;
    now: Date;
  },
): Promise<{ id: string }[]> {
  if (input.replies.length === 0) return [];
  return tx
    .insert(messages)
    .values(
      input.replies.map((r, i) => ({
        clinicId: input.clinicId,
        conversationId: input.conversationId,
        direction: 'out',
        author: input.author ?? 'bot',
        staffId: input.staffId ?? null,
        channel: input.channel,
        kind: 'template' in r ? 'template' : 'text',
        body: 'template' in r ? r.fallbackText : r.text,
        template: 'template' in r ? r.template : null,
        status: 'queued' as const,
        replyToId: input.replyToId ?? null,
        origin: input.origin,
        reminderId: input.reminderId ?? null,
        // Keep the order of several replies to one message.
        receivedAt: new Date(input.now.getTime() + i),
      })),
    )
    .returning({ id: messages.id });
}
