import { z } from 'zod';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/;
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase letters, digits and hyphens');
const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'));

export function minutesOf(t: string): number {
  const [h, m] = t.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** "09:00-12:00" → minutes since midnight, validated to be increasing. */
const interval = z
  .string()
  .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'expected an interval like "09:00-12:00"')
  .refine((v) => v.split('-').every((t) => hhmm.test(t)), 'hours must be between 00:00 and 23:59')
  .transform((v) => {
    const [a, b] = v.split('-') as [string, string];
    return { start: minutesOf(a), end: minutesOf(b) };
  })
  .refine((i) => i.end > i.start, 'an interval must end after it starts');

const dayIntervals = z.array(interval).superRefine((list, ctx) => {
  const sorted = [...list].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start < sorted[i - 1]!.end) ctx.addIssue({ code: 'custom', message: 'intervals overlap' });
  }
});

export const weeklyHoursSchema = z
  .object(Object.fromEntries(WEEKDAYS.map((d) => [d, dayIntervals.optional()])) as Record<Weekday, z.ZodOptional<typeof dayIntervals>>)
  .strict();

const exceptionSchema = z
  .object({
    date: isoDate,
    until: isoDate.optional(),
    /** Closed only between these times; omitted = the whole day. */
    from: z.string().regex(hhmm, 'expected HH:MM').optional(),
    to: z.string().regex(hhmm, 'expected HH:MM').optional(),
    professional: slug.optional(),
    reason: z.string().min(1).default('fechado'),
  })
  .strict()
  .refine((e) => (e.from == null) === (e.to == null), 'give both `from` and `to`, or neither')
  .refine((e) => e.until == null || e.until >= e.date, '`until` must not be before `date`');

const professionalSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    title: z.string().default(''),
    registry: z.string().default(''),
    /** Works the clinic's hours on these days… */
    days: z.array(z.enum(WEEKDAYS)).optional(),
    /** …or has their own weekly hours. */
    hours: weeklyHoursSchema.optional(),
    aliases: z.array(z.string().min(1)).default([]),
  })
  .strict()
  .refine((p) => p.days != null || p.hours != null, 'give `days` (clinic hours) or `hours`');

const serviceSchema = z
  .object({
    id: slug,
    name: z.string().min(1),
    duration: z.number().int().min(5).max(600),
    buffer: z.number().int().min(0).max(240).default(10),
    price: z.number().min(0),
    professionals: z.array(slug).min(1, 'list at least one professional'),
    synonyms: z.array(z.string().min(1)).default([]),
    info: z.string().default(''),
    active: z.boolean().default(true),
  })
  .strict();

export const clinicFileSchema = z
  .object({
    clinic: z
      .object({
        id: slug,
        name: z.string().min(1),
        timezone: z.string().refine((tz) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: tz });
            return true;
          } catch {
            return false;
          }
        }, 'unknown IANA timezone'),
        address: z.string().default(''),
        phone: z.string().default(''),
        instagram: z.string().default(''),
        parking: z.string().default(''),
        payment: z.string().default(''),
        insurance: z.string().default(''),
        whatsapp: z
          .object({ phone_number_id: z.union([z.string(), z.number()]).transform(String).default('') })
          .strict()
          .default({ phone_number_id: '' }),
        booking: z
          .object({
            min_notice_minutes: z.number().int().min(0).default(120),
            horizon_days: z.number().int().min(1).max(366).default(60),
            grid_minutes: z.number().int().min(5).max(120).default(15),
            hold_minutes: z.number().int().min(1).max(120).default(10),
          })
          .strict()
          .default({ min_notice_minutes: 120, horizon_days: 60, grid_minutes: 15, hold_minutes: 10 }),
      })
      .strict(),
    hours: weeklyHoursSchema,
    exceptions: z.array(exceptionSchema).default([]),
    professionals: z.array(professionalSchema).min(1),
    services: z.array(serviceSchema).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const pros = new Set<string>();
    file.professionals.forEach((p, i) => {
      if (pros.has(p.id)) ctx.addIssue({ code: 'custom', path: ['professionals', i, 'id'], message: `duplicate professional id "${p.id}"` });
      pros.add(p.id);
    });
    const services = new Set<string>();
    file.services.forEach((s, i) => {
      if (services.has(s.id)) ctx.addIssue({ code: 'custom', path: ['services', i, 'id'], message: `duplicate service id "${s.id}"` });
      services.add(s.id);
      s.professionals.forEach((p, j) => {
        if (!pros.has(p)) ctx.addIssue({ code: 'custom', path: ['services', i, 'professionals', j], message: `unknown professional "${p}"` });
      });
    });
    file.exceptions.forEach((e, i) => {
      if (e.professional && !pros.has(e.professional))
        ctx.addIssue({ code: 'custom', path: ['exceptions', i, 'professional'], message: `unknown professional "${e.professional}"` });
    });
  });

export type ClinicFile = z.output<typeof clinicFileSchema>;
export type ServiceDef = ClinicFile['services'][number];
export type ProfessionalDef = ClinicFile['professionals'][number];
export type ExceptionDef = ClinicFile['exceptions'][number];
export type WeeklyHours = z.output<typeof weeklyHoursSchema>;
