import type { Slot } from '../../../booking/compute-free-slots';
import type { ConversationListItem } from '../../load-conversation';
import type { CardAppointment } from '../../load-patient-card';
import type { OpenedScreening } from '../../load-patient-card';
import { html, type SafeHtml } from '../html';
import { bareLayout, csrfField, layout, type PageContext } from '../layout';
import { CHANNEL_LABELS, formatDateTime, formatPhone, MODE_LABELS, SCREENING_OUTCOME_LABELS } from '../labels';

export function loginPage(input: { csrf: string; email?: string; next?: string; error?: string; status?: 'locked' | 'bad' | 'logged_out' }): string {
  return bareLayout(
    'Entrar',
    html`<div class="login">
      <h1>Atende <span class="muted">· recepção</span></h1>
      ${input.error ? html`<p class="flash error" role="alert">${input.error}</p>` : ''}
      ${input.status === 'logged_out' ? html`<p class="flash ok" role="status">Você saiu. Até logo!</p>` : ''}
      <form method="post" action="/staff/login" class="stack">
        <input type="hidden" name="_csrf" value="${input.csrf}">
        ${input.next ? html`<input type="hidden" name="next" value="${input.next}">` : ''}
        <label for="email">E-mail</label>
        <input id="email" name="email" type="email" autocomplete="username" required value="${input.email ?? ''}" autofocus>
        <label for="password">Senha</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        <button type="submit" class="btn primary">Entrar</button>
      </form>
    </div>`,
  );
}

export function errorPage(ctx: PageContext | null, status: number, text: string): string {
  const body = html`<h1>${status === 404 ? 'Não encontrado' : status === 403 ? 'Sem permissão' : 'Não foi possível concluir'}</h1><p>${text}</p><p><a href="/staff">Voltar para a caixa de entrada</a></p>`;
  return ctx ? layout(ctx, { title: 'Erro', section: 'inbox', body }) : bareLayout('Erro', body);
}

export function conversationsPage(ctx: PageContext, items: ConversationListItem[], filter: string): string {
  const tabs: [string, string][] = [
    ['', 'Todas'],
    ['waiting_staff', 'Aguardando a recepção'],
    ['staff', 'Com a recepção'],
    ['bot', 'Com o robô'],
  ];
  return layout(ctx, {
    title: 'Conversas',
    section: 'conversations',
    body: html`<h1>Conversas</h1>
      <nav class="tabs" aria-label="Filtrar conversas">${tabs.map(([v, l]) => html`<a href="/staff/conversations${v ? `?mode=${v}` : ''}"${filter === v ? html` aria-current="page"` : ''}>${l}</a>`)}</nav>
      ${
        items.length
          ? html`<table class="table"><thead><tr><th scope="col">Paciente</th><th scope="col">Canal</th><th scope="col">Situação</th><th scope="col">Última mensagem</th></tr></thead><tbody>${items.map(
              (c) => html`<tr><td><a href="/staff/conversations/${c.id}">${c.patient.name || formatPhone(c.patient.phone)}</a></td><td>${CHANNEL_LABELS[c.channel] ?? c.channel}</td><td><span class="badge mode mode-${c.mode}">${MODE_LABELS[c.mode] ?? c.mode}</span></td><td>${c.lastMessageAt ? formatDateTime(c.lastMessageAt, ctx.clinic.timezone) : '—'}</td></tr>`,
            )}</tbody></table>`
          : html`<p class="empty">Nenhuma conversa.</p>`
      }`,
  });
}

export function reschedulePage(ctx: PageContext, input: { appointment: CardAppointment; slots: Slot[]; professionals: Map<string, string>; date: string; back: string }): string {
  const a = input.appointment;
  const tz = ctx.clinic.timezone;
  return layout(ctx, {
    title: 'Remarcar',
    section: 'agenda',
    body: html`<h1>Remarcar ${a.service}</h1>
      <p>Atual: <strong>${formatDateTime(a.startsAt, tz)}</strong> com ${a.professional}.</p>
      <form method="get" action="/staff/appointments/${a.id}/reschedule" class="row">
        <input type="hidden" name="back" value="${input.back}">
        <label for="date">A partir de</label> <input type="date" id="date" name="date" value="${input.date}"> <button class="btn" type="submit">Ver horários</button>
      </form>
      ${
        input.slots.length
          ? html`<form method="post" action="/staff/appointments/${a.id}/reschedule" class="stack">
              ${csrfField(ctx)}<input type="hidden" name="back" value="${input.back}">
              <fieldset class="slots"><legend>Horários livres</legend>${input.slots.map(
                (s, i) => html`<label class="slot"><input type="radio" name="slot" value="${s.startsAt.toISOString()}|${s.professionalId}"${i === 0 ? html` checked` : ''}> ${formatDateTime(s.startsAt, tz)} · ${input.professionals.get(s.professionalId) ?? s.professionalId}</label>`,
              )}</fieldset>
              <button type="submit" class="btn primary" data-action="reschedule">Remarcar para o horário escolhido</button>
            </form>`
          : html`<p class="empty">Nenhum horário livre a partir dessa data.</p>`
      }
      <p><a href="${input.back}">Voltar</a></p>`,
  });
}

function renderAnswers(value: unknown): SafeHtml {
  if (value == null) return html`<p class="empty">—</p>`;
  if (typeof value !== 'object') return html`<pre class="answers">${String(value)}</pre>`;
  return html`<pre class="answers">${JSON.stringify(value, null, 2)}</pre>`;
}

export function screeningPage(ctx: PageContext, s: OpenedScreening, back: string): string {
  return layout(ctx, {
    title: 'Triagem',
    section: 'inbox',
    body: html`<h1>Respostas da triagem</h1>
      ${s.unavailable ? '' : html`<p class="flash ok" role="status">Dados de saúde: esta visualização foi registrada na auditoria em seu nome.</p>`}
      <p>Procedimento: <strong>${s.serviceId}</strong> · Resultado: <strong>${SCREENING_OUTCOME_LABELS[s.outcome] ?? s.outcome}</strong> · ${formatDateTime(s.at, ctx.clinic.timezone)}</p>
      ${
        s.unavailable === 'no_key'
          ? html`<p class="flash error">As respostas estão cifradas e a chave não está disponível neste servidor.</p>`
          : s.unavailable === 'no_answers'
            ? html`<p class="empty">Esta triagem não tem respostas guardadas.</p>`
            : renderAnswers(s.answers)
      }
      <p><a href="${back}">Voltar</a></p>`,
  });
}
