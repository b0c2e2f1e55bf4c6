import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import type { Env } from '../../config/env';

/** The agent runs when a key or a base URL is set (SPEC §2); otherwise the deterministic engine alone. */
export function llmConfigured(env: Pick<Env, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>): boolean {
  return Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL);
}

/**
 * ChatOpenAI for any OpenAI-compatible chat-completions server (OpenAI, vLLM, Ollama): the
 * configured model, key and base URL, LLM_TIMEOUT_MS per call and no retries — a slow or failing
 * model is the deterministic engine's cue, not something to wait out. A local server without
 * keys still needs a non-empty one for the client.
 */
export function createChatModel(env: Pick<Env, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'LLM_TIMEOUT_MS'>): BaseChatModel {
  return new ChatOpenAI({
    model: env.OPENAI_MODEL,
    apiKey: env.OPENAI_API_KEY ?? 'not-needed',
    configuration: env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {},
    timeout: env.LLM_TIMEOUT_MS,
    maxRetries: 0,
    temperature: 0,
    streaming: false,
  });
}
