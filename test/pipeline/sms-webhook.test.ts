import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { twilioSignature } from '../../src/channels/sms';
import { messages } from '../../src/db/schema';
import { echoHandler } from '../support/echo-handler';
import { SMS_NUMBER, SMS_TOKEN, startTestApp, type TestApp } from '../support/test-app';
import { describeWithServices } from '../support/test-database';

describeWithServices('SMS webhook (Twilio-compatible) → pipeline → SMS reply', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind: 'postgres', redis: true, handler: echoHandler() });
  });
  afterAll(async () => t?.stop());

  const post = (form: Record<string, string>, signature?: string) => {
    const url = `${t.url}/webhooks/sms`;
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature ?? twilioSignature(url, form, SMS_TOKEN) },
      body: new URLSearchParams(form).toString(),
    });
  };
  const inbound = (sid: string, body: string) => ({ MessageSid: sid, SmsSid: sid, AccountSid: 'ACtest', From: '+5511966660001', To: SMS_NUMBER, Body: body, NumMedia: '0' });

  it('a signed inbound SMS is stored once and answered by SMS from the clinic number', async () => {
    const r1 = await post(inbound('SM00000000000000000000000000000001', 'oi por sms'));
    expect(r1.status).toBe(200);
    expect(await r1.text()).toContain('<Response/>');
    expect((await post(inbound('SM00000000000000000000000000000001', 'oi por sms'))).status).toBe(200);
    await t.idle();
    expect(await t.repliesTo('+5511966660001')).toEqual(['eco: oi por sms']);
    const sent = t.sms.requests.filter((r) => r.form.To === '+5511966660001');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.form).toMatchObject({ From: SMS_NUMBER, Body: 'eco: oi por sms' });
    expect(sent[0]!.basicAuth).toEqual({ user: 'ACtest', password: SMS_TOKEN });
  });

  it('a bad signature → 401 and nothing stored', async () => {
    expect((await post(inbound('SM00000000000000000000000000000002', 'forjado'), 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=')).status).toBe(401);
    expect(await t.t.database.db.select().from(messages).where(eq(messages.providerMessageId, 'SM00000000000000000000000000000002'))).toEqual([]);
  });

  it('a status callback updates the outbound SMS', async () => {
    const [out] = await t.t.database.db.select().from(messages).where(eq(messages.body, 'eco: oi por sms'));
    const r = await post({ MessageSid: out!.providerMessageId!, MessageStatus: 'delivered', AccountSid: 'ACtest', To: '+5511966660001', From: SMS_NUMBER });
    expect(r.status).toBe(200);
    const [after] = await t.t.database.db.select().from(messages).where(eq(messages.id, out!.id));
    expect(after!.status).toBe('delivered');
  });
});
