import { Router } from 'express';
import { burnPasswordCheck, verifyPassword } from '../hash-password';
import { LoginThrottle } from '../login-throttle';
import { recordAudit } from '../record-audit';
import { changeOwnPassword, findActiveStaffByEmail, normalizeEmail } from '../staff-accounts';
import { createSession, DEFAULT_SESSION_TTL_MS, randomToken, revokeSession, SESSION_COOKIE } from '../staff-sessions';
import { accountPage } from '../ui/pages/admin-pages';
import { loginPage } from '../ui/pages/simple-pages';
import { readCookies, serializeCookie } from './cookies';
import { requireCsrf, requireSession, sameOriginOnly } from './staff-guards';
import { actorOf, bodyString, clientIp, formAction, isSecure, pageContext, queryString, safeBack, safeEqual, sendError, sessionOf, type StaffRouteDeps } from './staff-http';

const LOGIN_CSRF_COOKIE = 'atende_login';

/**
 * Login, logout and the own-account page. The login form has its own CSRF token (a double-submit
 * cookie, since there is no session yet); failures are rate limited per IP and per account.
 */
export function authRoutes(deps: StaffRouteDeps): Router {
  const router = Router();
  const throttle = deps.throttle ?? new LoginThrottle();
  const ttl = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const db = deps.database.db;

  const showLogin = (req: import('express').Request, res: import('express').Response, status: number, extra: { error?: string; email?: string; next?: string; status?: 'logged_out' }) => {
    const csrf = randomToken(24);
    res.setHeader('Set-Cookie', serializeCookie(LOGIN_CSRF_COOKIE, csrf, { path: '/staff/login', maxAgeSeconds: 3600, secure: isSecure(req, deps.env), sameSite: 'Strict' }));
    res.status(status).type('html').send(loginPage({ csrf, ...extra }));
  };

  router.get('/staff/login', (req, res) => {
    if (res.locals.session) {
      res.redirect(303, '/staff');
      return;
    }
    const next = safeBack(queryString(req, 'next'), '');
    showLogin(req, res, 200, { next: next || undefined, status: queryString(req, 'bye') ? 'logged_out' : undefined });
  });

  router.post('/staff/login', async (req, res) => {
    const sent = bodyString(req, '_csrf');
    const expected = readCookies(req)[LOGIN_CSRF_COOKIE] ?? '';
    if (!sent || !expected || !safeEqual(sent, expected) || !sameOriginOnly(req)) {
      sendError(req, res, 403, 'FORBIDDEN', deps);
      return;
    }
    const email = normalizeEmail(bodyString(req, 'email')).slice(0, 200);
    const password = bodyString(req, 'password').slice(0, 200);
    const next = safeBack(bodyString(req, 'next'), '/staff');
    const ip = clientIp(req);
    const wait = throttle.reserve(ip, email);
    if (wait > 0) {
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      showLogin(req, res, 429, { email, error: `Muitas tentativas. Tente de novo em ${Math.ceil(wait / 60_000)} minuto(s).` });
      return;
    }
    const user = email ? await findActiveStaffByEmail(db, email) : undefined;
    const ok = user ? await verifyPassword(password, user.passwordHash) : await burnPasswordCheck(password);
    const now = deps.clock.now();
    if (!user || !ok) {
      if (user) await recordAudit(db, { kind: 'system', id: 'login', ip }, { clinicId: user.clinicId, action: 'auth.login_failed', targetType: 'staff', targetId: user.id, at: now });
      deps.logger.warn({ ip, knownAccount: !!user }, 'staff login failed');
      showLogin(req, res, 401, { email, error: 'E-mail ou senha incorretos.' });
      return;
    }
    throttle.recordSuccess(email, ip);
    const session = await createSession(db, { staffId: user.id, clinicId: user.clinicId, now, ttlMs: ttl });
    await recordAudit(db, { kind: 'staff', id: user.id, clinicId: user.clinicId, role: user.role, label: user.email, name: user.name, ip }, { clinicId: user.clinicId, action: 'auth.login', targetType: 'staff', targetId: user.id, at: now });
    const secure = isSecure(req, deps.env);
    res.setHeader('Set-Cookie', [
      serializeCookie(SESSION_COOKIE, session.cookie, { path: '/staff', maxAgeSeconds: ttl / 1000, secure, sameSite: 'Lax' }),
      serializeCookie(LOGIN_CSRF_COOKIE, '', { path: '/staff/login', maxAgeSeconds: 0, secure, sameSite: 'Strict' }),
    ]);
    res.redirect(303, next);
  });

  router.post('/staff/logout', requireSession(deps), requireCsrf(deps), async (req, res) => {
    const s = sessionOf(res);
    const now = deps.clock.now();
    await revokeSession(db, s.idHash, now);
    await recordAudit(db, actorOf(req, res), { clinicId: s.staff.clinicId, action: 'auth.logout', targetType: 'staff', targetId: s.staff.id, at: now });
    res.setHeader('Set-Cookie', serializeCookie(SESSION_COOKIE, '', { path: '/staff', maxAgeSeconds: 0, secure: isSecure(req, deps.env), sameSite: 'Lax' }));
    res.redirect(303, '/staff/login?bye=1');
  });

  router.get('/staff/account', requireSession(deps), (req, res) => {
    res.type('html').send(accountPage(pageContext(req, res, deps.clock.now())));
  });

  router.post(
    '/staff/account/password',
    requireSession(deps),
    requireCsrf(deps),
    formAction(
      deps,
      async (req, res) => {
        await changeOwnPassword(db, actorOf(req, res), { current: bodyString(req, 'current'), next: bodyString(req, 'next'), keepSessionHash: sessionOf(res).idHash, now: deps.clock.now() });
        return { ok: 'password_changed', back: '/staff/account' };
      },
      '/staff/account',
    ),
  );
  return router;
}
