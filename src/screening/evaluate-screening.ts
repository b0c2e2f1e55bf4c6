import type { ServiceScreeningRules } from '../flows/screening-schema';
import type { Condition } from '../understanding/types';

export type ScreeningOutcome = 'clear' | 'block' | 'consult';

export interface ScreeningVerdict {
  outcome: ScreeningOutcome;
  /** Affirmed conditions that block this service. */
  blocking: Condition[];
  /** Affirmed conditions that call for an avaliação first. */
  consulting: Condition[];
}

/**
 * Applies a service's rules to the conditions a patient affirmed. `block` outranks `consult`;
 * conditions the service has no rule for do not change the outcome (they are still recorded).
 * Pure, so the rule table is testable line by line.
 */
export function evaluateScreening(rules: Pick<ServiceScreeningRules, 'block' | 'consult'>, conditions: readonly Condition[]): ScreeningVerdict {
  const blocking = conditions.filter((c) => rules.block.includes(c));
  const consulting = conditions.filter((c) => rules.consult.includes(c));
  const outcome: ScreeningOutcome = blocking.length ? 'block' : consulting.length ? 'consult' : 'clear';
  return { outcome, blocking, consulting };
}
