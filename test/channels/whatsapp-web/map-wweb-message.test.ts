import { describe, expect, it } from 'vitest';
import { mapWwebMessage } from '../../../src/channels/whatsapp-web/map-wweb-message';
import type { WwebClientLike } from '../../../src/channels/whatsapp-web/wweb-client';
import { wwebMessage } from '../../support/stubs/fake-wweb-client';
import type { Client } from 'whatsapp-web.js';

// Compile-time only: the real library's Client must fit the slice the adapter uses.
export const realClientFits = (client: Client): WwebClientLike => client;

describe('mapWwebMessage', () => {
  it('maps a private text chat', async () => {
    expect(await mapWwebMessage(wwebMessage(), { account: '+5511940001234' })).toEqual({
      kind: 'message',
      message: {
        channel: 'whatsapp_web',
        providerMessageId: 'false_5511987654321@c.us_3EB0C767D26A1D8D1F3A',
        to: '+5511940001234',
        from: '+5511987654321',
        profileName: 'Maria Silva',
        sentAt: new Date(1750263773 * 1000),
        kind: 'text',
        text: 'Oi, quero marcar uma limpeza de pele',
      },
    });
  });

  it('takes our number from message.to before ready', async () => {
    const result = await mapWwebMessage(wwebMessage());
    expect(result).toMatchObject({ kind: 'message', message: { to: '+5511940001234' } });
  });

  it.each([
    ['our own message', { fromMe: true }],
    ['a status update', { isStatus: true, from: 'status@broadcast' }],
    ['a group message', { from: '120363025246125486@g.us', author: '5511987654321@c.us' }],
    ['a broadcast list', { from: '1750263773@broadcast' }],
    ['a channel post', { from: '120363025246125486@newsletter' }],
    ['a revoked message', { type: 'revoked' }],
    ['an e2e notification', { type: 'e2e_notification', body: '' }],
  ])('ignores %s', async (_name, overrides) => {
    expect((await mapWwebMessage(wwebMessage(overrides))).kind).toBe('ignored');
  });

  it('maps a voice note to audio media with no text', async () => {
    const result = await mapWwebMessage(wwebMessage({ type: 'ptt', body: '', hasMedia: true, _data: { notifyName: 'Maria Silva', mimetype: 'audio/ogg; codecs=opus' } }));
    expect(result).toMatchObject({ kind: 'message', message: { kind: 'media', text: '', media: { type: 'audio', mimeType: 'audio/ogg; codecs=opus' } } });
  });

  it('keeps an image caption as text', async () => {
    const result = await mapWwebMessage(wwebMessage({ type: 'image', body: 'olha essa mancha', hasMedia: true, _data: { mimetype: 'image/jpeg' } }));
    expect(result).toMatchObject({ kind: 'message', message: { kind: 'media', text: 'olha essa mancha', media: { type: 'image', mimeType: 'image/jpeg' } } });
  });

  it('drops the thumbnail a location carries in body, and the vCard of a contact', async () => {
    const location = await mapWwebMessage(wwebMessage({ type: 'location', body: '/9j/4AAQSkZJRgABAQAAAQABAAD...', location: { latitude: -23.56, longitude: -46.65 } }));
    expect(location).toMatchObject({ message: { kind: 'media', text: '', media: { type: 'location' } } });
    const vcard = await mapWwebMessage(wwebMessage({ type: 'vcard', body: 'BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD' }));
    expect(vcard).toMatchObject({ message: { kind: 'media', text: '', media: { type: 'contacts' } } });
  });

  it('maps button and list responses to interactive replies', async () => {
    expect(await mapWwebMessage(wwebMessage({ type: 'buttons_response', body: 'Confirmar', selectedButtonId: 'confirm' }))).toMatchObject({
      message: { kind: 'interactive', text: 'Confirmar', replyId: 'confirm' },
    });
    expect(await mapWwebMessage(wwebMessage({ type: 'list_response', body: 'Sex 14:00', selectedRowId: 'slot-1' }))).toMatchObject({
      message: { kind: 'interactive', text: 'Sex 14:00', replyId: 'slot-1' },
    });
  });

  it('resolves a privacy id (@lid) to the phone, or ignores the message when it cannot', async () => {
    const lid = '204587711234567@lid';
    const resolved = await mapWwebMessage(wwebMessage({ from: lid }), { resolveLid: async () => '5511987654321@c.us' });
    expect(resolved).toMatchObject({ kind: 'message', message: { from: '+5511987654321' } });
    const unresolved = await mapWwebMessage(wwebMessage({ from: lid }), { resolveLid: async () => undefined });
    expect(unresolved).toEqual({ kind: 'ignored', reason: `sender ${lid} has no resolvable phone number`, lost: true });
  });
});
