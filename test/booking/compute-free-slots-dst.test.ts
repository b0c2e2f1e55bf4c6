import { describe, expect, it } from 'vitest';
import { computeFreeSlots, explainSlot } from '../../src/booking/compute-free-slots';
import type { Schedule } from '../../src/booking/load-schedule';
import { formatHm, localMinutesOf } from '../../src/lib/clinic-time';

/** A clinic in a timezone with daylight saving (clinic.yaml's timezone is the owner's choice). */
function schedule(tz: string): Schedule {
  const week = Array.from({ length: 7 }, () => [{ start: 9 * 60, end: 12 * 60 }]);
  return {
    clinicId: 'c',
    tz,
    settings: { minNoticeMinutes: 0, horizonDays: 60, gridMinutes: 60, holdMinutes: 10 },
    service: { id: 's', name: 'S', durationMin: 30, bufferMin: 0, priceCents: 100 },
    professionals: [{ id: 'p', name: 'P' }],
    hours: new Map([['p', week]]),
    busy: new Map([['p', []]]),
    closed: new Map([['p', []]]),
    from: '2026-03-07',
    to: '2026-03-09',
  };
}

describe('slots on a daylight-saving day', () => {
  it('keep wall-clock times when clocks spring forward (New York, 8 March 2026)', () => {
    const sc = schedule('America/New_York');
    const now = new Date('2026-03-01T00:00:00Z');
    const slots = computeFreeSlots(sc, { from: '2026-03-08', to: '2026-03-08', now });
    expect(slots.map((s) => formatHm(localMinutesOf(s.startsAt, 'America/New_York')))).toEqual(['09:00', '10:00', '11:00']);
    for (const s of slots) expect(explainSlot(sc, 'p', s.startsAt, now)).toBeNull();
  });
});
