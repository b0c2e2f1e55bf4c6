import { startScriptedServer, type Stub, type StubStep } from './scripted-server';

export interface ChatRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: { role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }[];
    tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
    [k: string]: unknown;
  };
  raw: string;
}

export type OpenAiStub = Stub<ChatRequest>;

let seq = 0;

/** A chat.completion answer with plain content, as OpenAI shapes it. */
export function completion(content: string, usage = { prompt_tokens: 100, completion_tokens: 20 }): StubStep {
  return { status: 200, body: chatBody({ role: 'assistant', content }, 'stop', usage) };
}

/** A chat.completion answer asking for tool calls. */
export function toolCalls(calls: { name: string; args: Record<string, unknown> }[], usage = { prompt_tokens: 120, completion_tokens: 30 }): StubStep {
  return {
    status: 200,
    body: chatBody(
      {
        role: 'assistant',
        content: null,
        tool_calls: calls.map((c) => ({ id: `call_${++seq}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
      },
      'tool_calls',
      usage,
    ),
  };
}

function chatBody(message: Record<string, unknown>, finish: string, usage: { prompt_tokens: number; completion_tokens: number }) {
  return {
    id: `chatcmpl-stub-${++seq}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'gpt-4o-mini-stub',
    choices: [{ index: 0, message, logprobs: null, finish_reason: finish }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

/**
 * Speaks OpenAI's chat-completions protocol on 127.0.0.1 (`POST /v1/chat/completions`), answering
 * from a script of completions and tool calls, recording every request (messages and tools) so
 * tests can check what was sent — e.g. that no CPF, e-mail or phone ever left.
 */
export async function startOpenAiStub(): Promise<OpenAiStub> {
  return startScriptedServer<ChatRequest>({
    record: (raw) => {
      let body: ChatRequest['body'] = {};
      try {
        body = JSON.parse(raw.body) as ChatRequest['body'];
      } catch {
        /* recorded as empty */
      }
      const auth = raw.headers.authorization;
      return { method: raw.method, path: raw.path, authorization: Array.isArray(auth) ? auth[0] : auth, body, raw: raw.body };
    },
    success: (req) =>
      req.path.endsWith('/chat/completions')
        ? completion('Olá! Como posso ajudar?')
        : { status: 404, body: { error: { message: `Unknown path ${req.path}`, type: 'invalid_request_error' } } },
  });
}
