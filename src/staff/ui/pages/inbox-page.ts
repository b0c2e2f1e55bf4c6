import type { InboxItem } from '../../list-inbox';
import { html, type SafeHtml } from '../html';
import { actionButton, layout, type PageContext } from '../layout';
import { CHANNEL_LABELS, formatAgo, formatDateTime, formatPhone, REASON_LABELS, TIER_SHORT } from '../labels';

export function tierBadge(tier: string | null): SafeHtml {
  const key = tier === 'low' || tier === 'medium' || tier === 'high' ? tier : 'none';
  return html`<span class="badge tier tier-${key}" title="Risco de falta">risco ${TIER_SHORT[key]}</span>`;
}

function item(ctx: PageContext, i: InboxItem): SafeHtml {
  const tz = ctx.clinic.timezone;
  // A data-rights request is answered from the patient card (export, erasure, closing the request).
  const href =
    i.reason === 'data_rights' && i.patient
      ? `/staff/patients/${i.patient.id}#lgpd`
      : i.conversation
        ? `/staff/conversations/${i.conversation.id}`
        : i.patient
          ? `/staff/patients/${i.patient.id}`
          : null;
  const title = i.patient?.name || formatPhone(i.patient?.phone ?? null) || 'Paciente sem cadastro';
  const body = html`
    <span class="item-head"><span class="who">${title}</span>${i.patient?.name && i.patient.phone ? html` <span class="muted">${formatPhone(i.patient.phone)}</span>` : ''}${
      i.conversation ? html` <span class="muted">· ${CHANNEL_LABELS[i.conversation.channel] ?? i.conversation.channel}</span>` : ''
    }</span>
    <span class="badge reason reason-${i.reason}">${REASON_LABELS[i.reason] ?? i.reason}</span>
    ${i.detail ? html`<span class="detail">${i.detail}</span>` : ''}
    ${
      i.appointment
        ? html`<span class="appt">${formatDateTime(i.appointment.startsAt, tz)} · ${i.appointment.service}${i.appointment.professional ? html` · ${i.appointment.professional}` : ''} ${tierBadge(i.appointment.riskTier)}</span>`
        : ''
    }
    ${i.lastMessage?.body ? html`<span class="preview">${i.lastMessage.author === 'patient' ? '' : i.lastMessage.author === 'staff' ? 'Recepção: ' : 'Robô: '}${i.lastMessage.body.slice(0, 140)}</span>` : ''}
    <span class="age">Aberta ${formatAgo(i.createdAt, ctx.now)}${i.status === 'claimed' ? html` · com ${i.claimedBy?.name ?? 'API'}` : ''}</span>`;
  return html`<li class="item ${i.status}" data-escalation-id="${i.escalationId}">
    ${href ? html`<a class="item-link" href="${href}">${body}</a>` : html`<div class="item-link">${body}</div>`}
    <div class="item-actions">
      ${i.reason === 'data_rights' && i.conversation ? html`<a class="btn quiet" href="/staff/conversations/${i.conversation.id}">Abrir conversa</a>` : ''}
      ${i.status === 'open' ? actionButton(ctx, `/staff/escalations/${i.escalationId}/claim`, 'Assumir', { style: 'primary', back: (i.conversation ? `/staff/conversations/${i.conversation.id}` : href) ?? '/staff', name: 'claim' }) : ''}
      ${actionButton(ctx, `/staff/escalations/${i.escalationId}/resolve`, 'Resolver', { back: '/staff', name: 'resolve' })}
    </div>
  </li>`;
}

/** The list part of the inbox, also served alone for live refreshes. */
export function renderInboxList(ctx: PageContext, items: InboxItem[]): SafeHtml {
  const open = items.filter((i) => i.status === 'open');
  const claimed = items.filter((i) => i.status === 'claimed');
  return html`
    <h2 id="open-title">Aguardando atendimento <span class="muted">(${open.length})</span></h2>
    ${open.length ? html`<ol class="items" aria-labelledby="open-title">${open.map((i) => item(ctx, i))}</ol>` : html`<p class="empty">Nada aguardando. O robô está dando conta. 🙂</p>`}
    <h2 id="claimed-title">Em atendimento <span class="muted">(${claimed.length})</span></h2>
    ${claimed.length ? html`<ol class="items" aria-labelledby="claimed-title">${claimed.map((i) => item(ctx, i))}</ol>` : html`<p class="empty">Ninguém em atendimento agora.</p>`}`;
}

export function inboxPage(ctx: PageContext, items: InboxItem[], problems: string[]): string {
  return layout(ctx, {
    title: 'Caixa de entrada',
    section: 'inbox',
    body: html`
      <h1>Caixa de entrada</h1>
      ${problems.length ? html`<div class="flash error" role="alert"><strong>Arquivo de configuração com erro</strong> — o robô segue usando a última versão válida:<ul>${problems.map((p) => html`<li><code>${p}</code></li>`)}</ul></div>` : ''}
      <p class="lead">Pendências ordenadas pela urgência: o atendimento mais próximo primeiro. Novas mensagens aparecem sozinhas.</p>
      <div id="inbox-list">${renderInboxList(ctx, items)}</div>`,
  });
}
