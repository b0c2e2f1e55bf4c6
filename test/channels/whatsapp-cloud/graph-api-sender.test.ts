import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GraphApiSender } from '../../../src/channels/whatsapp-cloud/graph-api-sender';
import { isOutsideWindowError } from '../../../src/channels/whatsapp-cloud/graph-errors';
import { parseWebhook } from '../../../src/channels/whatsapp-cloud/parse-webhook';
import { AppError, ProviderError, TransportError } from '../../../src/lib/errors';
import { fixtureJson } from '../../support/stubs/fixtures';
import { graphError, startGraphApiStub, times, type GraphApiStub } from '../../support/stubs/graph-api-stub';

const PNID = '106540352242922';
const TOKEN = 'EAAG-test-token';

describe('GraphApiSender against the Graph stub', () => {
  let stub: GraphApiStub;
  let sender: GraphApiSender;

  beforeAll(async () => {
    stub = await startGraphApiStub();
    sender = new GraphApiSender({ graphUrl: `${stub.url}/v21.0/`, token: TOKEN, timeoutMs: 2_000 });
  });
  afterAll(async () => stub.close());
  beforeEach(() => stub.reset());

  it('sends a text exactly as Meta expects and returns messages[0].id', async () => {
    const result = await sender.send(PNID, { kind: 'text', to: '+5511987654321', text: 'Olá, Maria! Seu horário está confirmado.' });
    expect(result.providerMessageId).toMatch(/^wamid\./);
    expect(stub.requests).toHaveLength(1);
    const req = stub.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe(`/v21.0/${PNID}/messages`);
    expect(req.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.contentType).toBe('application/json');
    expect(req.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '5511987654321',
      type: 'text',
      text: { body: 'Olá, Maria! Seu horário está confirmado.', preview_url: false },
    });
  });

  it('sends a template with body parameters in order', async () => {
    await sender.send(PNID, {
      kind: 'template',
      to: '+5511987654321',
      template: { name: 'lembrete_consulta', language: 'pt_BR', params: ['Maria', 'sexta, 20/06', '14:00'] },
      fallbackText: 'unused on WhatsApp',
    });
    expect(stub.requests[0]!.json).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '5511987654321',
      type: 'template',
      template: {
        name: 'lembrete_consulta',
        language: { code: 'pt_BR' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Maria' },
              { type: 'text', text: 'sexta, 20/06' },
              { type: 'text', text: '14:00' },
            ],
          },
        ],
      },
    });
  });

  it('omits components for a template without parameters', async () => {
    await sender.send(PNID, {
      kind: 'template',
      to: '+5511987654321',
      template: { name: 'boas_vindas', language: 'pt_BR', params: [] },
      fallbackText: '',
    });
    expect(stub.requests[0]!.json).toMatchObject({ template: { name: 'boas_vindas', language: { code: 'pt_BR' } } });
    expect((stub.requests[0]!.json as { template: object }).template).not.toHaveProperty('components');
  });

  it('500 → ProviderError, not permanent; a retry after it succeeds', async () => {
    stub.setBehaviour({ sequence: times(2, { status: 500, body: { error: { message: 'An unknown error has occurred.', type: 'OAuthException', code: 1, fbtrace_id: 'x' } } }) });
    const message = { kind: 'text', to: '+5511987654321', text: 'oi' } as const;
    for (let i = 0; i < 2; i++) {
      const err = await sender.send(PNID, message).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).status).toBe(500);
      expect((err as ProviderError).permanent).toBe(false);
    }
    await expect(sender.send(PNID, message)).resolves.toMatchObject({ providerMessageId: expect.stringMatching(/^wamid\./) });
    expect(stub.requests).toHaveLength(3);
  });

  it('400 with code 100 → permanent ProviderError carrying Meta’s code', async () => {
    stub.setBehaviour({ otherwise: graphError(100, { message: '(#100) Invalid parameter' }) });
    const err = await sender.send(PNID, { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ provider: 'whatsapp-cloud', status: 400, permanent: true, details: { code: 100 } });
    expect((err as Error).message).toContain('(#100) Invalid parameter');
    expect(isOutsideWindowError(err)).toBe(false);
  });

  it('131047 (outside the 24 h window) → permanent, and recognisable so the caller sends a template', async () => {
    stub.setBehaviour({ otherwise: graphError(131047) });
    const err = await sender.send(PNID, { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ permanent: true, details: { code: 131047 } });
    expect(isOutsideWindowError(err)).toBe(true);
  });

  it('the same condition reported later by a status webhook is recognised too', () => {
    const { statuses } = parseWebhook(fixtureJson('whatsapp/status-failed.json'));
    expect(isOutsideWindowError(statuses[0])).toBe(true);
    const { statuses: delivered } = parseWebhook(fixtureJson('whatsapp/status-delivered.json'));
    expect(isOutsideWindowError(delivered[0])).toBe(false);
  });

  it.each([
    [130429, 429],
    [130429, 400],
    [131056, 400],
    [131016, 503],
    [131048, 400],
    [2, 503],
    [4, 400],
  ])('Meta rate/temporary code %i (HTTP %i) → not permanent', async (code, status) => {
    stub.setBehaviour({ otherwise: graphError(code, { status }) });
    const err = await sender.send(PNID, { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).permanent).toBe(false);
  });

  it.each([
    [190, 401],
    [131026, 400],
    [132001, 404],
  ])('code %i (HTTP %i) → permanent', async (code, status) => {
    stub.setBehaviour({ otherwise: graphError(code, { status }) });
    const err = await sender.send(PNID, { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect((err as ProviderError).permanent).toBe(true);
  });

  it('a non-JSON error page still becomes a ProviderError', async () => {
    stub.setBehaviour({ otherwise: { status: 502, body: '<html>Bad Gateway</html>' } });
    const err = await sender.send(PNID, { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, permanent: false });
    expect((err as Error).message).toContain('Bad Gateway');
  });

  it('2xx without a message id → permanent (retrying could send twice)', async () => {
    stub.setBehaviour({ otherwise: { status: 200, body: { messaging_product: 'whatsapp' } } });
    const err = await sender.send(PNID, { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ permanent: true });
  });

  it('a stub slower than the timeout → TransportError, quickly', async () => {
    const fast = new GraphApiSender({ graphUrl: `${stub.url}/v21.0`, token: TOKEN, timeoutMs: 150 });
    stub.setBehaviour({ delayMs: 5_000 });
    const started = Date.now();
    const err = await fast.send(PNID, { kind: 'text', to: '+5511987654321', text: 'oi' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransportError);
    expect((err as Error).message).toMatch(/150 ms/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a dropped connection → TransportError', async () => {
    stub.setBehaviour({ otherwise: { hangUp: true } });
    await expect(sender.send(PNID, { kind: 'text', to: '+5511987654321', text: 'oi' })).rejects.toBeInstanceOf(TransportError);
  });

  it('nobody listening → TransportError', async () => {
    const closed = await startGraphApiStub();
    const url = closed.url;
    await closed.close();
    const nowhere = new GraphApiSender({ graphUrl: url, token: TOKEN, timeoutMs: 1_000 });
    await expect(nowhere.send(PNID, { kind: 'text', to: '+5511987654321', text: 'oi' })).rejects.toBeInstanceOf(TransportError);
  });

  it('refuses a recipient or sender that is not a number, before any request', async () => {
    await expect(sender.send(PNID, { kind: 'text', to: 'maria', text: 'oi' })).rejects.toBeInstanceOf(AppError);
    await expect(sender.send('../evil', { kind: 'text', to: '+5511987654321', text: 'oi' })).rejects.toBeInstanceOf(AppError);
    expect(stub.requests).toHaveLength(0);
  });
});
