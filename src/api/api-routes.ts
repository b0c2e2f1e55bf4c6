import { and, asc, desc, eq, gte, ilike, inArray, lt, sql, type SQL } from 'drizzle-orm';
import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { z } from 'zod';
import { findAvailableSlots } from '../booking/find-available-slots';
import { normalizePhone } from '../channels/normalize-phone';
import type { Env } from '../config/env';
import { appointments, escalations, patients, APPOINTMENT_STATUSES } from '../db/schema';
import { ipRateLimit } from '../http/ip-rate-limit';
import { isAppError } from '../lib/errors';
import { changeAppointmentAsStaff } from '../staff/change-appointment-as-staff';
import { listConversations, listTimeline, loadConversationView } from '../staff/load-conversation';
import { loadPatientCard, openScreeningAnswers } from '../staff/load-patient-card';
import { appointmentInClinic, escalationInClinic } from '../staff/load-scoped';
import { recordAudit } from '../staff/record-audit';
import { addInternalNote, sendStaffReply } from '../staff/send-staff-reply';
import type { StaffDeps } from '../staff/staff-deps';
import { staffError } from '../staff/staff-errors';
import { claimConversation, claimEscalation, resolveEscalation, returnToBot } from '../staff/take-over-conversation';
import { apiActor, bearerAuth } from './bearer-auth';
import { lgpdApiRoutes } from './lgpd-api-routes';
import { appointmentJson, conversationJson, conversationListJson, escalationJson, messageJson, patientCardJson, patientJson } from './serialize';

export interface ApiDeps extends StaffDeps {
  env: Env;
}

const limitSchema = z.coerce.number().int().min(1).max(200).default(50);
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw staffError('INVALID', r.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; '), { problems: r.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`) });
  return r.data;
}

const id = (req: Request) => String((req.params as Record<string, string>).id ?? '');

/**
 * `/api/v1`: the JSON API of SPEC §3 for integrations — appointments, patients, conversations
 * with their messages, escalations. Bearer tokens (`atende token create`, or the owner's tokens
 * page) act with a role inside one clinic, through the same domain functions and rules as the
 * inbox: another clinic's ids answer 404, owner-only data answers 403, every change is audited.
 */
export function apiRoutes(deps: ApiDeps): Router {
  const router = Router();
  const db = deps.database.db;
  const now = () => deps.clock.now();

  router.use('/api/v1', ipRateLimit({ perMinute: deps.env.IP_RATE_LIMIT_PER_MINUTE }), (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use('/api/v1', express.json({ limit: '64kb' }), bearerAuth(deps));

  router.get('/api/v1/me', (_req, res) => {
    const a = apiActor(res);
    res.json({ clinicId: a.clinicId, role: a.role, token: a.label });
  });

  // Escalations.
  router.get('/api/v1/escalations', async (req, res) => {
    const a = apiActor(res);
    const q = parse(z.object({ status: z.string().default('open,claimed'), limit: limitSchema }), req.query);
    const statuses = q.status.split(',').filter((s) => ['open', 'claimed', 'resolved'].includes(s));
    const rows = await db
      .select()
      .from(escalations)
      .where(and(eq(escalations.clinicId, a.clinicId), inArray(escalations.status, statuses.length ? statuses : ['open', 'claimed'])))
      .orderBy(sql`case ${escalations.status} when 'open' then 0 when 'claimed' then 1 else 2 end`, sql`${escalations.dueAt} asc nulls last`, asc(escalations.createdAt))
      .limit(q.limit);
    res.json({ escalations: rows.map(escalationJson) });
  });
  router.get('/api/v1/escalations/:id', async (req, res) => {
    res.json(escalationJson(await escalationInClinic(db, apiActor(res).clinicId, id(req))));
  });
  router.post('/api/v1/escalations/:id/claim', async (req, res) => {
    const a = apiActor(res);
    await claimEscalation(deps, a, id(req));
    res.json(escalationJson(await escalationInClinic(db, a.clinicId, id(req))));
  });
  router.post('/api/v1/escalations/:id/resolve', async (req, res) => {
    const a = apiActor(res);
    await resolveEscalation(deps, a, id(req));
    res.json(escalationJson(await escalationInClinic(db, a.clinicId, id(req))));
  });

  // Conversations.
  router.get('/api/v1/conversations', async (req, res) => {
    const a = apiActor(res);
    const q = parse(z.object({ mode: z.string().optional(), patientId: z.uuid().optional(), limit: limitSchema }), req.query);
    const modes = q.mode?.split(',').filter((m) => ['bot', 'waiting_staff', 'staff'].includes(m));
    res.json({ conversations: (await listConversations(db, a.clinicId, { mode: modes, patientId: q.patientId, limit: q.limit })).map(conversationListJson) });
  });
  router.get('/api/v1/conversations/:id', async (req, res) => {
    const a = apiActor(res);
    const view = await loadConversationView(db, a.clinicId, id(req), now());
    res.json({
      ...conversationJson(view.conversation),
      replyWindow: { open: view.window.open, closesAt: view.window.closesAt?.toISOString() ?? null },
      escalations: view.escalations.map(escalationJson),
      messages: view.messages.map(messageJson),
    });
  });
  router.get('/api/v1/conversations/:id/messages', async (req, res) => {
    const a = apiActor(res);
    const q = parse(z.object({ after: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(500).default(200) }), req.query);
    const view = await loadConversationView(db, a.clinicId, id(req), now());
    const rows = await listTimeline(db, a.clinicId, view.conversation.id, { afterSeq: q.after, limit: q.limit });
    res.json({ messages: rows.map(messageJson) });
  });
  router.post('/api/v1/conversations/:id/claim', async (req, res) => {
    const a = apiActor(res);
    await claimConversation(deps, a, id(req));
    res.json(conversationJson((await loadConversationView(db, a.clinicId, id(req), now())).conversation));
  });
  router.post('/api/v1/conversations/:id/release', async (req, res) => {
    const a = apiActor(res);
    await returnToBot(deps, a, id(req));
    res.json(conversationJson((await loadConversationView(db, a.clinicId, id(req), now())).conversation));
  });
  router.post('/api/v1/conversations/:id/messages', async (req, res) => {
    const body = parse(z.object({ text: z.string().max(4096).optional(), cannedId: z.string().max(100).optional() }).refine((b) => b.text || b.cannedId, 'give text or cannedId'), req.body ?? {});
    const sent = await sendStaffReply(deps, apiActor(res), { conversationId: id(req), text: body.text, cannedId: body.cannedId });
    res.status(202).json({ messageId: sent.messageId, template: sent.template, status: 'queued' });
  });
  router.post('/api/v1/conversations/:id/notes', async (req, res) => {
    const body = parse(z.object({ text: z.string().min(1).max(4096) }), req.body ?? {});
    res.status(201).json(await addInternalNote(deps, apiActor(res), { conversationId: id(req), text: body.text }));
  });

  // Patients.
  router.get('/api/v1/patients', async (req, res) => {
    const a = apiActor(res);
    const q = parse(z.object({ phone: z.string().max(40).optional(), q: z.string().max(100).optional(), limit: limitSchema }), req.query);
    const where: SQL[] = [eq(patients.clinicId, a.clinicId)];
    if (q.phone) where.push(eq(patients.phone, normalizePhone(q.phone) ?? q.phone));
    if (q.q) where.push(ilike(patients.name, `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
    const rows = await db.select().from(patients).where(and(...where)).orderBy(asc(patients.name)).limit(q.limit);
    res.json({ patients: rows.map(patientJson) });
  });
  router.get('/api/v1/patients/:id', async (req, res) => {
    const a = apiActor(res);
    const card = await loadPatientCard(db, a, id(req));
    await recordAudit(db, a, { clinicId: a.clinicId, action: 'patient.view', targetType: 'patient', targetId: card.patient.id, data: { via: 'api' }, at: now() });
    res.json(patientCardJson(card));
  });
  /** Screening answers are health data: owner tokens only, and each read is audited. */
  router.get('/api/v1/screenings/:id', async (req, res) => {
    const s = await openScreeningAnswers(deps, apiActor(res), id(req));
    res.json({ ...s, at: s.at.toISOString() });
  });

  // Appointments.
  router.get('/api/v1/appointments', async (req, res) => {
    const a = apiActor(res);
    const q = parse(
      z.object({
        from: instant.optional(),
        to: instant.optional(),
        status: z.string().optional(),
        professional: z.string().max(100).optional(),
        patient: z.uuid().optional(),
        limit: limitSchema,
      }),
      req.query,
    );
    const where: SQL[] = [eq(appointments.clinicId, a.clinicId)];
    if (q.from) where.push(gte(appointments.startsAt, q.from));
    if (q.to) where.push(lt(appointments.startsAt, q.to));
    const statuses = q.status?.split(',').filter((s) => (APPOINTMENT_STATUSES as readonly string[]).includes(s));
    if (statuses?.length) where.push(inArray(appointments.status, statuses as never[]));
    if (q.professional) where.push(eq(appointments.professionalId, q.professional));
    if (q.patient) where.push(eq(appointments.patientId, q.patient));
    const rows = await db.select().from(appointments).where(and(...where)).orderBy(q.from ? asc(appointments.startsAt) : desc(appointments.startsAt)).limit(q.limit);
    res.json({ appointments: rows.map(appointmentJson) });
  });
  router.get('/api/v1/appointments/:id', async (req, res) => {
    res.json(appointmentJson(await appointmentInClinic(db, apiActor(res).clinicId, id(req))));
  });
  router.post('/api/v1/appointments/:id/confirm', async (req, res) => {
    res.json(appointmentJson((await changeAppointmentAsStaff(deps, apiActor(res), id(req), { action: 'confirm' })).appointment));
  });
  router.post('/api/v1/appointments/:id/cancel', async (req, res) => {
    const body = parse(z.object({ reason: z.string().max(300).optional() }), req.body ?? {});
    res.json(appointmentJson((await changeAppointmentAsStaff(deps, apiActor(res), id(req), { action: 'cancel', reason: body.reason })).appointment));
  });
  router.post('/api/v1/appointments/:id/attendance', async (req, res) => {
    const body = parse(z.object({ outcome: z.enum(['attended', 'no_show']) }), req.body ?? {});
    res.json(appointmentJson((await changeAppointmentAsStaff(deps, apiActor(res), id(req), { action: body.outcome })).appointment));
  });
  router.post('/api/v1/appointments/:id/reschedule', async (req, res) => {
    const body = parse(z.object({ startsAt: instant, professionalId: z.string().max(100).optional() }), req.body ?? {});
    const moved = await changeAppointmentAsStaff(deps, apiActor(res), id(req), { action: 'reschedule', startsAt: body.startsAt, professionalId: body.professionalId });
    res.json({ appointment: appointmentJson(moved.appointment), previous: moved.previous ? appointmentJson(moved.previous) : null });
  });

  router.get('/api/v1/slots', async (req, res) => {
    const a = apiActor(res);
    const q = parse(
      z.object({ service: z.string().min(1).max(100), professional: z.string().max(100).optional(), from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
      req.query,
    );
    const slots = await findAvailableSlots(db, { clinicId: a.clinicId, serviceId: q.service, professionalId: q.professional, from: q.from, now: now(), limit: q.limit });
    res.json({ slots: slots.map((s) => ({ professionalId: s.professionalId, serviceId: s.serviceId, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() })) });
  });

  router.use(lgpdApiRoutes(deps));

  router.use('/api/v1', (_req, res) => void res.status(404).json({ error: 'not_found' }));
  const onError: ErrorRequestHandler = (err, req, res, next) => {
    if (!req.path.startsWith('/api/v1')) return next(err);
    if (isAppError(err)) {
      const data = (err.data ?? {}) as { alternatives?: { professionalId: string; startsAt: Date }[]; problems?: string[] };
      res.status(err.status).json({
        error: err.code,
        message: err.patientMessage,
        ...(data.problems ? { problems: data.problems } : {}),
        ...(data.alternatives ? { alternatives: data.alternatives.map((s) => ({ professionalId: s.professionalId, startsAt: s.startsAt.toISOString() })) } : {}),
      });
      return;
    }
    next(err);
  };
  router.use(onError);
  return router;
}

