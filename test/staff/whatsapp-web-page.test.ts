import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhatsAppWebAdapter } from '../../src/channels/whatsapp-web';
import { FakeWwebClient } from '../support/stubs/fake-wweb-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { StaffClient } from './staff-client';
import { addStaff, PASSWORD } from './staff-fixtures';

/** The whatsapp-web.js QR, shown to owners only (it logs a phone into the clinic's WhatsApp). */
describe('WhatsApp Web page', () => {
  let t: TestApp;
  let client: FakeWwebClient;
  beforeAll(async () => {
    const adapter = new WhatsAppWebAdapter({
      createClient: async () => {
        client = new FakeWwebClient();
        return client as never;
      },
      onMessage: () => {},
      printQr: () => {},
    });
    t = await startTestApp({ appOptions: { whatsappWeb: adapter } });
    await addStaff(t.t.database, { email: 'dona@bella.com', role: 'owner', name: 'Dona' });
    await addStaff(t.t.database, { email: 'rita@bella.com', role: 'reception', name: 'Rita' });
    await new Promise((r) => setTimeout(r, 50));
    client.emit('qr', '2@fakeQrPayload,abc,def,ghi');
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(async () => t?.stop());

  it('owners see the state and the QR as an image; reception gets 403', async () => {
    const owner = new StaffClient(t.url);
    await owner.loginOk('dona@bella.com', PASSWORD);
    const page = await owner.page('/staff/whatsapp-web');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Aguardando a leitura do QR code');
    expect(page.html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
    expect(page.html).toContain('http-equiv="refresh"');
    const reception = new StaffClient(t.url);
    await reception.loginOk('rita@bella.com', PASSWORD);
    expect((await reception.page('/staff/whatsapp-web')).status).toBe(403);
  });
});
