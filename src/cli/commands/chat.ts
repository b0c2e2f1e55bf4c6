import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { eq } from 'drizzle-orm';
import { loadEnv, type Env } from '../../config/env';
import { messages } from '../../db/schema';
import { createApp } from '../../main';
import { acceptInbound } from '../../pipeline/accept-inbound';
import { parseCliArgs } from '../args';

interface ChatLink {
  send(text: string): Promise<void>;
  onReply(fn: (text: string) => void): void;
  close(): Promise<void>;
}

/**
 * `atende chat [--phone +55…] [--clinic ID]`: talk to the bot from the terminal. Uses the running
 * service (through its simulator API) when one answers on PORT, else runs the whole pipeline in
 * this process. Lines piped on stdin are sent one by one, waiting for the replies.
 */
export async function run(args: string[]): Promise<number | void> {
  const { values } = parseCliArgs(args, {
    phone: { type: 'string', default: '+5511900000000' },
    clinic: { type: 'string' },
    wait: { type: 'string', default: '1500' },
  });
  if (!/^\+\d{10,15}$/.test(values.phone)) {
    console.error('--phone must be E.164, e.g. +5511987654321');
    return 2;
  }
  const env = loadEnv();
  const quietMs = Number(values.wait) || 1500;
  const link = (await remoteLink(env, values.phone, values.clinic)) ?? (await localLink(env, values.phone, values.clinic));
  const interactive = process.stdin.isTTY;
  let lastReply = Date.now();
  link.onReply((text) => {
    lastReply = Date.now();
    console.log(`\x1b[32mclínica>\x1b[0m ${text}`);
  });
  const rl = createInterface({ input: process.stdin, terminal: interactive });
  if (interactive) console.log('Converse com o robô (Ctrl+D para sair).');
  const prompt = () => interactive && process.stdout.write('você> ');
  prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (!text) {
      prompt();
      continue;
    }
    if (!interactive) console.log(`você> ${text}`);
    const sentAt = Date.now();
    await link.send(text);
    // Wait for the replies: at least one, then a quiet moment (bounded).
    const deadline = sentAt + 30_000;
    while (Date.now() < deadline && (lastReply < sentAt || Date.now() - lastReply < Math.min(quietMs, 400))) {
      await new Promise((r) => setTimeout(r, 50));
    }
    prompt();
  }
  await link.close();
}

async function remoteLink(env: Env, phone: string, clinicId?: string): Promise<ChatLink | null> {
  const base = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(700) });
    if (!res.ok) return null;
  } catch {
    return null;
  }
  const query = new URLSearchParams({ phone, ...(clinicId ? { clinicId } : {}) });
  const controller = new AbortController();
  const listeners: ((t: string) => void)[] = [];
  const seen = new Set<string>();
  const stream = await fetch(`${base}/simulator/api/stream?${query}`, { signal: controller.signal });
  if (!stream.ok || !stream.body) return null;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let i;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (!data) continue;
          const m = JSON.parse(data.slice(6)) as { id: string; direction: string; text: string; status: string };
          if (m.direction === 'out' && ['sent', 'delivered', 'read'].includes(m.status) && !seen.has(m.id)) {
            seen.add(m.id);
            for (const l of listeners) l(m.text);
          }
        }
      }
    } catch {
      /* closed */
    }
  })();
  return {
    send: async (text) => {
      const res = await fetch(`${base}/simulator/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone, text, id: randomUUID(), clinicId }),
      });
      if (!res.ok) console.error(`(erro ${res.status} ao enviar)`);
    },
    onReply: (fn) => listeners.push(fn),
    close: async () => controller.abort(),
  };
}

async function localLink(env: Env, phone: string, clinicId?: string): Promise<ChatLink> {
  const app = await createApp({ env: { ...env, LOG_LEVEL: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL }, runWorkers: true });
  const clinic = clinicId ?? app.flows.defaultClinicId;
  const listeners: ((t: string) => void)[] = [];
  const unsubscribe = app.bus.subscribe((event) => {
    if (event.type !== 'message_status' || event.status !== 'sent' || event.clinicId !== clinic) return;
    void app.database.db
      .select()
      .from(messages)
      .where(eq(messages.id, event.messageId))
      .then(([m]) => {
        if (m && m.channel === 'simulator' && m.direction === 'out') for (const l of listeners) l(m.body ?? '');
      });
  });
  return {
    send: async (text) => {
      await acceptInbound(app.pipeline, { channel: 'simulator', providerMessageId: `chat-${randomUUID()}`, to: clinic, from: phone, sentAt: app.clock.now(), kind: 'text', text });
    },
    onReply: (fn) => listeners.push(fn),
    close: async () => {
      unsubscribe();
      await app.jobs.idle(10_000).catch(() => {});
      await app.stop();
    },
  };
}
