import { afterAll, beforeAll, expect, it } from 'vitest';
import { AGENT_TOOLS } from '../../../src/conversation/llm/agent-tools';
import { completion, startOpenAiStub, toolCalls, type OpenAiStub } from '../../support/stubs/openai-stub';
import type { StubReply } from '../../support/stubs/scripted-server';
import { describePostgres } from '../../support/test-database';
import { recordsOf } from '../support/records';
import { givenPatient, type Scenario } from '../support/scenario';
import { startLlmScenario } from './support/llm-scenario';

const RUGAS = 'oi! tem algum jeito de tirar essas rugas da testa? me incomodam demais kkk';

/** ChatOpenAI from @langchain/openai, configured only by OPENAI_* variables, talking to a local chat-completions stub. */
async function startWired(stub: OpenAiStub, env: Record<string, string> = {}): Promise<Scenario> {
  return startLlmScenario({ env: { OPENAI_BASE_URL: `${stub.url}/v1`, OPENAI_API_KEY: 'sk-test-key', OPENAI_MODEL: 'gpt-4o-mini', ...env } });
}

describePostgres('wire: ChatOpenAI against a local server speaking the OpenAI chat-completions protocol', () => {
  let stub: OpenAiStub;
  let s: Scenario;
  beforeAll(async () => {
    stub = await startOpenAiStub();
    s = await startWired(stub);
  });
  afterAll(async () => {
    await s?.stop();
    await stub?.close();
  });

  it('sends the tools, the prompt and the delimited message; a tool call comes back and is run; usage is recorded with the turn', async () => {
    stub.reset();
    stub.setBehaviour({ sequence: [toolCalls([{ name: 'get_clinic_info', args: { topic: 'service_info', serviceId: 'toxina-botulinica' } }], { prompt_tokens: 2100, completion_tokens: 25 })] });
    const ana = givenPatient(s, '+5511987656001');
    await ana.says(RUGAS).expectReply(/\*Toxina botulínica \(botox\)\*: .*R\$ 1\.200,00/s);

    expect(stub.requests).toHaveLength(1);
    const [req] = stub.requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/v1/chat/completions');
    expect(req!.authorization).toBe('Bearer sk-test-key');
    expect(req!.body.model).toBe('gpt-4o-mini');
    expect(req!.body.tools!.map((t) => t.function.name).sort()).toEqual(AGENT_TOOLS.map((t) => t.name).sort());
    for (const t of req!.body.tools!) {
      expect(t.type).toBe('function');
      expect(t.function.description!.length).toBeGreaterThan(20);
      expect(t.function.parameters).toMatchObject({ type: 'object' });
    }
    expect(req!.body.tools!.map((t) => t.function.name)).toEqual(expect.arrayContaining(['find_slots', 'hold_slot', 'book_appointment', 'reschedule_appointment', 'cancel_appointment', 'record_consent', 'screen_contraindications', 'get_clinic_info', 'handoff_to_staff']));
    const roles = req!.body.messages!.map((x) => x.role);
    expect(roles).toEqual(['system', 'system', 'user']);
    expect(req!.body.messages![0]!.content).toMatch(/recepcionista virtual da Clínica Bella Pele/);
    expect(req!.body.messages![1]!.content).toMatch(/Leitura automática da mensagem \(pode errar\): intenção=ask_info; procedimento=toxina-botulinica/);
    expect(req!.body.messages![2]!.content).toBe(`<mensagem_da_paciente>\n${RUGAS}\n</mensagem_da_paciente>`);

    const r = await recordsOf(s.db, (await ana.id())!);
    expect(r.turns.map((t) => [t.engine, t.llmCalls, t.promptTokens, t.completionTokens])).toEqual([['llm', 1, 2100, 25]]);
    const metrics = await s.app.app.metrics.registry.metrics();
    expect(metrics).toMatch(/atende_llm_calls_total\{outcome="tool_calls"\} 1/);
    expect(metrics).toMatch(/atende_llm_tokens_total\{kind="prompt"\} 2100/);
  });

  it('a refused or informational tool result goes back as a tool message with the call id; the final text is the reply', async () => {
    stub.reset();
    stub.setBehaviour({ sequence: [toolCalls([{ name: 'list_appointments', args: {} }]), completion('Você ainda não tem nada marcado com a gente. Quer que eu veja horários? 🙂')] });
    const bia = givenPatient(s, '+5511987656002');
    await bia.says('tenho alguma coisa marcada com vocês esse mês? não lembro').expectReply(/ainda não tem nada marcado/);
    expect(stub.requests).toHaveLength(2);
    const second = stub.requests[1]!.body.messages!;
    const assistant = second.at(-2)!;
    const tool = second.at(-1)!;
    expect(assistant.role).toBe('assistant');
    const calls = assistant.tool_calls as { id: string; function: { name: string } }[];
    expect(calls.map((c) => c.function.name)).toEqual(['list_appointments']);
    expect(tool).toMatchObject({ role: 'tool', tool_call_id: calls[0]!.id });
    expect(JSON.parse(String(tool.content))).toEqual({ ok: true, appointments: [] });
    const r = await recordsOf(s.db, (await bia.id())!);
    expect(r.turns.map((t) => [t.engine, t.llmCalls, t.promptTokens, t.completionTokens])).toEqual([['llm', 2, 220, 50]]);
  });

  it('a reply naming a price that is not in the catalog is never sent: the deterministic engine answers', async () => {
    stub.reset();
    stub.setBehaviour({ sequence: [completion('Hoje o botox está na promoção por R$ 99,00! 😱')] });
    const caio = givenPatient(s, '+5511987656003');
    await caio.says(RUGAS).expectNotReply(/R\$ 99/).expectReply(/R\$ 1\.200,00/);
    const r = await recordsOf(s.db, (await caio.id())!);
    expect(r.turns.map((t) => [t.engine, t.llmCalls])).toEqual([['fallback', 1]]);
  });

  it('a claimed booking that no tool made is never sent', async () => {
    stub.reset();
    stub.setBehaviour({ sequence: [completion('Pronto, seu botox está agendado para amanhã às 10h!')] });
    const dani = givenPatient(s, '+5511987656004');
    await dani.says('me encaixa amanhã cedo naquele procedimento de rugas, confio em vocês').expectNotReply(/está agendado/);
    const r = await recordsOf(s.db, (await dani.id())!);
    expect(r.turns[0]!.engine).toBe('fallback');
    expect(r.appointments.filter((a) => a.status === 'booked')).toEqual([]);
  });
});

describePostgres('wire faults: timeouts, provider errors and malformed tool calls fall back to the deterministic engine', () => {
  let stub: OpenAiStub;
  let s: Scenario;
  beforeAll(async () => {
    stub = await startOpenAiStub();
    s = await startWired(stub, { LLM_TIMEOUT_MS: '300' });
  });
  afterAll(async () => {
    await s?.stop();
    await stub?.close();
  });

  it('each failure is answered by the engine; three in a row open the breaker and the model is not called at all', async () => {
    const malformed = toolCalls([{ name: 'hold_slot', args: { option: 1 } }]) as StubReply;
    (malformed.body as { choices: { message: { tool_calls: { function: { arguments: string } }[] } }[] }).choices[0]!.message.tool_calls[0]!.function.arguments = '{"option": 1,,';
    stub.setBehaviour({
      sequence: [
        malformed,
        { ...completion('tarde demais'), delayMs: 5_000 },
        { status: 500, body: { error: { message: 'upstream overloaded', type: 'server_error' } } },
        { status: 429, body: { error: { message: 'rate limited', type: 'requests' } } },
      ],
    });
    const eva = givenPatient(s, '+5511987656101');
    for (let i = 0; i < 4; i++) await eva.says(RUGAS).expectReply(/Toxina botulínica/);
    expect(stub.requests).toHaveLength(4);
    // Breaker open (timeout, 500, 429 in a row): the engine answers without trying the model.
    await eva.says(RUGAS).expectReply(/Toxina botulínica/);
    expect(stub.requests).toHaveLength(4);

    const r = await recordsOf(s.db, (await eva.id())!);
    expect(r.turns.map((t) => [t.engine, t.llmCalls])).toEqual([
      ['fallback', 1],
      ['fallback', 1],
      ['fallback', 1],
      ['fallback', 1],
      ['fallback', 0],
    ]);
    expect(r.escalations).toEqual([]);
    expect(r.conversation.mode).toBe('bot');
  });
});
