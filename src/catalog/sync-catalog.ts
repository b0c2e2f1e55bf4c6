import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../db/open-database';
import { clinics, professionals, professionalServices, scheduleExceptions, services, workingHours } from '../db/schema';
import type { ClinicFile } from '../flows/clinic-schema';
import { WEEKDAYS } from '../flows/clinic-schema';
import { addDays, atLocal } from '../lib/clinic-time';
import { minutesOf } from '../flows/clinic-schema';

export interface SyncResult {
  clinicId: string;
  changed: boolean;
  services: number;
  deactivatedServices: string[];
}

/**
 * Makes the database match the owner's clinic file: upserts the clinic, team and services, rewrites
 * weekly hours and file-defined closures, and deactivates (never deletes) what the file no longer
 * lists, so appointments keep their history. Skips all work when the file hash is unchanged.
 */
export async function syncCatalog(
  db: Db,
  file: ClinicFile,
  hash: string,
  options: { whatsappPhoneNumberId?: string; smsNumber?: string; force?: boolean } = {},
): Promise<SyncResult> {
  const clinicId = file.clinic.id;
  const phoneNumberId = file.clinic.whatsapp.phone_number_id || options.whatsappPhoneNumberId || null;
  const smsNumber = options.smsNumber ?? null;
  const stamp = `${hash}:${phoneNumberId ?? ''}:${smsNumber ?? ''}`;
  return db.transaction(async (tx) => {
    // Processes starting together (web + worker) sync one at a time.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'catalog:' + clinicId}))`);
    const [existing] = await tx.select({ hash: clinics.catalogHash }).from(clinics).where(eq(clinics.id, clinicId));
    if (existing?.hash === stamp && !options.force) {
      return { clinicId, changed: false, services: file.services.length, deactivatedServices: [] };
    }
    const now = new Date();
    const b = file.clinic.booking;
    const clinicRow = {
      name: file.clinic.name,
      timezone: file.clinic.timezone,
      whatsappPhoneNumberId: phoneNumberId,
      smsNumber,
      catalogHash: stamp,
      settings: { minNoticeMinutes: b.min_notice_minutes, horizonDays: b.horizon_days, gridMinutes: b.grid_minutes, holdMinutes: b.hold_minutes },
    };
    await tx
      .insert(clinics)
      .values({ id: clinicId, ...clinicRow })
      .onConflictDoUpdate({ target: clinics.id, set: { ...clinicRow, updatedAt: now } });

    for (const p of file.professionals) {
      const row = { name: p.name, title: p.title, registry: p.registry, aliases: p.aliases, active: true, updatedAt: now };
      await tx
        .insert(professionals)
        .values({ clinicId, id: p.id, ...row })
        .onConflictDoUpdate({ target: [professionals.clinicId, professionals.id], set: row });
    }
    const proIds = file.professionals.map((p) => p.id);
    await tx
      .update(professionals)
      .set({ active: false, updatedAt: now })
      .where(and(eq(professionals.clinicId, clinicId), notInArray(professionals.id, proIds)));

    for (const s of file.services) {
      const row = {
        name: s.name,
        durationMin: s.duration,
        bufferMin: s.buffer,
        priceCents: Math.round(s.price * 100),
        synonyms: s.synonyms,
        info: s.info,
        active: s.active,
        updatedAt: now,
      };
      await tx
        .insert(services)
        .values({ clinicId, id: s.id, ...row })
        .onConflictDoUpdate({ target: [services.clinicId, services.id], set: row });
    }
    const serviceIds = file.services.map((s) => s.id);
    const deactivated = await tx
      .update(services)
      .set({ active: false, updatedAt: now })
      .where(and(eq(services.clinicId, clinicId), notInArray(services.id, serviceIds), eq(services.active, true)))
      .returning({ id: services.id });

    await tx.delete(professionalServices).where(eq(professionalServices.clinicId, clinicId));
    const links = file.services.flatMap((s) => s.professionals.map((p) => ({ clinicId, professionalId: p, serviceId: s.id })));
    if (links.length) await tx.insert(professionalServices).values(links);

    await tx.delete(workingHours).where(eq(workingHours.clinicId, clinicId));
    const hourRows = file.professionals.flatMap((p) =>
      WEEKDAYS.flatMap((day, weekday) => {
        const intervals = p.hours ? (p.hours[day] ?? []) : p.days?.includes(day) ? (file.hours[day] ?? []) : [];
        return intervals.map((i) => ({ clinicId, professionalId: p.id, weekday, startMin: i.start, endMin: i.end }));
      }),
    );
    if (hourRows.length) await tx.insert(workingHours).values(hourRows);

    await tx.delete(scheduleExceptions).where(and(eq(scheduleExceptions.clinicId, clinicId), eq(scheduleExceptions.source, 'file')));
    const tz = file.clinic.timezone;
    const exceptionRows = file.exceptions.map((e) => {
      const last = e.until ?? e.date;
      const startsAt = e.from ? atLocal(e.date, minutesOf(e.from), tz) : atLocal(e.date, 0, tz);
      const endsAt = e.to ? atLocal(last, minutesOf(e.to), tz) : atLocal(addDays(last, 1), 0, tz);
      return { clinicId, professionalId: e.professional ?? null, startsAt, endsAt, reason: e.reason, source: 'file' };
    });
    if (exceptionRows.length) await tx.insert(scheduleExceptions).values(exceptionRows);

    return { clinicId, changed: true, services: file.services.length, deactivatedServices: deactivated.map((d) => d.id) };
  });
}
