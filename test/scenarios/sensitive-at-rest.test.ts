import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { conversations, messages } from '../../src/db/schema';
import { loadEncryptor } from '../../src/lib/crypto';
import { PROTECTED_PLACEHOLDER } from '../../src/pipeline/process-conversation';
import { describePostgres } from '../support/test-database';
import { givenPatient, startScenario, type Scenario } from './support/scenario';

/** Health answers and CPFs never sit in clear in the message history (LGPD, SPEC §1). */
describePostgres('sensitive message texts are encrypted at rest', () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  });
  afterAll(async () => s?.stop());

  const inbound = async (phone: string) =>
    s.db
      .select({ id: messages.id, body: messages.body, bodyEnc: messages.bodyEnc })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.patientAddress, phone), eq(messages.direction, 'in')))
      .orderBy(messages.seq);

  it('a screening answer is stored encrypted, with a placeholder in the history', async () => {
    const lia = givenPatient(s, '+5511987659001');
    await lia.says('quero peeling quinta de manhã').expectReply(/quinta-feira/);
    await lia.says('1').expectReply(/Autorização/);
    await lia.says('sim').expectReply(/perguntinhas de segurança/);
    await lia.says('tomo roacutan desde janeiro').expectNotReply(/agendado/);
    const rows = await inbound('+5511987659001');
    const answer = rows.find((r) => r.bodyEnc);
    expect(answer).toBeDefined();
    expect(answer!.body).toBe(PROTECTED_PLACEHOLDER);
    expect(answer!.bodyEnc).not.toMatch(/roacutan/i);
    expect(loadEncryptor(s.app.env).decrypt(answer!.bodyEnc!, `message:${answer!.id}`)).toBe('tomo roacutan desde janeiro');
    // The reply restating the condition is protected too, yet the patient received it in clear.
    const out = await s.db
      .select({ body: messages.body, bodyEnc: messages.bodyEnc, status: messages.status })
      .from(messages)
      .where(eq(messages.replyToId, answer!.id));
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((o) => o.body === PROTECTED_PLACEHOLDER && o.bodyEnc && o.status === 'sent')).toBe(true);
    const delivered = s.app.graph.requests.map((r) => JSON.stringify(r.json)).join('\n');
    expect(delivered).toMatch(/isotretino/i);
    // Messages without health data stay readable for reception.
    expect(rows.map((r) => r.body)).toContain('quero peeling quinta de manhã');
    expect(rows.filter((r) => r.bodyEnc)).toHaveLength(1);
  });

  it('a valid CPF typed anywhere is protected too', async () => {
    const rui = givenPatient(s, '+5511987659002');
    await rui.says('meu cpf é 529.982.247-25, quero marcar limpeza de pele');
    const [row] = await inbound('+5511987659002');
    expect(row!.body).toBe(PROTECTED_PLACEHOLDER);
    expect(row!.bodyEnc).not.toContain('529');
    const everything = JSON.stringify(await s.db.select().from(messages));
    expect(everything).not.toContain('529.982.247-25');
    // The patient's own words are nowhere in clear (the screening question lists conditions generically).
    expect(everything).not.toMatch(/tomo roacutan/i);
  });
});
