import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Env } from '../../config/env';
import { isAppError } from '../../lib/errors';
import type { Actor } from '../actor';
import type { LoginThrottle } from '../login-throttle';
import type { StaffDeps } from '../staff-deps';
import type { LiveSession } from '../staff-sessions';
import type { PageContext } from '../ui/layout';
import { ERROR_MESSAGES, OK_MESSAGES } from '../ui/labels';
import { errorPage } from '../ui/pages/simple-pages';

export interface StaffRouteDeps extends StaffDeps {
  env: Env;
  /** Login failures per IP and per account. @defaultValue 10 failures → 15 minutes locked */
  throttle?: LoginThrottle;
  /** @defaultValue 12 hours */
  sessionTtlMs?: number;
}

/** Constant-time string comparison (different lengths are simply unequal). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** HTTPS as the browser sees it: directly, behind a trusted proxy, or by configuration. */
export function isSecure(req: Request, env: Env): boolean {
  return req.secure || (env.PUBLIC_URL?.startsWith('https:') ?? false);
}

export function clientIp(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Only paths inside the inbox are redirect targets (no open redirect). */
export function safeBack(value: unknown, fallback = '/staff'): string {
  if (typeof value !== 'string') return fallback;
  if (!/^\/staff(?:[/?#]|$)/.test(value) || value.includes('//') || value.includes('\\') || value.length > 500) return fallback;
  return value;
}

export function withParam(url: string, key: string, value: string): string {
  const [path, hash] = url.split('#');
  return `${path}${path!.includes('?') ? '&' : '?'}${key}=${encodeURIComponent(value)}${hash ? `#${hash}` : ''}`;
}

export function sessionOf(res: Response): LiveSession {
  const s = res.locals.session as LiveSession | undefined;
  if (!s) throw new Error('no session on a route that requires one');
  return s;
}

export function actorOf(req: Request, res: Response): Actor {
  const s = sessionOf(res);
  return { kind: 'staff', id: s.staff.id, clinicId: s.staff.clinicId, role: s.staff.role, label: s.staff.email, name: s.staff.name, ip: clientIp(req) };
}

/** What every logged-in page needs; `?ok=` / `?err=` codes become fixed pt-BR messages. */
export function pageContext(req: Request, res: Response, now: Date): PageContext {
  const s = sessionOf(res);
  const ok = typeof req.query.ok === 'string' ? OK_MESSAGES[req.query.ok] : undefined;
  const err = typeof req.query.err === 'string' ? (ERROR_MESSAGES[req.query.err] ?? ERROR_MESSAGES.internal) : undefined;
  return {
    staff: { id: s.staff.id, name: s.staff.name, email: s.staff.email, role: s.staff.role },
    clinic: s.clinic,
    csrfToken: s.csrfToken,
    now,
    flash: err ? { kind: 'error', text: err } : ok ? { kind: 'ok', text: ok } : null,
  };
}

export function wantsHtml(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'html';
}

/** Renders an error as a page (browsers) or JSON (the inbox's own fetches). */
export function sendError(req: Request, res: Response, status: number, code: string, deps: { clock: { now(): Date } }): void {
  if (res.headersSent) return;
  res.status(status);
  if (!wantsHtml(req)) {
    res.json({ error: code });
    return;
  }
  const ctx = res.locals.session ? pageContext(req, res, deps.clock.now()) : null;
  if (ctx) ctx.flash = null;
  res.type('html').send(errorPage(ctx, status, ERROR_MESSAGES[code] ?? ERROR_MESSAGES.internal!));
}

/** The code to show after a failed form: a field-specific one when the error carries it. */
function flashCode(err: { code: string; data?: unknown }): string {
  const data = (err.data ?? {}) as { reason?: string; field?: string };
  if (data.reason === 'last_owner' || data.reason === 'self') return data.reason;
  if (err.code === 'CONFLICT' && data.field === 'email') return 'email_taken';
  if (err.code === 'INVALID' && data.field === 'password') return 'password';
  if (err.code === 'INVALID' && data.field === 'current') return 'current_password';
  return err.code;
}

/**
 * A POST from a form: runs the action, then redirects back (post/redirect/get) with a fixed
 * success or error code. FORBIDDEN and NOT_FOUND are answered as such (403/404), not hidden in a
 * redirect, so clients and tests see the refusal.
 */
export function formAction(
  deps: { clock: { now(): Date }; logger: StaffDeps['logger'] },
  run: (req: Request, res: Response) => Promise<{ ok: string; back?: string } | void>,
  fallbackBack = '/staff',
): RequestHandler {
  return async (req: Request, res: Response, _next: NextFunction) => {
    const back = safeBack((req.body as Record<string, unknown> | undefined)?.back ?? req.query.back, fallbackBack);
    try {
      const result = await run(req, res);
      if (res.headersSent) return;
      res.redirect(303, result ? withParam(safeBack(result.back, back), 'ok', result.ok) : back);
    } catch (err) {
      if (isAppError(err)) {
        if (err.code === 'FORBIDDEN') return sendError(req, res, 403, 'FORBIDDEN', deps);
        if (err.code === 'NOT_FOUND' || err.code === 'APPOINTMENT_NOT_FOUND') return sendError(req, res, 404, 'NOT_FOUND', deps);
        res.redirect(303, withParam(back, 'err', flashCode(err)));
        return;
      }
      deps.logger.error({ err, path: req.path }, 'staff action failed');
      res.redirect(303, withParam(back, 'err', 'internal'));
    }
  };
}

export function bodyString(req: Request, key: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : '';
}

export function queryString(req: Request, key: string): string {
  const v = req.query[key];
  return typeof v === 'string' ? v : '';
}

export function param(req: Request, key: string): string {
  const v = (req.params as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : '';
}
