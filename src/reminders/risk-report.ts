import { parseArgs } from 'node:util';
import { and, desc, eq, gte, isNull, lt, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../db/open-database';
import { appointments, clinics, reminders, riskModels } from '../db/schema';
import { atLocal } from '../lib/clinic-time';
import { openEnvDatabase, resolveClinicId } from './risk-from-db';
import { defaultRiskModel } from './risk';

export const REPORT_TIERS = ['low', 'medium', 'high', 'unscored'] as const;
export type ReportTier = (typeof REPORT_TIERS)[number];

export interface RiskReportRow {
  tier: ReportTier;
  /** Appointments in the period (held and rescheduled ones excluded: they were replaced). */
  appointments: number;
  /** Confirmed by the patient (or staff) before the day. */
  confirmed: number;
  attended: number;
  noShow: number;
  cancelled: number;
  /** No-show among decided ones: noShow / (attended + noShow); null when none is decided. */
  noShowRate: number | null;
  confirmationRate: number | null;
  /** Mean predicted no-show probability: what the model expected, to compare with `noShowRate`. */
  predicted: number | null;
  /** Reminder messages that went out (WhatsApp and SMS). */
  remindersSent: number;
  /** Escalations and call tasks raised for reception. */
  escalations: number;
}

export interface RiskReport {
  clinic: { id: string; name: string; timezone: string };
  from: string | null;
  to: string | null;
  model: { version: string; source: 'clinic' | 'shipped default'; cutPoints: { low: number; high: number } };
  rows: RiskReportRow[];
  total: RiskReportRow;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/**
 * No-show and confirmation rates per risk tier, from outcomes staff (or the API) recorded: whether
 * the tiers separate patients who miss from those who come, and whether the cadences earn
 * confirmations. `from`/`to` are clinic-local dates (YYYY-MM-DD, `to` inclusive) of the start.
 */
export async function buildRiskReport(db: Executor, input: { clinicId: string; from?: string; to?: string }): Promise<RiskReport> {
  const [clinic] = await db.select({ id: clinics.id, name: clinics.name, timezone: clinics.timezone }).from(clinics).where(eq(clinics.id, input.clinicId));
  if (!clinic) throw new Error(`clinic ${input.clinicId} not found`);
  const conditions: SQL[] = [eq(appointments.clinicId, clinic.id), notInArray(appointments.status, ['held', 'rescheduled'])];
  if (input.from) conditions.push(gte(appointments.startsAt, atLocal(input.from, 0, clinic.timezone)));
  if (input.to) conditions.push(lt(appointments.startsAt, atLocal(input.to, 24 * 60, clinic.timezone)));
  const tier = sql<string>`coalesce(${appointments.riskTier}, 'unscored')`;
  const counts = await db
    .select({
      tier,
      appointments: sql<number>`count(*)::int`,
      confirmed: sql<number>`(count(*) filter (where ${appointments.confirmedAt} is not null))::int`,
      attended: sql<number>`(count(*) filter (where ${appointments.status} = 'attended'))::int`,
      noShow: sql<number>`(count(*) filter (where ${appointments.status} = 'no_show'))::int`,
      cancelled: sql<number>`(count(*) filter (where ${appointments.status} = 'cancelled'))::int`,
      predicted: sql<number | null>`avg(${appointments.riskScore})::float8`,
    })
    .from(appointments)
    .where(and(...conditions))
    .groupBy(tier);
  const outreach = await db
    .select({
      tier,
      sent: sql<number>`(count(*) filter (where ${reminders.channel} in ('whatsapp','sms') and ${reminders.status} in ('sending','sent','delivered','read')))::int`,
      escalations: sql<number>`(count(*) filter (where ${reminders.channel} in ('escalation','call_task') and ${reminders.status} = 'sent'))::int`,
    })
    .from(reminders)
    .innerJoin(appointments, eq(appointments.id, reminders.appointmentId))
    .where(and(...conditions))
    .groupBy(tier);

  const empty = (t: ReportTier): RiskReportRow => ({ tier: t, appointments: 0, confirmed: 0, attended: 0, noShow: 0, cancelled: 0, noShowRate: null, confirmationRate: null, predicted: null, remindersSent: 0, escalations: 0 });
  const byTier = new Map<ReportTier, RiskReportRow>(REPORT_TIERS.map((t) => [t, empty(t)]));
  let scoreSum = 0;
  let scored = 0;
  for (const c of counts) {
    const row = byTier.get(c.tier as ReportTier);
    if (!row) continue;
    Object.assign(row, { appointments: c.appointments, confirmed: c.confirmed, attended: c.attended, noShow: c.noShow, cancelled: c.cancelled, predicted: c.predicted });
    if (c.predicted != null) {
      scoreSum += c.predicted * c.appointments;
      scored += c.appointments;
    }
  }
  for (const o of outreach) {
    const row = byTier.get(o.tier as ReportTier);
    if (row) Object.assign(row, { remindersSent: o.sent, escalations: o.escalations });
  }
  const rows = [...byTier.values()].filter((r) => r.tier !== 'unscored' || r.appointments > 0);
  for (const r of rows) {
    r.noShowRate = ratio(r.noShow, r.attended + r.noShow);
    r.confirmationRate = ratio(r.confirmed, r.appointments);
  }
  const total = rows.reduce<RiskReportRow>(
    (t, r) => ({
      ...t,
      appointments: t.appointments + r.appointments,
      confirmed: t.confirmed + r.confirmed,
      attended: t.attended + r.attended,
      noShow: t.noShow + r.noShow,
      cancelled: t.cancelled + r.cancelled,
      remindersSent: t.remindersSent + r.remindersSent,
      escalations: t.escalations + r.escalations,
    }),
    { ...empty('unscored') },
  );
  total.noShowRate = ratio(total.noShow, total.attended + total.noShow);
  total.confirmationRate = ratio(total.confirmed, total.appointments);
  total.predicted = scored > 0 ? scoreSum / scored : null;

  const [active] = await db
    .select({ version: riskModels.version, model: riskModels.model })
    .from(riskModels)
    .where(and(eq(riskModels.active, true), or(eq(riskModels.clinicId, clinic.id), isNull(riskModels.clinicId))))
    .orderBy(sql`${riskModels.clinicId} is null`, desc(riskModels.trainedAt))
    .limit(1);
  const cut = (active?.model as { cutPoints?: { low: number; high: number } } | undefined)?.cutPoints;
  const model = active && cut
    ? { version: active.version, source: 'clinic' as const, cutPoints: cut }
    : { version: defaultRiskModel().version, source: 'shipped default' as const, cutPoints: defaultRiskModel().cutPoints };
  return { clinic, from: input.from ?? null, to: input.to ?? null, model, rows, total: { ...total, tier: 'unscored' } };
}

const pct = (x: number | null): string => (x == null ? '—' : `${(100 * x).toFixed(1)}%`);

/** The report as a fixed-width table, one line per tier and a total. */
export function formatRiskReport(report: RiskReport): string {
  const header = ['tier', 'appts', 'confirmed', 'conf. rate', 'attended', 'no-show', 'no-show rate', 'predicted', 'cancelled', 'reminders', 'escalations'];
  const line = (label: string, r: RiskReportRow) => [
    label,
    String(r.appointments),
    String(r.confirmed),
    pct(r.confirmationRate),
    String(r.attended),
    String(r.noShow),
    pct(r.noShowRate),
    pct(r.predicted),
    String(r.cancelled),
    String(r.remindersSent),
    String(r.escalations),
  ];
  const table = [header, ...report.rows.map((r) => line(r.tier, r)), line('total', report.total)];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const render = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const period = report.from || report.to ? `appointments starting ${report.from ?? '…'} to ${report.to ?? '…'}` : 'all appointments';
  const c = report.model.cutPoints;
  return [
    `risk report — ${report.clinic.name} (${report.clinic.id}), ${period}`,
    `model ${report.model.version} (${report.model.source}); tiers: low below ${c.low.toFixed(3)}, high from ${c.high.toFixed(3)} (reminders.yaml may override)`,
    '',
    render(header),
    render(header.map((_, i) => '-'.repeat(widths[i]!))),
    ...table.slice(1, -1).map(render),
    render(header.map((_, i) => '-'.repeat(widths[i]!))),
    render(table[table.length - 1]!),
    '',
    'no-show rate = no-shows / (attended + no-shows), as marked by staff or the API; conf. rate = confirmed / appointments.',
  ].join('\n');
}

/** `atende risk report [--clinic ID] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]`. */
export async function runRiskReport(args: string[], open: () => Promise<Database> = openEnvDatabase): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { clinic: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
    allowPositionals: false,
  });
  for (const k of ['from', 'to'] as const) {
    const v = values[k];
    if (v !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(v)) throw Object.assign(new Error(`--${k} ${v}: expected a date as YYYY-MM-DD`), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  }
  const database = await open();
  try {
    const clinicId = await resolveClinicId(database.db, values.clinic);
    const report = await buildRiskReport(database.db, { clinicId, from: values.from, to: values.to });
    console.log(values.json ? JSON.stringify(report, null, 2) : formatRiskReport(report));
    return 0;
  } finally {
    await database.close();
  }
}
