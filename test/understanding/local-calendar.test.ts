import { describe, expect, it } from 'vitest';
import { addMonths, dayOf, formatDay, formatMinutes, localNow, weekdayOfDay } from '../../src/understanding/local-calendar';

describe('local-calendar', () => {
  it('reads the wall clock of the clinic', () => {
    const n = localNow(new Date('2026-07-04T02:00:00Z'), 'America/Sao_Paulo');
    expect(formatDay(n.day)).toBe('2026-07-03');
    expect(n.weekday).toBe(5);
    expect(formatMinutes(n.minutes)).toBe('23:00');
  });
  it('falls back to São Paulo for unknown zones and to now for invalid dates', () => {
    expect(localNow(new Date('2026-07-04T02:00:00Z'), 'Nowhere/City').tz).toBe('America/Sao_Paulo');
    expect(Number.isFinite(localNow(new Date('nope'), undefined).day)).toBe(true);
  });
  it('rejects impossible dates and clamps month arithmetic', () => {
    expect(dayOf(2027, 2, 29)).toBeUndefined();
    expect(formatDay(addMonths(dayOf(2026, 1, 31)!, 1))).toBe('2026-02-28');
    expect(weekdayOfDay(dayOf(2026, 11, 23)!)).toBe(1);
  });
});
