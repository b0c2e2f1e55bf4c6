import type { Bench } from './types';

/** Every benchmark `npm run bench` runs, in order. Modules are imported lazily. */
export const BENCHES: Record<string, () => Promise<{ run: Bench }>> = {
  floors: () => import('./floors'),
  availability: () => import('./availability'),
  understand: () => import('./understand'),
  webhook: () => import('./webhook'),
  conversation: () => import('./conversation'),
  reminders: () => import('./reminders'),
  llm: () => import('./llm'),
};
