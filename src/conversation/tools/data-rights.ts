import { and, eq } from 'drizzle-orm';
import { dataRequests } from '../../db/schema';
import { normalizeText, wordsOnly } from '../../understanding/normalize-text';
import { handoffToStaff } from './handoff';
import type { ToolContext } from './tool-context';

export type DataRequestKind = 'access' | 'export' | 'erasure' | 'consent_withdrawal';

/** LGPD art. 19, II: a complete answer within 15 days of the request. */
export const DATA_REQUEST_DEADLINE_DAYS = 15;

/** Which right the patient's words ask for; access when unsure (reception clarifies). */
export function dataRequestKind(text: string): DataRequestKind {
  const w = wordsOnly(normalizeText(text ?? ''));
  if (/\b(?:apag|exclu|delet|remov|esquec|elimin|anonimiz)[a-z]*\b/.test(w)) return 'erasure';
  if (/\b(?:copia|export|portabilidade|baixar|arquivo|transferir)[a-z]*\b/.test(w)) return 'export';
  if (/\b(?:revog|retir|cancel)[a-z]* (?:o |meu |a |minha )?(?:consentimento|autorizacao)\b/.test(w)) return 'consent_withdrawal';
  return 'access';
}

export const DATA_REQUEST_LABELS: Record<DataRequestKind, string> = {
  access: 'acesso aos seus dados',
  export: 'cópia dos seus dados',
  erasure: 'exclusão dos seus dados',
  consent_withdrawal: 'revogação do consentimento',
};

/**
 * A data-subject request (LGPD art. 18): a data_requests row with its legal deadline, an
 * escalation for reception, and the thread handed to staff. A repeated request of the same kind
 * while one is open reuses it.
 */
export async function requestDataRights(ctx: ToolContext, input: { kind: DataRequestKind }): Promise<{ ok: true; requestId: string; dueAt: Date }> {
  const [open] = await ctx.db
    .select()
    .from(dataRequests)
    .where(and(eq(dataRequests.patientId, ctx.patient.id), eq(dataRequests.kind, input.kind), eq(dataRequests.status, 'open')));
  const request =
    open ??
    (
      await ctx.db
        .insert(dataRequests)
        .values({
          clinicId: ctx.clinic.id,
          patientId: ctx.patient.id,
          kind: input.kind,
          requestedVia: ctx.channel,
          dueAt: new Date(ctx.now.getTime() + DATA_REQUEST_DEADLINE_DAYS * 86_400_000),
          createdAt: ctx.now,
        })
        .returning()
    )[0]!;
  await handoffToStaff(ctx, { reason: 'data_rights', detail: `pedido LGPD: ${DATA_REQUEST_LABELS[input.kind]} (prazo ${DATA_REQUEST_DEADLINE_DAYS} dias)` });
  return { ok: true, requestId: request.id, dueAt: request.dueAt };
}
