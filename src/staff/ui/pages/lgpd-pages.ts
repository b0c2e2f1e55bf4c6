import type { PatientCard } from '../../load-patient-card';
import { html, type SafeHtml } from '../html';
import { actionButton, csrfField, layout, type PageContext } from '../layout';
import { DATA_REQUEST_KIND_LABELS, DATA_REQUEST_STATUS_LABELS, formatDate, formatDateTime, formatPhone } from '../labels';

/** What the owner types to confirm an erasure (a click alone is too easy to give). */
export const ERASE_CONFIRMATION_WORD = 'EXCLUIR';

/**
 * The LGPD part of the patient card: the patient's data requests with their deadlines, and — for
 * owners — export, erasure and closing a request. Reception sees the requests and who can act.
 */
export function renderDataRightsSection(ctx: PageContext, card: PatientCard, back: string): SafeHtml {
  const tz = ctx.clinic.timezone;
  const p = card.patient;
  const owner = card.canManageDataRights;
  const requests = card.dataRequests.map((r) => {
    const overdue = r.status === 'open' && r.dueAt.getTime() < ctx.now.getTime();
    return html`<li class="data-request status-${r.status}" data-request-id="${r.id}">
      <strong>${DATA_REQUEST_KIND_LABELS[r.kind] ?? r.kind}</strong>
      <span class="badge ${r.status === 'open' ? 'warn' : ''}">${DATA_REQUEST_STATUS_LABELS[r.status] ?? r.status}</span>
      <span class="muted">pedido em ${formatDate(r.createdAt, tz)}${
        r.status === 'open' ? html` · prazo ${formatDate(r.dueAt, tz)}${overdue ? html` <strong class="error-line">(vencido)</strong>` : ''}` : r.doneAt ? html` · concluído em ${formatDate(r.doneAt, tz)}` : ''
      }</span>
      ${
        owner && r.status === 'open'
          ? html`<div class="appt-actions">${actionButton(ctx, `/staff/data-requests/${r.id}/done`, 'Marcar como atendido', { back, name: 'request-done' })}${actionButton(
              ctx,
              `/staff/data-requests/${r.id}/reject`,
              'Recusar',
              { back, style: 'quiet', name: 'request-reject', confirm: 'Recusar este pedido? Informe à paciente o motivo (por exemplo, obrigação legal de guarda).' },
            )}</div>`
          : ''
      }
    </li>`;
  });
  return html`<section id="lgpd" class="lgpd" aria-labelledby="lgpd-title">
    <h3 id="lgpd-title">Dados pessoais (LGPD)</h3>
    ${requests.length ? html`<ul class="plain">${requests}</ul>` : html`<p class="empty">Nenhum pedido de direitos de dados.</p>`}
    ${
      owner
        ? html`<div class="appt-actions">
            ${actionButton(ctx, `/staff/patients/${p.id}/export`, 'Exportar dados (JSON)', { back, name: 'lgpd-export' })}
            ${p.erasedAt ? '' : html`<a class="btn danger" href="/staff/patients/${p.id}/erase?back=${encodeURIComponent(back)}" data-action="lgpd-erase">Excluir dados (LGPD)</a>`}
          </div>
          <p class="muted small">A exportação reúne tudo o que o Atende guarda sobre a paciente, inclusive CPF e respostas de saúde, e fica registrada na auditoria.</p>`
        : html`<p class="muted small">Exportar ou excluir os dados da paciente é feito por proprietária(o) da clínica.</p>`
    }
  </section>`;
}

/** The erasure confirmation step: what goes, what stays, and a typed confirmation. */
export function erasePage(ctx: PageContext, card: PatientCard, back: string): string {
  const p = card.patient;
  const tz = ctx.clinic.timezone;
  const future = card.appointments.filter((a) => ['booked', 'confirmed'].includes(a.status) && a.startsAt.getTime() > ctx.now.getTime());
  const open = card.dataRequests.filter((r) => r.status === 'open');
  return layout(ctx, {
    title: 'Excluir dados (LGPD)',
    section: 'conversations',
    body: html`<h1>Excluir dados da paciente (LGPD)</h1>
      <p><strong>${p.name ?? 'Paciente sem nome'}</strong> · ${formatPhone(p.phone)}</p>
      ${p.erasedAt ? html`<p class="flash ok" role="status">Os dados desta paciente já foram excluídos em ${formatDateTime(p.erasedAt, tz)}. Confirmar de novo apenas verifica que nada ficou.</p>` : ''}
      <h2>O que será apagado</h2>
      <ul>
        <li>Nome, telefone, CPF, e-mail, data de nascimento e sexo.</li>
        <li>O texto de todas as mensagens (da paciente, do robô, da recepção e as notas internas) e as respostas da triagem.</li>
        <li>O endereço da paciente nas conversas: não será mais possível responder a ela por aqui.</li>
        ${future.length ? html`<li>${future.length} agendamento(s) futuro(s) serão <strong>cancelados</strong>, e os lembretes pendentes não serão enviados.</li>` : ''}
      </ul>
      <h2>O que fica, sem identificação</h2>
      <ul>
        <li>Os agendamentos passados (data, procedimento, profissional, comparecimento ou falta) e a contagem de mensagens, para as estatísticas da clínica e o modelo de faltas.</li>
        <li>O registro de que os consentimentos foram revogados e de que a exclusão foi feita, por quem e quando (auditoria).</li>
      </ul>
      ${open.length ? html`<p>Pedido(s) em aberto que serão concluídos: ${open.map((r) => DATA_REQUEST_KIND_LABELS[r.kind] ?? r.kind).join(', ')}.</p>` : ''}
      <p class="flash error" role="alert">Esta ação não pode ser desfeita. Se a paciente pediu uma cópia dos dados, exporte antes de excluir.</p>
      <form method="post" action="/staff/patients/${p.id}/erase" class="stack" id="erase-form">
        ${csrfField(ctx)}
        <input type="hidden" name="back" value="${back}">
        <label for="erase-confirm">Para confirmar, digite <strong>${ERASE_CONFIRMATION_WORD}</strong></label>
        <input id="erase-confirm" name="confirm" type="text" autocomplete="off" required spellcheck="false">
        <button type="submit" class="btn danger" data-action="erase">Excluir definitivamente</button>
      </form>
      <p><a href="${back}">Voltar sem excluir</a></p>`,
  });
}
