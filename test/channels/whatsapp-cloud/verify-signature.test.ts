import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../../src/channels/whatsapp-cloud/verify-signature';
import { fixtureText } from '../../support/stubs/fixtures';
import { signPayload } from '../../support/stubs/sign';

const SECRET = 'a3f1c0ffee5ecret';

describe('verifySignature (X-Hub-Signature-256)', () => {
  const raw = Buffer.from(fixtureText('whatsapp/text.json'));

  it('accepts Meta’s signature over the exact raw bytes', () => {
    expect(verifySignature(raw, signPayload(raw, SECRET), SECRET)).toBe(true);
  });

  it('matches an independently computed HMAC (upper-case hex too)', () => {
    const hex = createHmac('sha256', SECRET).update(raw).digest('hex');
    expect(verifySignature(raw, `sha256=${hex}`, SECRET)).toBe(true);
    expect(verifySignature(raw, `sha256=${hex.toUpperCase()}`, SECRET)).toBe(true);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifySignature(raw, signPayload(raw, 'other-secret'), SECRET)).toBe(false);
  });

  it('rejects when the body changed by one byte or was re-serialised', () => {
    const tampered = Buffer.from(raw.toString().replace('botox', 'b0tox'));
    expect(verifySignature(tampered, signPayload(raw, SECRET), SECRET)).toBe(false);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(raw.toString())));
    expect(verifySignature(reserialised, signPayload(raw, SECRET), SECRET)).toBe(false);
  });

  it('rejects a missing header', () => {
    expect(verifySignature(raw, undefined, SECRET)).toBe(false);
    expect(verifySignature(raw, '', SECRET)).toBe(false);
  });

  it.each([
    ['no prefix', () => createHmac('sha256', SECRET).update(raw).digest('hex')],
    ['sha1 prefix', () => `sha1=${createHmac('sha256', SECRET).update(raw).digest('hex')}`],
    ['not hex', () => `sha256=${'z'.repeat(64)}`],
    ['base64 digest', () => `sha256=${createHmac('sha256', SECRET).update(raw).digest('base64')}`],
    ['two signatures', () => `${signPayload(raw, SECRET)},${signPayload(raw, SECRET)}`],
    ['just the prefix', () => 'sha256='],
  ])('rejects a malformed header (%s)', (_name, header) => {
    expect(verifySignature(raw, header(), SECRET)).toBe(false);
  });

  it('rejects length mismatches without throwing', () => {
    const good = signPayload(raw, SECRET);
    expect(verifySignature(raw, good.slice(0, -2), SECRET)).toBe(false);
    expect(verifySignature(raw, `${good}00`, SECRET)).toBe(false);
    expect(verifySignature(raw, 'sha256=ab', SECRET)).toBe(false);
  });

  it('rejects when the app secret is not configured', () => {
    expect(verifySignature(raw, signPayload(raw, ''), '')).toBe(false);
  });

  it('never throws on odd inputs', () => {
    expect(verifySignature('not a buffer' as unknown as Buffer, signPayload(raw, SECRET), SECRET)).toBe(false);
    expect(verifySignature(raw, 42 as unknown as string, SECRET)).toBe(false);
  });
});
