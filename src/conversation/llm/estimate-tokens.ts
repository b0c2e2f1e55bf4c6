import type { BaseMessage } from '@langchain/core/messages';

/**
 * A token count for when the model does not report usage (scripted models, some local servers):
 * about four characters per token for Portuguese text and JSON with the o200k/cl100k tokenizers,
 * plus a few tokens of framing per message. Reported usage always wins over this.
 */
export function estimateTokens(messages: BaseMessage[], toolsJson: string): number {
  let chars = toolsJson.length;
  for (const m of messages) {
    chars += typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content).length;
    const calls = (m as { tool_calls?: unknown[] }).tool_calls;
    if (calls?.length) chars += JSON.stringify(calls).length;
  }
  return Math.ceil(chars / 4) + messages.length * 4;
}
