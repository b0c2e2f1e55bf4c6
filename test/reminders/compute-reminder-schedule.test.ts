import { describe, expect, it } from 'vitest';
import { defaultRemindersConfig, remindersFileSchema, DEFAULT_REMINDERS_INPUT, type RemindersConfig } from '../../src/flows/reminders-schema';
import { computeReminderSchedule } from '../../src/reminders/compute-reminder-schedule';
import { isQuiet, shiftOutOfQuietHours } from '../../src/reminders/quiet-hours';

const TZ = 'America/Sao_Paulo';
// Friday 6 March 2026, 14:00 in São Paulo (UTC−3); booked the Monday before at 10:00.
const STARTS = new Date('2026-03-06T17:00:00Z');
const BOOKED = new Date('2026-03-02T13:00:00Z');

const plan = (tier: 'low' | 'medium' | 'high', config: RemindersConfig = defaultRemindersConfig(), bookedAt = BOOKED, startsAt = STARTS) =>
  computeReminderSchedule({ config, tier, startsAt, bookedAt, timeZone: TZ }).map((s) => ({
    key: s.stepKey,
    channel: s.channel,
    condition: s.condition,
    at: s.dueAt.toISOString(),
    status: s.status,
    ...(s.note ? { note: s.note } : {}),
  }));

describe('computeReminderSchedule with the shipped cadence (SPEC §7)', () => {
  it('low: WhatsApp 24 h before, escalation to the inbox if still unconfirmed 6 h before', () => {
    expect(plan('low')).toEqual([
      { key: 'whatsapp-24h', channel: 'whatsapp', condition: 'always', at: '2026-03-05T17:00:00.000Z', status: 'pending' },
      { key: 'escalation-6h', channel: 'escalation', condition: 'unconfirmed', at: '2026-03-06T11:00:00.000Z', status: 'pending' },
    ]);
  });

  it('medium: WhatsApp 48 h, SMS 24 h only if unconfirmed, escalation 12 h before', () => {
    expect(plan('medium')).toEqual([
      { key: 'whatsapp-48h', channel: 'whatsapp', condition: 'always', at: '2026-03-04T17:00:00.000Z', status: 'pending' },
      { key: 'sms-24h', channel: 'sms', condition: 'unconfirmed', at: '2026-03-05T17:00:00.000Z', status: 'pending' },
      { key: 'escalation-12h', channel: 'escalation', condition: 'unconfirmed', at: '2026-03-06T05:00:00.000Z', status: 'pending' },
    ]);
  });

  it('high: WhatsApp 72 h and 24 h, SMS 24 h, a call task when unconfirmed 12 h before', () => {
    expect(plan('high')).toEqual([
      { key: 'whatsapp-72h', channel: 'whatsapp', condition: 'always', at: '2026-03-03T17:00:00.000Z', status: 'pending' },
      { key: 'whatsapp-24h', channel: 'whatsapp', condition: 'unconfirmed', at: '2026-03-05T17:00:00.000Z', status: 'pending' },
      { key: 'sms-24h', channel: 'sms', condition: 'unconfirmed', at: '2026-03-05T17:00:00.000Z', status: 'pending' },
      { key: 'call-task-12h', channel: 'call_task', condition: 'unconfirmed', at: '2026-03-06T05:00:00.000Z', status: 'pending' },
    ]);
  });

  it('keeps steps due before the booking as skipped, and escalates only when a reminder asked first', () => {
    // Booked Thursday 18:00 local for Friday 14:00: the 24 h reminder would be in the past.
    const late = plan('low', defaultRemindersConfig(), new Date('2026-03-05T21:00:00Z'));
    expect(late).toEqual([
      { key: 'whatsapp-24h', channel: 'whatsapp', condition: 'always', at: '2026-03-05T17:00:00.000Z', status: 'skipped', note: 'due before booking' },
      { key: 'escalation-6h', channel: 'escalation', condition: 'unconfirmed', at: '2026-03-06T11:00:00.000Z', status: 'skipped', note: 'no reminder asked before the deadline' },
    ]);
  });

  it('a patient who refused reminders gets no messages, but reception still gets the deadline task', () => {
    const steps = computeReminderSchedule({ config: defaultRemindersConfig(), tier: 'high', startsAt: STARTS, bookedAt: BOOKED, timeZone: TZ, messagesRefused: true });
    expect(steps.filter((s) => s.status === 'pending').map((s) => s.stepKey)).toEqual(['call-task-12h']);
    expect(steps.filter((s) => s.status === 'skipped').every((s) => s.note === 'reminders refused')).toBe(true);
  });
});

describe('quiet hours', () => {
  const config = remindersFileSchema.parse({
    ...DEFAULT_REMINDERS_INPUT,
    tiers: { ...DEFAULT_REMINDERS_INPUT.tiers, low: { steps: [{ before: '14h', channel: 'whatsapp', template: 'confirmacao' }], escalation: null } },
  });

  it('moves a send that falls at night to the end of the quiet window', () => {
    // Appointment Friday 10:00 local: 14 h before is Thursday 20:00, inside 20:00–08:00.
    const startsAt = new Date('2026-03-06T13:00:00Z');
    expect(plan('low', config, BOOKED, startsAt)).toEqual([
      { key: 'whatsapp-14h', channel: 'whatsapp', condition: 'always', at: '2026-03-06T11:00:00.000Z', status: 'pending' },
    ]);
  });

  it('moves it to the evening before when the morning would be too close to the appointment', () => {
    const quiet = { startMin: 20 * 60, endMin: 8 * 60 };
    // 07:00 local for an 08:30 appointment: 08:00 leaves less than an hour, so 19:45 the day before.
    const at = new Date('2026-03-06T10:00:00Z');
    const shifted = shiftOutOfQuietHours(at, quiet, TZ, { notAfter: new Date('2026-03-06T10:30:00Z'), notBefore: BOOKED });
    expect(shifted?.toISOString()).toBe('2026-03-05T22:45:00.000Z');
    expect(shiftOutOfQuietHours(at, quiet, TZ, { notAfter: new Date('2026-03-06T10:30:00Z'), notBefore: new Date('2026-03-06T00:00:00Z') })).toBeNull();
  });

  it('knows a window that wraps midnight and one that does not', () => {
    const night = { startMin: 20 * 60, endMin: 8 * 60 };
    expect(isQuiet(new Date('2026-03-06T02:00:00Z'), night, TZ)).toBe(true); // 23:00 local
    expect(isQuiet(new Date('2026-03-06T10:59:00Z'), night, TZ)).toBe(true); // 07:59
    expect(isQuiet(new Date('2026-03-06T11:00:00Z'), night, TZ)).toBe(false); // 08:00
    const lunch = { startMin: 12 * 60, endMin: 13 * 60 };
    expect(isQuiet(new Date('2026-03-06T15:30:00Z'), lunch, TZ)).toBe(true); // 12:30
    expect(shiftOutOfQuietHours(new Date('2026-03-06T15:30:00Z'), lunch, TZ, { notAfter: STARTS, notBefore: BOOKED })?.toISOString()).toBe('2026-03-06T16:00:00.000Z');
    expect(shiftOutOfQuietHours(new Date('2026-03-06T15:30:00Z'), null, TZ, { notAfter: STARTS, notBefore: BOOKED })?.toISOString()).toBe('2026-03-06T15:30:00.000Z');
  });
});
