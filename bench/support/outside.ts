import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a load run sends: signed webhook payloads, or one fixed body (floors, raw stub POSTs). */
export type LoadBody =
  | { kind: 'webhook'; secret: string; patients: number; phoneNumberId: string; idOffset: number }
  | { kind: 'fixed'; text: string; headers?: Record<string, string> };

export interface LoadSpec {
  port: number;
  path: string;
  body: LoadBody;
  requests: number;
  /** Closed loop: this many requests in flight. */
  concurrency: number;
  /** Open loop instead: requests leave at this rate whatever the answers. */
  ratePerSecond?: number;
}

export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<number, number>;
}

export type OutsideCommand =
  | { cmd: 'graph' }
  | { cmd: 'graphCount' }
  | { cmd: 'waitGraph'; count: number; timeoutMs: number }
  | { cmd: 'load'; spec: LoadSpec };

export interface Outside {
  /** Starts the Graph API stub in the outside process (once); its base URL. */
  graphUrl(): Promise<string>;
  /** Requests the Graph stub has received so far. */
  graphCount(): Promise<number>;
  /** Resolves once the Graph stub has received `count` requests (or the timeout passed); the count then. */
  waitGraph(count: number, timeoutMs: number): Promise<number>;
  load(spec: LoadSpec): Promise<LoadResult>;
  close(): Promise<void>;
}

/** Forks the outside process (load generator + Graph stub) and talks to it over IPC. */
export async function startOutside(): Promise<Outside> {
  const child = fork(fileURLToPath(new URL('./outside-process.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    if (msg.error !== undefined) w?.reject(new Error(msg.error));
    else w?.resolve(msg.result);
  });
  child.on('exit', () => {
    for (const w of waiting.values()) w.reject(new Error('the outside process exited'));
    waiting.clear();
  });
  const ask = <T>(command: OutsideCommand) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, command });
    });
  return {
    graphUrl: async () => (await ask<{ url: string }>({ cmd: 'graph' })).url,
    graphCount: async () => (await ask<{ count: number }>({ cmd: 'graphCount' })).count,
    waitGraph: async (count, timeoutMs) => (await ask<{ count: number }>({ cmd: 'waitGraph', count, timeoutMs })).count,
    load: (spec) => ask<LoadResult>({ cmd: 'load', spec }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.disconnect();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
