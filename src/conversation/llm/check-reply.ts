import type { ClinicFile } from '../../flows/clinic-schema';

/**
 * The last guard on a model's own words before a patient reads them. Prices and facts must come
 * from clinic.yaml through get_clinic_info (whose answer the tool sends itself), so a reply that
 * names an amount in R$ the catalog does not have is refused; so is one that says an appointment
 * was booked, moved or cancelled when no tool did it this turn. A refused reply is never sent:
 * the tools' own texts go alone, or the deterministic engine answers.
 */

export type ReplyProblem = 'empty' | 'too_long' | 'unknown_price' | 'unbacked_change';

export interface ReplyCheck {
  ok: boolean;
  problem?: ReplyProblem;
  /** The text to send (placeholders the redaction left filled back in). */
  text: string;
}

/** Replies beyond this length are not a receptionist's WhatsApp message. */
const MAX_REPLY_CHARS = 1200;

const AMOUNT = /R\$\s*([\d.]+(?:,\d{1,2})?)/gi;
const CLAIMED_CHANGE = /\b(?:est[áa]|foi|ficou|j[áa] (?:est[áa] )?)\s*(?:tudo\s+)?(?:agendad|marcad|remarcad|cancelad|reservad|confirmad)[oa]s?\b|\bagendamento (?:confirmado|feito|realizado)\b/i;

/** Checks a model's final text against the catalog and what the tools did this turn. */
export function checkReply(raw: string, opts: { clinic: ClinicFile; changed: boolean; firstName?: string }): ReplyCheck {
  const text = raw
    .replace(/\[NOME\]/g, opts.firstName ?? '')
    .replace(/[ \t]+([,.!?])/g, '$1')
    .replace(/,([!?.])/g, '$1')
    .trim();
  if (!text) return { ok: false, problem: 'empty', text };
  if (text.length > MAX_REPLY_CHARS) return { ok: false, problem: 'too_long', text };
  const prices = new Set(opts.clinic.services.map((s) => Math.round(s.price * 100)));
  for (const m of text.matchAll(AMOUNT)) {
    const cents = Math.round(Number(m[1]!.replace(/\./g, '').replace(',', '.')) * 100);
    if (!prices.has(cents)) return { ok: false, problem: 'unknown_price', text };
  }
  if (!opts.changed && CLAIMED_CHANGE.test(text)) return { ok: false, problem: 'unbacked_change', text };
  return { ok: true, text };
}
