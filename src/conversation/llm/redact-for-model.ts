import type { ClinicFile } from '../../flows/clinic-schema';
import { redactPii } from '../../lib/redact-pii';

/** Ids and instants the tools hand the model: never personal data, and digit runs a phone pattern would eat. */
const PROTECTED = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b/gi;

export interface ModelRedactor {
  /** Patient-originated text, the conversation so far, tool results: identifiers and the patient's names. */
  (text: string): string;
  /** Texts the system writes (the owner's prompt, the turn context): identifiers only — a name word
   * like "Paciente" would otherwise be masked in every sentence of the prompt. */
  identifiersOnly(text: string): string;
}

/**
 * The one gate every text passes before it is sent to an LLM: CPF, e-mail, phone numbers and the
 * patient's names become placeholders (SPEC §1). Name words that are also the clinic's own names
 * (a professional called Ana, a patient called Ana) stay, so the catalog still reads; appointment
 * ids and ISO dates are kept whole so tools can be called back with them.
 */
export function modelRedactor(clinic: ClinicFile, knownNames: (string | null | undefined)[]): ModelRedactor {
  const clinicWords = new Set(
    [clinic.clinic.name, ...clinic.professionals.flatMap((p) => [p.name, ...p.aliases]), ...clinic.services.map((s) => s.name)]
      .flatMap((n) => n.toLowerCase().split(/[^\p{L}]+/u))
      .filter(Boolean),
  );
  const names = knownNames
    .flatMap((n) => (n ?? '').split(/\s+/))
    .map((w) => w.replace(/[^\p{L}'-]/gu, ''))
    .filter((w) => w.length >= 3 && !clinicWords.has(w.toLowerCase()));
  const nameList = [names.join(' ')];
  // The patient's full names are masked as phrases before words: "Fernanda Lima" goes even though
  // "Lima" is also Dr. Bruno Lima's name and stays masked-free on its own.
  const fullNames = knownNames.filter((n): n is string => !!n && n.trim().includes(' '));
  const redact = (text: string, knownNames: string[], full: string[]) => {
    const kept: string[] = [];
    const shielded = text.replace(PROTECTED, (m) => `\u0000${kept.push(m) - 1}\u0000`);
    return redactPii(shielded, { knownNames, fullNames: full }).replace(/\u0000(\d+)\u0000/g, (_m, i: string) => kept[Number(i)] ?? '');
  };
  return Object.assign((text: string) => redact(text, nameList, fullNames), { identifiersOnly: (text: string) => redact(text, [], []) });
}
