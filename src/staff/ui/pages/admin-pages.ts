import type { ApiTokenSummary } from '../../api-tokens';
import type { AuditRow } from '../../record-audit';
import type { StaffSummary } from '../../staff-accounts';
import { html } from '../html';
import { actionButton, csrfField, layout, type PageContext } from '../layout';
import { AUDIT_LABELS, formatDateTime, ROLE_LABELS } from '../labels';

function roleOptions(selected: string) {
  return Object.entries(ROLE_LABELS).map(([v, l]) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${l}</option>`);
}

export function teamPage(ctx: PageContext, users: StaffSummary[]): string {
  const tz = ctx.clinic.timezone;
  return layout(ctx, {
    title: 'Equipe',
    section: 'team',
    body: html`<h1>Equipe</h1>
      <table class="table">
        <thead><tr><th scope="col">Pessoa</th><th scope="col">Papel</th><th scope="col">Situação</th><th scope="col">Ações</th></tr></thead>
        <tbody>${users.map(
          (u) => html`<tr data-staff-id="${u.id}">
            <td><strong>${u.name || '—'}</strong><br><span class="muted">${u.email}</span><br><span class="muted small">desde ${formatDateTime(u.createdAt, tz)}</span></td>
            <td><form method="post" action="/staff/team/${u.id}" class="row">${csrfField(ctx)}<label class="sr-only" for="role-${u.id}">Papel</label><select id="role-${u.id}" name="role">${roleOptions(u.role)}</select><button class="btn quiet" type="submit">Salvar</button></form></td>
            <td>${u.active ? 'Ativo' : html`<span class="badge warn">Desativado</span>`}</td>
            <td class="row">
              ${u.id === ctx.staff.id ? html`<span class="muted small">(você)</span>` : actionButton(ctx, `/staff/team/${u.id}`, u.active ? 'Desativar' : 'Reativar', { fields: { active: u.active ? 'false' : 'true' }, style: u.active ? 'danger' : undefined, confirm: u.active ? 'Desativar este acesso? As sessões abertas serão encerradas.' : undefined })}
              <details><summary>Redefinir senha</summary><form method="post" action="/staff/team/${u.id}/password" class="stack">${csrfField(ctx)}<label for="pw-${u.id}">Nova senha (mín. 10 caracteres)</label><input id="pw-${u.id}" name="password" type="password" minlength="10" autocomplete="new-password" required><button class="btn" type="submit">Redefinir</button></form></details>
            </td>
          </tr>`,
        )}</tbody>
      </table>
      <h2>Novo acesso</h2>
      <form method="post" action="/staff/team" class="stack narrow" id="add-staff">
        ${csrfField(ctx)}
        <label for="new-name">Nome</label><input id="new-name" name="name" autocomplete="off">
        <label for="new-email">E-mail</label><input id="new-email" name="email" type="email" required autocomplete="off">
        <label for="new-role">Papel</label><select id="new-role" name="role">${roleOptions('reception')}</select>
        <label for="new-password">Senha inicial (mín. 10 caracteres)</label><input id="new-password" name="password" type="password" minlength="10" required autocomplete="new-password">
        <button class="btn primary" type="submit">Criar acesso</button>
      </form>`,
  });
}

export function tokensPage(ctx: PageContext, tokens: ApiTokenSummary[], created?: { token: string; name: string }): string {
  const tz = ctx.clinic.timezone;
  return layout(ctx, {
    title: 'Tokens de API',
    section: 'tokens',
    body: html`<h1>Tokens de API</h1>
      <p class="lead">Para integrações com <code>/api/v1</code> (cabeçalho <code>Authorization: Bearer …</code>). Um token age com o papel escolhido, só nesta clínica.</p>
      ${
        created
          ? html`<div class="flash ok" role="status"><p>Token <strong>${created.name}</strong> criado. Copie agora: ele <strong>não será mostrado de novo</strong>.</p><p><code class="token" id="new-token">${created.token}</code></p></div>`
          : ''
      }
      <table class="table">
        <thead><tr><th scope="col">Nome</th><th scope="col">Papel</th><th scope="col">Criado</th><th scope="col">Último uso</th><th scope="col">Situação</th><th scope="col"></th></tr></thead>
        <tbody>${tokens.map(
          (t) => html`<tr><td>${t.name}</td><td>${ROLE_LABELS[t.role] ?? t.role}</td><td>${formatDateTime(t.createdAt, tz)}</td><td>${t.lastUsedAt ? formatDateTime(t.lastUsedAt, tz) : '—'}</td>
            <td>${t.revokedAt ? html`<span class="badge warn">Revogado</span>` : 'Ativo'}</td>
            <td>${t.revokedAt ? '' : actionButton(ctx, `/staff/tokens/${t.id}/revoke`, 'Revogar', { style: 'danger', confirm: 'Revogar este token? Integrações que o usam param na hora.' })}</td></tr>`,
        )}${tokens.length ? '' : html`<tr><td colspan="6" class="empty">Nenhum token.</td></tr>`}</tbody>
      </table>
      <h2>Novo token</h2>
      <form method="post" action="/staff/tokens" class="stack narrow">
        ${csrfField(ctx)}
        <label for="token-name">Nome (para quê?)</label><input id="token-name" name="name" required maxlength="100">
        <label for="token-role">Papel</label><select id="token-role" name="role">${roleOptions('reception')}</select>
        <button class="btn primary" type="submit">Criar token</button>
      </form>`,
  });
}

export function auditPage(ctx: PageContext, rows: AuditRow[], action: string): string {
  const tz = ctx.clinic.timezone;
  const last = rows[rows.length - 1];
  return layout(ctx, {
    title: 'Auditoria',
    section: 'audit',
    wide: true,
    body: html`<h1>Auditoria</h1>
      <p class="lead">Registro permanente (não pode ser alterado nem apagado) de acessos, respostas, mudanças de situação e visualizações de dados de saúde.</p>
      <form method="get" action="/staff/audit" class="row">
        <label for="action">Ação</label>
        <select id="action" name="action"><option value="">Todas</option>${Object.entries(AUDIT_LABELS).map(([v, l]) => html`<option value="${v}"${v === action ? html` selected` : ''}>${l}</option>`)}</select>
        <button class="btn" type="submit">Filtrar</button>
      </form>
      <div class="scroll"><table class="table small">
        <thead><tr><th scope="col">Quando</th><th scope="col">Quem</th><th scope="col">Ação</th><th scope="col">Alvo</th><th scope="col">Detalhes</th><th scope="col">IP</th></tr></thead>
        <tbody>${rows.map(
          (r) => html`<tr><td>${formatDateTime(r.at, tz)}</td><td>${r.actorType === 'api' ? 'API: ' : r.actorType === 'system' ? 'Sistema: ' : ''}${r.actorLabel ?? r.actorId ?? '—'}</td><td>${AUDIT_LABELS[r.action] ?? r.action}</td>
            <td>${r.targetType ? html`${r.targetType} <code class="id">${(r.targetId ?? '').slice(0, 8)}</code>` : '—'}</td><td>${r.data ? html`<code class="json">${JSON.stringify(r.data)}</code>` : '—'}</td><td>${r.ip ?? ''}</td></tr>`,
        )}${rows.length ? '' : html`<tr><td colspan="6" class="empty">Nada registrado.</td></tr>`}</tbody>
      </table></div>
      ${rows.length >= 100 && last ? html`<p><a class="btn" href="/staff/audit?before=${String(last.id)}${action ? `&action=${encodeURIComponent(action)}` : ''}">Mais antigos →</a></p>` : ''}`,
  });
}

export function accountPage(ctx: PageContext): string {
  return layout(ctx, {
    title: 'Minha conta',
    section: 'account',
    body: html`<h1>Minha conta</h1>
      <p>${ctx.staff.name || ''} <span class="muted">${ctx.staff.email}</span> · ${ROLE_LABELS[ctx.staff.role] ?? ctx.staff.role}</p>
      <h2>Trocar senha</h2>
      <form method="post" action="/staff/account/password" class="stack narrow">
        ${csrfField(ctx)}
        <label for="current">Senha atual</label><input id="current" name="current" type="password" autocomplete="current-password" required>
        <label for="next">Nova senha (mín. 10 caracteres)</label><input id="next" name="next" type="password" autocomplete="new-password" minlength="10" required>
        <button class="btn primary" type="submit">Trocar senha</button>
      </form>
      <p class="muted small">Ao trocar a senha, suas outras sessões abertas são encerradas.</p>`,
  });
}
