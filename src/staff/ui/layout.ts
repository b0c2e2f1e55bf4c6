import type { StaffRole } from '../../db/schema';
import { can } from '../actor';
import { html, type SafeHtml } from './html';
import { ROLE_LABELS } from './labels';

export interface PageContext {
  staff: { id: string; name: string; email: string; role: StaffRole };
  clinic: { id: string; name: string; timezone: string };
  csrfToken: string;
  now: Date;
  flash?: { kind: 'ok' | 'error'; text: string } | null;
}

export type Section = 'inbox' | 'conversations' | 'agenda' | 'panel' | 'team' | 'tokens' | 'audit' | 'account';

/** The hidden CSRF field every form of a logged-in page carries. */
export function csrfField(ctx: Pick<PageContext, 'csrfToken'>): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrfToken}">`;
}

/** A one-button POST form (claim, resolve, confirm…): works without JavaScript. */
export function actionButton(
  ctx: Pick<PageContext, 'csrfToken'>,
  action: string,
  label: string,
  options: { back?: string; style?: 'primary' | 'danger' | 'quiet'; confirm?: string; name?: string; fields?: Record<string, string> } = {},
): SafeHtml {
  return html`<form method="post" action="${action}" class="inline"${options.confirm ? html` data-confirm="${options.confirm}"` : ''}>${csrfField(ctx)}${
    options.back ? html`<input type="hidden" name="back" value="${options.back}">` : ''
  }${Object.entries(options.fields ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button type="submit" class="btn ${options.style ?? ''}"${
    options.name ? html` data-action="${options.name}"` : ''
  }>${label}</button></form>`;
}

function navLink(href: string, label: string, active: boolean, extra?: SafeHtml): SafeHtml {
  return html`<a href="${href}"${active ? html` aria-current="page"` : ''}>${label}${extra ?? ''}</a>`;
}

/** The page shell: skip link, header with navigation by role, flash message, live region. */
export function layout(
  ctx: PageContext,
  page: { title: string; section: Section; body: SafeHtml; data?: Record<string, string>; wide?: boolean },
): string {
  const s = page.section;
  const owner = can(ctx.staff, 'view_panel');
  const data = Object.entries({ page: s, ...page.data }).map(([k, v]) => html` data-${k}="${v}"`);
  return html`<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${ctx.csrfToken}">
<title>${page.title} · Atende</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/staff/assets/staff.css">
<script src="/staff/assets/staff.js" defer></script>
</head>
<body${data}>
<a class="skip" href="#main">Pular para o conteúdo</a>
<header class="top">
  <div class="brand"><strong>Atende</strong> <span class="clinic">${ctx.clinic.name}</span></div>
  <nav aria-label="Principal">
    ${navLink('/staff', 'Caixa de entrada', s === 'inbox', html` <span class="count" id="open-count" aria-label="pendências abertas"></span>`)}
    ${navLink('/staff/conversations', 'Conversas', s === 'conversations')}
    ${navLink('/staff/agenda', 'Agenda', s === 'agenda')}
    ${owner ? [navLink('/staff/panel', 'Painel', s === 'panel'), navLink('/staff/team', 'Equipe', s === 'team'), navLink('/staff/tokens', 'Tokens de API', s === 'tokens'), navLink('/staff/audit', 'Auditoria', s === 'audit')] : ''}
  </nav>
  <div class="me">
    <a href="/staff/account" class="who"${s === 'account' ? html` aria-current="page"` : ''}>${ctx.staff.name || ctx.staff.email}<span class="role">${ROLE_LABELS[ctx.staff.role] ?? ctx.staff.role}</span></a>
    <form method="post" action="/staff/logout" class="inline">${csrfField(ctx)}<button type="submit" class="btn quiet">Sair</button></form>
  </div>
</header>
<main id="main" class="${page.wide ? 'wide' : ''}" tabindex="-1">
${ctx.flash ? html`<p class="flash ${ctx.flash.kind}" role="${ctx.flash.kind === 'error' ? 'alert' : 'status'}">${ctx.flash.text}</p>` : ''}
${page.body}
</main>
<div id="live" class="sr-only" aria-live="polite"></div>
<p class="conn" id="conn" hidden>Reconectando às atualizações ao vivo…</p>
</body>
</html>`.value;
}

/** Pages outside a session (login, errors before login). */
export function bareLayout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Atende</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/staff/assets/staff.css">
</head>
<body class="bare">
<main id="main">${body}</main>
</body>
</html>`.value;
}
