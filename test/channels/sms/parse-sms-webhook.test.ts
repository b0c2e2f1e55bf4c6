import { describe, expect, it } from 'vitest';
import { parseSmsWebhook } from '../../../src/channels/sms/parse-sms-webhook';
import { fixtureJson } from '../../support/stubs/fixtures';

const NOW = new Date('2025-06-19T14:05:00Z');
const now = () => NOW;
const form = (name: string) => fixtureJson<Record<string, string>>(`sms/${name}`);

describe('parseSmsWebhook', () => {
  it('inbound SMS → InboundMessage', () => {
    expect(parseSmsWebhook(form('inbound-text.json'), { now })).toEqual({
      kind: 'message',
      message: {
        channel: 'sms',
        providerMessageId: 'SM1f0e7a2c9b8d4e6f8a1b2c3d4e5f6a7b',
        to: '+5511940001234',
        from: '+5511987654321',
        sentAt: NOW,
        kind: 'text',
        text: 'Sim, confirmo',
      },
    });
  });

  it('inbound MMS → media with the caption as text', () => {
    expect(parseSmsWebhook(form('inbound-mms.json'), { now })).toMatchObject({
      kind: 'message',
      message: {
        kind: 'media',
        text: 'Foto do local',
        media: { type: 'image', mimeType: 'image/jpeg', id: 'ME0123456789abcdef0123456789abcdef' },
      },
    });
  });

  it('status delivered → StatusUpdate', () => {
    expect(parseSmsWebhook(form('status-delivered.json'), { now })).toEqual({
      kind: 'status',
      status: {
        channel: 'sms',
        providerMessageId: 'SMa1b2c3d4e5f60718293a4b5c6d7e8f90',
        status: 'delivered',
        at: NOW,
        recipient: '+5511987654321',
      },
    });
  });

  it('status undelivered → failed with the error code', () => {
    expect(parseSmsWebhook(form('status-undelivered.json'), { now })).toEqual({
      kind: 'status',
      status: {
        channel: 'sms',
        providerMessageId: 'SMa1b2c3d4e5f60718293a4b5c6d7e8f90',
        status: 'failed',
        at: NOW,
        recipient: '+5511987654321',
        error: { code: 30003 },
      },
    });
  });

  it.each([
    ['sent', 'sent'],
    ['failed', 'failed'],
    ['read', 'read'],
    ['canceled', 'failed'],
  ])('MessageStatus %s → %s', (twilio, ours) => {
    const f = { ...form('status-delivered.json'), MessageStatus: twilio, SmsStatus: twilio };
    expect(parseSmsWebhook(f, { now })).toMatchObject({ kind: 'status', status: { status: ours } });
  });

  it.each(['queued', 'accepted', 'sending', 'scheduled'])('MessageStatus %s is ignored', (twilio) => {
    const f = { ...form('status-queued.json'), MessageStatus: twilio, SmsStatus: twilio };
    expect(parseSmsWebhook(f, { now })).toEqual({ kind: 'ignored', reason: `MessageStatus "${twilio}"` });
  });

  it.each([
    ['no sid', { From: '+5511987654321', To: '+5511940001234', Body: 'oi' }],
    ['bad sid', { MessageSid: 'x', From: '+5511987654321', To: '+5511940001234', Body: 'oi' }],
    ['no From', { MessageSid: 'SM1f0e7a2c9b8d4e6f8a1b2c3d4e5f6a7b', To: '+5511940001234', Body: 'oi' }],
    ['bad From', { MessageSid: 'SM1f0e7a2c9b8d4e6f8a1b2c3d4e5f6a7b', From: 'maria', To: '+5511940001234', Body: 'oi' }],
    ['no Body', { MessageSid: 'SM1f0e7a2c9b8d4e6f8a1b2c3d4e5f6a7b', From: '+5511987654321', To: '+5511940001234' }],
  ])('%s → invalid', (_name, f) => {
    const result = parseSmsWebhook(f as Record<string, string>, { now });
    expect(result.kind).toBe('invalid');
  });

  it('never throws on odd input', () => {
    expect(parseSmsWebhook(null as unknown as Record<string, string>).kind).toBe('invalid');
    expect(parseSmsWebhook({ MessageSid: ['a'] } as unknown as Record<string, string>).kind).toBe('invalid');
  });
});
