import { z } from 'zod';

/**
 * flows/canned.yaml — reception's ready-made replies. Each has a title (shown on the button), a
 * text with `{{variables}}`, and optionally the approved WhatsApp template that carries the same
 * message when the patient's last message is more than 24 hours old (Meta allows only templates
 * then). Replies without `template` are offered only inside the window and on SMS.
 */
export const CANNED_VARIABLES = [
  'patient.name',
  'patient.first_name',
  'clinic.name',
  'staff.name',
  'appointment.when',
  'appointment.service',
  'appointment.professional',
] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];

const VARIABLE = /\{\{\s*([a-z_.]+)\s*\}\}/g;

const withKnownVariables = (s: z.ZodString) =>
  s.superRefine((text, ctx) => {
    for (const m of text.matchAll(VARIABLE)) {
      if (!(CANNED_VARIABLES as readonly string[]).includes(m[1]!)) {
        ctx.addIssue({ code: 'custom', message: `unknown variable {{${m[1]}}}; use one of ${CANNED_VARIABLES.map((v) => `{{${v}}}`).join(', ')}` });
      }
    }
  });

const templateSchema = z
  .object({
    /** Template name exactly as approved in Meta's WhatsApp Manager. */
    name: z.string().regex(/^[a-z0-9_]+$/, 'template names use lowercase letters, digits and _'),
    language: z.string().min(2).default('pt_BR'),
    /** Body parameters in order ({{1}}, {{2}}…); may use the same variables as `text`. */
    params: z.array(withKnownVariables(z.string().min(1))).default([]),
  })
  .strict();

const replySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase letters, digits and hyphens'),
    title: z.string().min(1).max(60),
    text: withKnownVariables(z.string().min(1).max(1000)),
    template: templateSchema.optional(),
  })
  .strict();

export const cannedFileSchema = z
  .object({ replies: z.array(replySchema).default([]) })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.replies.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['replies', i, 'id'], message: `duplicate id "${r.id}"` });
      seen.add(r.id);
    });
  });

export type CannedFile = z.output<typeof cannedFileSchema>;
export type CannedReply = CannedFile['replies'][number];

/** Used when a clinic folder has no canned.yaml. */
export const DEFAULT_CANNED: CannedFile = {
  replies: [
    { id: 'vou-verificar', title: 'Vou verificar', text: 'Olá, {{patient.first_name}}! Aqui é {{staff.name}}, da recepção da {{clinic.name}}. Vou verificar e já te respondo.' },
    {
      id: 'retomar-contato',
      title: 'Retomar contato',
      text: 'Olá, {{patient.first_name}}! Aqui é da {{clinic.name}}. Podemos continuar seu atendimento por aqui?',
      template: { name: 'atende_retomar_contato', language: 'pt_BR', params: ['{{patient.first_name}}', '{{clinic.name}}'] },
    },
  ],
};

/** Fills `{{variables}}`; a variable without a value becomes an empty string, never the raw braces. */
export function fillCannedText(text: string, values: Partial<Record<CannedVariable, string>>): string {
  return text.replace(VARIABLE, (_m, name: string) => values[name as CannedVariable] ?? '').replace(/[ \t]{2,}/g, ' ').trim();
}
