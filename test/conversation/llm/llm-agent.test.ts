import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeModel } from '@langchain/core/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../../src/conversation/llm/circuit-breaker';
import { escalations } from '../../../src/db/schema';
import { createEncryptor, generateKeySpec, parseEncryptionKeys } from '../../../src/lib/crypto';
import { createLogger } from '../../../src/lib/logger';
import { availableKinds, createTestDatabase, seedClinic, type TestDatabase } from '../../support/test-database';
import { agentChat, textOf } from './support/agent-harness';
import { reply, scriptedModel, toolCalls, toolResults } from './support/scripted-model';

const kind = availableKinds().includes('postgres') ? 'postgres' : 'pglite';

describe(`the LLM agent in the turn chain (${kind})`, () => {
  let t: TestDatabase;
  let phones = 0;
  const phone = () => `+55119866${String(++phones).padStart(5, '0')}`;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedClinic(t.database);
  });
  afterAll(async () => t?.drop());

  it('leaves structured replies and clear requests to the engine: no model call', async () => {
    const m = scriptedModel();
    const chat = await agentChat(t, { phone: phone(), model: m.model });
    for (const text of ['quero botox sexta de manhã', '2', 'sim', 'não tenho nenhuma', 'não', 'sim', 'qual o endereço?', 'parar']) {
      const r = await chat.says(text);
      expect(r.engine, text).toBe('deterministic');
      expect(r.llm).toBeUndefined();
    }
    expect(m.calls).toHaveLength(0);
  });

  it('logs one structured line per call — model, prompt version, tokens, latency, tool names, outcome — and never the message', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(s) } });
    const counted: { name: string; labels: Record<string, string>; value: number }[] = [];
    const metrics = {
      llmCalls: { inc: (labels: { outcome: string }, value = 1) => void counted.push({ name: 'calls', labels, value }) },
      llmTokens: { inc: (labels: { kind: string }, value = 1) => void counted.push({ name: 'tokens', labels, value }) },
    };
    const m = scriptedModel().on('disse que eu tinha horário marcado', [toolCalls({ name: 'list_appointments', args: {} }), reply('Você não tem nada marcado ainda 🙂')]);
    const chat = await agentChat(t, { phone: phone(), name: 'Rosa Amaral', model: m.model, logger, metrics });
    const r = await chat.says('minha vizinha Rosa Amaral (rosa@exemplo.com, 11 98888-7777) disse que eu tinha horário marcado, confere?');
    expect(r.engine).toBe('llm');
    expect(r.llm).toMatchObject({ calls: 2 });
    expect(r.llm!.promptTokens).toBeGreaterThan(500);

    const calls = lines.map((l) => JSON.parse(l) as { msg: string; llm?: Record<string, unknown> }).filter((l) => l.msg === 'llm call');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.llm).toMatchObject({ model: 'fake-model-builder', promptVersion: chat.flows.prompts().hash, round: 1, toolCalls: ['list_appointments'], outcome: 'tool_calls', tokensEstimated: true });
    expect(calls[1]!.llm).toMatchObject({ round: 2, toolCalls: [], outcome: 'reply' });
    for (const c of calls) {
      expect(c.llm!.promptTokens).toEqual(expect.any(Number));
      expect(c.llm!.completionTokens).toEqual(expect.any(Number));
      expect(c.llm!.latencyMs).toEqual(expect.any(Number));
    }
    const all = lines.join('\n');
    for (const secret of ['Rosa', 'Amaral', 'rosa@exemplo.com', '98888-7777', 'vizinha', 'não tem nada marcado']) expect(all).not.toContain(secret);

    expect(counted.filter((c) => c.name === 'calls').map((c) => c.labels.outcome)).toEqual(['tool_calls', 'reply']);
    expect(counted.filter((c) => c.name === 'tokens' && c.labels.kind === 'prompt').reduce((n, c) => n + c.value, 0)).toBe(r.llm!.promptTokens);
  });

  it('arguments that do not fit and unknown tools come back as refusals the model can correct', async () => {
    const m = scriptedModel().on('quero aquele procedimento de rugas na quinta', [
      toolCalls({ name: 'hold_slot', args: { option: 'dois' } }, { name: 'delete_all_appointments', args: {} }, { name: 'find_slots', args: { serviceId: 'botox' } }),
      toolCalls({ name: 'find_slots', args: { serviceId: 'toxina-botulinica', when: { date: '2026-03-12' } } }),
    ]);
    const chat = await agentChat(t, { phone: phone(), model: m.model, routing: 'always' });
    const r = await chat.says('quero aquele procedimento de rugas na quinta');
    expect(textOf(r)).toMatch(/1\. quinta-feira, 12\/03/);
    const [bad, unknown, wrongId] = toolResults(m.calls[1]!.messages);
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(unknown).toMatchObject({ ok: false, code: 'UNKNOWN_TOOL' });
    expect(wrongId).toMatchObject({ ok: false, code: 'UNKNOWN_SERVICE', reason: expect.stringContaining('toxina-botulinica') });
    expect(r.llm!.calls).toBe(2);
  });

  it('a mid-booking side question answered by a tool is followed by the step\'s question again', async () => {
    const m = scriptedModel().on('dá pra parcelar', toolCalls({ name: 'get_clinic_info', args: { topic: 'payment' } }));
    const chat = await agentChat(t, { phone: phone(), model: m.model });
    await chat.says('quero peeling sexta à tarde');
    const r = await chat.says('e dá pra parcelar no cartão ou só à vista mesmo, sem juros né');
    expect(r.engine).toBe('llm');
    expect(textOf(r)).toMatch(/Pix, cartão/);
    expect(textOf(r)).toMatch(/Voltando ao seu agendamento/);
    expect(r.step).toBe('pick');
  });

  it("a health question answered in the model's own words is replaced by the owner's referral", async () => {
    const m = scriptedModel().on('posso fazer botox?', reply('Pode sim, fica tranquila! Na gravidez a dose é menor.'));
    const chat = await agentChat(t, { phone: phone(), model: m.model });
    const r = await chat.says('to grávida de 3 meses, posso fazer botox? e amamentando pode?');
    expect(r.engine).toBe('llm');
    expect(textOf(r)).toMatch(/pergunta para a profissional/);
    expect(textOf(r)).not.toMatch(/Pode sim/);
    // Conditions named: the pipeline stores this message encrypted, as it does for the engine's turns.
    expect(r.sensitive).toBe(true);
  });

  it('gives up after three rounds without an answer: the engine answers instead', async () => {
    const again = toolCalls({ name: 'list_appointments', args: {} });
    const m = scriptedModel().on('me ajuda com uma coisa', [again, again, again, again]);
    const chat = await agentChat(t, { phone: phone(), model: m.model });
    const r = await chat.says('oi, me ajuda com uma coisa rapidinho por favor');
    expect(m.calls).toHaveLength(3);
    expect(r).toMatchObject({ engine: 'fallback', llm: { calls: 3 } });
  });

  it('without prompts/system.md the model is not called and the engine answers', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'atende-no-prompts-'));
    try {
      const m = scriptedModel();
      const chat = await agentChat(t, { phone: phone(), model: m.model, promptsDir: empty });
      const r = await chat.says('oi, me ajuda com uma coisa rapidinho por favor');
      expect(m.calls).toHaveLength(0);
      expect(r.engine).toBe('fallback');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('the breaker opens after three failures in a row, skips the model while open, then lets one call probe', async () => {
    let clock = 0;
    const breaker = new CircuitBreaker(3, 60_000, () => clock);
    const model = fakeModel().alwaysThrow(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'APIConnectionError' }));
    const chat = await agentChat(t, { phone: phone(), model, breaker, routing: 'always' });
    for (let i = 0; i < 3; i++) expect(await chat.says('oi, tudo bem?')).toMatchObject({ engine: 'fallback', llm: { calls: 1 } });
    expect(breaker.state).toBe('open');
    expect(await chat.says('oi, tudo bem?')).toMatchObject({ engine: 'fallback', llm: { calls: 0 } });
    expect(model.callCount).toBe(3);
    clock += 60_001;
    expect(await chat.says('oi, tudo bem?')).toMatchObject({ engine: 'fallback', llm: { calls: 1 } });
    expect(model.callCount).toBe(4);
  });

  it('when the model and the deterministic engine both fail, the conversation goes to staff (engine_failure) with a kind message', async () => {
    const crypto = createEncryptor(parseEncryptionKeys(generateKeySpec('t1')));
    const broken = { ...crypto, encrypt: () => { throw new Error('key store unavailable'); } };
    const model = fakeModel().alwaysThrow(new Error('model down'));
    const chat = await agentChat(t, { phone: phone(), model, routing: 'always', crypto: broken });
    // The engine keeps volunteered conditions encrypted: with the key store down it throws too.
    const r = await chat.says('quero botox, estou grávida');
    expect(r).toMatchObject({ engine: 'error', mode: 'waiting_staff', llm: { calls: 1 } });
    expect(textOf(r)).toBe(chat.flows.get('messages.yaml').error);
    const rows = await t.database.db.select().from(escalations).where(eq(escalations.conversationId, chat.conversation.id));
    expect(rows.map((e) => [e.reason, e.status])).toEqual([['engine_failure', 'open']]);
  });
});
