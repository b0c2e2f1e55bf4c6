import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { can, type Permission } from '../actor';
import { findSession, SESSION_COOKIE } from '../staff-sessions';
import { readCookies } from './cookies';
import { safeEqual, sendError, sessionOf, wantsHtml, type StaffRouteDeps } from './staff-http';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Loads the session behind the cookie into `res.locals.session` (absent when none is live). */
export function loadSession(deps: StaffRouteDeps): RequestHandler {
  return async (req, res, next) => {
    const session = await findSession(deps.database.db, readCookies(req)[SESSION_COOKIE], deps.clock.now());
    if (session) res.locals.session = session;
    next();
  };
}

/**
 * Refuses requests a browser makes on behalf of another site: a present `Origin` must be this
 * host, and `Sec-Fetch-Site` (when sent) must not say cross-site. Complements the CSRF token.
 */
export function sameOriginOnly(req: Request): boolean {
  const origin = req.headers.origin;
  // "null" is what browsers send under `Referrer-Policy: no-referrer` (ours): no information.
  if (origin && origin !== 'null') {
    try {
      if (new URL(origin).host !== req.headers.host) return false;
    } catch {
      return false;
    }
  }
  const site = req.headers['sec-fetch-site'];
  return site == null || site === 'same-origin' || site === 'none';
}

/** Pages need a live session: browsers go to the login page, scripts get 401. */
export function requireSession(deps: StaffRouteDeps): RequestHandler {
  return (req, res, next) => {
    if (res.locals.session) return next();
    if (req.method === 'GET' && wantsHtml(req)) {
      const next_ = req.originalUrl.startsWith('/staff') && req.originalUrl !== '/staff' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/staff/login${next_}`);
      return;
    }
    if (UNSAFE.has(req.method) && wantsHtml(req)) {
      res.redirect(303, '/staff/login');
      return;
    }
    sendError(req, res, 401, 'unauthorized', deps);
  };
}

/**
 * CSRF: every state-changing request of a session carries the session's token, in the `_csrf`
 * form field or the `X-CSRF-Token` header, compared in constant time; otherwise 403.
 */
export function requireCsrf(deps: StaffRouteDeps): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!UNSAFE.has(req.method)) return next();
    const session = sessionOf(res);
    const body = req.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? req.get('x-csrf-token') ?? '';
    if (!sent || !safeEqual(sent, session.csrfToken) || !sameOriginOnly(req)) {
      deps.logger.warn({ path: req.path, staffId: session.staff.id }, 'CSRF check failed');
      sendError(req, res, 403, 'FORBIDDEN', deps);
      return;
    }
    next();
  };
}

/** Owner-only areas (team, tokens, panel, audit): 403 for reception. */
export function requirePermissionMw(deps: StaffRouteDeps, permission: Permission): RequestHandler {
  return (req, res, next) => {
    if (can(sessionOf(res).staff, permission)) return next();
    sendError(req, res, 403, 'FORBIDDEN', deps);
  };
}
