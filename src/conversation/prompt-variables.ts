import type { ClinicFlows } from '../flows/clinic-flows';
import { renderPrompt } from '../flows/read-prompts';
import { describeDatePt, localDateOf, weekdayNamePt } from '../lib/clinic-time';

/**
 * The variables prompts/*.md may use (`{{clinic.name}}`, `{{today}}`…), from the clinic file in
 * service. The LLM agent renders its system prompt with these; a test keeps the shipped prompts
 * free of variables this does not fill.
 */
export function promptVariables(flows: ClinicFlows, now: Date): Record<string, unknown> {
  const c = flows.clinic().clinic;
  const today = localDateOf(now, c.timezone);
  return {
    clinic: { name: c.name, address: c.address, phone: c.phone, instagram: c.instagram },
    today: `${weekdayNamePt(today)}, ${describeDatePt(today)} de ${today.slice(0, 4)}`,
    timezone: c.timezone,
  };
}

/** A prompt file rendered for this clinic and moment (unknown variables stay visible). */
export function renderPromptFile(flows: ClinicFlows, name: string, now: Date): string | undefined {
  const text = flows.prompts().files[name];
  return text === undefined ? undefined : renderPrompt(text, promptVariables(flows, now));
}
