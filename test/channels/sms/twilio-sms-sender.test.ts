import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TwilioSmsSender } from '../../../src/channels/sms/twilio-sms-sender';
import { AppError, ProviderError, TransportError } from '../../../src/lib/errors';
import { startSmsStub, times, twilioError, type SmsStub } from '../../support/stubs/sms-stub';

const SID = 'AC8f3c2b1a0e9d8c7b6a5f4e3d2c1b0a99';
const TOKEN = 'twilio-auth-token';
const FROM = '+5511940001234';

describe('TwilioSmsSender against the SMS stub', () => {
  let stub: SmsStub;
  let sender: TwilioSmsSender;

  beforeAll(async () => {
    stub = await startSmsStub();
    sender = new TwilioSmsSender({ baseUrl: stub.url, accountSid: SID, authToken: TOKEN, timeoutMs: 2_000 });
  });
  afterAll(async () => stub.close());
  beforeEach(() => stub.reset());

  it('POSTs form-encoded To/From/Body with Basic auth and returns the sid', async () => {
    const result = await sender.send(FROM, { kind: 'text', to: '+55 (11) 98765-4321', text: 'Sua consulta é amanhã às 14h. Responda SIM.' });
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    const req = stub.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(req.contentType).toBe('application/x-www-form-urlencoded');
    expect(req.basicAuth).toEqual({ user: SID, password: TOKEN });
    expect(req.form).toEqual({ To: '+5511987654321', From: FROM, Body: 'Sua consulta é amanhã às 14h. Responda SIM.' });
  });

  it('sends a template as its fallback text', async () => {
    await sender.send(FROM, {
      kind: 'template',
      to: '+5511987654321',
      template: { name: 'lembrete_consulta', language: 'pt_BR', params: ['Maria'] },
      fallbackText: 'Olá Maria, lembrete da sua consulta amanhã.',
    });
    expect(stub.requests[0]!.form['Body']).toBe('Olá Maria, lembrete da sua consulta amanhã.');
  });

  it('asks for status callbacks when configured', async () => {
    const withCallback = new TwilioSmsSender({ baseUrl: stub.url, accountSid: SID, authToken: TOKEN, statusCallbackUrl: 'https://clinica.example.com/webhooks/sms/status' });
    await withCallback.send(FROM, { kind: 'text', to: '+5511987654321', text: 'oi' });
    expect(stub.requests[0]!.form['StatusCallback']).toBe('https://clinica.example.com/webhooks/sms/status');
  });

  it('uses MessagingServiceSid when "from" is a Messaging Service', async () => {
    await sender.send('MG0123456789abcdef0123456789abcdef', { kind: 'text', to: '+5511987654321', text: 'oi' });
    expect(stub.requests[0]!.form).toEqual({ To: '+5511987654321', MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef', Body: 'oi' });
  });

  it('500 → non-permanent ProviderError, then succeeds', async () => {
    stub.setBehaviour({ sequence: times(1, twilioError(20500, { status: 500, message: 'Internal Server Error' })) });
    const err = await sender.send(FROM, { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ provider: 'twilio', status: 500, permanent: false, details: { code: 20500 } });
    await expect(sender.send(FROM, { kind: 'text', to: '+5511987654321', text: 'oi' })).resolves.toHaveProperty('providerMessageId');
  });

  it('400 invalid number (21211) → permanent; 429 (20429) → not permanent', async () => {
    stub.setBehaviour({ sequence: [twilioError(21211, { message: "Invalid 'To' Phone Number" }), twilioError(20429, { status: 429, message: 'Too Many Requests' })] });
    const first = await sender.send(FROM, { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect(first).toMatchObject({ status: 400, permanent: true, details: { code: 21211 } });
    expect((first as Error).message).toContain("Invalid 'To' Phone Number");
    const second = await sender.send(FROM, { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect(second).toMatchObject({ status: 429, permanent: false });
  });

  it('wrong credentials → permanent 401', async () => {
    const wrong = new TwilioSmsSender({ baseUrl: stub.url, accountSid: SID, authToken: TOKEN });
    stub.setBehaviour({ otherwise: twilioError(20003, { status: 401, message: 'Authenticate' }) });
    await expect(wrong.send(FROM, { kind: 'text', to: '+5511987654321', text: 'oi' })).rejects.toMatchObject({ status: 401, permanent: true });
  });

  it('slow provider → TransportError within the timeout', async () => {
    const fast = new TwilioSmsSender({ baseUrl: stub.url, accountSid: SID, authToken: TOKEN, timeoutMs: 150 });
    stub.setBehaviour({ delayMs: 5_000 });
    const started = Date.now();
    await expect(fast.send(FROM, { kind: 'text', to: '+5511987654321', text: 'oi' })).rejects.toBeInstanceOf(TransportError);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('refuses a recipient that is not a phone number', async () => {
    await expect(sender.send(FROM, { kind: 'text', to: 'maria@example.com', text: 'oi' })).rejects.toBeInstanceOf(AppError);
    expect(stub.requests).toHaveLength(0);
  });
});
