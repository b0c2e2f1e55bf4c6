import type { z } from 'zod';
import type { DeliveryStatus, InboundMessage, MediaKind, StatusUpdate } from '../types';
import { waIdToE164 } from '../normalize-phone';
import {
  MEDIA_TYPES,
  buttonMessageSchema,
  contactsMessageSchema,
  envelopeSchema,
  interactiveMessageSchema,
  locationMessageSchema,
  mediaMessageSchemas,
  messageBaseSchema,
  messagesValueSchema,
  reactionMessageSchema,
  statusSchema,
  textMessageSchema,
  type CloudMediaType,
} from './webhook-schema';

export interface ParsedWebhook {
  messages: InboundMessage[];
  statuses: StatusUpdate[];
  /**
   * Shape problems: the payload, or an item in it, does not look like Meta's. Items that did
   * parse are still returned; the route decides (answer 400 when nothing parsed at all).
   */
  problems: string[];
  /** Deliberately skipped, for the log: other webhook fields, group and system messages, statuses we do not track, Meta-reported errors. */
  ignored: string[];
}

/** Caps what one hostile payload can put in the log. */
const MAX_PROBLEMS = 50;

const DELIVERY_STATUSES: readonly string[] = ['sent', 'delivered', 'read', 'failed'] satisfies DeliveryStatus[];

/**
 * Turns one Cloud API webhook POST body into the pipeline's shapes. Never throws: anything that
 * is not Meta's shape becomes a `problems` entry naming where it is. Call it only after
 * `verifySignature` passed.
 *
 * `to` is the receiving `metadata.phone_number_id` (it selects the clinic), `from` the sender's
 * E.164 phone, `sentAt` Meta's `timestamp`.
 */
export function parseWebhook(body: unknown): ParsedWebhook {
  const out: ParsedWebhook = { messages: [], statuses: [], problems: [], ignored: [] };
  try {
    parseInto(body, out);
  } catch (err) {
    // Defensive: zod and our mapping should never throw, but a webhook must never crash the route.
    out.problems.push(`unexpected parser failure: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (out.problems.length > MAX_PROBLEMS) {
    const extra = out.problems.length - MAX_PROBLEMS;
    out.problems = [...out.problems.slice(0, MAX_PROBLEMS), `…and ${extra} more problems`];
  }
  return out;
}

function parseInto(body: unknown, out: ParsedWebhook): void {
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) {
    out.problems.push(...describe('payload', envelope.error));
    return;
  }
  envelope.data.entry.forEach((entry, e) => {
    entry.changes.forEach((change, c) => {
      const where = `entry[${e}].changes[${c}]`;
      if (change.field !== 'messages') {
        out.ignored.push(`${where}: field "${change.field}"`);
        return;
      }
      const value = messagesValueSchema.safeParse(change.value);
      if (!value.success) {
        out.problems.push(...describe(`${where}.value`, value.error));
        return;
      }
      const { metadata, contacts = [], messages = [], statuses = [], errors = [] } = value.data;
      errors.forEach((err, i) => out.ignored.push(`${where}.value.errors[${i}]: Meta reported ${summarise(err)}`));

      messages.forEach((raw, m) => {
        const result = toInbound(raw, metadata.phone_number_id, contacts);
        const at = `${where}.value.messages[${m}]`;
        if (result.kind === 'message') out.messages.push(result.message);
        else if (result.kind === 'ignored') out.ignored.push(`${at}: ${result.reason}`);
        else out.problems.push(...result.problems.map((p) => `${at}${p}`));
      });

      statuses.forEach((raw, s) => {
        const at = `${where}.value.statuses[${s}]`;
        const parsed = statusSchema.safeParse(raw);
        if (!parsed.success) {
          out.problems.push(...describe(at, parsed.error));
          return;
        }
        const st = parsed.data;
        if (!DELIVERY_STATUSES.includes(st.status)) {
          out.ignored.push(`${at}: status "${st.status}"`);
          return;
        }
        const update: StatusUpdate = {
          channel: 'whatsapp',
          providerMessageId: st.id,
          status: st.status as DeliveryStatus,
          at: st.timestamp,
        };
        const recipient = st.recipient_id !== undefined ? waIdToE164(st.recipient_id) : null;
        if (recipient) update.recipient = recipient;
        const firstError = st.errors?.[0];
        if (firstError) {
          update.error = { code: firstError.code };
          const title = firstError.title ?? firstError.message;
          if (title !== undefined) update.error.title = title;
        }
        out.statuses.push(update);
      });
    });
  });
}

type Contacts = NonNullable<z.infer<typeof messagesValueSchema>['contacts']>;

type MessageResult =
  | { kind: 'message'; message: InboundMessage }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; problems: string[] };

function toInbound(raw: unknown, phoneNumberId: string, contacts: Contacts): MessageResult {
  const base = messageBaseSchema.safeParse(raw);
  if (!base.success) return { kind: 'invalid', problems: describe('', base.error) };
  const msg = base.data;
  if (msg.group_id !== undefined) return { kind: 'ignored', reason: 'group message' };
  if (msg.type === 'system' || msg.type === 'request_welcome') {
    return { kind: 'ignored', reason: `"${msg.type}" message` };
  }
  if (msg.from === undefined) {
    return {
      kind: 'invalid',
      problems: [`: no "from" phone number (username-only sender${msg.from_user_id ? ` ${msg.from_user_id}` : ''})`],
    };
  }
  const from = waIdToE164(msg.from);
  if (!from) return { kind: 'invalid', problems: [`.from: not a phone number`] };

  const content = readContent(msg.type, raw);
  if ('problems' in content) return { kind: 'invalid', problems: content.problems };

  const message: InboundMessage = {
    channel: 'whatsapp',
    providerMessageId: msg.id,
    to: phoneNumberId,
    from,
    sentAt: msg.timestamp,
    ...content,
  };
  const profileName = findProfileName(contacts, msg.from);
  if (profileName) message.profileName = profileName;
  return { kind: 'message', message };
}

type Content = Pick<InboundMessage, 'kind' | 'text' | 'replyId' | 'media'>;

function readContent(type: string, raw: unknown): Content | { problems: string[] } {
  switch (type) {
    case 'text': {
      const r = textMessageSchema.safeParse(raw);
      return r.success ? { kind: 'text', text: r.data.text.body } : { problems: describe('', r.error) };
    }
    case 'interactive': {
      const r = interactiveMessageSchema.safeParse(raw);
      if (!r.success) return { problems: describe('', r.error) };
      const it = r.data.interactive;
      const reply = it.type === 'button_reply' ? it.button_reply : it.type === 'list_reply' ? it.list_reply : undefined;
      if (reply) return { kind: 'interactive', text: reply.title, replyId: reply.id };
      if (it.type === 'button_reply' || it.type === 'list_reply') {
        return { problems: [`.interactive.${it.type}: missing`] };
      }
      if (it.type === 'nfm_reply' && it.nfm_reply) return { kind: 'interactive', text: it.nfm_reply.body ?? '' };
      return media('unknown', '');
    }
    case 'button': {
      const r = buttonMessageSchema.safeParse(raw);
      if (!r.success) return { problems: describe('', r.error) };
      const content: Content = { kind: 'interactive', text: r.data.button.text };
      if (r.data.button.payload !== undefined) content.replyId = r.data.button.payload;
      return content;
    }
    case 'location': {
      const r = locationMessageSchema.safeParse(raw);
      return r.success ? media('location', '') : { problems: describe('', r.error) };
    }
    case 'contacts': {
      const r = contactsMessageSchema.safeParse(raw);
      return r.success ? media('contacts', '') : { problems: describe('', r.error) };
    }
    case 'reaction': {
      // The emoji is kept as text: a 👍 on a reminder is a confirmation. An empty emoji means the reaction was removed.
      const r = reactionMessageSchema.safeParse(raw);
      if (!r.success) return { problems: describe('', r.error) };
      return { kind: 'media', text: r.data.reaction.emoji ?? '', media: { type: 'reaction', id: r.data.reaction.message_id } };
    }
    default:
      break;
  }
  if ((MEDIA_TYPES as readonly string[]).includes(type)) {
    const mediaType = type as CloudMediaType;
    const r = mediaMessageSchemas[mediaType].safeParse(raw);
    if (!r.success) return { problems: describe('', r.error) };
    const obj = r.data[mediaType];
    if (!obj) return { problems: [`.${mediaType}: missing`] };
    const content = media(mediaType, obj.caption ?? '');
    content.media = { type: mediaType, id: obj.id };
    if (obj.mime_type !== undefined) content.media.mimeType = obj.mime_type;
    return content;
  }
  // "unsupported", "unknown", "order", and whatever Meta adds next: answered as "text only, please".
  return media('unknown', '');
}

function media(type: MediaKind, text: string): Content & { media: NonNullable<InboundMessage['media']> } {
  return { kind: 'media', text, media: { type } };
}

function findProfileName(contacts: Contacts, from: string): string | undefined {
  const match = contacts.find((c) => c.wa_id === from) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const name = match?.profile?.name?.trim();
  return name ? name : undefined;
}

function summarise(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    return `error ${String(e['code'] ?? '?')} ${String(e['title'] ?? e['message'] ?? '')}`.trim();
  }
  return 'an error';
}

/** zod issues as `where.path: message`, at most a few per item. */
function describe(where: string, error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((issue) => {
    const path = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('');
    return `${where}${path}: ${issue.message}`;
  });
}
