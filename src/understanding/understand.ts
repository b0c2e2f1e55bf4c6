import { detectIntent } from './detect-intent';
import { detectTopic, isQuestion } from './detect-topic';
import { extractConditions } from './extract-conditions';
import { extractCpf, extractEmail } from './extract-identifiers';
import { extractBareName, extractName } from './extract-name';
import { extractOption } from './extract-option';
import { localNow } from './local-calendar';
import { compileVocabulary, contentWords, findProfessionals, findServices, type VocabularyMatch } from './match-vocabulary';
import { MAX_TEXT_LENGTH, normalizeText, wordsOnly } from './normalize-text';
import { parseWhenTokens } from './parse-when';
import { tokenize, type Token } from './tokenize';
import type { Intent, ReadContext, Understanding, Vocabulary } from './types';

const NO_VOCABULARY: Vocabulary = { services: [], professionals: [] };

/** The professional's words are the patient's own name ("sou a Ana Paula"). */
function isInsideName(m: VocabularyMatch, tokens: Token[], name: string): boolean {
  const nameWords = new Set(wordsOnly(normalizeText(name)).split(' '));
  return tokens.slice(m.startToken, m.endToken).every((t) => t.kind !== 'word' || nameWords.has(t.text));
}

/** The match is the whole message ("Carla Mendes"): a choice of professional, not a name. */
function coversAllWords(m: VocabularyMatch, tokens: Token[]): boolean {
  for (let k = 0; k < tokens.length; k++) if (tokens[k]!.kind === 'word' && (k < m.startToken || k >= m.endToken)) return false;
  return true;
}

/** Intents that name no service: a generic word ("as consultas") in them is no request for an avaliação. */
const NO_GENERIC_SERVICE = new Set<Intent>(['opt_out', 'data_rights', 'human', 'greeting', 'thanks', 'other']);

/**
 * "das consultas", "os horários", "procedimentos": a generic appointment word in the plural speaks of
 * appointments in general, never of one service.
 */
function isGenericPlural(m: VocabularyMatch, tokens: Token[]): boolean {
  if (!m.weak) return false;
  for (let k = m.startToken; k < m.endToken; k++) {
    const t = tokens[k]!;
    if (t.kind === 'word' && t.text.length > 3 && t.text.endsWith('s')) return true;
  }
  return false;
}

/** Intents in which "a consulta" means the patient's existing appointment, not the avaliação service. */
const APPOINTMENT_INTENTS = new Set<Intent>(['cancel', 'reschedule', 'confirm', 'deny']);

/** Words before "consulta" that make it the patient's own appointment ("minha consulta", "tenho consulta"). */
const POSSESSIVES = new Set(['minha', 'meu', 'sua', 'seu', 'nossa', 'nosso', 'minhas', 'meus', 'essa', 'esta', 'dessa', 'desta', 'nessa', 'nesta', 'tenho', 'tinha', 'marquei', 'agendei']);

function insideAny(m: VocabularyMatch, spans: [number, number][]): boolean {
  return spans.some(([a, b]) => m.start < b && m.end > a);
}

/** "minha consulta": a generic word used for the patient's own appointment. */
function isOwnAppointment(m: VocabularyMatch, tokens: Token[]): boolean {
  if (!m.weak) return false;
  const prev = tokens[m.startToken - 1]?.text ?? '';
  const prev2 = tokens[m.startToken - 2]?.text ?? '';
  return POSSESSIVES.has(prev) || (POSSESSIVES.has(prev2) && (prev === 'a' || prev === 'o' || prev === 'uma' || prev === 'um'));
}

/**
 * Reads one patient message into an intent plus everything the conversation needs from it
 * (service, professional, name, conditions, date/time, option, topic, CPF, e-mail), with no LLM:
 * the deterministic layer that always runs (SPEC §1) and the whole engine when no LLM is set.
 * Never throws; unreadable input is `{ intent: 'other' }`.
 */
export function understand(text: string, ctx: ReadContext, vocabulary: Vocabulary): Understanding {
  try {
    return read(typeof text === 'string' ? text : '', ctx, vocabulary ?? NO_VOCABULARY);
  } catch {
    return { intent: 'other' };
  }
}

function read(input: string, ctx: ReadContext, vocabulary: Vocabulary): Understanding {
  const raw = input.length > MAX_TEXT_LENGTH ? input.slice(0, MAX_TEXT_LENGTH) : input;
  const normalized = normalizeText(raw);
  const wordText = wordsOnly(normalized);
  if (wordText === '') return { intent: 'other' };
  const words = wordText.split(' ');
  const tokens = tokenize(normalized);

  const when = parseWhenTokens(tokens, localNow(ctx?.now, ctx?.tz));
  const conditions = extractConditions(normalized, raw);
  let name = extractName(raw);
  const cpf = extractCpf(raw);
  const email = extractEmail(raw);
  const option = extractOption(words);

  const compiled = compileVocabulary(vocabulary);
  const cw = contentWords(tokens);
  const services = findServices(compiled, cw, tokens).filter(
    (m) => !insideAny(m, conditions.spans) && !isOwnAppointment(m, tokens) && !isGenericPlural(m, tokens),
  );
  const professionals = findProfessionals(compiled, cw, tokens).filter((m) => !insideAny(m, conditions.spans));

  // a reply that is only a name ("Maria Silva"), when its words name nothing else
  if (!name && !when && services.length === 0 && conditions.mentioned.length === 0 && !professionals.some((m) => coversAllWords(m, tokens))) {
    name = extractBareName(raw);
  }
  const keptProfessionals = name ? professionals.filter((m) => !isInsideName(m, tokens, name!)) : professionals;
  const question = isQuestion(normalized);
  const topic = detectTopic(normalized, {
    hasService: services.length > 0,
    mentionsCondition: conditions.mentioned.length > 0,
    question,
  });
  const intent = detectIntent({
    text: normalized,
    words,
    hasService: services.length > 0,
    hasProfessional: keptProfessionals.length > 0,
    conditions,
    when,
    topic,
    question,
    name,
    cpf,
    email,
    option,
  });

  const usable = APPOINTMENT_INTENTS.has(intent) || NO_GENERIC_SERVICE.has(intent) ? services.filter((m) => !m.weak) : services;
  const service = (usable.find((m) => !m.weak) ?? usable[0])?.id;

  const out: Understanding = { intent };
  // a foreign, injected or meaningless message carries nothing the conversation should act on
  if (intent === 'other' && !name && !cpf && !email && conditions.conditions === undefined) return out;
  if (service) out.service = service;
  if (keptProfessionals[0]) out.professional = keptProfessionals[0].id;
  if (name) out.name = name;
  if (conditions.conditions !== undefined) out.conditions = conditions.conditions;
  if (conditions.mentioned.length > 0) out.mentionedConditions = conditions.mentioned;
  if (when) out.when = when;
  if (option !== undefined) out.option = option;
  if (topic && intent === 'ask_info') out.topic = topic;
  if (cpf) out.cpf = cpf;
  if (email) out.email = email;
  return out;
}
