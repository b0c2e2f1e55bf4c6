import type { RenderedCanned } from '../../canned-replies';
import type { ConversationView, TimelineMessage } from '../../load-conversation';
import type { CardAppointment, PatientCard } from '../../load-patient-card';
import { localDateOf } from '../../../lib/clinic-time';
import { html, type SafeHtml } from '../html';
import { actionButton, csrfField, layout, type PageContext } from '../layout';
import {
  APPOINTMENT_STATUS_LABELS,
  CHANNEL_LABELS,
  CONSENT_PURPOSE_LABELS,
  formatDate,
  formatDateTime,
  formatPhone,
  formatTime,
  MESSAGE_STATUS_LABELS,
  MODE_LABELS,
  REASON_LABELS,
  SCREENING_OUTCOME_LABELS,
} from '../labels';
import { tierBadge } from './inbox-page';
import { renderDataRightsSection } from './lgpd-pages';

function authorLabel(m: TimelineMessage): string {
  if (m.direction === 'note') return `Nota interna · ${m.staffName ?? 'recepção'}`;
  if (m.author === 'patient') return 'Paciente';
  if (m.author === 'staff') return m.staffName ? `${m.staffName} (recepção)` : 'Recepção (API)';
  if (m.author === 'system') return 'Sistema';
  return 'Robô';
}

export function renderTimeline(ctx: PageContext, messages: TimelineMessage[]): SafeHtml {
  const tz = ctx.clinic.timezone;
  let day = '';
  const items: SafeHtml[] = [];
  for (const m of messages) {
    const d = localDateOf(m.at, tz);
    if (d !== day) {
      day = d;
      items.push(html`<li class="day" role="separator"><span>${formatDate(m.at, tz)}</span></li>`);
    }
    items.push(html`<li class="msg ${m.direction} author-${m.author}" id="m-${m.id}" data-seq="${String(m.seq)}">
      <div class="meta"><span class="author">${authorLabel(m)}</span> <time datetime="${m.at.toISOString()}">${formatTime(m.at, tz)}</time>${
        m.direction === 'out' ? html` <span class="status status-${m.status}">${MESSAGE_STATUS_LABELS[m.status] ?? m.status}</span>` : ''
      }${m.template ? html` <span class="badge">modelo ${m.template}</span>` : ''}</div>
      <p class="body">${m.body ?? (m.kind === 'media' ? '[mídia]' : '[mensagem apagada]')}</p>
      ${m.status === 'failed' && m.error ? html`<p class="error-line">Falha no envio: ${m.error}</p>` : ''}
    </li>`);
  }
  if (items.length === 0) items.push(html`<li class="empty">Nenhuma mensagem ainda.</li>`);
  return html`${items}`;
}

export function renderConversationHeader(ctx: PageContext, view: ConversationView): SafeHtml {
  const c = view.conversation;
  const back = `/staff/conversations/${c.id}`;
  const mine = c.mode === 'staff' && view.assignedStaff?.id === ctx.staff.id;
  const title = view.patient?.name || formatPhone(view.patient?.phone ?? null);
  return html`
    <div class="conv-title">
      <h1>${title}</h1>
      <span class="badge mode mode-${c.mode}" id="mode-badge">${MODE_LABELS[c.mode] ?? c.mode}${c.mode === 'staff' && view.assignedStaff ? html`: ${view.assignedStaff.name}` : ''}</span>
      <span class="muted">${CHANNEL_LABELS[c.channel] ?? c.channel}</span>
    </div>
    ${
      view.escalations.length
        ? html`<ul class="escalations">${view.escalations.map(
            (e) => html`<li><span class="badge reason reason-${e.reason}">${REASON_LABELS[e.reason] ?? e.reason}</span>${e.detail ? html` <span class="detail">${e.detail}</span>` : ''}${
              e.reason === 'data_rights' ? html` <a href="/staff/patients/${c.patientId}#lgpd">Atender o pedido</a>` : ''
            }
              ${actionButton(ctx, `/staff/escalations/${e.id}/resolve`, 'Resolver', { back, style: 'quiet', name: 'resolve' })}</li>`,
          )}</ul>`
        : ''
    }
    <div class="conv-actions">
      ${!mine ? actionButton(ctx, `/staff/conversations/${c.id}/claim`, c.mode === 'staff' ? 'Assumir de quem está atendendo' : 'Assumir conversa', { back, style: 'primary', name: 'claim' }) : ''}
      ${c.mode !== 'bot' ? actionButton(ctx, `/staff/conversations/${c.id}/release`, 'Devolver ao robô', { back, name: 'release' }) : ''}
    </div>`;
}

/** Identifies the composer's shape, so a live refresh replaces it only when it must (a draft survives). */
export function composerKey(ctx: PageContext, view: ConversationView): string {
  const c = view.conversation;
  return [c.mode, view.assignedStaff?.id === ctx.staff.id ? 'me' : 'other', view.window.open ? 'open' : 'closed'].join('|');
}

export function renderComposer(ctx: PageContext, view: ConversationView, canned: RenderedCanned[]): SafeHtml {
  const c = view.conversation;
  const action = `/staff/conversations/${c.id}/reply`;
  if (c.mode !== 'staff') {
    return html`<p class="hint">Para responder, assuma a conversa: enquanto você atende, o robô fica em silêncio.</p>`;
  }
  if (!c.patientAddress) return html`<p class="hint">Os dados de contato desta paciente foram apagados (LGPD); não é possível responder.</p>`;
  if (!view.window.open) {
    const templates = canned.filter((r) => r.template);
    return html`<form method="post" action="${action}" class="composer" id="reply-form">
      ${csrfField(ctx)}
      <p class="hint warn">A última mensagem da paciente tem mais de 24 horas. Pelo WhatsApp, só é possível enviar <strong>modelos aprovados</strong>.</p>
      ${
        templates.length
          ? html`<fieldset><legend>Escolha um modelo</legend>${templates.map(
              (t, i) => html`<label class="template-option"><input type="radio" name="cannedId" value="${t.id}"${i === 0 ? html` checked` : ''}> <strong>${t.title}</strong> <span class="muted">(${t.template!.name})</span><span class="preview">${t.text}</span></label>`,
            )}</fieldset>
            <button type="submit" class="btn primary" data-action="send-template">Enviar modelo</button>`
          : html`<p class="hint">Nenhuma resposta pronta com modelo em <code>flows/canned.yaml</code>.</p>`
      }
    </form>`;
  }
  const free = canned;
  return html`<form method="post" action="${action}" class="composer" id="reply-form">
    ${csrfField(ctx)}
    ${
      free.length
        ? html`<label class="sr-only" for="canned">Respostas prontas</label><select name="cannedId" id="canned" class="canned"><option value="">Respostas prontas…</option>${free.map(
            (r) => html`<option value="${r.id}" data-text="${r.text}">${r.title}</option>`,
          )}</select>`
        : ''
    }
    <label for="reply-text" class="sr-only">Mensagem para a paciente</label>
    <textarea id="reply-text" name="text" rows="3" maxlength="4096" placeholder="Escreva sua resposta… (enviada por ${CHANNEL_LABELS[c.channel] ?? c.channel})"></textarea>
    <div class="composer-foot">
      ${view.window.closesAt ? html`<span class="muted">Janela do WhatsApp aberta até ${formatDateTime(view.window.closesAt, ctx.clinic.timezone)}</span>` : html`<span></span>`}
      <button type="submit" class="btn primary" data-action="send">Enviar</button>
    </div>
  </form>`;
}

function appointmentActions(ctx: PageContext, a: CardAppointment, back: string): SafeHtml {
  const tz = ctx.clinic.timezone;
  const started = localDateOf(a.startsAt, tz) <= localDateOf(ctx.now, tz);
  const live = a.status === 'booked' || a.status === 'confirmed';
  const path = `/staff/appointments/${a.id}`;
  return html`<div class="appt-actions">
    ${a.status === 'booked' ? actionButton(ctx, `${path}/confirm`, 'Confirmar', { back, name: 'confirm' }) : ''}
    ${live ? html`<a class="btn" href="${path}/reschedule?back=${encodeURIComponent(back)}">Remarcar</a>` : ''}
    ${live ? actionButton(ctx, `${path}/cancel`, 'Cancelar', { back, style: 'danger', confirm: 'Cancelar este agendamento?', name: 'cancel' }) : ''}
    ${started && (live || a.status === 'no_show') ? actionButton(ctx, `${path}/attended`, 'Compareceu', { back, name: 'attended' }) : ''}
    ${started && (live || a.status === 'attended') ? actionButton(ctx, `${path}/no_show`, 'Faltou', { back, name: 'no-show' }) : ''}
  </div>`;
}

function appointmentItem(ctx: PageContext, a: CardAppointment, back: string): SafeHtml {
  return html`<li class="appt-item status-${a.status}" data-appointment-id="${a.id}">
    <div><strong>${formatDateTime(a.startsAt, ctx.clinic.timezone)}</strong> · ${a.service}</div>
    <div class="muted">${a.professional}</div>
    <div><span class="badge appt-status appt-${a.status}">${APPOINTMENT_STATUS_LABELS[a.status] ?? a.status}</span> ${tierBadge(a.riskTier)}</div>
    ${appointmentActions(ctx, a, back)}
  </li>`;
}

export function renderPatientCard(ctx: PageContext, card: PatientCard, back: string): SafeHtml {
  const p = card.patient;
  const todayStart = localDateOf(ctx.now, ctx.clinic.timezone);
  // Open: today on, plus earlier ones still booked/confirmed — their outcome (attended or no-show)
  // is still to be recorded, so they must not hide in the collapsed history.
  const upcoming = card.appointments
    .filter((a) => {
      const fromToday = localDateOf(a.startsAt, ctx.clinic.timezone) >= todayStart;
      return fromToday ? ['booked', 'confirmed', 'attended', 'no_show'].includes(a.status) : ['booked', 'confirmed'].includes(a.status);
    })
    .reverse();
  const past = card.appointments.filter((a) => !upcoming.includes(a));
  return html`
    <h2>Ficha da paciente</h2>
    <dl class="facts">
      <dt>Nome</dt><dd>${p.name ?? '—'}</dd>
      <dt>Telefone</dt><dd>${formatPhone(p.phone)}</dd>
      ${p.email ? html`<dt>E-mail</dt><dd>${p.email}</dd>` : ''}
      ${p.optedOutAt ? html`<dt>Lembretes</dt><dd><span class="badge warn">Pediu para não receber</span></dd>` : ''}
      ${p.erasedAt ? html`<dt>LGPD</dt><dd><span class="badge warn">Dados apagados em ${formatDate(p.erasedAt, ctx.clinic.timezone)}</span></dd>` : ''}
    </dl>
    <h3>Agendamentos</h3>
    ${upcoming.length ? html`<ul class="appts">${upcoming.map((a) => appointmentItem(ctx, a, back))}</ul>` : html`<p class="empty">Nenhum agendamento de hoje em diante.</p>`}
    ${past.length ? html`<details><summary>Histórico (${past.length})</summary><ul class="appts">${past.map((a) => appointmentItem(ctx, a, back))}</ul></details>` : ''}
    <h3>Consentimentos</h3>
    ${
      card.consents.length
        ? html`<ul class="plain">${card.consents.map(
            (c) => html`<li>${CONSENT_PURPOSE_LABELS[c.purpose] ?? c.purpose}: <strong>${c.granted ? 'concedido' : 'negado'}</strong> <span class="muted">em ${formatDateTime(c.at, ctx.clinic.timezone)} (texto ${c.textVersion})</span></li>`,
          )}</ul>`
        : html`<p class="empty">Nenhum consentimento registrado.</p>`
    }
    <h3>Triagens</h3>
    ${
      card.screenings.length
        ? html`<ul class="plain">${card.screenings.map(
            (s) => html`<li>${s.service}: <span class="badge screening-${s.outcome}">${SCREENING_OUTCOME_LABELS[s.outcome] ?? s.outcome}</span> <span class="muted">${formatDate(s.at, ctx.clinic.timezone)}</span>
              ${card.canViewHealthData && s.hasAnswers ? html` <a href="/staff/screenings/${s.id}">Ver respostas</a>` : ''}</li>`,
          )}</ul>
          ${card.canViewHealthData ? html`<p class="muted small">Abrir as respostas (dados de saúde) fica registrado na auditoria.</p>` : html`<p class="muted small">As respostas da triagem são visíveis apenas para proprietárias(os).</p>`}`
        : html`<p class="empty">Nenhuma triagem.</p>`
    }
    ${renderDataRightsSection(ctx, card, back)}
    ${
      card.conversations.length > 1
        ? html`<h3>Outras conversas</h3><ul class="plain">${card.conversations.map((c) => html`<li><a href="/staff/conversations/${c.id}">${CHANNEL_LABELS[c.channel] ?? c.channel}</a> <span class="muted">${MODE_LABELS[c.mode] ?? c.mode}</span></li>`)}</ul>`
        : ''
    }`;
}

export function conversationPage(ctx: PageContext, view: ConversationView, card: PatientCard, canned: RenderedCanned[]): string {
  const id = view.conversation.id;
  return layout(ctx, {
    title: view.patient?.name || 'Conversa',
    section: 'inbox',
    wide: true,
    data: { 'conversation-id': id },
    body: html`<div class="conv">
      <section class="thread" aria-label="Conversa">
        <div id="conv-header">${renderConversationHeader(ctx, view)}</div>
        <ol id="timeline" class="timeline" aria-label="Mensagens">${renderTimeline(ctx, view.messages)}</ol>
        <div id="composer" data-key="${composerKey(ctx, view)}">${renderComposer(ctx, view, canned)}</div>
        <details class="note-box">
          <summary>Nota interna</summary>
          <form method="post" action="/staff/conversations/${id}/notes" class="composer" id="note-form">
            ${csrfField(ctx)}
            <label for="note-text" class="sr-only">Nota interna (não é enviada à paciente)</label>
            <textarea id="note-text" name="text" rows="2" maxlength="4096" placeholder="Visível só para a equipe"></textarea>
            <button type="submit" class="btn" data-action="note">Salvar nota</button>
          </form>
        </details>
      </section>
      <aside id="card" class="card" aria-label="Ficha da paciente">${renderPatientCard(ctx, card, `/staff/conversations/${id}`)}</aside>
    </div>`,
  });
}

export function patientPage(ctx: PageContext, card: PatientCard): string {
  return layout(ctx, {
    title: card.patient.name || 'Paciente',
    section: 'conversations',
    body: html`<div class="card solo">${renderPatientCard(ctx, card, `/staff/patients/${card.patient.id}`)}</div>`,
  });
}
