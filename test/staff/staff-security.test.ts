import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditLog, conversations, staffSessions, staffUsers } from '../../src/db/schema';
import { sha256Hex } from '../../src/staff/staff-sessions';
import { startTestApp, type TestApp } from '../support/test-app';
import { StaffClient } from './staff-client';
import { addStaff, PASSWORD } from './staff-fixtures';

/** Accounts, sessions, CSRF, login throttling and roles of /staff, over real HTTP. */
describe('staff inbox security', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await addStaff(t.t.database, { email: 'dona@bella.com', role: 'owner', name: 'Dona' });
    await addStaff(t.t.database, { email: 'rita@bella.com', role: 'reception', name: 'Rita' });
  });
  afterAll(async () => t?.stop());

  const conversationId = async (phone: string) => {
    await t.whatsappText(phone, 'oi');
    await t.idle();
    const [c] = await t.t.database.db.select().from(conversations).where(eq(conversations.patientAddress, phone));
    return c!.id;
  };

  it('sends unauthenticated browsers to the login page and scripts get 401', async () => {
    const c = new StaffClient(t.url);
    const page = await c.page('/staff/agenda');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/staff/login?next=%2Fstaff%2Fagenda');
    const api = await fetch(`${t.url}/staff/fragments/inbox`, { headers: { accept: 'application/json' } });
    expect(api.status).toBe(401);
  });

  it('sets an httpOnly SameSite session cookie that is stored only as a hash', async () => {
    const c = new StaffClient(t.url);
    await c.page('/staff/login');
    const res = await c.post('/staff/login', { email: 'Rita@Bella.com', password: PASSWORD });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('atende_staff='))!;
    expect(cookie).toMatch(/; Path=\/staff; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    const value = cookie.split(';')[0]!.split('=')[1]!;
    expect(value).toMatch(/^[\w-]{43}$/);
    const rows = await t.t.database.db.select().from(staffSessions);
    expect(rows.some((r) => r.idHash === value)).toBe(false);
    expect(rows.some((r) => r.idHash === sha256Hex(value))).toBe(true);
    expect((await c.page('/staff')).status).toBe(200);

    // Behind an HTTPS proxy (on loopback, which the app trusts) the cookie is also Secure.
    const tls = new StaffClient(t.url, { 'x-forwarded-proto': 'https' });
    await tls.page('/staff/login');
    const secure = await tls.post('/staff/login', { email: 'rita@bella.com', password: PASSWORD });
    expect(secure.headers.getSetCookie().find((l) => l.startsWith('atende_staff='))).toMatch(/; HttpOnly; SameSite=Lax; Secure$/);
  });

  it('refuses a state change without the CSRF token (403) and leaves the state alone', async () => {
    const id = await conversationId('+5511970000001');
    const c = new StaffClient(t.url);
    await c.loginOk('rita@bella.com', PASSWORD);
    expect((await c.post(`/staff/conversations/${id}/claim`, {}, { csrf: false })).status).toBe(403);
    expect((await c.post(`/staff/conversations/${id}/claim`, {}, { csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await c.post(`/staff/conversations/${id}/notes`, { text: 'nota' }, { csrf: false })).status).toBe(403);
    // A valid token from another site's page is still refused.
    expect((await c.post(`/staff/conversations/${id}/claim`, {}, { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    const [row] = await t.t.database.db.select().from(conversations).where(eq(conversations.id, id));
    expect(row!.mode).toBe('bot');
    // The same request with the token goes through.
    const ok = await c.post(`/staff/conversations/${id}/claim`);
    expect(ok.status).toBe(303);
    const [after] = await t.t.database.db.select().from(conversations).where(eq(conversations.id, id));
    expect(after!.mode).toBe('staff');
  });

  it('refuses a login POST without its own CSRF token', async () => {
    const c = new StaffClient(t.url);
    await c.page('/staff/login');
    expect((await c.post('/staff/login', { email: 'rita@bella.com', password: PASSWORD }, { csrf: false })).status).toBe(403);
  });

  it('rate limits after ten wrong passwords, even for the right one', async () => {
    await addStaff(t.t.database, { email: 'alvo@bella.com', role: 'reception' });
    // The attacker's own address, so the rest of this file (127.0.0.1) is not locked out with it.
    const c = new StaffClient(t.url, { 'x-forwarded-for': '203.0.113.50' });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await c.login('alvo@bella.com', `errada-${i}-xxxx`)).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const locked = await c.login('alvo@bella.com', PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(c.cookies.has('atende_staff')).toBe(false);
    const [user] = await t.t.database.db.select().from(staffUsers).where(eq(staffUsers.email, 'alvo@bella.com'));
    const failures = await t.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'auth.login_failed'), eq(auditLog.targetId, user!.id)));
    expect(failures).toHaveLength(10);
    // Another client is locked out of that account too; other accounts are unaffected.
    expect((await new StaffClient(t.url).login('alvo@bella.com', PASSWORD)).status).toBe(429);
    expect((await new StaffClient(t.url).login('rita@bella.com', PASSWORD)).status).toBe(303);
  });

  it('counts a burst of parallel guesses before checking any password', async () => {
    await addStaff(t.t.database, { email: 'rajada@bella.com', role: 'reception' });
    const clients = await Promise.all(
      Array.from({ length: 25 }, async () => {
        const c = new StaffClient(t.url, { 'x-forwarded-for': '203.0.113.51' });
        await c.page('/staff/login');
        return c;
      }),
    );
    const statuses = await Promise.all(clients.map((c, i) => c.post('/staff/login', { email: 'rajada@bella.com', password: `errada-${i}-xxxx` }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('kills the session cookie at logout', async () => {
    const c = new StaffClient(t.url);
    await c.loginOk('rita@bella.com', PASSWORD);
    const oldCookie = c.cookies.get('atende_staff')!;
    const oldCsrf = c.csrf;
    expect((await c.post('/staff/logout')).status).toBe(303);
    expect(c.cookies.has('atende_staff')).toBe(false);

    const replay = new StaffClient(t.url);
    replay.cookies.set('atende_staff', oldCookie);
    const page = await replay.page('/staff');
    expect(page.status).toBe(303);
    expect(page.location).toMatch(/^\/staff\/login/);
    const id = await conversationId('+5511970000002');
    const post = await replay.post(`/staff/conversations/${id}/claim`, {}, { csrf: oldCsrf });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toBe('/staff/login');
    const events = await replay.request('GET', '/staff/events', { headers: { accept: 'text/event-stream' } });
    expect(events.status).toBe(401);
    const [row] = await t.t.database.db.select().from(conversations).where(eq(conversations.id, id));
    expect(row!.mode).toBe('bot');
  });

  it('reception cannot manage users or tokens, nor see the panel or the audit log', async () => {
    const c = new StaffClient(t.url);
    await c.loginOk('rita@bella.com', PASSWORD);
    for (const path of ['/staff/team', '/staff/tokens', '/staff/panel', '/staff/audit']) {
      expect((await c.page(path)).status, path).toBe(403);
    }
    await c.page('/staff');
    const [owner] = await t.t.database.db.select().from(staffUsers).where(eq(staffUsers.email, 'dona@bella.com'));
    expect((await c.post('/staff/team', { email: 'intrusa@bella.com', role: 'owner', password: 'senha-intrusa-1' })).status).toBe(403);
    expect((await c.post(`/staff/team/${owner!.id}`, { active: 'false' })).status).toBe(403);
    expect((await c.post(`/staff/team/${owner!.id}/password`, { password: 'senha-nova-9999' })).status).toBe(403);
    expect((await c.post('/staff/tokens', { name: 'meu', role: 'owner' })).status).toBe(403);
    expect(await t.t.database.db.select().from(staffUsers).where(eq(staffUsers.email, 'intrusa@bella.com'))).toHaveLength(0);
    expect(await t.t.database.db.select().from(apiTokens)).toHaveLength(0);
    const page = await c.page('/staff');
    expect(page.html).not.toContain('href="/staff/team"');
  });

  it('owners add and deactivate staff (sessions end), and cannot remove the last owner', async () => {
    const owner = new StaffClient(t.url);
    await owner.loginOk('dona@bella.com', PASSWORD);
    await owner.page('/staff/team');
    expect((await owner.post('/staff/team', { email: 'nova@bella.com', name: 'Nova', role: 'reception', password: 'senha-da-nova-1' })).headers.get('location')).toBe('/staff/team?ok=staff_added');
    const nova = new StaffClient(t.url);
    await nova.loginOk('nova@bella.com', 'senha-da-nova-1');
    const [row] = await t.t.database.db.select().from(staffUsers).where(eq(staffUsers.email, 'nova@bella.com'));
    await owner.page('/staff/team');
    await owner.post(`/staff/team/${row!.id}`, { active: 'false' });
    expect((await nova.page('/staff')).status).toBe(303);
    expect((await nova.login('nova@bella.com', 'senha-da-nova-1')).status).toBe(401);

    const [me] = await t.t.database.db.select().from(staffUsers).where(eq(staffUsers.email, 'dona@bella.com'));
    await owner.page('/staff/team');
    const demote = await owner.post(`/staff/team/${me!.id}`, { role: 'reception' });
    expect(demote.headers.get('location')).toBe('/staff/team?err=last_owner');
    const [still] = await t.t.database.db.select().from(staffUsers).where(eq(staffUsers.id, me!.id));
    expect(still!.role).toBe('owner');
  });

  it('shows a new API token once and stores only its hash', async () => {
    const owner = new StaffClient(t.url);
    await owner.loginOk('dona@bella.com', PASSWORD);
    await owner.page('/staff/tokens');
    const res = await owner.post('/staff/tokens', { name: 'agenda externa', role: 'reception' });
    expect(res.status).toBe(201);
    const token = /id="new-token">(atk_[\w-]{43})</.exec(await res.text())?.[1];
    expect(token).toBeDefined();
    const [row] = await t.t.database.db.select().from(apiTokens).where(eq(apiTokens.name, 'agenda externa'));
    expect(row!.tokenHash).toBe(sha256Hex(token!));
    expect(JSON.stringify(row)).not.toContain(token!);
    expect((await owner.page('/staff/tokens')).html).not.toContain(token!);
    const me = await fetch(`${t.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(await me.json()).toEqual({ clinicId: 'bella-pele', role: 'reception', token: 'agenda externa' });
  });

  it("revokes the API tokens of an owner who is demoted or turned off", async () => {
    await addStaff(t.t.database, { email: 'socia@bella.com', role: 'owner', name: 'Sócia' });
    const socia = new StaffClient(t.url);
    await socia.loginOk('socia@bella.com', PASSWORD);
    await socia.page('/staff/tokens');
    const token = /id="new-token">(atk_[\w-]{43})</.exec(await (await socia.post('/staff/tokens', { name: 'planilha da sócia', role: 'owner' })).text())![1]!;
    const me = () => fetch(`${t.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await me()).toBe(200);

    const dona = new StaffClient(t.url);
    await dona.loginOk('dona@bella.com', PASSWORD);
    const [row] = await t.t.database.db.select().from(staffUsers).where(eq(staffUsers.email, 'socia@bella.com'));
    await dona.page('/staff/team');
    expect((await dona.post(`/staff/team/${row!.id}`, { role: 'reception' })).status).toBe(303);
    expect(await me()).toBe(401);
    const [tokenRow] = await t.t.database.db.select().from(apiTokens).where(eq(apiTokens.name, 'planilha da sócia'));
    expect(tokenRow!.revokedAt).not.toBeNull();
    const audits = await t.t.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'staff.update'), eq(auditLog.targetId, row!.id)));
    expect(JSON.stringify(audits.at(-1)!.data)).toContain(tokenRow!.id);
  });

  it('never caches inbox pages and never redirects outside /staff', async () => {
    const c = new StaffClient(t.url);
    await c.page('/staff/login');
    const res = await c.post('/staff/login', { email: 'rita@bella.com', password: PASSWORD, next: '//evil.example/x' });
    expect(res.headers.get('location')).toBe('/staff');
    const page = await c.request('GET', '/staff');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
