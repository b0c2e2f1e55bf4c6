import { Router } from 'express';
import { createApiToken, listApiTokens, revokeApiToken } from '../api-tokens';
import { computePanelMetrics } from '../compute-panel-metrics';
import { listAudit } from '../record-audit';
import { createStaffUser, listStaffUsers, resetStaffPassword, updateStaffUser } from '../staff-accounts';
import { staffError } from '../staff-errors';
import { auditPage, teamPage, tokensPage } from '../ui/pages/admin-pages';
import { panelPage } from '../ui/pages/panel-page';
import { whatsappWebPage } from '../ui/pages/whatsapp-web-page';
import { isAppError } from '../../lib/errors';
import { requirePermissionMw } from './staff-guards';
import { actorOf, bodyString, formAction, pageContext, param, queryString, sendError, type StaffRouteDeps } from './staff-http';

/** Owner areas: the panel, the team, API tokens and the audit log (reception gets 403). */
export function adminRoutes(deps: StaffRouteDeps): Router {
  const router = Router();
  const db = deps.database.db;
  const now = () => deps.clock.now();

  router.get('/staff/panel', requirePermissionMw(deps, 'view_panel'), async (req, res) => {
    const ctx = pageContext(req, res, now());
    const weeks = Math.min(52, Math.max(4, Number(queryString(req, 'weeks')) || 12));
    res.type('html').send(panelPage(ctx, await computePanelMetrics(db, { clinicId: ctx.clinic.id, timezone: ctx.clinic.timezone, now: ctx.now, weeks })));
  });

  // The QR logs a phone into the clinic's WhatsApp: owners only.
  router.get('/staff/whatsapp-web', requirePermissionMw(deps, 'manage_staff'), async (req, res) => {
    const ctx = pageContext(req, res, now());
    const session = deps.whatsappWeb;
    res.type('html').send(whatsappWebPage(ctx, session ? session.status() : null, session ? await session.qr() : null));
  });

  router.use('/staff/team', requirePermissionMw(deps, 'manage_staff'));
  router.get('/staff/team', async (req, res) => {
    const ctx = pageContext(req, res, now());
    res.type('html').send(teamPage(ctx, await listStaffUsers(db, ctx.clinic.id)));
  });
  router.post('/staff/team', formAction(deps, async (req, res) => {
    const actor = actorOf(req, res);
    await createStaffUser(db, actor, { clinicId: actor.clinicId, email: bodyString(req, 'email'), name: bodyString(req, 'name'), role: bodyString(req, 'role'), password: bodyString(req, 'password'), now: now() });
    return { ok: 'staff_added', back: '/staff/team' };
  }, '/staff/team'));
  router.post('/staff/team/:id', formAction(deps, async (req, res) => {
    const actor = actorOf(req, res);
    const active = bodyString(req, 'active');
    const role = bodyString(req, 'role');
    if (param(req, 'id') === actor.id && active === 'false') throw staffError('INVALID', 'cannot deactivate yourself', { reason: 'self' });
    await updateStaffUser(db, actor, { clinicId: actor.clinicId, userId: param(req, 'id'), role: role || undefined, active: active ? active === 'true' : undefined, now: now() });
    return { ok: 'staff_updated', back: '/staff/team' };
  }, '/staff/team'));
  router.post('/staff/team/:id/password', formAction(deps, async (req, res) => {
    const actor = actorOf(req, res);
    await resetStaffPassword(db, actor, { clinicId: actor.clinicId, userId: param(req, 'id'), password: bodyString(req, 'password'), now: now() });
    return { ok: 'password_reset', back: '/staff/team' };
  }, '/staff/team'));

  router.use('/staff/tokens', requirePermissionMw(deps, 'manage_tokens'));
  router.get('/staff/tokens', async (req, res) => {
    const ctx = pageContext(req, res, now());
    res.type('html').send(tokensPage(ctx, await listApiTokens(db, ctx.clinic.id)));
  });
  /** The new token is rendered in this response only (never in a URL, never again). */
  router.post('/staff/tokens', async (req, res) => {
    const actor = actorOf(req, res);
    try {
      const created = await createApiToken(db, actor, { clinicId: actor.clinicId, name: bodyString(req, 'name'), role: bodyString(req, 'role'), now: now() });
      const ctx = pageContext(req, res, now());
      res.status(201).type('html').send(tokensPage(ctx, await listApiTokens(db, actor.clinicId), { token: created.token, name: created.summary.name }));
    } catch (err) {
      if (isAppError(err, 'FORBIDDEN')) return sendError(req, res, 403, 'FORBIDDEN', deps);
      if (isAppError(err)) return void res.redirect(303, `/staff/tokens?err=${encodeURIComponent(err.code)}`);
      throw err;
    }
  });
  router.post('/staff/tokens/:id/revoke', formAction(deps, async (req, res) => {
    const actor = actorOf(req, res);
    await revokeApiToken(db, actor, { clinicId: actor.clinicId, tokenId: param(req, 'id'), now: now() });
    return { ok: 'token_revoked', back: '/staff/tokens' };
  }, '/staff/tokens'));

  router.get('/staff/audit', requirePermissionMw(deps, 'view_audit'), async (req, res) => {
    const ctx = pageContext(req, res, now());
    const action = queryString(req, 'action');
    const before = Number(queryString(req, 'before')) || undefined;
    res.type('html').send(auditPage(ctx, await listAudit(db, ctx.clinic.id, { before, action: action || undefined, limit: 100 }), action));
  });
  return router;
}
