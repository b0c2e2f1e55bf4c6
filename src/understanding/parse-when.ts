import { isForeignText } from './detect-language';
import { localNow, type LocalNow } from './local-calendar';
import { normalizeText } from './normalize-text';
import { resolveWhen } from './resolve-when';
import { scanWhen } from './scan-when';
import { tokenize, type Token } from './tokenize';
import type { ReadContext, WhenResult } from './types';

/**
 * Reads the date/time a patient means (SPEC §6) from free pt-BR text: "amanhã às 10h", "sexta que
 * vem de tarde", "dia 5", "depois das 17h". Deterministic and forward-only, resolved in the clinic's
 * timezone against the message's own timestamp; null when the text holds nothing temporal (ages,
 * prices, phone numbers and option numbers included). Never throws.
 */
export function parseWhen(text: string, ctx: ReadContext): WhenResult | null {
  try {
    const tokens = tokenize(normalizeText(text));
    if (isForeignText(tokens.filter((t) => t.kind === 'word').map((t) => t.text))) return null;
    return parseWhenTokens(tokens, localNow(ctx?.now, ctx?.tz));
  } catch {
    return null;
  }
}

/** Same, on tokens the caller already has (the understanding engine tokenizes once). */
export function parseWhenTokens(tokens: Token[], now: LocalNow): WhenResult | null {
  if (tokens.length === 0) return null;
  return resolveWhen(scanWhen(tokens), now);
}
