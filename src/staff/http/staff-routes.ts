import { readFileSync } from 'node:fs';
import express, { Router, type ErrorRequestHandler } from 'express';
import { adminRoutes } from './admin-routes';
import { authRoutes } from './auth-routes';
import { inboxRoutes } from './inbox-routes';
import { lgpdRoutes } from './lgpd-routes';
import { loadSession, requireCsrf, requireSession } from './staff-guards';
import { sendError, type StaffRouteDeps } from './staff-http';

export type { StaffRouteDeps } from './staff-http';

const asset = (name: string) => readFileSync(new URL(`../ui/assets/${name}`, import.meta.url), 'utf8');

/**
 * `/staff`: the reception inbox and the owner's areas, server-rendered in pt-BR with two small
 * static files (CSS, vanilla JS; the CSP allows no inline script). Order matters: static assets,
 * body parsing, session, the login routes, then session + CSRF in front of everything else.
 */
export function staffRoutes(deps: StaffRouteDeps): Router {
  const router = Router();
  const css = asset('staff.css');
  const js = asset('staff.js');
  router.get('/staff/assets/staff.css', (_req, res) => void res.type('text/css').setHeader('Cache-Control', 'no-cache').send(css));
  router.get('/staff/assets/staff.js', (_req, res) => void res.type('application/javascript').setHeader('Cache-Control', 'no-cache').send(js));

  router.use('/staff', (_req, res, next) => {
    // Pages show patient data: never cached by the browser or a proxy.
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.use('/staff', express.urlencoded({ extended: false, limit: '64kb' }), express.json({ limit: '64kb' }));
  router.use('/staff', loadSession(deps));
  router.use(authRoutes(deps));
  router.use('/staff', requireSession(deps), requireCsrf(deps));
  router.use(inboxRoutes(deps));
  router.use(lgpdRoutes(deps));
  router.use(adminRoutes(deps));
  router.use('/staff', (req, res) => sendError(req, res, 404, 'NOT_FOUND', deps));
  const onError: ErrorRequestHandler = (err, req, res, next) => {
    if (!req.path.startsWith('/staff')) return next(err);
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) return sendError(req, res, status, 'INVALID', deps);
    deps.logger.error({ err, path: req.path }, 'unhandled error in the inbox');
    sendError(req, res, 500, 'internal', deps);
  };
  router.use(onError);
  return router;
}
