import { TIERS, type PanelMetrics, type TierKey } from '../../compute-panel-metrics';
import { html, type SafeHtml } from '../html';
import { layout, type PageContext } from '../layout';
import { formatMinutes, formatPercent, TIER_LABELS } from '../labels';
import { barChart, lineChart, type Series } from './charts';

const TIER_CLASS: Record<TierKey, string> = { low: 's-low', medium: 's-medium', high: 's-high', none: 's-none' };

function weekLabel(week: string): string {
  const [, m, d] = week.split('-');
  return `${d}/${m}`;
}

function dataTable(caption: string, labels: string[], rows: { name: string; cells: string[] }[]): SafeHtml {
  return html`<details class="chart-data"><summary>Ver dados: ${caption}</summary><div class="scroll"><table class="table small"><thead><tr><th scope="col">Semana</th>${rows.map((r) => html`<th scope="col">${r.name}</th>`)}</tr></thead><tbody>${labels.map(
    (l, i) => html`<tr><th scope="row">${l}</th>${rows.map((r) => html`<td>${r.cells[i] ?? '—'}</td>`)}</tr>`,
  )}</tbody></table></div></details>`;
}

export function panelPage(ctx: PageContext, m: PanelMetrics): string {
  const labels = m.weeks.map((w) => weekLabel(w.week));
  const tiersWithData = (key: 'noShow' | 'confirmation') => TIERS.filter((t) => m.weeks.some((w) => w[key][t].denominator > 0));
  const rateSeries = (key: 'noShow' | 'confirmation'): Series[] =>
    tiersWithData(key).map((t) => ({ name: TIER_LABELS[t]!, cls: TIER_CLASS[t], values: m.weeks.map((w) => w[key][t].rate) }));
  const rateRows = (key: 'noShow' | 'confirmation') =>
    tiersWithData(key).map((t) => ({ name: TIER_LABELS[t]!, cells: m.weeks.map((w) => (w[key][t].denominator ? `${formatPercent(w[key][t].rate)} (${w[key][t].numerator}/${w[key][t].denominator})` : '—')) }));
  const pct = (v: number) => `${Math.round(v * 100)}%`;
  const noShowSeries = rateSeries('noShow');
  const confSeries = rateSeries('confirmation');
  const summary = (key: 'noShow' | 'confirmation') =>
    TIERS.filter((t) => m.totals[key][t].denominator > 0).map((t) => html`<li>${TIER_LABELS[t]}: <strong>${formatPercent(m.totals[key][t].rate)}</strong> <span class="muted">(${m.totals[key][t].numerator}/${m.totals[key][t].denominator})</span></li>`);

  return layout(ctx, {
    title: 'Painel',
    section: 'panel',
    wide: true,
    body: html`<h1>Painel <span class="muted">· últimas ${m.weeks.length} semanas</span></h1>
      <div class="kpis">
        <section class="kpi"><h2>Faltas por risco</h2><ul class="plain">${summary('noShow').length ? summary('noShow') : html`<li class="muted">Sem atendimentos concluídos.</li>`}</ul></section>
        <section class="kpi"><h2>Confirmação por risco</h2><ul class="plain">${summary('confirmation').length ? summary('confirmation') : html`<li class="muted">Sem agendamentos.</li>`}</ul></section>
        <section class="kpi"><h2>Pendências resolvidas</h2><p class="big">${m.totals.escalationsHandled}</p></section>
        <section class="kpi"><h2>Tempo até a 1ª resposta (mediana)</h2><p class="big">${formatMinutes(m.totals.medianFirstReplyMinutes)}</p></section>
      </div>
      <div class="charts">
        <div>${noShowSeries.length ? lineChart({ title: 'Taxa de faltas por nível de risco', labels, series: noShowSeries, max: 1, format: pct }) : html`<p class="empty">Taxa de faltas: ainda sem comparecimentos ou faltas registrados.</p>`}
          ${dataTable('faltas', labels, rateRows('noShow'))}</div>
        <div>${confSeries.length ? lineChart({ title: 'Taxa de confirmação por nível de risco', labels, series: confSeries, max: 1, format: pct }) : html`<p class="empty">Taxa de confirmação: ainda sem agendamentos no período.</p>`}
          ${dataTable('confirmação', labels, rateRows('confirmation'))}</div>
        <div>${barChart({
          title: 'Pendências abertas e resolvidas por semana',
          labels,
          series: [
            { name: 'Abertas', cls: 's-opened', values: m.weeks.map((w) => w.escalationsOpened) },
            { name: 'Resolvidas', cls: 's-handled', values: m.weeks.map((w) => w.escalationsHandled) },
          ],
          format: (v) => String(Math.round(v)),
        })}
          ${dataTable('pendências', labels, [
            { name: 'Abertas', cells: m.weeks.map((w) => String(w.escalationsOpened)) },
            { name: 'Resolvidas', cells: m.weeks.map((w) => String(w.escalationsHandled)) },
          ])}</div>
        <div>${lineChart({
          title: 'Tempo até a primeira resposta da recepção (mediana, minutos)',
          labels,
          series: [{ name: 'Mediana', cls: 's-reply', values: m.weeks.map((w) => w.medianFirstReplyMinutes) }],
          integer: true,
          format: (v) => `${Math.round(v)}`,
        })}
          ${dataTable('primeira resposta', labels, [{ name: 'Mediana', cells: m.weeks.map((w) => `${formatMinutes(w.medianFirstReplyMinutes)} (${w.firstReplies})`) }])}</div>
      </div>`,
  });
}
