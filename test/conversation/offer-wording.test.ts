import { describe, expect, it } from 'vitest';
import type { Slot } from '../../src/booking/compute-free-slots';
import { describePreference, spread } from '../../src/conversation/tools/find-slots';

const TZ = 'America/Sao_Paulo';
const NOW = new Date('2026-03-10T10:00:00-03:00');
const slot = (local: string, professionalId = 'ana-souza'): Slot => {
  const startsAt = new Date(`${local}-03:00`);
  return { professionalId, serviceId: 'x', startsAt, endsAt: startsAt, blockedUntil: startsAt };
};

describe('offering slots', () => {
  it('spreads the options: one per start time, an hour apart on the same day, in time order', () => {
    const grid = ['09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '11:00'].flatMap((t) => [slot(`2026-03-11T${t}:00`), slot(`2026-03-11T${t}:00`, 'bruno-lima')]);
    expect(spread(grid, 3, 60, TZ).map((s) => s.startsAt.toISOString().slice(11, 16))).toEqual(['12:00', '13:00', '14:00']);
  });

  it('tops up with closer slots when the day has few', () => {
    const few = [slot('2026-03-11T09:00:00'), slot('2026-03-11T09:15:00'), slot('2026-03-11T09:30:00')];
    expect(spread(few, 3, 60, TZ)).toHaveLength(3);
  });

  it.each([
    [{ date: '2026-03-14' }, 'sábado, 14/03'],
    [{ date: '2026-03-11', time: '15:00' }, 'amanhã às 15:00'],
    [{ date: '2026-03-15', period: 'morning' }, 'domingo, 15/03, de manhã'],
    [{ from: '2026-03-16', to: '2026-03-21' }, 'esses dias (16/03 a 21/03)'],
    [{ time: '18:00' }, 'o horário das 18:00'],
    [{ period: 'afternoon' }, 'o período da tarde'],
    [{ after: '17:00' }, 'depois das 17:00'],
  ] as const)('names the preference %j as "Para %s não tenho vaga"', (when, text) => {
    expect(describePreference(when, NOW, TZ)).toBe(text);
  });
});
