import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One answer a stub gives. `body` is sent as JSON unless it is a string. */
export interface StubReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (beyond the behaviour's delay). */
  delayMs?: number;
}

/** Close the socket without answering (a reset, from the client's side). */
export interface StubHangUp {
  hangUp: true;
  delayMs?: number;
}

export type StubStep = StubReply | StubHangUp;

export interface RawRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StubBehaviour<R> {
  /** Steps used one per request, in order, before `otherwise` applies. */
  sequence?: StubStep[];
  /** Once the sequence is used up. @defaultValue the stub's normal success answer */
  otherwise?: StubStep | ((request: R) => StubStep);
  /** Added before every answer. @defaultValue 0 */
  delayMs?: number;
}

export interface Stub<R> {
  /** Base URL, e.g. "http://127.0.0.1:43123". */
  url: string;
  /** Every request received, in order. */
  requests: R[];
  /** Replaces the behaviour (and restarts its sequence). */
  setBehaviour(behaviour: StubBehaviour<R>): void;
  /** Forgets requests and behaviour. */
  reset(): void;
  close(): Promise<void>;
}

/** `n` copies of a step: `[...times(2, { status: 500 })]` → fail twice, then the default. */
export function times(n: number, step: StubStep): StubStep[] {
  return Array.from({ length: n }, () => step);
}

/**
 * A tiny HTTP server on 127.0.0.1 (random port) that records requests and answers from a script.
 * Provider stubs supply how to record a request and what success looks like.
 */
export async function startScriptedServer<R>(spec: {
  record: (raw: RawRequest) => R;
  success: (request: R) => StubStep;
}): Promise<Stub<R>> {
  const requests: R[] = [];
  let behaviour: StubBehaviour<R> = {};
  let cursor = 0;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw: RawRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      let recorded: R;
      try {
        recorded = spec.record(raw);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`stub could not record: ${String(err)}`);
        return;
      }
      requests.push(recorded);
      const step = nextStep(recorded);
      const delay = (behaviour.delayMs ?? 0) + (step.delayMs ?? 0);
      const answer = () => {
        if ('hangUp' in step) {
          req.socket.destroy();
          return;
        }
        const body = step.body === undefined ? '' : typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
        const headers: Record<string, string> = { ...(step.body !== undefined && typeof step.body !== 'string' ? { 'content-type': 'application/json' } : {}), ...step.headers };
        if (!res.destroyed) res.writeHead(step.status, headers).end(body);
      };
      if (delay > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          answer();
        }, delay);
        timers.add(t);
      } else answer();
    });
  });

  function nextStep(request: R): StubStep {
    const sequence = behaviour.sequence ?? [];
    if (cursor < sequence.length) return sequence[cursor++] as StubStep;
    const otherwise = behaviour.otherwise;
    if (!otherwise) return spec.success(request);
    return typeof otherwise === 'function' ? otherwise(request) : otherwise;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setBehaviour(next) {
      behaviour = next;
      cursor = 0;
    },
    reset() {
      requests.length = 0;
      behaviour = {};
      cursor = 0;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
