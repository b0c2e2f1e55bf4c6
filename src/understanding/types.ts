/**
 * What the deterministic pt-BR engine reads from one patient message. The shape is the public
 * contract of `atende when` / `atende understand` (SPEC §3) plus a few fields the conversation
 * engine uses in context (`option`, `topic`, `cpf`, `email`).
 */

export type Period = 'morning' | 'afternoon' | 'evening';

/** Dates are YYYY-MM-DD and times HH:MM (24 h), in the clinic's timezone. */
export interface WhenResult {
  date?: string;
  time?: string;
  period?: Period;
  /** A span of days, inclusive ("semana que vem", "mês que vem"). */
  from?: string;
  to?: string;
  /** "depois das 17h" / "a partir das 14" */
  after?: string;
  /** "antes das 10" / "até as 12" */
  before?: string;
}

export const INTENTS = [
  'book',
  'reschedule',
  'cancel',
  'confirm',
  'deny',
  'ask_price',
  'ask_info',
  'human',
  'opt_out',
  'data_rights',
  'greeting',
  'thanks',
  'inform',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];

export const CONDITIONS = [
  'gestante',
  'amamentando',
  'doenca_neuromuscular',
  'alergia_toxina',
  'alergia_lidocaina',
  'autoimune',
  'anticoagulante',
  'herpes_ativo',
  'isotretinoina',
  'queloide',
  'exposicao_solar',
  'infeccao_local',
] as const;
export type Condition = (typeof CONDITIONS)[number];

/** What an `ask_info` question is about, so the bot answers from the clinic file only. */
export type InfoTopic =
  | 'address'
  | 'hours'
  | 'payment'
  | 'insurance'
  | 'parking'
  | 'contact'
  | 'services'
  | 'professionals'
  | 'service_info'
  /** A health/medical question: never answered by the bot, referred to the professional. */
  | 'medical';

export interface Understanding {
  intent: Intent;
  /** Catalog service id. */
  service?: string;
  /** Catalog professional id. */
  professional?: string;
  /** The patient's own name ("meu nome é…", "sou a…"). */
  name?: string;
  /**
   * Health conditions the patient affirms. `[]` means the patient explicitly said none
   * ("não tenho nenhuma"); absent means the message said nothing about health.
   */
  conditions?: Condition[];
  /**
   * Every condition the message names, affirmed or negated ("grávida não" names gestante). A
   * screening reads an answer as "none" only when this agrees, never on a bare "não" that also
   * names a condition.
   */
  mentionedConditions?: Condition[];
  when?: WhenResult | null;
  /** A numbered choice: "2", "opção 2", "a primeira", "a segunda opção". */
  option?: number;
  topic?: InfoTopic;
  cpf?: string;
  email?: string;
}

/** The parts of the clinic file the engine reads; owners extend synonyms and aliases there. */
export interface Vocabulary {
  services: { id: string; name: string; synonyms: string[] }[];
  professionals: { id: string; name: string; aliases: string[] }[];
}

export interface ReadContext {
  /** The message's own timestamp. */
  now: Date;
  /** IANA timezone of the clinic. @defaultValue America/Sao_Paulo */
  tz?: string;
}
