import type { Env } from '../config/env';
import type { JobQueue } from '../jobs/job-queue';
import type { Clock } from '../lib/clock';
import { loadEncryptor, type Encryptor } from '../lib/crypto';
import type { EventBus } from '../lib/event-bus';
import type { Logger } from '../lib/logger';
import type { TurnHandler } from '../pipeline/turn-handler';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { composeSteps, type NamedTurnStep, type TurnStep } from './compose-steps';
import { runFlowEngine } from './engine/run-engine';
import { createChatModel, llmConfigured } from './llm/create-chat-model';
import { createLlmAgent, type LlmMetrics } from './llm/llm-agent';

export interface TurnHandlerDeps {
  env: Env;
  logger: Logger;
  clock: Clock;
  bus: EventBus;
  jobs: JobQueue;
  /** Field encryption (screening answers). @defaultValue from ENCRYPTION_KEYS / DATA_DIR */
  crypto?: Encryptor;
  /**
   * Chain slot for replies to reminders ("sim", "1", "quero remarcar" answering a reminder), run
   * before the flow engine: `handleReminderReply(ctx, deps)` from src/reminders/. Returns null
   * when the message is not a reminder reply. @defaultValue none (every message goes to the engine)
   */
  reminderReplies?: TurnStep;
  /** LLM counters (calls by outcome, tokens by kind). @defaultValue none */
  metrics?: LlmMetrics;
  /**
   * The LLM agent's model and routing. @defaultValue ChatOpenAI from OPENAI_* when OPENAI_API_KEY
   * or OPENAI_BASE_URL is set, else no agent; routing `auto`. Tests and benchmarks pass a scripted
   * `fakeModel()`; `routing: 'always'` sends every message to the model.
   */
  llm?: { model?: BaseChatModel; routing?: 'auto' | 'always' };
}

/**
 * The conversation brain used by the service: a small chain — reminder replies first, then the
 * deterministic flow engine (flows/booking.yaml + flows/screening.yaml over the tool layer).
 * With an LLM configured the agent sits in front of the engine: it takes the messages that need
 * it (free text, questions) and leaves structured replies to the engine, which also answers
 * whenever the model fails.
 */
export function createTurnHandler(deps: TurnHandlerDeps): TurnHandler {
  const crypto = deps.crypto ?? loadEncryptor(deps.env, deps.logger);
  const model = deps.llm?.model ?? (llmConfigured(deps.env) ? createChatModel(deps.env) : undefined);
  const agent: NamedTurnStep[] = model
    ? [
        {
          name: 'llm-agent',
          run: createLlmAgent({ model, modelName: deps.llm?.model ? undefined : deps.env.OPENAI_MODEL, engine: { bus: deps.bus, crypto }, timeoutMs: deps.env.LLM_TIMEOUT_MS, routing: deps.llm?.routing, metrics: deps.metrics }),
          required: false,
        },
      ]
    : [];
  return composeSteps(
    [
      { name: 'reminder-reply', run: deps.reminderReplies ?? (async () => null), required: false },
      ...agent,
      { name: 'flow-engine', run: (ctx) => runFlowEngine(ctx, { bus: deps.bus, crypto }) },
    ],
    deps.logger,
  );
}
