import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reminders } from '../../src/db/schema';
import { describeWithServices } from '../support/test-database';
import { startReminderHarness, T0, type ReminderHarness } from './reminder-harness';

/**
 * Quiet hours move a send that would land at night (clinic time), with an owner's own cadence:
 * the low tier reminds 14 h before, so a 10:00 appointment's reminder would go at 20:00.
 */
describeWithServices('quiet hours shift reminder sends (Postgres + Redis, frozen clock)', () => {
  let h: ReminderHarness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atende-quiet-'));
    copyFileSync(new URL('../../flows/clinic.yaml', import.meta.url), join(dir, 'clinic.yaml'));
    const shipped = readFileSync(new URL('../../flows/reminders.yaml', import.meta.url), 'utf8');
    writeFileSync(join(dir, 'reminders.yaml'), shipped.replace('- { before: 24h, channel: whatsapp, template: confirmacao }\n    escalation: { before: 6h }', '- { before: 14h, channel: whatsapp, template: confirmacao }\n    escalation: { before: 30m }'));
    h = await startReminderHarness({ flowsDir: dir });
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a reminder whose time falls at 20:00 (clinic time) is planned for 08:00 and sent then', async () => {
    const phone = '+5511987650601';
    const startsAt = new Date('2026-03-06T13:00:00Z'); // Friday 10:00 local
    const { appointmentId } = await h.book({ phone, tier: 'low', professionalId: 'ana-souza', startsAt });
    await h.t.app.reminders.plan([appointmentId]);
    const step = await h.step(appointmentId, 'whatsapp-14h');
    expect(step.dueAt.toISOString()).toBe('2026-03-06T11:00:00.000Z'); // Friday 08:00, not Thursday 20:00

    await h.at(new Date('2026-03-05T23:00:00Z')); // Thursday 20:00: the nominal time
    expect(h.whatsappTo(phone)).toHaveLength(0);
    await h.at(new Date('2026-03-06T10:59:00Z')); // 07:59
    expect(h.whatsappTo(phone)).toHaveLength(0);
    await h.at(new Date('2026-03-06T11:00:00Z')); // 08:00
    await h.settled(appointmentId);
    expect(h.whatsappTo(phone)).toHaveLength(1);
    expect((await h.step(appointmentId, 'whatsapp-14h')).status).toBe('sent');
  });

  it('a step the scheduler reaches only at night (it was down) is moved to the morning, not sent', async () => {
    h.clock.set(T0);
    const phone = '+5511987650602';
    const startsAt = new Date('2026-03-06T17:00:00Z'); // Friday 14:00 local: due Friday 00:00 → shifted to 08:00
    const { appointmentId } = await h.book({ phone, tier: 'low', professionalId: 'bruno-lima', startsAt });
    await h.t.app.reminders.plan([appointmentId]);
    expect((await h.step(appointmentId, 'whatsapp-14h')).dueAt.toISOString()).toBe('2026-03-06T11:00:00.000Z');
    // Someone moved the step into the night by hand; the sweep runs at 23:30 and must not text then.
    await h.db.update(reminders).set({ dueAt: new Date('2026-03-06T02:00:00Z') }).where(eq(reminders.appointmentId, appointmentId));
    await h.at(new Date('2026-03-06T02:30:00Z')); // Thursday 23:30 local
    expect(h.whatsappTo(phone)).toHaveLength(0);
    const deferred = (await h.steps(appointmentId)).find((s) => s.stepKey === 'whatsapp-14h')!;
    expect(deferred).toMatchObject({ status: 'pending', dueAt: new Date('2026-03-06T11:00:00Z') });
    await h.at(new Date('2026-03-06T11:00:00Z'));
    await h.settled(appointmentId);
    expect(h.whatsappTo(phone)).toHaveLength(1);
  });
});
