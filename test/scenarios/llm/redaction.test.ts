import { afterAll, beforeAll, expect, it } from 'vitest';
import { scriptedModel, toolCalls, reply } from '../../conversation/llm/support/scripted-model';
import { whatsappTextPayload } from '../../support/test-app';
import { describePostgres } from '../../support/test-database';
import { recordsOf } from '../support/records';
import { givenPatient, type Scenario } from '../support/scenario';
import { startLlmScenario } from './support/llm-scenario';

describePostgres('what leaves for the model carries no CPF, e-mail, phone or name (LGPD, SPEC §1)', () => {
  let s: Scenario;
  const m = scriptedModel();
  beforeAll(async () => {
    s = await startLlmScenario({ model: m.model });
  });
  afterAll(async () => s?.stop());

  it('the patient\'s identifiers, in the message, the history, the hints and the tool results, are masked before every call', async () => {
    const phone = '+5511987657001';
    m.on('o preenchimento dói?', toolCalls({ name: 'get_clinic_info', args: { topic: 'service_info', serviceId: 'preenchimento-labial' } }));
    m.on('meu outro número', reply('Obrigada! Por aqui eu não guardo contatos, mas nossa equipe já tem o seu WhatsApp 💛'));
    m.on('precisam pra marcar', [toolCalls({ name: 'list_appointments', args: {} }), reply('Não precisa de CPF por aqui 🙂 Qual procedimento você quer marcar?')]);

    // The first message comes with her WhatsApp profile name, which becomes the patient's name.
    const payload = whatsappTextPayload(
      phone,
      'Oi, meu nome é Joana Prates, CPF 529.982.247-25, email joana.prates@gmail.com, cel (11) 98765-4321. Queria saber: o preenchimento dói? quanto tempo dura?',
      'wamid.redaction-1',
      s.clock.now(),
    ) as { entry: { changes: { value: { contacts: { profile: { name: string } }[] } }[] }[] };
    payload.entry[0]!.changes[0]!.value.contacts[0]!.profile.name = 'Joana Prates';
    expect((await s.app.postWhatsApp(payload)).status).toBe(200);
    await s.app.idle();
    // A message with a CPF is stored encrypted, with its replies (a placeholder in the history); the patient got the answer.
    expect(s.app.graph.requests.map((r) => r.body).join('\n')).toMatch(/Preenchimento labial/);

    const joana = givenPatient(s, phone);
    await joana.says('Joana aqui de novo 😊 meu outro número é 11 99876-5432 e o email do trabalho joana@clinica-x.com.br, anota aí').expectReply(/não guardo contatos/);
    await joana.send('e meu CPF 52998224725 vocês precisam pra marcar? queria ir semana que vem');
    expect(s.app.graph.requests.map((r) => r.body).join('\n')).toMatch(/Não precisa de CPF/);
    expect(m.calls.length).toBe(4);

    const sent = m.sentText();
    for (const secret of ['529.982.247-25', '52998224725', 'joana.prates@gmail.com', 'joana@clinica-x.com.br', '98765-4321', '99876-5432', '987654321', '998765432', '5511987657001', 'Joana', 'Prates']) {
      expect(sent, `"${secret}" was sent to the model`).not.toContain(secret);
    }
    // Masked, not dropped: the model still knows something was there.
    for (const placeholder of ['[CPF]', '[EMAIL]', '[TELEFONE]', '[NOME]']) expect(sent).toContain(placeholder);
    // Masked in the message itself, in the history window of later calls, and in tool results.
    expect(m.calls[0]!.messages.at(-1)!.text).toContain('CPF [CPF], email [EMAIL], cel [TELEFONE]');
    expect(m.calls[2]!.messages.map((x) => x.text).join('\n')).toContain('meu outro número é [TELEFONE] e o email do trabalho [EMAIL]');
    expect(m.calls[3]!.messages.at(-1)!.getType()).toBe('tool');

    // The clinic keeps what the patient wrote; only the model's copy is masked.
    const r = await recordsOf(s.db, (await joana.id())!);
    expect(r.turns.map((t) => t.engine)).toEqual(['llm', 'llm', 'llm']);
  });
});
