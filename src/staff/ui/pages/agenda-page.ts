import type { Agenda, AgendaAppointment } from '../../load-agenda';
import { addDays, describeDatePt, localDateOf, weekdayNamePt, type LocalDate } from '../../../lib/clinic-time';
import { html, type SafeHtml } from '../html';
import { layout, type PageContext } from '../layout';
import { APPOINTMENT_STATUS_LABELS, formatTime } from '../labels';
import { tierBadge } from './inbox-page';

function confirmationBadge(a: AgendaAppointment): SafeHtml {
  return html`<span class="badge appt-status appt-${a.status}">${APPOINTMENT_STATUS_LABELS[a.status] ?? a.status}</span>`;
}

function card(ctx: PageContext, a: AgendaAppointment, showPro: string | null): SafeHtml {
  const href = a.conversationId ? `/staff/conversations/${a.conversationId}` : a.patient.id ? `/staff/patients/${a.patient.id}` : null;
  const who = a.patient.name ?? 'Paciente';
  return html`<li class="agenda-item status-${a.status}" data-appointment-id="${a.id}">
    <span class="time">${formatTime(a.startsAt, ctx.clinic.timezone)}–${formatTime(a.endsAt, ctx.clinic.timezone)}</span>
    <span class="who">${href ? html`<a href="${href}">${who}</a>` : who}</span>
    <span class="svc">${a.service}${showPro ? html` · ${showPro}` : ''}</span>
    <span class="badges">${tierBadge(a.riskTier)} ${confirmationBadge(a)}</span>
  </li>`;
}

export interface AgendaQuery {
  view: 'day' | 'week';
  date: LocalDate;
  professional: string;
}

function link(q: AgendaQuery, patch: Partial<AgendaQuery>): string {
  const next = { ...q, ...patch };
  const params = new URLSearchParams({ view: next.view, date: next.date });
  if (next.professional) params.set('professional', next.professional);
  return `/staff/agenda?${params.toString()}`;
}

export function agendaPage(ctx: PageContext, agenda: Agenda, q: AgendaQuery, allProfessionals: { id: string; name: string }[]): string {
  const step = q.view === 'day' ? 1 : 7;
  const names = new Map(allProfessionals.map((p) => [p.id, p.name]));
  const byDay = (d: LocalDate) => agenda.appointments.filter((a) => a.localDate === d);
  const heading = q.view === 'day' ? `${weekdayNamePt(q.date)}, ${describeDatePt(q.date)}` : `Semana de ${describeDatePt(agenda.days[0]!)} a ${describeDatePt(agenda.days[agenda.days.length - 1]!)}`;

  const dayView = html`<div class="agenda-day">${agenda.professionals.map((p) => {
    const list = byDay(q.date).filter((a) => a.professionalId === p.id);
    return html`<section class="agenda-col" aria-labelledby="pro-${p.id}"><h2 id="pro-${p.id}">${p.name} <span class="muted small">${p.title}</span></h2>
      ${list.length ? html`<ol class="agenda-list">${list.map((a) => card(ctx, a, null))}</ol>` : html`<p class="empty">Sem atendimentos.</p>`}</section>`;
  })}</div>`;

  const weekView = html`<div class="agenda-week">${agenda.days.map((d) => {
    const list = byDay(d);
    return html`<section class="agenda-col" aria-labelledby="day-${d}"><h2 id="day-${d}">${weekdayNamePt(d)} <span class="muted small">${describeDatePt(d)}</span></h2>
      ${list.length ? html`<ol class="agenda-list">${list.map((a) => card(ctx, a, q.professional ? null : (names.get(a.professionalId) ?? a.professionalId)))}</ol>` : html`<p class="empty">—</p>`}</section>`;
  })}</div>`;

  return layout(ctx, {
    title: 'Agenda',
    section: 'agenda',
    wide: true,
    body: html`<h1>Agenda <span class="muted">· ${heading}</span></h1>
      <form method="get" action="/staff/agenda" class="row controls">
        <label for="view">Visão</label>
        <select id="view" name="view"><option value="day"${q.view === 'day' ? html` selected` : ''}>Dia</option><option value="week"${q.view === 'week' ? html` selected` : ''}>Semana</option></select>
        <label for="date">Data</label> <input type="date" id="date" name="date" value="${q.date}">
        <label for="professional">Profissional</label>
        <select id="professional" name="professional"><option value="">Todas</option>${allProfessionals.map((p) => html`<option value="${p.id}"${q.professional === p.id ? html` selected` : ''}>${p.name}</option>`)}</select>
        <button type="submit" class="btn">Mostrar</button>
      </form>
      <p class="row"><a class="btn quiet" href="${link(q, { date: addDays(q.date, -step) })}">← Anterior</a> <a class="btn quiet" href="${link(q, { date: localDateOf(ctx.now, ctx.clinic.timezone) })}" data-today>Hoje</a> <a class="btn quiet" href="${link(q, { date: addDays(q.date, step) })}">Próxima →</a></p>
      <p class="legend muted small">Cada atendimento mostra o risco de falta (modelo de no-show) e a situação da confirmação.</p>
      ${q.view === 'day' ? dayView : weekView}`,
  });
}
