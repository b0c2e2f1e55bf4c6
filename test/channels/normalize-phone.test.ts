import { describe, expect, it } from 'vitest';
import { normalizePhone, waIdToE164 } from '../../src/channels/normalize-phone';

describe('normalizePhone', () => {
  it.each([
    ['+55 (11) 98765-4321', '+5511987654321'],
    ['11987654321', '+5511987654321'],
    ['5511987654321', '+5511987654321'],
    ['+5511987654321', '+5511987654321'],
    ['(11) 98765-4321', '+5511987654321'],
    ['011 98765-4321', '+5511987654321'],
    ['0055 11 98765 4321', '+5511987654321'],
    ['  +55 11 98765.4321 ', '+5511987654321'],
    ['(11) 3456-7890', '+551134567890'],
    ['21 98765 4321', '+5521987654321'],
    // A mobile without the 9th digit stays as given — never added or removed.
    ['551187654321', '+551187654321'],
    ['+55 11 8765-4321', '+551187654321'],
    ['+1 (650) 555-1234', '+16505551234'],
    ['447911123456', '+447911123456'],
  ])('%s → %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'abc',
    '12345',
    '+55 11 9876',
    '11 8765-43210', // 11 digits but a 9-digit subscriber not starting with 9
    '00 11 98765-4321', // DDD cannot contain 0
    '+55 01 98765-4321',
    '+0 11 98765 4321',
    '1234567890123456', // 16 digits
    '+55 11 98765-4321 ramal 2',
    '11987654321@c.us',
  ])('rejects %j', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });

  it('does not throw on non-strings', () => {
    expect(normalizePhone(undefined as unknown as string)).toBeNull();
    expect(normalizePhone(5511987654321 as unknown as string)).toBeNull();
  });
});

describe('waIdToE164', () => {
  it('keeps WhatsApp ids international, never national', () => {
    expect(waIdToE164('5511987654321')).toBe('+5511987654321');
    expect(waIdToE164('16505551234')).toBe('+16505551234');
    expect(waIdToE164('552198765432')).toBe('+552198765432');
    expect(waIdToE164('5511987654321@c.us')).toBe('+5511987654321');
  });

  it('rejects what is not a phone id', () => {
    for (const bad of ['', 'abc', '123', '120363025246125486@g.us', '12345678901234567', 'BR.1502576394655843']) {
      expect(waIdToE164(bad)).toBeNull();
    }
  });
});
