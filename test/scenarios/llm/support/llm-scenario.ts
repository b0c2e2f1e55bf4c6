import { join } from 'node:path';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { FixedClock } from '../../../../src/lib/clock';
import { startTestApp } from '../../../support/test-app';
import { SCENARIO_START, ScenarioPatient, type Scenario } from '../../support/scenario';

/**
 * The conversation engineer's scenarios (signed webhook, real pipeline, real Postgres, the Graph
 * API stub) with the LLM agent in the chain: a scripted model, or ChatOpenAI pointed at a local
 * stub through `env` (OPENAI_BASE_URL…).
 */
export async function startLlmScenario(options: { model?: BaseChatModel; routing?: 'auto' | 'always'; env?: Record<string, string>; at?: string } = {}): Promise<Scenario> {
  const clock = new FixedClock(new Date(options.at ?? SCENARIO_START));
  const flowsDir = join(process.cwd(), 'flows');
  const app = await startTestApp({
    kind: 'postgres',
    clock,
    env: { FLOWS_DIR: flowsDir, ...options.env },
    appOptions: { llm: { model: options.model, routing: options.routing } },
  });
  return {
    app,
    clock,
    db: app.t.database.db,
    flowsDir,
    patient: (phone) => new ScenarioPatient(app, clock, phone),
    stop: () => app.stop(),
  };
}
