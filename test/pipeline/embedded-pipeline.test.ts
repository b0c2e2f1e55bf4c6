import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoHandler } from '../support/echo-handler';
import { startTestApp, type TestApp } from '../support/test-app';

/** The embedded default: PGlite and the in-process job runner, through the simulator API. */
describe('embedded pipeline (PGlite, in-process queue)', () => {
  let t: TestApp;
  let echo: ReturnType<typeof echoHandler>;
  beforeAll(async () => {
    echo = echoHandler();
    t = await startTestApp({ kind: 'pglite', handler: echo });
  });
  afterAll(async () => t?.stop());

  const say = (phone: string, text: string, id: string) =>
    fetch(`${t.url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone, text, id }) });

  it('dedupes retries and keeps order', async () => {
    const phone = '+5511955550001';
    const first = await say(phone, 'a', '1');
    expect(first.status).toBe(202);
    expect((await say(phone, 'a', '1')).status).toBe(200);
    await Promise.all([say(phone, 'b', '2'), new Promise((r) => setTimeout(r, 5)).then(() => say(phone, 'c', '3'))]);
    await t.idle();
    expect(await t.repliesTo(phone)).toEqual(['eco: a', 'eco: b', 'eco: c']);
    const history = await (await fetch(`${t.url}/simulator/api/messages?phone=${encodeURIComponent(phone)}`)).json();
    expect(history.messages.map((m: { direction: string; text: string }) => `${m.direction}:${m.text}`)).toEqual(['in:a', 'out:eco: a', 'in:b', 'out:eco: b', 'in:c', 'out:eco: c']);
  });

  it('exposes Prometheus metrics for what just happened', async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/atende_messages_in_total\{channel="simulator"\} [1-9]/);
    expect(text).toMatch(/atende_messages_out_total\{channel="simulator",status="sent"\} [1-9]/);
    expect(text).toMatch(/atende_turns_total\{engine="echo"\} [1-9]/);
    expect(text).toContain('atende_queue_depth');
    expect(text).toMatch(/atende_pending_inbound 0/);
  });

  it('rejects bad simulator input with 400, never 500', async () => {
    for (const body of ['{', JSON.stringify({ phone: '123', text: 'x' }), JSON.stringify({ phone: '+5511955550002', text: '' }), JSON.stringify({ phone: '+5511955550002', text: 'x'.repeat(5000) })]) {
      const r = await fetch(`${t.url}/simulator/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(r.status, body.slice(0, 40)).toBe(400);
    }
  });

  it('streams replies as server-sent events', async () => {
    const phone = '+5511955550003';
    const controller = new AbortController();
    const res = await fetch(`${t.url}/simulator/api/stream?phone=${encodeURIComponent(phone)}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await say(phone, 'olá stream', 's1');
    let text = '';
    const deadline = Date.now() + 10_000;
    while (!text.includes('eco: olá stream') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('"text":"olá stream"');
    expect(text).toContain('eco: olá stream');
  });
});
