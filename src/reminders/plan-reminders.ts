import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/open-database';
import { appointmentEvents, appointments, clinics, consents, patients } from '../db/schema';
import type { RemindersConfig, ReminderTier } from '../flows/reminders-schema';
import { appointmentRiskFeatures } from './appointment-risk-features';
import { computeReminderSchedule, type PlannedStep } from './compute-reminder-schedule';
import { enqueueReminderTimers } from './enqueue-reminder-timers';
import type { ReminderDeps } from './reminder-deps';
import { scoreRisk, tierOf, type Outcome, type RiskModel } from './risk';

/** The appointment event that marks a plan as made (the reconciler plans appointments without one). */
export const PLANNED_EVENT = 'reminders_planned';

export interface PlanResult {
  /** Appointments that got a plan now. */
  planned: number;
  /** Step rows written (pending and skipped). */
  steps: number;
  /** Steps whose timer was set now (the rest get one when the reconciler's window reaches them). */
  timers: number;
  /** Appointments left alone: already planned, not booked/confirmed, already started, or unknown. */
  untouched: number;
}

const PLANNABLE = ['booked', 'confirmed'];
const CHUNK = 500;
const PARALLEL_CHUNKS = 3;

/** The reminders.yaml of a clinic (its last valid version), or the defaults when it has none. */
export function remindersConfigOf(deps: Pick<ReminderDeps, 'flows'>, clinicId: string): RemindersConfig {
  const flows = deps.flows.get(clinicId) ?? deps.flows.require(deps.flows.defaultClinicId);
  return flows.get('reminders.yaml');
}

/** Tier from the stored probability: reminders.yaml's cut points when set, else the model's. */
export function tierFor(probability: number, config: RemindersConfig, model: RiskModel): ReminderTier {
  return tierOf(probability, config.cutPoints ?? model.cutPoints);
}

/** Plans one appointment (see `planRemindersBatch`). */
export function planReminders(deps: ReminderDeps, appointmentId: string): Promise<PlanResult> {
  return planRemindersBatch(deps, [appointmentId]);
}

/**
 * Makes the reminder plan of booked or confirmed future appointments, in batches: scores the no-show
 * risk where the appointment has none yet (and stores score, tier and model version on it), writes
 * one `reminders` row per step of the tier's cadence, records a `reminders_planned` event, and sets
 * timers for steps due soon. Idempotent: an appointment with a plan is left alone, and concurrent
 * planners serialise on the appointment rows. Opted-out patients get no plan.
 */
export async function planRemindersBatch(deps: ReminderDeps, appointmentIds: readonly string[]): Promise<PlanResult> {
  const total: PlanResult = { planned: 0, steps: 0, timers: 0, untouched: 0 };
  const unique = [...new Set(appointmentIds)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += CHUNK) chunks.push(unique.slice(i, i + CHUNK));
  // A few batches at once: each waits on Postgres and Redis most of its time, and they lock disjoint rows.
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const r = await planChunk(deps, chunks[next++]!);
      total.planned += r.planned;
      total.steps += r.steps;
      total.timers += r.timers;
      total.untouched += r.untouched;
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_CHUNKS, chunks.length) }, worker));
  return total;
}

/** A `reminders` row as the set-based insert reads it (jsonb_to_recordset). */
interface StepRowJson {
  clinic_id: string;
  appointment_id: string;
  step_key: string;
  tier: string;
  channel: string;
  template: string | null;
  condition: string;
  due_at: string;
  status: string;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

interface EventRowJson {
  clinic_id: string;
  appointment_id: string;
  type: string;
  actor: string;
  reason: string | null;
  data: Record<string, unknown>;
  at: string;
}

interface Loaded {
  a: typeof appointments.$inferSelect;
  /** The risk of the appointment this one replaced (a reschedule), when it has none of its own. */
  inherited?: { score: number; version: string | null };
  timeZone: string;
  patient: { optedOutAt: Date | null; erasedAt: Date | null; birthDate: string | null; sex: string | null } | null;
}

async function planChunk(deps: ReminderDeps, ids: string[]): Promise<PlanResult> {
  const now = deps.clock.now();
  const written = await deps.database.db.transaction(async (tx) => {
    // Concurrent planners (event + reconciler, two workers) wait on the row locks here…
    const found = await tx
      .select({
        a: appointments,
        timeZone: clinics.timezone,
        optedOutAt: patients.optedOutAt,
        erasedAt: patients.erasedAt,
        birthDate: patients.birthDate,
        sex: patients.sex,
        patientRow: patients.id,
      })
      .from(appointments)
      .innerJoin(clinics, eq(clinics.id, appointments.clinicId))
      .leftJoin(patients, eq(patients.id, appointments.patientId))
      .where(inArray(appointments.id, ids))
      .for('update', { of: appointments });
    // …then, in a statement that sees what the winner committed, skip what it planned.
    const done = new Set(
      (
        await tx
          .select({ id: appointmentEvents.appointmentId })
          .from(appointmentEvents)
          .where(and(inArray(appointmentEvents.appointmentId, ids), eq(appointmentEvents.type, PLANNED_EVENT)))
      ).map((r) => r.id),
    );
    const rows: Loaded[] = found
      .filter((r) => !done.has(r.a.id) && PLANNABLE.includes(r.a.status) && r.a.startsAt.getTime() > now.getTime())
      .map((r) => ({
        a: r.a,
        timeZone: r.timeZone,
        patient: r.patientRow ? { optedOutAt: r.optedOutAt, erasedAt: r.erasedAt, birthDate: r.birthDate, sex: r.sex } : null,
      }));
    if (rows.length === 0) return { planned: 0, steps: [] as { id: string; dueAt: Date }[], written: 0 };
    // A moved appointment keeps the risk assessed when it was first booked: the model scores bookings, not moves.
    const movedFrom = rows.filter((r) => r.a.riskScore == null && r.a.rescheduledFromId).map((r) => r.a.rescheduledFromId!);
    if (movedFrom.length > 0) {
      const previous = new Map(
        (
          await tx
            .select({ id: appointments.id, score: appointments.riskScore, version: appointments.riskModelVersion })
            .from(appointments)
            .where(inArray(appointments.id, movedFrom))
        ).map((p) => [p.id, p]),
      );
      for (const r of rows) {
        const p = r.a.rescheduledFromId ? previous.get(r.a.rescheduledFromId) : undefined;
        if (r.a.riskScore == null && p?.score != null) r.inherited = { score: p.score, version: p.version };
      }
    }
    const patientIds = [...new Set(rows.map((r) => r.a.patientId).filter((p): p is string => !!p))];
    const history = await pastOutcomes(tx, patientIds);
    const refused = await refusedReminders(tx, patientIds);
    const riskUpdates: { id: string; score: number; tier: ReminderTier; version: string }[] = [];
    const stepRows: StepRowJson[] = [];
    const events: EventRowJson[] = [];
    const models = new Map<string, RiskModel>();
    const configs = new Map<string, RemindersConfig>();
    for (const { a, timeZone, patient, inherited } of rows) {
      let model = models.get(a.clinicId);
      if (!model) models.set(a.clinicId, (model = await deps.models.forClinic(a.clinicId, tx)));
      let config = configs.get(a.clinicId);
      if (!config) configs.set(a.clinicId, (config = remindersConfigOf(deps, a.clinicId)));
      let score = a.riskScore ?? inherited?.score ?? null;
      let version = a.riskScore != null ? a.riskModelVersion : (inherited?.version ?? null);
      if (score == null) {
        score = scoreRisk(model, appointmentRiskFeatures(a, patient, a.patientId ? (history.get(a.patientId) ?? []) : null, timeZone)).probability;
        version = model.version;
      }
      const tier = tierFor(score, config, model);
      if (a.riskTier !== tier || a.riskModelVersion !== version || a.riskScore !== score) riskUpdates.push({ id: a.id, score, tier, version: version ?? model.version });

      let reason: string | undefined;
      let steps: PlannedStep[] = [];
      if (!patient || !a.patientId) reason = 'no patient';
      else if (patient.optedOutAt || patient.erasedAt) reason = 'opted_out';
      else {
        steps = computeReminderSchedule({
          config,
          tier,
          startsAt: a.startsAt,
          bookedAt: a.createdAt,
          timeZone,
          messagesRefused: refused.has(a.patientId),
        });
      }
      for (const s of steps) {
        stepRows.push({
          clinic_id: a.clinicId,
          appointment_id: a.id,
          step_key: s.stepKey,
          tier,
          channel: s.channel,
          template: s.template,
          condition: s.condition,
          due_at: s.dueAt.toISOString(),
          status: s.status,
          last_error: s.note ?? null,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        });
      }
      events.push({
        clinic_id: a.clinicId,
        appointment_id: a.id,
        type: PLANNED_EVENT,
        actor: 'system',
        reason: reason ?? null,
        data: { tier, score: Number(score.toFixed(6)), model: version ?? model.version, steps: steps.filter((s) => s.status === 'pending').map((s) => s.stepKey) },
        at: now.toISOString(),
      });
    }
    // Set-based writes: one JSON parameter per statement keeps a 500-appointment batch to three statements.
    if (riskUpdates.length > 0) {
      await tx.execute(
        sql`update appointments as a set risk_score = v.score, risk_tier = v.tier, risk_model_version = v.version
            from jsonb_to_recordset(${JSON.stringify(riskUpdates)}::jsonb) as v(id uuid, score real, tier text, version text)
            where a.id = v.id`,
      );
    }
    const inserted: { id: string; dueAt: Date; status: string }[] = [];
    if (stepRows.length > 0) {
      const rowsJson = JSON.stringify(stepRows);
      const result = await deps.database.rows<{ id: string; due_at: Date | string; status: string }>(
        sql`insert into reminders (clinic_id, appointment_id, step_key, tier, channel, template, condition, due_at, status, last_error, created_at, updated_at)
            select clinic_id, appointment_id, step_key, tier, channel, template, condition, due_at, status, last_error, created_at, updated_at
            from jsonb_to_recordset(${rowsJson}::jsonb) as x(clinic_id text, appointment_id uuid, step_key text, tier text, channel text, template text,
              condition text, due_at timestamptz, status text, last_error text, created_at timestamptz, updated_at timestamptz)
            on conflict (appointment_id, step_key) do nothing
            returning id, due_at, status`,
        tx,
      );
      inserted.push(...result.map((r) => ({ id: r.id, dueAt: new Date(r.due_at), status: r.status })));
    }
    await tx.execute(
      sql`insert into appointment_events (clinic_id, appointment_id, type, actor, reason, data, at)
          select clinic_id, appointment_id, type, actor, reason, data, at
          from jsonb_to_recordset(${JSON.stringify(events)}::jsonb) as x(clinic_id text, appointment_id uuid, type text, actor text, reason text, data jsonb, at timestamptz)`,
    );
    return { planned: rows.length, steps: inserted.filter((r) => r.status === 'pending'), written: inserted.length };
  });
  const timers = written.steps.length ? await enqueueReminderTimers(deps, written.steps) : 0;
  return { planned: written.planned, steps: written.written, timers, untouched: ids.length - written.planned };
}

/** Decided outcomes of these patients (attended / no-show), for their prior-history features. */
async function pastOutcomes(tx: Executor, patientIds: string[]): Promise<Map<string, { startsAt: Date; outcome: Outcome }[]>> {
  const out = new Map<string, { startsAt: Date; outcome: Outcome }[]>();
  if (patientIds.length === 0) return out;
  const rows = await tx
    .select({ patientId: appointments.patientId, startsAt: appointments.startsAt, status: appointments.status })
    .from(appointments)
    .where(and(inArray(appointments.patientId, patientIds), inArray(appointments.status, ['attended', 'no_show'])));
  for (const r of rows) {
    if (!r.patientId) continue;
    let list = out.get(r.patientId);
    if (!list) out.set(r.patientId, (list = []));
    list.push({ startsAt: r.startsAt, outcome: r.status as Outcome });
  }
  return out;
}

/** Patients whose latest answer about reminders (consents, purpose 'reminders') is a refusal. */
export async function refusedReminders(tx: Executor, patientIds: string[]): Promise<Set<string>> {
  if (patientIds.length === 0) return new Set();
  const rows = await tx
    .selectDistinctOn([consents.patientId], { patientId: consents.patientId, granted: consents.granted })
    .from(consents)
    .where(and(inArray(consents.patientId, patientIds), eq(consents.purpose, 'reminders')))
    .orderBy(consents.patientId, desc(consents.at));
  return new Set(rows.filter((r) => !r.granted).map((r) => r.patientId));
}

