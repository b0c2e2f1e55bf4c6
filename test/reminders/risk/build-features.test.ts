import { describe, expect, it } from 'vitest';
import { buildRiskFeatures, countPriorOutcomes, featuresFromHistory } from '../../../src/reminders/risk/build-features';
import type { HistoryRow, Outcome } from '../../../src/reminders/risk/types';

function row(id: string, patientId: string | null, bookedAt: string, startsAt: string, outcome: Outcome | null): HistoryRow {
  return { appointmentId: id, patientId, age: 40, sex: 'F', bookedAt: `${bookedAt}-03:00`, startsAt: `${startsAt}-03:00`, outcome, serviceId: null, price: null };
}

describe('featuresFromHistory', () => {
  it('computes lead time and clinic-local calendar fields', () => {
    const [f] = featuresFromHistory([row('a', null, '2024-03-01T19:00:00', '2024-03-04T09:30:00', 'attended')]);
    expect(f).toMatchObject({ leadDays: 3, leadHours: 62.5, startWeekday: 1, startHour: 9.5, bookedWeekday: 5, bookedHour: 19 });
    expect(f).toMatchObject({ priorAttended: null, priorNoShow: null }); // no patient id: history unknown
  });

  it('counts only outcomes of appointments that had started before this one was booked', () => {
    const history = [
      row('h1', 'p', '2024-01-01T10:00:00', '2024-01-10T10:00:00', 'no_show'),
      row('h2', 'p', '2024-01-11T10:00:00', '2024-01-20T10:00:00', 'attended'),
      row('h3', 'p', '2024-01-21T10:00:00', '2024-02-20T10:00:00', 'no_show'), // still in the future when x was booked
      row('h4', 'p', '2024-01-12T10:00:00', '2024-01-25T10:00:00', 'cancelled'),
      row('x', 'p', '2024-02-01T10:00:00', '2024-02-10T10:00:00', 'no_show'),
      row('later', 'p', '2024-03-01T10:00:00', '2024-03-05T10:00:00', 'no_show'),
      row('other', 'q', '2024-01-01T10:00:00', '2024-01-02T10:00:00', 'no_show'),
    ];
    const byId = new Map(featuresFromHistory(history).map((f, i) => [history[i]!.appointmentId, f]));
    expect(byId.get('h1')).toMatchObject({ priorAttended: 0, priorNoShow: 0 }); // known first visit
    expect(byId.get('h2')).toMatchObject({ priorAttended: 0, priorNoShow: 1 });
    // x: h1 and h2 had happened; h3 had not, x's own outcome and later ones are never seen.
    expect(byId.get('x')).toMatchObject({ priorAttended: 1, priorNoShow: 1 });
    expect(byId.get('later')).toMatchObject({ priorAttended: 1, priorNoShow: 3 });
    expect(byId.get('other')).toMatchObject({ priorAttended: 0, priorNoShow: 0 });
  });

  it('is unchanged by future outcomes: rewriting what happened later never moves earlier features', () => {
    const base = [
      row('a', 'p', '2024-01-01T10:00:00', '2024-01-05T10:00:00', 'attended'),
      row('b', 'p', '2024-01-06T10:00:00', '2024-01-09T10:00:00', 'attended'),
      row('c', 'p', '2024-01-10T10:00:00', '2024-01-15T10:00:00', 'attended'),
    ];
    const flipped = base.map((r) => (r.appointmentId === 'a' ? r : { ...r, outcome: 'no_show' as const }));
    const f1 = featuresFromHistory(base);
    const f2 = featuresFromHistory(flipped);
    expect(f2[0]).toEqual(f1[0]);
    expect(f2[1]).toEqual(f1[1]); // b's own outcome flipped: its features must not notice
    expect(f2[2]).toMatchObject({ priorAttended: 1, priorNoShow: 1 });
  });

  it('never counts a row in its own history, even when its start precedes its booking (bad data)', () => {
    const [f] = featuresFromHistory([row('z', 'p', '2024-01-10T10:00:00', '2024-01-05T10:00:00', 'no_show')]);
    expect(f).toMatchObject({ priorAttended: 0, priorNoShow: 0, leadHours: 0, leadDays: 0 });
  });

  it('also counts outcomes from extra history (scoring new bookings against the past)', () => {
    const past = [row('old', 'p', '2023-12-01T10:00:00', '2023-12-05T10:00:00', 'no_show')];
    const [f] = featuresFromHistory([row('new', 'p', '2024-01-01T10:00:00', '2024-01-03T10:00:00', null)], { extraHistory: past });
    expect(f).toMatchObject({ priorAttended: 0, priorNoShow: 1 });
  });
});

describe('buildRiskFeatures', () => {
  it('builds the same features from Dates in the clinic timezone as history rows give', () => {
    const f = buildRiskFeatures({
      bookedAt: new Date('2024-03-01T22:00:00Z'), // 19:00 in São Paulo
      startsAt: new Date('2024-03-04T12:30:00Z'), // Monday 09:30
      timeZone: 'America/Sao_Paulo',
      age: 35,
      sex: 'M',
      prior: { attended: 2, noShow: 1 },
      serviceId: 'toxina-botulinica',
      price: 1200,
    });
    const [g] = featuresFromHistory([row('a', null, '2024-03-01T19:00:00', '2024-03-04T09:30:00', null)]);
    expect(f).toMatchObject({ leadDays: g!.leadDays, leadHours: g!.leadHours, startWeekday: 1, startHour: 9.5, bookedHour: 19 });
    expect(f).toMatchObject({ priorAttended: 2, priorNoShow: 1, age: 35, sex: 'M', serviceId: 'toxina-botulinica', price: 1200 });
    expect(buildRiskFeatures({ bookedAt: new Date(), startsAt: new Date(), timeZone: 'UTC' })).toMatchObject({ priorAttended: null, age: null });
  });
});

describe('countPriorOutcomes', () => {
  it('counts attended and no-show appointments that started before the booking', () => {
    const bookedAt = new Date('2024-02-01T12:00:00Z');
    const counts = countPriorOutcomes(
      [
        { startsAt: new Date('2024-01-01T12:00:00Z'), outcome: 'attended' },
        { startsAt: new Date('2024-01-02T12:00:00Z'), outcome: 'no_show' },
        { startsAt: new Date('2024-01-03T12:00:00Z'), outcome: 'cancelled' },
        { startsAt: new Date('2024-01-04T12:00:00Z'), outcome: null },
        { startsAt: new Date('2024-02-01T12:00:00Z'), outcome: 'no_show' }, // not before
      ],
      bookedAt,
    );
    expect(counts).toEqual({ attended: 1, noShow: 1 });
  });
});
