import type { ReminderCondition, RemindersConfig, ReminderTier } from '../flows/reminders-schema';
import { shiftOutOfQuietHours } from './quiet-hours';

/** Row channels: patient messages, and the two kinds of work for reception. */
export type ReminderChannel = 'whatsapp' | 'sms' | 'escalation' | 'call_task';

export const MESSAGE_CHANNELS = ['whatsapp', 'sms'] as const;
export const STAFF_CHANNELS = ['escalation', 'call_task'] as const;

export interface PlannedStep {
  stepKey: string;
  channel: ReminderChannel;
  template: string | null;
  condition: ReminderCondition;
  dueAt: Date;
  /** `skipped` steps are stored too, with the reason in `note`, so the plan explains itself. */
  status: 'pending' | 'skipped';
  note?: string;
}

/** A patient message is not sent closer to the start than this (a reminder must leave time to act). */
export const MIN_LEAD_BEFORE_START_MS = 60 * 60_000;

export interface ScheduleInput {
  config: RemindersConfig;
  tier: ReminderTier;
  startsAt: Date;
  /** When the appointment was booked: steps due before it are skipped (the booking itself confirmed). */
  bookedAt: Date;
  timeZone: string;
  /** No WhatsApp/SMS reminders (the patient refused them); reception still confirms by phone. */
  messagesRefused?: boolean;
}

/**
 * The reminder plan of one appointment, from its tier's steps in reminders.yaml: each message step
 * at its offset before the start, moved out of quiet hours; the tier's escalation at its deadline
 * (staff work, so never shifted). A step that would fall before the booking is kept as `skipped`;
 * so is the escalation when nothing asked the patient to confirm. Pure, so tests and the planner
 * agree on every date.
 */
export function computeReminderSchedule(input: ScheduleInput): PlannedStep[] {
  const { config, tier, startsAt, bookedAt, timeZone } = input;
  const def = config.tiers[tier];
  const steps: PlannedStep[] = [];
  const notAfter = new Date(startsAt.getTime() - MIN_LEAD_BEFORE_START_MS);
  for (const s of def.steps) {
    const nominal = new Date(startsAt.getTime() - s.beforeMinutes * 60_000);
    const base = { stepKey: s.key, channel: s.channel, template: s.template, condition: s.condition } as const;
    if (input.messagesRefused) {
      steps.push({ ...base, dueAt: nominal, status: 'skipped', note: 'reminders refused' });
      continue;
    }
    const dueAt = shiftOutOfQuietHours(nominal, config.quietHours, timeZone, { notAfter, notBefore: bookedAt });
    if (!dueAt) steps.push({ ...base, dueAt: nominal, status: 'skipped', note: 'quiet hours' });
    else if (dueAt.getTime() < bookedAt.getTime()) steps.push({ ...base, dueAt, status: 'skipped', note: 'due before booking' });
    else steps.push({ ...base, dueAt, status: 'pending' });
  }
  if (def.escalation) {
    const e = def.escalation;
    const dueAt = new Date(startsAt.getTime() - e.beforeMinutes * 60_000);
    const base = { stepKey: e.key, channel: e.kind === 'call_task' ? 'call_task' : 'escalation', template: null, condition: 'unconfirmed' } as const;
    const asked = steps.some((s) => s.status === 'pending' && s.dueAt.getTime() < dueAt.getTime());
    if (dueAt.getTime() < bookedAt.getTime()) steps.push({ ...base, dueAt, status: 'skipped', note: 'due before booking' });
    else if (!asked && !input.messagesRefused) steps.push({ ...base, dueAt, status: 'skipped', note: 'no reminder asked before the deadline' });
    else steps.push({ ...base, dueAt, status: 'pending' });
  }
  return steps;
}
