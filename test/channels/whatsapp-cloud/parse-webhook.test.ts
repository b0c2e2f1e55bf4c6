import { describe, expect, it } from 'vitest';
import { parseWebhook } from '../../../src/channels/whatsapp-cloud/parse-webhook';
import type { InboundMessage, StatusUpdate } from '../../../src/channels/types';
import { fixtureJson } from '../../support/stubs/fixtures';

const PNID = '106540352242922';
const MARIA = '+5511987654321';

function only(path: string): { message?: InboundMessage; status?: StatusUpdate } {
  const parsed = parseWebhook(fixtureJson(`whatsapp/${path}`));
  expect(parsed.problems).toEqual([]);
  expect(parsed.messages.length + parsed.statuses.length).toBe(1);
  return { message: parsed.messages[0], status: parsed.statuses[0] };
}

const at = (unix: number) => new Date(unix * 1000);

describe('parseWebhook — fixtures as Meta sends them', () => {
  it('text', () => {
    expect(only('text.json').message).toEqual({
      channel: 'whatsapp',
      providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBRjBFMkY1OTk2QzE4RTk0RkE2AA==',
      to: PNID,
      from: MARIA,
      profileName: 'Maria Silva',
      sentAt: at(1750263773),
      kind: 'text',
      text: 'Oi! Quero marcar botox pra sexta à tarde',
    } satisfies InboundMessage);
  });

  it('interactive button_reply', () => {
    expect(only('interactive-button-reply.json').message).toEqual({
      channel: 'whatsapp',
      providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBNUQ3QjY4QzE5RjIwMzQ1RTFBAA==',
      to: PNID,
      from: MARIA,
      profileName: 'Maria Silva',
      sentAt: at(1750264012),
      kind: 'interactive',
      text: 'Confirmar',
      replyId: 'confirm_slot',
    } satisfies InboundMessage);
  });

  it('interactive list_reply', () => {
    expect(only('interactive-list-reply.json').message).toEqual({
      channel: 'whatsapp',
      providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBQjk5MUM0RDQ3OTc0RjM2QkVCAA==',
      to: PNID,
      from: MARIA,
      profileName: 'Maria Silva',
      sentAt: at(1750264100),
      kind: 'interactive',
      text: 'Sex 20/06 14:00',
      replyId: 'slot_2025-06-20T14:00',
    } satisfies InboundMessage);
  });

  it('template quick-reply button', () => {
    expect(only('button-template-reply.json').message).toMatchObject({
      kind: 'interactive',
      text: 'Confirmar',
      replyId: 'CONFIRMAR_CONSULTA',
      sentAt: at(1750350000),
    });
  });

  it('image with caption', () => {
    expect(only('image.json').message).toEqual({
      channel: 'whatsapp',
      providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBMkI0QjdCOUI2NjNGNjVBNzYxAA==',
      to: PNID,
      from: MARIA,
      profileName: 'Maria Silva',
      sentAt: at(1750264300),
      kind: 'media',
      text: 'Essa mancha aqui',
      media: { type: 'image', id: '1003383421387256', mimeType: 'image/jpeg' },
    } satisfies InboundMessage);
  });

  it('voice note', () => {
    expect(only('audio.json').message).toEqual({
      channel: 'whatsapp',
      providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBQkQ0MDlDNjM0RjU5OUI5Q0E1AA==',
      to: PNID,
      from: MARIA,
      profileName: 'Maria Silva',
      sentAt: at(1750264420),
      kind: 'media',
      text: '',
      media: { type: 'audio', id: '1276475223571329', mimeType: 'audio/ogg; codecs=opus' },
    } satisfies InboundMessage);
  });

  it('location, reaction and unsupported become media', () => {
    expect(only('location.json').message).toMatchObject({ kind: 'media', text: '', media: { type: 'location' } });
    expect(only('reaction.json').message).toMatchObject({
      kind: 'media',
      text: '👍',
      media: { type: 'reaction', id: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjNFOUM1NjFEQ0RCMjcwNzg1MwA=' },
    });
    expect(only('unsupported.json').message).toMatchObject({ kind: 'media', text: '', media: { type: 'unknown' } });
  });

  it('status delivered', () => {
    expect(only('status-delivered.json').status).toEqual({
      channel: 'whatsapp',
      providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjQ0QjJGQ0Y5NTg2RDk1NDc2NAA=',
      status: 'delivered',
      at: at(1750263900),
      recipient: MARIA,
    } satisfies StatusUpdate);
  });

  it('status read', () => {
    expect(only('status-read.json').status).toMatchObject({ status: 'read', at: at(1750263960) });
  });

  it('status failed with errors', () => {
    expect(only('status-failed.json').status).toEqual({
      channel: 'whatsapp',
      providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjNFOUM1NjFEQ0RCMjcwNzg1MwA=',
      status: 'failed',
      at: at(1750349000),
      recipient: MARIA,
      error: { code: 131047, title: 'Re-engagement message' },
    } satisfies StatusUpdate);
  });

  it('several messages, contacts and entries in one payload', () => {
    const parsed = parseWebhook(fixtureJson('whatsapp/multiple-messages.json'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.messages.map((m) => [m.from, m.profileName, m.text])).toEqual([
      [MARIA, 'Maria Silva', 'Bom dia'],
      // A Rio number registered without the 9th digit stays as WhatsApp gave it.
      ['+552198765432', 'João Pereira', 'Qual o valor da limpeza de pele?'],
      [MARIA, 'Maria Silva', 'Tem horário amanhã às 10h?'],
    ]);
    expect(parsed.messages.every((m) => m.to === PNID && m.channel === 'whatsapp')).toBe(true);
    expect(parsed.statuses).toEqual([
      {
        channel: 'whatsapp',
        providerMessageId: 'wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEjQ0QjJGQ0Y5NTg2RDk1NDc2NAA=',
        status: 'sent',
        at: at(1750264990),
        recipient: MARIA,
      },
    ]);
  });

  it('ignores other webhook fields without calling them problems', () => {
    const parsed = parseWebhook(fixtureJson('whatsapp/template-status-update.json'));
    expect(parsed).toMatchObject({ messages: [], statuses: [], problems: [] });
    expect(parsed.ignored).toEqual(['entry[0].changes[0]: field "message_template_status_update"']);
  });
});

describe('parseWebhook — shapes that are not Meta’s', () => {
  type Payload = { object: string; entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }> };
  const text = () => fixtureJson<Payload>('whatsapp/text.json');
  const value = (p: Payload) => p.entry[0]!.changes[0]!.value;
  const firstMessage = (p: Payload) => (value(p)['messages'] as Array<Record<string, unknown>>)[0]!;

  it.each([
    ['null', null],
    ['a string', 'hello'],
    ['an array', []],
    ['an empty object', {}],
    ['another object type', { object: 'page', entry: [] }],
    ['entry not an array', { object: 'whatsapp_business_account', entry: {} }],
  ])('%s → problems', (_name, body) => {
    const parsed = parseWebhook(body);
    expect(parsed.messages).toEqual([]);
    expect(parsed.problems.length).toBeGreaterThan(0);
  });

  it('names where the problem is', () => {
    const p = text();
    delete firstMessage(p)['id'];
    expect(parseWebhook(p).problems).toEqual([expect.stringMatching(/^entry\[0\]\.changes\[0\]\.value\.messages\[0\]\.id: /)]);
  });

  it('rejects a missing phone_number_id (it selects the clinic)', () => {
    const p = text();
    delete (value(p)['metadata'] as Record<string, unknown>)['phone_number_id'];
    const parsed = parseWebhook(p);
    expect(parsed.messages).toEqual([]);
    expect(parsed.problems[0]).toMatch(/metadata\.phone_number_id/);
  });

  it('rejects a text message without text.body, and a bad timestamp', () => {
    const p = text();
    firstMessage(p)['text'] = {};
    expect(parseWebhook(p).problems[0]).toMatch(/messages\[0\]\.text\.body/);
    const q = text();
    firstMessage(q)['timestamp'] = 'yesterday';
    expect(parseWebhook(q).problems[0]).toMatch(/messages\[0\]\.timestamp/);
  });

  it('rejects a sender that is not a phone number, or none (username-only users)', () => {
    const p = text();
    firstMessage(p)['from'] = 'not-a-number';
    expect(parseWebhook(p).problems[0]).toMatch(/\.from: not a phone number/);
    const q = text();
    delete firstMessage(q)['from'];
    firstMessage(q)['from_user_id'] = 'BR.1502576394655843';
    expect(parseWebhook(q).problems[0]).toMatch(/no "from" phone number.*BR\.1502576394655843/);
  });

  it('keeps the good messages when one is broken', () => {
    const p = fixtureJson<Payload>('whatsapp/multiple-messages.json');
    (value(p)['messages'] as unknown[])[1] = { type: 'text' };
    const parsed = parseWebhook(p);
    expect(parsed.messages).toHaveLength(2);
    expect(parsed.problems.length).toBeGreaterThan(0);
  });

  it('skips group and system messages and untracked statuses', () => {
    const p = text();
    firstMessage(p)['group_id'] = '120363025246125486';
    expect(parseWebhook(p)).toMatchObject({ messages: [], problems: [], ignored: [expect.stringMatching(/group message/)] });
    const q = fixtureJson<Payload>('whatsapp/status-read.json');
    (value(q)['statuses'] as Array<Record<string, unknown>>)[0]!['status'] = 'played';
    expect(parseWebhook(q)).toMatchObject({ statuses: [], problems: [], ignored: [expect.stringMatching(/played/)] });
  });

  it('caps the number of problems one payload can produce', () => {
    const p = text();
    value(p)['messages'] = Array.from({ length: 500 }, () => ({ nope: true }));
    const parsed = parseWebhook(p);
    expect(parsed.problems.length).toBeLessThanOrEqual(51);
  });
});

describe('parseWebhook — fuzz', () => {
  const fixtures = [
    'text.json',
    'interactive-button-reply.json',
    'interactive-list-reply.json',
    'button-template-reply.json',
    'image.json',
    'audio.json',
    'location.json',
    'reaction.json',
    'unsupported.json',
    'status-delivered.json',
    'status-failed.json',
    'multiple-messages.json',
  ];

  // Deterministic PRNG (mulberry32) so a failure can be replayed.
  function rng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const weird = [null, undefined, 0, -1, 1e308, NaN, '', 'x'.repeat(2000), '9999999999999', true, [], {}, [null], { __proto__: { polluted: 1 } }, '__proto__', 'constructor'];
  // Fresh copies, so a container never ends up inside itself.
  const weirdValue = (random: () => number): unknown => {
    const v = weird[Math.floor(random() * weird.length)];
    return v && typeof v === 'object' ? structuredClone(v) : v;
  };

  function containers(node: unknown, out: Array<Record<string, unknown> | unknown[]> = []): Array<Record<string, unknown> | unknown[]> {
    if (node && typeof node === 'object') {
      out.push(node as Record<string, unknown>);
      for (const child of Object.values(node)) containers(child, out);
    }
    return out;
  }

  it('never throws on 1,000 random mutations of the fixtures', () => {
    const random = rng(20250619);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    let withProblems = 0;
    for (let i = 0; i < 1000; i++) {
      const payload: unknown = fixtureJson(`whatsapp/${pick(fixtures)}`);
      const mutations = 1 + Math.floor(random() * 4);
      for (let m = 0; m < mutations; m++) {
        const target = pick(containers(payload));
        const keys = Object.keys(target);
        const op = random();
        if (Array.isArray(target)) {
          if (op < 0.3) target.push(weirdValue(random));
          else if (op < 0.6 && target.length > 0) target.splice(Math.floor(random() * target.length), 1);
          else if (target.length > 0) target[Math.floor(random() * target.length)] = weirdValue(random);
        } else if (keys.length > 0) {
          const key = pick(keys);
          if (op < 0.35) delete target[key];
          else if (op < 0.8) target[key] = weirdValue(random);
          else target[`${key}_extra`] = weirdValue(random);
        }
      }
      let result: ReturnType<typeof parseWebhook> | undefined;
      expect(() => {
        result = parseWebhook(payload);
      }, `mutation #${i}`).not.toThrow();
      expect(Array.isArray(result?.problems)).toBe(true);
      if (result && result.problems.length > 0) withProblems++;
      for (const message of result?.messages ?? []) {
        expect(message.from).toMatch(/^\+[1-9]\d{7,14}$/);
        expect(Number.isNaN(message.sentAt.getTime())).toBe(false);
      }
    }
    // The mutations must actually break things, or the test proves nothing.
    expect(withProblems).toBeGreaterThan(300);
  });
});
