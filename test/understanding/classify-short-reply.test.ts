import { describe, expect, it } from 'vitest';
import { classifyShortReply } from '../../src/understanding/classify-short-reply';

const kinds = (text: string) => {
  const k = classifyShortReply(text.split(' '));
  return k ? [...k].sort() : undefined;
};

describe('classifyShortReply', () => {
  it('covers stock replies with their kinds', () => {
    expect(kinds('sim pode ser')).toEqual(['strongConfirm']);
    expect(kinds('ok obrigada')).toEqual(['confirm', 'thanks']);
    expect(kinds('nao obrigado')).toEqual(['deny']);
    expect(kinds('oi tudo bem')).toEqual(['greeting']);
    expect(kinds('bom dia')).toEqual(['greeting']);
  });
  it('refuses messages with any other word', () => {
    expect(kinds('sim tenho lupus')).toBeUndefined();
    expect(kinds('')).toBeUndefined();
  });
});
