import { describe, expect, it } from 'vitest';
import { verifyChallenge } from '../../../src/channels/whatsapp-cloud/verify-challenge';

const TOKEN = 'meu-token-de-verificacao';

describe('verifyChallenge (GET hub.* subscription check)', () => {
  const ok = { 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN, 'hub.challenge': '1158201444' };

  it('echoes the challenge when mode and token match', () => {
    expect(verifyChallenge(ok, TOKEN)).toBe('1158201444');
  });

  it('accepts the nested form some query parsers produce', () => {
    expect(verifyChallenge({ hub: { mode: 'subscribe', verify_token: TOKEN, challenge: '42' } }, TOKEN)).toBe('42');
  });

  it.each([
    ['wrong token', { ...ok, 'hub.verify_token': 'nope' }],
    ['token prefix', { ...ok, 'hub.verify_token': TOKEN.slice(0, -1) }],
    ['wrong mode', { ...ok, 'hub.mode': 'unsubscribe' }],
    ['missing challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': TOKEN }],
    ['array token', { ...ok, 'hub.verify_token': [TOKEN, TOKEN] }],
    ['markup challenge', { ...ok, 'hub.challenge': '<script>alert(1)</script>' }],
    ['empty challenge', { ...ok, 'hub.challenge': '' }],
  ])('returns null for %s', (_name, query) => {
    expect(verifyChallenge(query as Record<string, unknown>, TOKEN)).toBeNull();
  });

  it('returns null when no verify token is configured, or no query', () => {
    expect(verifyChallenge({ ...ok, 'hub.verify_token': '' }, '')).toBeNull();
    expect(verifyChallenge(undefined, TOKEN)).toBeNull();
    expect(verifyChallenge(null, TOKEN)).toBeNull();
  });
});
