import { describe, expect, it } from 'vitest';
import { localStampOf, readTimestamp } from '../../../src/reminders/risk/local-time';

describe('readTimestamp', () => {
  it('keeps the wall clock the timestamp was written with', () => {
    const s = readTimestamp('2016-05-03T08:30:00-03:00')!;
    expect(s.instant).toBe(Date.parse('2016-05-03T11:30:00Z'));
    expect(s).toMatchObject({ weekday: 2, hour: 8.5 });
    // A Manaus export (-04:00) is read on Manaus's clock, not São Paulo's.
    expect(readTimestamp('2016-05-03T08:00:00-04:00')!.hour).toBe(8);
  });

  it('puts UTC timestamps on the fallback zone, with its daylight saving time', () => {
    expect(readTimestamp('2016-05-03T11:00:00Z')!.hour).toBe(8); // -03:00 in May 2016
    expect(readTimestamp('2015-12-01T11:00:00Z')!.hour).toBe(9); // -02:00 (DST) in Dec 2015
    expect(readTimestamp('2016-05-03T11:00:00Z', { fallbackTimeZone: 'America/Manaus' })!.hour).toBe(7);
  });

  it('forces a zone when asked, whatever the written offset', () => {
    const s = readTimestamp('2016-05-03T23:30:00-03:00', { timeZone: 'Europe/Lisbon' })!;
    expect(s.hour).toBe(3.5);
    expect(s.weekday).toBe(3); // already Wednesday in Lisbon
    expect(s.day - readTimestamp('2016-05-03T23:30:00-03:00')!.day).toBe(1);
  });

  it('reads a timestamp without offset as clinic-local time', () => {
    const s = readTimestamp('2016-05-03 08:00')!;
    expect(s.hour).toBe(8);
    expect(s.instant).toBe(Date.parse('2016-05-03T11:00:00Z'));
  });

  it('rejects what is not a real time', () => {
    for (const bad of ['', 'yesterday', '2016-02-30T10:00:00-03:00', '2016-13-01T10:00:00Z', '2016-05-03T25:00:00Z', '2016-05-03T10:00:00+15:00']) {
      expect(readTimestamp(bad), bad).toBeNull();
    }
  });
});

describe('localStampOf', () => {
  it('gives the clinic-local calendar day, weekday and hour of an instant', () => {
    const s = localStampOf(Date.parse('2024-03-09T02:15:00Z'), 'America/Sao_Paulo');
    expect(s).toMatchObject({ weekday: 5, hour: 23.25 }); // Friday 23:15 in São Paulo
    expect(s.day).toBe(Math.round(Date.UTC(2024, 2, 8) / 86_400_000));
  });
});
