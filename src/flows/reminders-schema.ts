import { z } from 'zod';

/**
 * flows/reminders.yaml — the reminder plan owners shape without code (SPEC §7): tier cut points
 * (optional; the risk model proposes its own), quiet hours, the steps of each tier (how long before
 * the appointment, on which channel, with which text, and whether only while unconfirmed), the
 * escalation deadline of each tier, the texts with their approved WhatsApp templates, and the bot's
 * answers to reminder replies. A missing file means the defaults below (the same as the shipped file).
 */

export const REMINDER_TIERS = ['low', 'medium', 'high'] as const;
export type ReminderTier = (typeof REMINDER_TIERS)[number];

export const REMINDER_STEP_CHANNELS = ['whatsapp', 'sms'] as const;
export type ReminderStepChannel = (typeof REMINDER_STEP_CHANNELS)[number];

export const REMINDER_CONDITIONS = ['always', 'unconfirmed'] as const;
export type ReminderCondition = (typeof REMINDER_CONDITIONS)[number];

/** Variables a reminder text or template parameter may use. */
export const REMINDER_VARIABLES = [
  'patient.name',
  'patient.first_name',
  'clinic.name',
  'clinic.phone',
  'appointment.when',
  'appointment.date',
  'appointment.time',
  'appointment.weekday',
  'appointment.service',
  'appointment.professional',
] as const;
export type ReminderVariable = (typeof REMINDER_VARIABLES)[number];

/** Reply texts may also list the slots offered (one numbered line each). */
export const REPLY_VARIABLES = [...REMINDER_VARIABLES, 'slots'] as const;

export const REMINDER_REPLY_KEYS = ['confirmed', 'already_confirmed', 'cancelled', 'cancelled_no_slots', 'reschedule', 'reschedule_no_slots', 'clarify'] as const;
export type ReminderReplyKey = (typeof REMINDER_REPLY_KEYS)[number];

export const DEFAULT_REMINDER_REPLIES: Record<ReminderReplyKey, string> = {
  confirmed: 'Presença confirmada, {{patient.first_name}}! Te esperamos {{appointment.when}}. Até lá! 😊',
  already_confirmed: 'Sua presença já está confirmada para {{appointment.when}}. Até lá! 😊',
  cancelled:
    'Tudo bem, cancelei sua consulta de {{appointment.when}}. Se quiser marcar outro horário de {{appointment.service}}, tenho estes:\n{{slots}}\nÉ só responder com o número.',
  cancelled_no_slots: 'Tudo bem, cancelei sua consulta de {{appointment.when}}. Quando quiser marcar outro horário, é só me chamar por aqui.',
  reschedule: 'Claro! Para {{appointment.service}} tenho estes horários:\n{{slots}}\nResponda com o número do que preferir, ou me diga outro dia.',
  reschedule_no_slots: 'Claro! Me diga qual dia e horário ficam melhores para você que eu procuro aqui.',
  clarify: 'Só para eu entender: você quer remarcar (responda 2) ou cancelar (responda 3) sua consulta de {{appointment.when}}?',
};

export interface ReminderTemplate {
  /** WhatsApp text inside the 24-hour window (and on whatsapp-web / the simulator). */
  text: string;
  /** SMS body. @defaultValue `text` */
  smsText: string;
  /** The approved WhatsApp template sent outside the 24-hour window. */
  whatsapp: { name: string; language: string; params: string[] } | null;
}

export interface ReminderStepDef {
  /** Unique within the tier; becomes `reminders.step_key`. @defaultValue `<channel>-<before>` */
  key: string;
  beforeMinutes: number;
  channel: ReminderStepChannel;
  template: string;
  condition: ReminderCondition;
}

export interface ReminderEscalationDef {
  key: string;
  beforeMinutes: number;
  /** inbox: an escalation in the staff inbox; call_task: a task to phone the patient. */
  kind: 'inbox' | 'call_task';
}

export interface ReminderTierDef {
  steps: ReminderStepDef[];
  escalation: ReminderEscalationDef | null;
}

export interface RemindersConfig {
  /** Overrides the risk model's own cut points when set. */
  cutPoints: { low: number; high: number } | null;
  /** Clinic-local minutes [start, end) in which nothing is sent to patients; null = none. */
  quietHours: { startMin: number; endMin: number } | null;
  /** How long after a reminder a bare "sim" / "1" still answers it. @defaultValue 72 */
  replyWindowHours: number;
  tiers: Record<ReminderTier, ReminderTierDef>;
  templates: Record<string, ReminderTemplate>;
  replies: Record<ReminderReplyKey, string>;
}

const VARIABLE = /\{\{\s*([a-z_.]+)\s*\}\}/g;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function withVariables(known: readonly string[]) {
  return z
    .string()
    .min(1)
    .max(1000)
    .superRefine((text, ctx) => {
      for (const m of text.matchAll(VARIABLE)) {
        if (!known.includes(m[1]!)) ctx.addIssue({ code: 'custom', message: `unknown variable {{${m[1]}}}; use one of ${known.map((v) => `{{${v}}}`).join(', ')}` });
      }
    });
}

/** "72h", "30m", "2d", "1h30m" → minutes. */
export function parseDurationMinutes(text: string): number | null {
  const t = text.replace(/\s+/g, '').toLowerCase();
  if (!/^(\d+[dhm])+$/.test(t)) return null;
  let total = 0;
  for (const m of t.matchAll(/(\d+)([dhm])/g)) total += Number(m[1]) * (m[2] === 'd' ? 1440 : m[2] === 'h' ? 60 : 1);
  return total;
}

/** Minutes → the shortest "72h" / "90m" / "1h30m" form, used in default step keys. */
export function formatDurationMinutes(minutes: number): string {
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}

const duration = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const minutes = typeof v === 'number' ? v * 60 : parseDurationMinutes(v);
    if (minutes === null || !Number.isFinite(minutes)) {
      ctx.addIssue({ code: 'custom', message: 'expected a duration like "72h", "30m" or "2d"' });
      return z.NEVER;
    }
    return minutes;
  })
  .pipe(z.number().int().min(1, 'must be before the appointment').max(60 * 24 * 30, 'at most 30 days before'));

const stepKey = z.string().regex(/^[a-z0-9]+([-_][a-z0-9]+)*$/, 'use lowercase letters, digits, - and _');

const stepSchema = z
  .object({
    key: stepKey.optional(),
    /** How long before the appointment starts. */
    before: duration,
    channel: z.enum(REMINDER_STEP_CHANNELS),
    /** A key of `templates`. */
    template: z.string().min(1),
    /** `unconfirmed`: sent only while the patient has not confirmed (skipped, then cancelled, once they do). */
    condition: z.enum(REMINDER_CONDITIONS).default('always'),
  })
  .strict();

const escalationSchema = z
  .object({
    key: stepKey.optional(),
    /** Unconfirmed this long before the appointment → reception is told. */
    before: duration,
    kind: z.enum(['inbox', 'call_task']).default('inbox'),
  })
  .strict();

const tierSchema = z
  .object({
    steps: z.array(stepSchema).default([]),
    escalation: escalationSchema.nullable().optional(),
  })
  .strict();

const templateSchema = z
  .object({
    text: withVariables(REMINDER_VARIABLES),
    sms_text: withVariables(REMINDER_VARIABLES).optional(),
    /** Exactly as approved in Meta's WhatsApp Manager; needed by every WhatsApp step. */
    whatsapp: z
      .object({
        name: z.string().regex(/^[a-z0-9_]+$/, 'template names use lowercase letters, digits and _'),
        language: z.string().min(2).default('pt_BR'),
        /** Body parameters in order ({{1}}, {{2}}…), each a text that may use the variables. */
        params: z.array(withVariables(REMINDER_VARIABLES)).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();

const probability = z.number().min(0).max(1);

const remindersInputSchema = z
  .object({
    cut_points: z.object({ low: probability, high: probability }).strict().nullable().optional(),
    quiet_hours: z
      .object({ start: z.string().regex(HHMM, 'expected HH:MM'), end: z.string().regex(HHMM, 'expected HH:MM') })
      .strict()
      .nullable()
      .optional(),
    reply_window_hours: z.number().int().min(1).max(24 * 14).optional(),
    tiers: z.object({ low: tierSchema, medium: tierSchema, high: tierSchema }).strict(),
    templates: z.record(z.string().regex(/^[a-z0-9_-]+$/, 'use lowercase letters, digits, - and _'), templateSchema),
    replies: z
      .object(Object.fromEntries(REMINDER_REPLY_KEYS.map((k) => [k, withVariables(REPLY_VARIABLES).optional()])) as Record<ReminderReplyKey, z.ZodOptional<z.ZodString>>)
      .strict()
      .optional(),
  })
  .strict();

type RemindersInput = z.output<typeof remindersInputSchema>;

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function stepKeyOf(s: { key?: string; channel: string; before: number }): string {
  return s.key ?? `${s.channel}-${formatDurationMinutes(s.before)}`;
}

function escalationKeyOf(e: { key?: string; kind: string; before: number }): string {
  return e.key ?? `${e.kind === 'call_task' ? 'call-task' : 'escalation'}-${formatDurationMinutes(e.before)}`;
}

function checkCrossReferences(file: RemindersInput, ctx: z.RefinementCtx): void {
  if (file.cut_points && file.cut_points.low > file.cut_points.high) {
    ctx.addIssue({ code: 'custom', path: ['cut_points', 'low'], message: 'low must not exceed high' });
  }
  for (const tier of REMINDER_TIERS) {
    const def = file.tiers[tier];
    const keys = new Set<string>();
    def.steps.forEach((s, i) => {
      const key = stepKeyOf(s);
      if (keys.has(key)) ctx.addIssue({ code: 'custom', path: ['tiers', tier, 'steps', i], message: `two steps named "${key}"; give one a distinct \`key\`` });
      keys.add(key);
      const template = file.templates[s.template];
      if (!template) {
        ctx.addIssue({ code: 'custom', path: ['tiers', tier, 'steps', i, 'template'], message: `unknown template "${s.template}"; define it under \`templates\`` });
      } else if (s.channel === 'whatsapp' && !template.whatsapp) {
        ctx.addIssue({
          code: 'custom',
          path: ['tiers', tier, 'steps', i, 'template'],
          message: `template "${s.template}" has no approved \`whatsapp\` template; outside the 24-hour window WhatsApp only delivers approved templates`,
        });
      }
    });
    if (def.escalation) {
      const key = escalationKeyOf(def.escalation);
      if (keys.has(key)) ctx.addIssue({ code: 'custom', path: ['tiers', tier, 'escalation'], message: `the escalation's key "${key}" repeats a step's` });
    }
  }
}

function toConfig(file: RemindersInput): RemindersConfig {
  const tiers = {} as Record<ReminderTier, ReminderTierDef>;
  for (const tier of REMINDER_TIERS) {
    const def = file.tiers[tier];
    tiers[tier] = {
      steps: def.steps.map((s) => ({ key: stepKeyOf(s), beforeMinutes: s.before, channel: s.channel, template: s.template, condition: s.condition })),
      escalation: def.escalation ? { key: escalationKeyOf(def.escalation), beforeMinutes: def.escalation.before, kind: def.escalation.kind } : null,
    };
  }
  const templates: Record<string, ReminderTemplate> = {};
  for (const [name, t] of Object.entries(file.templates)) {
    templates[name] = { text: t.text, smsText: t.sms_text ?? t.text, whatsapp: t.whatsapp ? { name: t.whatsapp.name, language: t.whatsapp.language, params: t.whatsapp.params } : null };
  }
  const quiet = file.quiet_hours === undefined ? { start: '20:00', end: '08:00' } : file.quiet_hours;
  return {
    cutPoints: file.cut_points ?? null,
    quietHours: quiet && quiet.start !== quiet.end ? { startMin: minutesOf(quiet.start), endMin: minutesOf(quiet.end) } : null,
    replyWindowHours: file.reply_window_hours ?? 72,
    tiers,
    templates,
    replies: { ...DEFAULT_REMINDER_REPLIES, ...Object.fromEntries(Object.entries(file.replies ?? {}).filter(([, v]) => v != null)) },
  };
}

export const remindersFileSchema = remindersInputSchema.superRefine(checkCrossReferences).transform(toConfig);

/** The shipped plan (SPEC §7), used when a clinic folder has no reminders.yaml. */
export const DEFAULT_REMINDERS_INPUT = {
  quiet_hours: { start: '20:00', end: '08:00' },
  tiers: {
    low: {
      steps: [{ before: '24h', channel: 'whatsapp', template: 'confirmacao' }],
      escalation: { before: '6h' },
    },
    medium: {
      steps: [
        { before: '48h', channel: 'whatsapp', template: 'confirmacao' },
        { before: '24h', channel: 'sms', template: 'confirmacao', condition: 'unconfirmed' },
      ],
      escalation: { before: '12h' },
    },
    high: {
      steps: [
        { before: '72h', channel: 'whatsapp', template: 'confirmacao' },
        { before: '24h', channel: 'whatsapp', template: 'confirmacao', condition: 'unconfirmed' },
        { before: '24h', channel: 'sms', template: 'confirmacao', condition: 'unconfirmed' },
      ],
      escalation: { before: '12h', kind: 'call_task' },
    },
  },
  templates: {
    confirmacao: {
      text: 'Olá, {{patient.first_name}}! Passando para lembrar da sua consulta de {{appointment.service}} na {{clinic.name}}, {{appointment.when}}. Você confirma sua presença? Responda 1 para confirmar, 2 para remarcar ou 3 para cancelar.',
      sms_text: '{{clinic.name}}: lembrete da sua consulta de {{appointment.service}}, {{appointment.when}}. Responda 1 para confirmar, 2 para remarcar ou 3 para cancelar.',
      whatsapp: { name: 'lembrete_consulta', language: 'pt_BR', params: ['{{patient.first_name}}', '{{appointment.service}}', '{{clinic.name}}', '{{appointment.when}}'] },
    },
  },
};

export function defaultRemindersConfig(): RemindersConfig {
  return remindersFileSchema.parse(DEFAULT_REMINDERS_INPUT);
}

export type RemindersFile = z.output<typeof remindersFileSchema>;
