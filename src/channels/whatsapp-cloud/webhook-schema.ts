import { z } from 'zod';

/**
 * Meta's Cloud API webhook payload (`object: "whatsapp_business_account"`), as zod schemas.
 *
 * Strict where we rely on a field (ids, timestamps, the receiving phone_number_id, the fields a
 * message type carries), lenient elsewhere: unknown keys are stripped, optional fields Meta adds
 * over time (pricing, conversation, context, referral, BSUIDs…) never fail a payload. Each message
 * and status is validated on its own, so one odd item cannot hide the others.
 */

/** Meta sends unix seconds as a string ("1749416383"); tolerate a number too. */
export const unixSeconds = z
  .union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative().max(1e12)])
  .transform((v) => new Date(Number(v) * 1000));

export const webhookErrorSchema = z.object({
  code: z.union([z.number(), z.string()]),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
  href: z.string().optional(),
});

export const envelopeSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string().optional(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

export const messagesValueSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({
    display_phone_number: z.string().optional(),
    phone_number_id: z.string().min(1),
  }),
  contacts: z
    .array(
      z.object({
        profile: z.object({ name: z.string().optional() }).optional(),
        wa_id: z.string().optional(),
        user_id: z.string().optional(),
      }),
    )
    .optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

export const messageBaseSchema = z.object({
  /** The sender's phone as international digits; absent for username-only users (BSUID rollout). */
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  id: z.string().min(1),
  timestamp: unixSeconds,
  type: z.string().min(1),
  group_id: z.string().optional(),
});

const mediaObject = z.object({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

export const textMessageSchema = z.object({ text: z.object({ body: z.string() }) });

export const interactiveMessageSchema = z.object({
  interactive: z.object({
    type: z.string(),
    button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    nfm_reply: z
      .object({ name: z.string().optional(), body: z.string().optional(), response_json: z.string().optional() })
      .optional(),
  }),
});

/** Quick-reply button of a template message. */
export const buttonMessageSchema = z.object({
  button: z.object({ payload: z.string().optional(), text: z.string() }),
});

export const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;
export type CloudMediaType = (typeof MEDIA_TYPES)[number];

export const mediaMessageSchemas: Record<CloudMediaType, z.ZodType<Record<string, z.infer<typeof mediaObject>>>> = {
  image: z.object({ image: mediaObject }),
  audio: z.object({ audio: mediaObject }),
  video: z.object({ video: mediaObject }),
  document: z.object({ document: mediaObject }),
  sticker: z.object({ sticker: mediaObject }),
};

export const locationMessageSchema = z.object({
  location: z.object({
    latitude: z.number(),
    longitude: z.number(),
    name: z.string().optional(),
    address: z.string().optional(),
    url: z.string().optional(),
  }),
});

export const contactsMessageSchema = z.object({ contacts: z.array(z.unknown()) });

export const reactionMessageSchema = z.object({
  reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }),
});

export const statusSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: unixSeconds,
  recipient_id: z.string().optional(),
  recipient_type: z.string().optional(),
  errors: z.array(webhookErrorSchema).optional(),
});
