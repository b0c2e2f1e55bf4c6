import { z } from 'zod';
import { CONDITIONS, type Condition } from '../understanding/types';
import type { ClinicFile } from './clinic-schema';
import { textSchema } from './booking-schema';

/**
 * flows/screening.yaml: the contraindication screening — which conditions the bot asks about
 * for each service, which ones block the booking and which call for an avaliação first, how each
 * condition is named to the patient, and the words used. Conditions are the fixed vocabulary the
 * understanding engine recognizes in free text (SPEC §5). Demo data, not medical advice: the
 * clinic's professionals own these rules.
 */

export const DEFAULT_CONDITION_LABELS: Record<Condition, string> = {
  gestante: 'gravidez (ou suspeita)',
  amamentando: 'amamentação',
  doenca_neuromuscular: 'doença neuromuscular (ex.: miastenia)',
  alergia_toxina: 'alergia à toxina botulínica',
  alergia_lidocaina: 'alergia a anestésico (lidocaína)',
  autoimune: 'doença autoimune (ex.: lúpus)',
  anticoagulante: 'uso de anticoagulante ou AAS',
  herpes_ativo: 'herpes ativo',
  isotretinoina: 'uso de isotretinoína (Roacutan) nos últimos 6 meses',
  queloide: 'tendência a queloide',
  exposicao_solar: 'exposição ao sol recente ou pele bronzeada',
  infeccao_local: 'infecção, inflamação ou ferida na região',
};

export const SCREENING_TEXTS = {
  question: {
    vars: ['service', 'conditions'],
    text: 'Agora, umas perguntinhas de segurança para *{{service}}* 🩺\n\nVocê tem ou está em alguma destas situações?\n\n{{conditions}}\n\nResponda *não* se nenhuma, ou me diga quais.',
  },
  ask_which: {
    vars: ['conditions'],
    text: 'Obrigada por me contar. Qual ou quais delas?\n\n{{conditions}}\n\nPode escrever com suas palavras 🙂',
  },
  unclear: {
    vars: ['conditions'],
    text: 'Desculpe, não entendi bem. Você tem alguma destas situações?\n\n{{conditions}}\n\nResponda *não* se nenhuma, ou me diga quais.',
  },
  block: {
    vars: ['service', 'reasons'],
    text: 'Obrigada por me contar 💛 Por segurança, não realizamos *{{service}}* em caso de {{reasons}}, então não vou agendar esse procedimento agora.\n\nPosso te ajudar de outra forma:\n1. Agendar uma *consulta de avaliação* com a profissional\n2. Falar com alguém da nossa equipe',
  },
  consult: {
    vars: ['service', 'reasons'],
    text: 'Obrigada por me contar 💛 Em caso de {{reasons}}, o ideal é a profissional avaliar você antes de *{{service}}*.\n\nComo prefere seguir?\n1. Agendar uma *consulta de avaliação* primeiro\n2. Falar com alguém da nossa equipe',
  },
  choice_unclear: {
    vars: [],
    text: 'Como prefere seguir? Responda *1* para agendar uma consulta de avaliação ou *2* para falar com alguém da nossa equipe.',
  },
  declined: {
    vars: [],
    text: 'Tudo bem! Se precisar de algo, é só me chamar aqui 💛',
  },
} as const satisfies Record<string, { vars: readonly string[]; text: string }>;

export type ScreeningTextKey = keyof typeof SCREENING_TEXTS;

const condition = z.enum(CONDITIONS, { message: `a condition is one of: ${CONDITIONS.join(', ')}` });

const serviceRulesSchema = z
  .object({
    /** Do not book; explain kindly and offer an avaliação or a staff contact. */
    block: z.array(condition).default([]),
    /** Book only an avaliação first, or hand to staff. */
    consult: z.array(condition).default([]),
    /** Ask about these too, without a rule (recorded with the answers). */
    ask: z.array(condition).default([]),
    /** This service's own question (variables as in texts.question). */
    question: textSchema(SCREENING_TEXTS.question.vars, SCREENING_TEXTS.question.text).optional(),
  })
  .strict()
  .superRefine((rules, ctx) => {
    for (const c of rules.block) {
      if (rules.consult.includes(c)) ctx.addIssue({ code: 'custom', path: ['consult'], message: `"${c}" is both in block and consult; keep it in one` });
    }
  });

export const screeningFileSchema = z
  .object({
    /** How each condition is named to the patient. */
    conditions: z
      .object(Object.fromEntries(CONDITIONS.map((c) => [c, z.string().trim().min(1).default(DEFAULT_CONDITION_LABELS[c])])) as Record<Condition, z.ZodDefault<z.ZodString>>)
      .strict()
      .prefault({}),
    texts: z
      .object(
        Object.fromEntries(Object.entries(SCREENING_TEXTS).map(([k, d]) => [k, textSchema(d.vars, d.text)])) as {
          [K in ScreeningTextKey]: ReturnType<typeof textSchema>;
        },
      )
      .strict()
      .prefault({}),
    /** Service id (from clinic.yaml) → rules. A service with no rules needs `id: {}`. */
    services: z.record(z.string(), serviceRulesSchema.prefault({}).nullable().transform((v) => v ?? serviceRulesSchema.parse({}))).default({}),
  })
  .strict();

export type ScreeningFile = z.output<typeof screeningFileSchema>;
export type ServiceScreeningRules = ScreeningFile['services'][string];

/** The rules used when a clinic folder has no screening.yaml: every service screened cautiously. */
export function defaultScreeningFile(): ScreeningFile {
  return screeningFileSchema.parse({});
}

/** A reference to check against clinic.yaml: where it is in the file, and what is wrong. */
export interface ReferenceProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Cross-file checks: every service named in screening.yaml exists in clinic.yaml, and every
 * active service of clinic.yaml has rules (an owner adding a procedure must decide its screening).
 */
export function screeningReferences(file: ScreeningFile, clinic: ClinicFile): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const known = new Set(clinic.services.map((s) => s.id));
  for (const id of Object.keys(file.services)) {
    if (!known.has(id)) problems.push({ path: ['services', id], message: `unknown service "${id}" (not in clinic.yaml)` });
  }
  for (const s of clinic.services) {
    if (s.active !== false && !(s.id in file.services)) {
      problems.push({ path: ['services'], message: `service "${s.id}" from clinic.yaml has no screening rules (add "${s.id}: {}" if it needs none)` });
    }
  }
  return problems;
}

/**
 * The rules for a service. A service the file does not list gets the cautious default: ask about
 * every condition, and any condition affirmed means an avaliação first.
 */
export function rulesFor(file: ScreeningFile, serviceId: string): ServiceScreeningRules & { listed: boolean } {
  const rules = file.services[serviceId];
  if (rules) return { ...rules, listed: true };
  return { block: [], consult: [...CONDITIONS], ask: [], listed: false };
}

/** The conditions asked for a service, in the order block, consult, ask. */
export function askedConditions(rules: ServiceScreeningRules): Condition[] {
  return [...new Set([...rules.block, ...rules.consult, ...rules.ask])];
}
