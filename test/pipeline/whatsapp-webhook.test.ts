import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, messages, turns } from '../../src/db/schema';
import { echoHandler } from '../support/echo-handler';
import { times } from '../support/stubs/graph-api-stub';
import { fixtureJson, fixtureText } from '../support/stubs/fixtures';
import { PHONE_NUMBER_ID, startTestApp, VERIFY_TOKEN, whatsappTextPayload, type TestApp } from '../support/test-app';
import { describeWithServices } from '../support/test-database';

/** Every path of the WhatsApp webhook against real Postgres and real Redis (BullMQ). */
describeWithServices('WhatsApp webhook → pipeline (Postgres + Redis)', () => {
  let t: TestApp;
  let echo: ReturnType<typeof echoHandler>;
  beforeAll(async () => {
    echo = echoHandler();
    t = await startTestApp({ kind: 'postgres', redis: true, handler: echo });
  });
  afterAll(async () => t?.stop());

  const db = () => t.t.database.db;
  const inboundCount = async (providerId: string) =>
    (await db().select().from(messages).where(and(eq(messages.providerMessageId, providerId), eq(messages.direction, 'in')))).length;

  it('answers the subscription challenge only with the right token', async () => {
    const ok = await fetch(`${t.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${t.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it('the same message id delivered 5 times, concurrently and again → processed once, answered once', async () => {
    const phone = '+5511987650001';
    const payload = whatsappTextPayload(phone, 'oi, tudo bem?', 'wamid.dup-1');
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => t.postWhatsApp(payload)));
    expect(concurrent.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await t.idle();
    const again = await Promise.all(Array.from({ length: 5 }, () => t.postWhatsApp(payload)));
    expect(again.every((r) => r.status === 200)).toBe(true);
    await t.idle();
    expect(await inboundCount('wamid.dup-1')).toBe(1);
    expect(await t.repliesTo(phone)).toEqual(['eco: oi, tudo bem?']);
    const sentToPhone = t.graph.requests.filter((r) => (r.json as { to?: string }).to === phone.slice(1));
    expect(sentToPhone).toHaveLength(1);
    const turnRows = await db().select().from(turns).innerJoin(messages, eq(messages.id, turns.inboundMessageId)).where(eq(messages.providerMessageId, 'wamid.dup-1'));
    expect(turnRows).toHaveLength(1);
  });

  it('5 messages in 200 ms from one patient are handled one at a time, in order', async () => {
    const phone = '+5511987650002';
    const texts = ['um', 'dois', 'três', 'quatro', 'cinco'];
    for (const [i, text] of texts.entries()) {
      const { response } = await t.whatsappText(phone, text, { id: `wamid.order-${i}` });
      expect(response.status).toBe(200);
      await new Promise((r) => setTimeout(r, 40));
    }
    await t.idle();
    expect(echo.seen.filter((s) => texts.includes(s))).toEqual(texts);
    expect(await t.repliesTo(phone)).toEqual(texts.map((x) => `eco: ${x}`));
    const [conv] = await db().select().from(conversations).where(eq(conversations.patientAddress, phone));
    expect(conv!.state).toEqual({ v: 1, turns: 5 });
    expect(conv!.revision).toBe(5);
  });

  it('text Postgres cannot store (NUL, lone surrogates) is cleaned, stored and answered, not refused forever', async () => {
    const phone = '+5511987650009';
    const { response } = await t.whatsappText(phone, 'oi\u0000 tudo \ud800bem', { id: 'wamid.nul-1' });
    expect(response.status).toBe(200);
    await t.idle();
    const [stored] = await db().select().from(messages).where(eq(messages.providerMessageId, 'wamid.nul-1'));
    expect(stored!.body).toBe('oi tudo \ufffdbem');
    expect(stored!.status).toBe('processed');
  });

  it('a bad or missing signature → 401 and nothing stored', async () => {
    const payload = whatsappTextPayload('+5511987650003', 'invasor', 'wamid.badsig');
    expect((await t.postWhatsApp(payload, { signature: 'sha256=' + '0'.repeat(64) })).status).toBe(401);
    expect((await t.postWhatsApp(payload, { signature: null })).status).toBe(401);
    expect((await t.postWhatsApp(payload, { signature: 'sha1=abc' })).status).toBe(401);
    expect(await inboundCount('wamid.badsig')).toBe(0);
  });

  it('malformed JSON and wrong shapes → 400, never 500', async () => {
    expect((await t.postWhatsApp(null, { raw: '{"object": "whatsapp_business_account", "entry": [' })).status).toBe(400);
    for (const body of [{}, [], { object: 'page', entry: [] }, { object: 'whatsapp_business_account', entry: 'x' }, 42, 'texto']) {
      const r = await t.postWhatsApp(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('the Graph API answering 500 then 200 → delivered after a retry', async () => {
    t.graph.setBehaviour({ sequence: times(2, { status: 500, body: { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2 } } }) });
    const phone = '+5511987650004';
    await t.whatsappText(phone, 'retry me', { id: 'wamid.retry' });
    await t.idle(30_000);
    const [out] = await db()
      .select()
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.patientAddress, phone), eq(messages.direction, 'out')));
    expect(out!.messages.status).toBe('sent');
    expect(out!.messages.attempts).toBe(3);
    expect(out!.messages.providerMessageId).toMatch(/^wamid\./);
    t.graph.setBehaviour({});
  });

  it('delivery statuses update our outbound message; one for an unknown message is ignored', async () => {
    const phone = '+5511987650005';
    await t.whatsappText(phone, 'status please', { id: 'wamid.status-src' });
    await t.idle();
    const [out] = await db()
      .select({ id: messages.id, wamid: messages.providerMessageId })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(conversations.patientAddress, phone), eq(messages.direction, 'out')));
    const status = fixtureJson<{ entry: { changes: { value: { statuses: { id: string; recipient_id: string }[] } }[] }[] }>('whatsapp/status-delivered.json');
    status.entry[0]!.changes[0]!.value.statuses[0]!.id = out!.wamid!;
    expect((await t.postWhatsApp(status)).status).toBe(200);
    const [row] = await db().select().from(messages).where(eq(messages.id, out!.id));
    expect(row!.status).toBe('delivered');
    expect(row!.deliveredAt).toBeInstanceOf(Date);
    const unknown = fixtureText('whatsapp/status-read.json');
    expect((await t.postWhatsApp(null, { raw: unknown })).status).toBe(200);
  });

  it('an audio message is kept and gets a polite text-only answer', async () => {
    const audio = fixtureJson<{ entry: { changes: { value: { messages: { from: string; id: string }[]; metadata: { phone_number_id: string } } }[] }[] }>('whatsapp/audio.json');
    const value = audio.entry[0]!.changes[0]!.value;
    value.metadata.phone_number_id = PHONE_NUMBER_ID;
    value.messages[0]!.id = 'wamid.audio-1';
    const phone = `+${value.messages[0]!.from}`;
    expect((await t.postWhatsApp(audio)).status).toBe(200);
    await t.idle();
    const [stored] = await db().select().from(messages).where(eq(messages.providerMessageId, 'wamid.audio-1'));
    expect(stored).toMatchObject({ kind: 'media', mediaType: 'audio', status: 'processed' });
    const replies = await t.repliesTo(phone);
    expect(replies.at(-1)).toMatch(/só consigo ler mensagens de texto/i);
  });

  it('while staff holds the thread the bot is silent, but every message is stored', async () => {
    const phone = '+5511987650006';
    await t.whatsappText(phone, 'primeira', { id: 'wamid.hold-1' });
    await t.idle();
    await db().update(conversations).set({ mode: 'staff' }).where(eq(conversations.patientAddress, phone));
    await t.whatsappText(phone, 'segunda', { id: 'wamid.hold-2' });
    await t.idle();
    expect(await t.repliesTo(phone)).toEqual(['eco: primeira']);
    const [held] = await db().select().from(messages).where(eq(messages.providerMessageId, 'wamid.hold-2'));
    expect(held).toMatchObject({ status: 'processed', body: 'segunda' });
  });

  it('a flood from one sender: 20 answered, then a single polite notice, nothing lost', async () => {
    const phone = '+5511987650007';
    for (let i = 0; i < 26; i++) await t.whatsappText(phone, `msg ${i}`, { id: `wamid.flood-${i}` });
    await t.idle(30_000);
    const replies = await t.repliesTo(phone);
    expect(replies.filter((r) => r.startsWith('eco:'))).toHaveLength(20);
    expect(replies.filter((r) => /muitas mensagens/.test(r))).toHaveLength(1);
    const stored = await db().select().from(messages).innerJoin(conversations, eq(conversations.id, messages.conversationId)).where(and(eq(conversations.patientAddress, phone), eq(messages.direction, 'in')));
    expect(stored).toHaveLength(26);
    expect(stored.every((s) => s.messages.status === 'processed')).toBe(true);
  });
});
