/**
 * A browser-like client for /staff in tests: keeps cookies, reads the CSRF token from each page,
 * posts forms without following redirects (so tests see 303/403/429 as they are).
 */
export class StaffClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  /** Sent with every request, e.g. `x-forwarded-for` to act as another client IP (the app trusts loopback proxies). */
  constructor(
    readonly baseUrl: string,
    readonly defaultHeaders: Record<string, string> = {},
  ) {}

  private cookieHeader(): string {
    return [...this.cookies.entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method: string, path: string, init: { form?: Record<string, string>; json?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/html', ...this.defaultHeaders, ...init.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: 'manual' });
    this.store(res);
    return res;
  }

  /** GET a page; remembers its CSRF token. */
  async page(path: string): Promise<{ status: number; html: string; location: string | null }> {
    const res = await this.request('GET', path);
    const html = await res.text();
    const token = /name="csrf-token" content="([^"]+)"/.exec(html)?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, html, location: res.headers.get('location') };
  }

  /** POST a form with the current CSRF token (unless `csrf: false` or another value is given). */
  async post(path: string, fields: Record<string, string> = {}, options: { csrf?: string | false; headers?: Record<string, string> } = {}): Promise<Response> {
    const form = { ...fields };
    if (options.csrf !== false) form._csrf = options.csrf ?? this.csrf;
    return this.request('POST', path, { form, headers: options.headers });
  }

  /** Logs in through the form; returns the POST's response (303 on success). */
  async login(email: string, password: string): Promise<Response> {
    await this.page('/staff/login');
    return this.post('/staff/login', { email, password });
  }

  /** Logs in and fails the test if it did not work. */
  async loginOk(email: string, password: string): Promise<void> {
    const res = await this.login(email, password);
    if (res.status !== 303 || res.headers.get('location') !== '/staff') throw new Error(`login of ${email} failed: ${res.status}`);
    await this.page('/staff');
  }
}
