import { FOREIGN_WORDS, PORTUGUESE_WORDS } from './intent-lexicon';

/**
 * True when a message is mostly English or Spanish. The engine reads Brazilian Portuguese only;
 * guessing at "tomorrow at 10am" or "quiero una cita" would put words in a patient's mouth, so such
 * messages get `other` / no date, and the conversation hands them to a human or the LLM.
 */
export function isForeignText(words: string[]): boolean {
  let foreign = 0;
  let pt = 0;
  for (const w of words) {
    if (FOREIGN_WORDS.has(w)) foreign++;
    else if (PORTUGUESE_WORDS.has(w)) pt++;
  }
  return foreign > 0 && foreign >= pt;
}
