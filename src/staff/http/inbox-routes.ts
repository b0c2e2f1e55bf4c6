import { and, asc, eq } from 'drizzle-orm';
import { Router, type Request, type Response } from 'express';
import { findAvailableSlots } from '../../booking/find-available-slots';
import { professionals } from '../../db/schema';
import { openStream } from '../../http/routes/simulator-routes';
import { localDateOf } from '../../lib/clinic-time';
import { formatProblem } from '../../flows/parse-flow-file';
import type { Actor } from '../actor';
import { cannedValues, renderCannedReplies } from '../canned-replies';
import { changeAppointmentAsStaff, type StaffAppointmentAction } from '../change-appointment-as-staff';
import { listInbox } from '../list-inbox';
import { mondayOf } from '../compute-panel-metrics';
import { loadAgenda } from '../load-agenda';
import { listConversations, loadConversationView, type ConversationView } from '../load-conversation';
import { loadPatientCard, openScreeningAnswers } from '../load-patient-card';
import { appointmentInClinic } from '../load-scoped';
import { recordAudit } from '../record-audit';
import { addInternalNote, sendStaffReply } from '../send-staff-reply';
import { findSession, SESSION_COOKIE } from '../staff-sessions';
import { staffError } from '../staff-errors';
import { claimConversation, claimEscalation, resolveEscalation, returnToBot } from '../take-over-conversation';
import type { PageContext } from '../ui/layout';
import { agendaPage, type AgendaQuery } from '../ui/pages/agenda-page';
import { composerKey, conversationPage, patientPage, renderComposer, renderConversationHeader, renderPatientCard, renderTimeline } from '../ui/pages/conversation-page';
import { inboxPage, renderInboxList } from '../ui/pages/inbox-page';
import { conversationsPage, reschedulePage, screeningPage } from '../ui/pages/simple-pages';
import { readCookies } from './cookies';
import { actorOf, bodyString, formAction, pageContext, param, queryString, safeBack, sendError, sessionOf, type StaffRouteDeps } from './staff-http';
import { isAppError } from '../../lib/errors';

/** The daily work: inbox, conversations, patient cards, appointment actions, agenda, live events. */
export function inboxRoutes(deps: StaffRouteDeps): Router {
  const router = Router();
  const db = deps.database.db;
  const now = () => deps.clock.now();

  /** Runs a read; a NOT_FOUND (including another clinic's id) becomes a 404 page. */
  const page = (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await fn(req, res);
    } catch (err) {
      if (isAppError(err, 'NOT_FOUND') || isAppError(err, 'APPOINTMENT_NOT_FOUND')) return sendError(req, res, 404, 'NOT_FOUND', deps);
      if (isAppError(err, 'FORBIDDEN')) return sendError(req, res, 403, 'FORBIDDEN', deps);
      throw err;
    }
  };

  const cannedFor = async (ctx: PageContext, actor: Actor, view: ConversationView) =>
    renderCannedReplies(deps.flows, actor.clinicId, await cannedValues(db, { actor, clinic: ctx.clinic, patient: view.patient, now: ctx.now }));

  router.get('/staff', page(async (req, res) => {
    const ctx = pageContext(req, res, now());
    const items = await listInbox(db, ctx.clinic.id, { now: ctx.now });
    const problems = (deps.flows.get(ctx.clinic.id)?.problems() ?? []).map(formatProblem);
    res.type('html').send(inboxPage(ctx, items, problems));
  }));

  router.get('/staff/fragments/inbox', page(async (req, res) => {
    const ctx = pageContext(req, res, now());
    const items = await listInbox(db, ctx.clinic.id, { now: ctx.now });
    res.json({ html: renderInboxList(ctx, items).value, open: items.filter((i) => i.status === 'open').length });
  }));

  router.get('/staff/conversations', page(async (req, res) => {
    const ctx = pageContext(req, res, now());
    const mode = queryString(req, 'mode');
    const filter = ['bot', 'waiting_staff', 'staff'].includes(mode) ? mode : '';
    res.type('html').send(conversationsPage(ctx, await listConversations(db, ctx.clinic.id, { mode: filter ? [filter] : undefined, limit: 100 }), filter));
  }));

  router.get('/staff/conversations/:id', page(async (req, res) => {
    const ctx = pageContext(req, res, now());
    const actor = actorOf(req, res);
    const view = await loadConversationView(db, ctx.clinic.id, param(req, 'id'), ctx.now);
    const card = await loadPatientCard(db, actor, view.conversation.patientId);
    await recordAudit(db, actor, { clinicId: actor.clinicId, action: 'patient.view', targetType: 'patient', targetId: card.patient.id, data: { via: 'conversation', conversationId: view.conversation.id }, at: ctx.now });
    res.type('html').send(conversationPage(ctx, view, card, await cannedFor(ctx, actor, view)));
  }));

  /** Pieces of the conversation screen for live refresh (the composer only when its shape changed). */
  router.get('/staff/conversations/:id/live', page(async (req, res) => {
    const ctx = pageContext(req, res, now());
    const actor = actorOf(req, res);
    const view = await loadConversationView(db, ctx.clinic.id, param(req, 'id'), ctx.now);
    const card = await loadPatientCard(db, actor, view.conversation.patientId);
    const key = composerKey(ctx, view);
    res.json({
      header: renderConversationHeader(ctx, view).value,
      timeline: renderTimeline(ctx, view.messages).value,
      lastSeq: view.messages[view.messages.length - 1]?.seq ?? 0,
      lastInbound: [...view.messages].reverse().find((m) => m.direction === 'in')?.seq ?? 0,
      card: renderPatientCard(ctx, card, `/staff/conversations/${view.conversation.id}`).value,
      composerKey: key,
      composer: queryString(req, 'composer') === key ? null : renderComposer(ctx, view, await cannedFor(ctx, actor, view)).value,
    });
  }));

  router.get('/staff/patients/:id', page(async (req, res) => {
    const ctx = pageContext(req, res, now());
    const actor = actorOf(req, res);
    const card = await loadPatientCard(db, actor, param(req, 'id'));
    await recordAudit(db, actor, { clinicId: actor.clinicId, action: 'patient.view', targetType: 'patient', targetId: card.patient.id, data: { via: 'patient' }, at: ctx.now });
    res.type('html').send(patientPage(ctx, card));
  }));

  router.get('/staff/screenings/:id', page(async (req, res) => {
    const ctx = pageContext(req, res, now());
    const answers = await openScreeningAnswers(deps, actorOf(req, res), param(req, 'id'));
    res.type('html').send(screeningPage(ctx, answers, safeBack(queryString(req, 'back'), '/staff')));
  }));

  // Conversation actions.
  const conv = (path: string, ok: string, act: (actor: Actor, id: string, req: Request) => Promise<unknown>) =>
    router.post(
      `/staff/conversations/:id/${path}`,
      formAction(deps, async (req, res) => {
        await act(actorOf(req, res), param(req, 'id'), req);
        return { ok, back: `/staff/conversations/${param(req, 'id')}` };
      }),
    );
  conv('claim', 'claimed', (a, id) => claimConversation(deps, a, id));
  conv('release', 'released', (a, id) => returnToBot(deps, a, id));
  conv('reply', 'sent', (a, id, req) => sendStaffReply(deps, a, { conversationId: id, text: bodyString(req, 'text'), cannedId: bodyString(req, 'cannedId') || undefined }));
  conv('notes', 'note', (a, id, req) => addInternalNote(deps, a, { conversationId: id, text: bodyString(req, 'text') }));

  router.post('/staff/escalations/:id/claim', formAction(deps, async (req, res) => {
    await claimEscalation(deps, actorOf(req, res), param(req, 'id'));
    return { ok: 'claimed' };
  }));
  router.post('/staff/escalations/:id/resolve', formAction(deps, async (req, res) => {
    await resolveEscalation(deps, actorOf(req, res), param(req, 'id'));
    return { ok: 'resolved' };
  }));

  // Appointment actions.
  for (const action of ['confirm', 'cancel', 'attended', 'no_show'] as const) {
    router.post(`/staff/appointments/:id/${action}`, formAction(deps, async (req, res) => {
      const change: StaffAppointmentAction = action === 'cancel' ? { action, reason: bodyString(req, 'reason') } : { action };
      await changeAppointmentAsStaff(deps, actorOf(req, res), param(req, 'id'), change);
      return { ok: action };
    }));
  }

  router.get('/staff/appointments/:id/reschedule', page(async (req, res) => {
    const ctx = pageContext(req, res, now());
    const actor = actorOf(req, res);
    const a = await appointmentInClinic(db, actor.clinicId, param(req, 'id'));
    const card = await loadPatientCard(db, actor, a.patientId ?? '');
    const appointment = card.appointments.find((x) => x.id === a.id);
    if (!appointment) throw staffError('NOT_FOUND', 'appointment not on card');
    const today = localDateOf(ctx.now, ctx.clinic.timezone);
    const date = /^\d{4}-\d{2}-\d{2}$/.test(queryString(req, 'date')) && queryString(req, 'date') >= today ? queryString(req, 'date') : today;
    const slots = await findAvailableSlots(db, { clinicId: actor.clinicId, serviceId: a.serviceId, now: ctx.now, from: date, limit: 40, excludeAppointmentId: a.id });
    const pros = await db.select({ id: professionals.id, name: professionals.name }).from(professionals).where(eq(professionals.clinicId, actor.clinicId));
    res.type('html').send(reschedulePage(ctx, { appointment, slots, professionals: new Map(pros.map((p) => [p.id, p.name])), date, back: safeBack(queryString(req, 'back'), '/staff/agenda') }));
  }));

  router.post('/staff/appointments/:id/reschedule', formAction(deps, async (req, res) => {
    const [iso, professionalId] = bodyString(req, 'slot').split('|');
    const startsAt = new Date(iso ?? '');
    if (Number.isNaN(startsAt.getTime())) throw staffError('INVALID', 'slot', { field: 'slot' });
    await changeAppointmentAsStaff(deps, actorOf(req, res), param(req, 'id'), { action: 'reschedule', startsAt, professionalId: professionalId || undefined });
    return { ok: 'reschedule' };
  }));

  router.get('/staff/agenda', page(async (req, res) => {
    const ctx = pageContext(req, res, now());
    const tz = ctx.clinic.timezone;
    const all = await db
      .select({ id: professionals.id, name: professionals.name })
      .from(professionals)
      .where(and(eq(professionals.clinicId, ctx.clinic.id), eq(professionals.active, true)))
      .orderBy(asc(professionals.name));
    const date = queryString(req, 'date');
    const professional = queryString(req, 'professional');
    const view = queryString(req, 'view') === 'week' ? 'week' : 'day';
    const chosen = /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(Date.parse(date)) ? date : localDateOf(ctx.now, tz);
    const q: AgendaQuery = {
      view,
      // A week starts on Monday, whatever day was picked.
      date: view === 'week' ? mondayOf(chosen) : chosen,
      professional: all.some((p) => p.id === professional) ? professional : '',
    };
    const agenda = await loadAgenda(db, { clinicId: ctx.clinic.id, timezone: tz, from: q.date, days: q.view === 'week' ? 7 : 1, professionalId: q.professional || undefined });
    res.type('html').send(agendaPage(ctx, agenda, q, all));
  }));

  /**
   * Server-sent events for the open screens: ids and types only, never patient data (the page
   * fetches what it may see). The session is re-checked on every ping, so a logout or a
   * deactivation also ends the stream.
   */
  router.get('/staff/events', (req, res) => {
    const s = sessionOf(res);
    const clinicId = s.staff.clinicId;
    const cookie = readCookies(req)[SESSION_COOKIE];
    openStream(res);
    const unsubscribe = deps.bus.subscribe((event) => {
      if (event.clinicId !== clinicId) return;
      const data: Record<string, unknown> = { type: event.type };
      if ('conversationId' in event) data.conversationId = event.conversationId ?? null;
      if (event.type === 'message') data.direction = event.direction;
      if (event.type === 'escalation') data.escalationId = event.escalationId;
      if (event.type === 'appointment') data.appointmentId = event.appointmentId;
      res.write(`event: update\ndata: ${JSON.stringify(data)}\n\n`);
    });
    const ping = setInterval(() => {
      void findSession(db, cookie, deps.clock.now()).then(
        (live) => {
          if (live) res.write(': ping\n\n');
          else res.end();
        },
        () => res.write(': ping\n\n'),
      );
    }, 15_000);
    req.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });

  return router;
}
