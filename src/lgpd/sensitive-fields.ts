import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { messages } from '../db/schema';
import type { Encryptor } from '../lib/crypto';
import { replyAad } from '../pipeline/commit-turn';

/**
 * Where encrypted values live and which associated data (AAD) binds each one to its row. Export,
 * key rotation and erasure must all agree with the writers on this, so it is written down once:
 *
 * | column                 | AAD                                   | writer                                  |
 * |------------------------|---------------------------------------|-----------------------------------------|
 * | patients.cpf_enc       | `patient-cpf:<patient id>`            | encryptCpf (below)                      |
 * | screenings.answers_enc | `screening:<patient id>`              | src/screening/record-screening.ts       |
 * | messages.body_enc (in) | `message:<message id>`                | src/pipeline/process-conversation.ts    |
 * | messages.body_enc (out)| `reply:<inbound id>:<index in turn>`  | src/pipeline/commit-turn.ts             |
 * | conversations.state    | `screening:<patient id>` (answersEnc, volunteeredEnc of a booking in progress) | src/conversation/tools/screening.ts |
 */

/** AAD of a patient's CPF envelope: copied to another patient's row, it no longer decrypts. */
export const cpfAad = (patientId: string) => `patient-cpf:${patientId}`;

/** Encrypts a CPF for `patients.cpf_enc` (digits only, so every spelling of one CPF is one value). */
export function encryptCpf(crypto: Encryptor, patientId: string, cpf: string): string {
  return crypto.encrypt(cpf.replace(/\D/g, ''), cpfAad(patientId));
}

/** The CPF in clear, or null when none is stored. Throws CryptoError when it cannot be opened. */
export function readCpf(crypto: Encryptor, row: { id: string; cpfEnc: string | null }): string | null {
  return row.cpfEnc ? crypto.decrypt(row.cpfEnc, cpfAad(row.id)) : null;
}

export const inboundMessageAad = (messageId: string) => `message:${messageId}`;

/** Looks like an envelope of src/lib/crypto (`v1:<keyId>:…`). */
export const ENVELOPE = /^v1:[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]*:[A-Za-z0-9_-]*:[A-Za-z0-9_-]*$/;

type MessageKey = Pick<typeof messages.$inferSelect, 'id' | 'direction' | 'replyToId' | 'origin' | 'seq'>;

/**
 * The position of each protected bot reply among the replies to the same inbound message — the
 * index in its AAD — for messages already loaded in full (e.g. one whole conversation).
 */
export function replyIndexesOf(rows: readonly MessageKey[]): Map<string, number> {
  const byInbound = new Map<string, MessageKey[]>();
  for (const r of rows) {
    if (r.direction !== 'out' || r.origin !== 'turn' || !r.replyToId) continue;
    const list = byInbound.get(r.replyToId) ?? [];
    list.push(r);
    byInbound.set(r.replyToId, list);
  }
  const out = new Map<string, number>();
  for (const list of byInbound.values()) {
    list.sort((a, b) => a.seq - b.seq);
    list.forEach((r, i) => out.set(r.id, i));
  }
  return out;
}

/** Like replyIndexesOf, for a batch of rows whose siblings may not be loaded: asks the database. */
export async function loadReplyIndexes(db: Executor, replyToIds: readonly string[]): Promise<Map<string, number>> {
  const ids = [...new Set(replyToIds)];
  if (ids.length === 0) return new Map();
  const siblings = await db
    .select({ id: messages.id, direction: messages.direction, replyToId: messages.replyToId, origin: messages.origin, seq: messages.seq })
    .from(messages)
    .where(and(inArray(messages.replyToId, ids), eq(messages.direction, 'out'), eq(messages.origin, 'turn')))
    .orderBy(asc(messages.seq));
  return replyIndexesOf(siblings);
}

/** The AAD a message's `body_enc` was written with (inbound: its id; bot reply: its inbound and position). */
export function messageAad(row: Pick<MessageKey, 'id' | 'direction' | 'replyToId'>, replyIndex: number | undefined): string {
  if (row.direction === 'in') return inboundMessageAad(row.id);
  return replyAad(row.replyToId ?? '', replyIndex ?? 0);
}

/**
 * Envelopes inside a conversation state (a booking in progress keeps screening answers there),
 * with a setter to replace each one in place.
 */
export function stateEnvelopes(state: unknown): { value: string; set(next: string): void }[] {
  const found: { value: string; set(next: string): void }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        if (typeof v === 'string' && ENVELOPE.test(v)) found.push({ value: v, set: (next) => void (node[i] = next) });
        else walk(v);
      });
    } else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      for (const [k, v] of Object.entries(obj)) {
        if (typeof v === 'string' && ENVELOPE.test(v)) found.push({ value: v, set: (next) => void (obj[k] = next) });
        else walk(v);
      }
    }
  };
  walk(state);
  return found;
}
