import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * flows/booking.yaml: the booking conversation an owner shapes without code — which steps, in
 * which order, how many options, the LGPD consent texts (with their versions, stored as evidence
 * with each answer) and every sentence the bot says while booking, rescheduling or cancelling.
 * Every key is optional: a missing one falls back to the default below.
 */

export const BOOKING_STEPS = ['service', 'professional', 'when', 'offer', 'consent', 'screening', 'reminders', 'confirm'] as const;
export type BookingStep = (typeof BOOKING_STEPS)[number];

/** Variables every text may use. */
export const COMMON_TEXT_VARIABLES = ['clinic.name', 'clinic.address', 'clinic.phone', 'patient.first_name'] as const;

/** Default texts and the variables each one may use (`{{service}}`, `{{options}}`…). */
export const BOOKING_TEXTS = {
  ask_service: {
    vars: ['services'],
    text: 'Claro! Qual procedimento você gostaria de agendar?\n\n{{services}}\n\nPode responder com o número ou o nome 🙂',
  },
  ask_professional: {
    vars: ['service', 'professionals'],
    text: 'Tem preferência de profissional para *{{service}}*?\n\n{{professionals}}\n\nResponda com o número, ou *tanto faz*.',
  },
  ask_when: {
    vars: ['service'],
    text: 'Para *{{service}}*, qual dia e horário ficam melhor pra você? Pode ser algo como "amanhã à tarde" ou "sexta de manhã" 🗓️',
  },
  offer: {
    vars: ['service', 'options'],
    text: 'Tenho estes horários para *{{service}}*:\n\n{{options}}\n\nQual prefere? É só responder com o número 🙂',
  },
  offer_nearest: {
    vars: ['service', 'options', 'preference'],
    text: 'Para {{preference}} não tenho vaga 😕 Os horários mais próximos para *{{service}}* são:\n\n{{options}}\n\nAlgum deles serve? Responda com o número.',
  },
  no_slots: {
    vars: ['service'],
    text: 'Poxa, não encontrei horários livres para *{{service}}* na nossa agenda aberta 😕 Se quiser, diga "falar com a equipe" que alguém da recepção te ajuda.',
  },
  slot_taken: {
    vars: ['options'],
    text: 'Ah, que pena! Esse horário acabou de ser reservado por outra pessoa 😕 Ainda tenho estes:\n\n{{options}}\n\nQual prefere?',
  },
  slot_taken_held: {
    vars: ['service', 'slot', 'professional'],
    text: 'Ah, que pena! Esse horário acabou de ser reservado por outra pessoa 😕 Separei o horário livre mais próximo pra você: *{{slot}}* com {{professional}}.',
  },
  hold_lost: {
    vars: ['options'],
    text: 'Desculpe, enquanto conversávamos o horário escolhido foi ocupado 😕 Tenho estes outros:\n\n{{options}}\n\nQual prefere?',
  },
  pick_unclear: {
    vars: ['options', 'count'],
    text: 'Não consegui identificar qual horário você escolheu. Responda com o número (de 1 a {{count}}):\n\n{{options}}',
  },
  held: {
    vars: ['service', 'slot', 'professional'],
    text: 'Ótimo, separei *{{slot}}* com {{professional}} pra você ✨',
  },
  consent_refused: {
    vars: [],
    text: 'Tudo bem, respeito sua decisão 💛 Sem essa autorização eu não consigo fazer a triagem de segurança por aqui.\n\nQuer que alguém da nossa equipe te ligue para seguir com o agendamento? Responda *sim* ou *não*.',
  },
  consent_refused_call: {
    vars: [],
    text: 'Combinado! Pedi para nossa equipe entrar em contato com você por aqui ou por telefone. Até já! 😊',
  },
  consent_refused_no_call: {
    vars: [],
    text: 'Sem problemas! Se mudar de ideia, é só me chamar aqui 💛',
  },
  consent_unclear: {
    vars: [],
    text: 'Só pra eu registrar certinho: você *autoriza* o uso dos seus dados de saúde para a triagem e o agendamento? Responda *sim* ou *não*.',
  },
  reminders_unclear: {
    vars: [],
    text: 'Quer receber lembretes da consulta por WhatsApp ou SMS? Responda *sim* ou *não*.',
  },
  summary: {
    vars: ['service', 'slot', 'professional', 'price'],
    text: 'Confere pra mim:\n\n💆 *{{service}}*\n📅 {{slot}}\n👩‍⚕️ {{professional}}\n💰 {{price}}\n📍 {{clinic.address}}\n\nPosso confirmar? Responda *sim* para confirmar ou *não* para escolher outro horário.',
  },
  booked: {
    vars: ['service', 'slot', 'professional'],
    text: 'Prontinho, agendado! ✅\n\n*{{service}}* — {{slot}} com {{professional}}.\n\nSe precisar remarcar ou cancelar, é só me chamar aqui. Até lá! 💛',
  },
  booking_declined: {
    vars: [],
    text: 'Sem problemas! Qual outro dia ou horário fica bom pra você? 🙂',
  },
  booking_abandoned: {
    vars: [],
    text: 'Tudo bem, deixei esse agendamento de lado. Se quiser retomar, é só me chamar 💛',
  },
  resume: {
    vars: [],
    text: 'Voltando ao seu agendamento 👇',
  },
  no_appointments: {
    vars: [],
    text: 'Não encontrei nenhum agendamento futuro no seu número. Quer marcar um horário? É só me dizer o procedimento 🙂',
  },
  pick_appointment: {
    vars: ['appointments'],
    text: 'Encontrei estes agendamentos:\n\n{{appointments}}\n\nDe qual deles estamos falando? Responda com o número.',
  },
  confirm_cancel: {
    vars: ['service', 'slot'],
    text: 'Quer mesmo cancelar *{{service}}* de {{slot}}? Responda *sim* para cancelar ou *não* para manter.',
  },
  cancelled: {
    vars: ['service', 'slot'],
    text: 'Pronto, cancelei *{{service}}* de {{slot}} ✅\n\nSe quiser marcar outro dia, é só me dizer quando fica bom 🙂',
  },
  cancel_kept: {
    vars: [],
    text: 'Combinado, mantive seu agendamento 😊',
  },
  reschedule_when: {
    vars: ['service', 'slot'],
    text: 'Seu agendamento de *{{service}}* está marcado para {{slot}}. Para quando você quer remarcar? 🗓️',
  },
  confirm_reschedule: {
    vars: ['service', 'old_slot', 'slot', 'professional'],
    text: 'Confere pra mim: remarcar *{{service}}* de {{old_slot}} para *{{slot}}* com {{professional}}?\n\nResponda *sim* para confirmar ou *não* para escolher outro horário.',
  },
  rescheduled: {
    vars: ['service', 'slot', 'professional'],
    text: 'Remarcado! ✅\n\n*{{service}}* — {{slot}} com {{professional}}. Até lá! 💛',
  },
} as const satisfies Record<string, { vars: readonly string[]; text: string }>;

export type BookingTextKey = keyof typeof BOOKING_TEXTS;

export const DEFAULT_HEALTH_CONSENT =
  '🔒 *Autorização para uso de dados de saúde (LGPD)*\n\n' +
  'Para agendar com segurança, preciso te fazer algumas perguntas sobre saúde (como gestação, alergias e medicamentos). ' +
  'A {{clinic.name}} usa essas respostas *somente* para a triagem de segurança e para o seu agendamento; elas ficam protegidas e só a equipe da clínica tem acesso. ' +
  'Você pode revogar essa autorização quando quiser.\n\n' +
  '*Você autoriza o uso dos seus dados de saúde para essa finalidade?* Responda *sim* ou *não*.';

export const DEFAULT_REMINDERS_CONSENT =
  '📲 Quer receber lembretes desta consulta por WhatsApp ou SMS? Usamos seu número só para isso, e você pode parar quando quiser respondendo *parar*.\n\nResponda *sim* ou *não*.';

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;

/** Variables used in a text that are not in `allowed` (owners see them as `file:line` problems). */
export function unknownVariables(text: string, allowed: readonly string[]): string[] {
  const ok = new Set<string>([...COMMON_TEXT_VARIABLES, ...allowed]);
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((v) => !ok.has(v));
}

/** A text whose `{{variables}}` are checked against the ones the bot fills for it. */
export function textSchema(allowed: readonly string[], fallback: string) {
  return z
    .string()
    .trim()
    .min(1, 'write a text (or remove the key to use the default)')
    .superRefine((text, ctx) => {
      const bad = unknownVariables(text, allowed);
      if (bad.length) {
        const known = [...allowed, ...COMMON_TEXT_VARIABLES].map((v) => `{{${v}}}`).join(', ');
        ctx.addIssue({ code: 'custom', message: `unknown variable ${bad.map((b) => `{{${b}}}`).join(', ')} (this text can use ${known})` });
      }
    })
    .default(fallback);
}

const consentSchema = (fallback: string) =>
  z
    .object({
      /** Bump when the meaning changes; the stored evidence also carries a hash of the exact text. */
      version: z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1)).default('1'),
      text: textSchema([], fallback),
    })
    .strict();

const textsSchema = z
  .object(
    Object.fromEntries(Object.entries(BOOKING_TEXTS).map(([k, d]) => [k, textSchema(d.vars, d.text)])) as {
      [K in BookingTextKey]: ReturnType<typeof textSchema>;
    },
  )
  .strict();

export const bookingFileSchema = z
  .object({
    /** The order of the booking conversation. */
    steps: z
      .array(z.enum(BOOKING_STEPS, { message: `a step is one of: ${BOOKING_STEPS.join(', ')}` }))
      .default([...BOOKING_STEPS])
      .superRefine((steps, ctx) => {
        const at = (s: BookingStep) => steps.indexOf(s);
        for (const s of ['service', 'offer', 'consent', 'screening', 'confirm'] as const) {
          if (at(s) < 0) ctx.addIssue({ code: 'custom', message: `the step "${s}" is required` });
        }
        if (new Set(steps).size !== steps.length) ctx.addIssue({ code: 'custom', message: 'a step is listed twice' });
        const before = (a: BookingStep, b: BookingStep, why: string) => {
          if (at(a) >= 0 && at(b) >= 0 && at(a) > at(b)) ctx.addIssue({ code: 'custom', message: `"${a}" must come before "${b}" (${why})` });
        };
        before('service', 'offer', 'slots depend on the procedure');
        before('professional', 'offer', 'slots depend on the professional');
        before('when', 'offer', 'slots depend on the preference');
        before('consent', 'screening', 'LGPD: consent before any health question');
        for (const s of ['offer', 'consent', 'screening', 'reminders'] as const) before(s, 'confirm', 'the patient confirms last, after everything else');
      }),
    professional: z
      .object({
        /** never: only when the patient names one · when_several: if more than one performs the service · always */
        ask: z.enum(['never', 'when_several', 'always']).default('never'),
      })
      .strict()
      .prefault({}),
    when: z
      .object({
        /** false: offer the soonest slots without asking for a preference. */
        ask: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    offer: z
      .object({
        /** How many numbered options one offer lists. */
        max_options: z.number().int().min(1).max(5).default(3),
        /** Options of one offer are at least this far apart (or on different days). */
        min_gap_minutes: z.number().int().min(0).max(600).default(60),
      })
      .strict()
      .prefault({}),
    consent: z
      .object({
        /** LGPD art. 11, I: specific and highlighted consent for health data (screening and booking). */
        health_data: consentSchema(DEFAULT_HEALTH_CONSENT).prefault({}),
        /** Separate opt-in for reminders by WhatsApp/SMS. */
        reminders: consentSchema(DEFAULT_REMINDERS_CONSENT).prefault({}),
      })
      .strict()
      .prefault({}),
    texts: textsSchema.prefault({}),
  })
  .strict();

export type BookingFile = z.output<typeof bookingFileSchema>;
export type ConsentPurpose = 'health_data' | 'reminders';

/** The defaults, for a clinic folder without booking.yaml. */
export function defaultBookingFile(): BookingFile {
  return bookingFileSchema.parse({});
}

/**
 * The text version stored with a consent answer: the owner's version label plus a hash of the
 * exact words shown, so the evidence identifies the text even if someone forgot to bump it.
 */
export function consentTextVersion(consent: { version: string; text: string }): string {
  return `${consent.version}#${createHash('sha256').update(consent.text).digest('hex').slice(0, 8)}`;
}
