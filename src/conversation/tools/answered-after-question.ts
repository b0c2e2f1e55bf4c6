import { sql } from 'drizzle-orm';
import type { ToolContext } from './tool-context';

/**
 * Was this message written after the question was put to the patient? A question is recorded with
 * the seq of the inbound message whose turn asked it; the question itself is that turn's reply,
 * stored when the turn committed. An answer must come after that reply — a "sim" already waiting
 * in the queue when the question was written is not an answer to it (SPEC §1: explicit consent and
 * confirmation in this conversation).
 */
export async function answeredAfterQuestion(ctx: ToolContext, askedAtSeq: number): Promise<boolean> {
  if (askedAtSeq >= ctx.message.seq) return false;
  const rows = await ctx.database.rows<{ question_seq: number | null }>(sql`
    select max(o.seq)::bigint as question_seq
    from messages t join messages o on o.reply_to_id = t.id and o.direction = 'out'
    where t.conversation_id = ${ctx.conversationId}::uuid and t.seq = ${askedAtSeq} and t.direction = 'in'`);
  const questionSeq = rows[0]?.question_seq;
  // No stored reply (a question asked by a turn that sent nothing): fall back to the trigger's seq.
  return questionSeq == null || Number(questionSeq) < ctx.message.seq;
}
