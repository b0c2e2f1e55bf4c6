import { describe, expect, it } from 'vitest';
import { twilioSignature, verifyTwilioSignature } from '../../../src/channels/sms/verify-twilio-signature';
import { fixtureJson } from '../../support/stubs/fixtures';

/**
 * Known vectors from Twilio's own signature-validation snippets (TwilioDevEd/api-snippets,
 * security/signature_validation): auth token "12345", this URL and these POST params.
 */
const DOC_URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const DOC_TOKEN = '12345';
const docParams = (caller: string) => ({ CallSid: 'CA1234567890ABCDE', Caller: caller, Digits: '1234', From: caller, To: '+18005551212' });

describe('verifyTwilioSignature', () => {
  it('accepts Twilio’s documented vectors', () => {
    expect(verifyTwilioSignature(DOC_URL, docParams('+14158675310'), 'GvWf1cFY/Q7PnoempGyD5oXAezc=', DOC_TOKEN)).toBe(true);
    expect(verifyTwilioSignature(DOC_URL, docParams('+14158675309'), 'RSOYDt4T1cUTdK1PDd93/VVr8B8=', DOC_TOKEN)).toBe(true);
  });

  it('computes the documented signature', () => {
    expect(twilioSignature(DOC_URL, docParams('+14158675310'), DOC_TOKEN)).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
  });

  it('rejects a changed parameter, URL or token', () => {
    const sig = 'GvWf1cFY/Q7PnoempGyD5oXAezc=';
    expect(verifyTwilioSignature(DOC_URL, { ...docParams('+14158675310'), Digits: '1235' }, sig, DOC_TOKEN)).toBe(false);
    expect(verifyTwilioSignature(DOC_URL, { ...docParams('+14158675310'), Extra: '' }, sig, DOC_TOKEN)).toBe(false);
    expect(verifyTwilioSignature('https://mycompany.com/myapp.php?foo=1&bar=3', docParams('+14158675310'), sig, DOC_TOKEN)).toBe(false);
    expect(verifyTwilioSignature(DOC_URL, docParams('+14158675310'), sig, '54321')).toBe(false);
  });

  it('is independent of parameter order (names are sorted)', () => {
    const p = docParams('+14158675310');
    const reversed = Object.fromEntries(Object.entries(p).reverse());
    expect(verifyTwilioSignature(DOC_URL, reversed, 'GvWf1cFY/Q7PnoempGyD5oXAezc=', DOC_TOKEN)).toBe(true);
  });

  it('accepts the URL with or without the standard port, like Twilio’s helper', () => {
    const form = fixtureJson<Record<string, string>>('sms/inbound-text.json');
    const token = 'twilio-auth-token';
    const signedWithPort = twilioSignature('https://clinica.example.com:443/webhooks/sms', form, token);
    expect(verifyTwilioSignature('https://clinica.example.com/webhooks/sms', form, signedWithPort, token)).toBe(true);
    const signedWithout = twilioSignature('https://clinica.example.com/webhooks/sms', form, token);
    expect(verifyTwilioSignature('https://clinica.example.com:443/webhooks/sms', form, signedWithout, token)).toBe(true);
    expect(verifyTwilioSignature('https://clinica.example.com:8443/webhooks/sms', form, signedWithout, token)).toBe(false);
  });

  it('handles repeated keys as sorted values', () => {
    const token = 't';
    const url = 'https://x.example/sms';
    const sig = twilioSignature(url, { MediaUrl: ['b', 'a'] }, token);
    expect(sig).toBe(twilioSignature(url, { MediaUrl: ['a', 'b'] }, token));
    expect(verifyTwilioSignature(url, { MediaUrl: ['a', 'b'] }, sig, token)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not base64', '!!!!!!!!!!!!!!!!!!!!!!!!!!!='],
    ['too short', 'GvWf1cFY/Q7PnoempGyD5oXAez='],
    ['too long', 'GvWf1cFY/Q7PnoempGyD5oXAezcA'],
    ['hex instead of base64', '1af59fd5c158fd0ecf9e87a6a46c83e685c07b37'],
  ])('rejects a %s header without throwing', (_name, header) => {
    expect(verifyTwilioSignature(DOC_URL, docParams('+14158675310'), header, DOC_TOKEN)).toBe(false);
  });

  it('rejects an unparsable URL and an empty token', () => {
    expect(verifyTwilioSignature('not a url', docParams('+14158675310'), 'GvWf1cFY/Q7PnoempGyD5oXAezc=', DOC_TOKEN)).toBe(false);
    expect(verifyTwilioSignature(DOC_URL, {}, twilioSignature(DOC_URL, {}, ''), '')).toBe(false);
  });
});
