import { html, type SafeHtml } from '../html';

export interface Series {
  name: string;
  /** CSS class that colours the series (stroke/fill). */
  cls: string;
  values: (number | null)[];
}

const W = 640;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 30 };

function scaleY(v: number, max: number): number {
  return PAD.top + (H - PAD.top - PAD.bottom) * (1 - (max ? v / max : 0));
}

function scaleX(i: number, n: number): number {
  const inner = W - PAD.left - PAD.right;
  return PAD.left + (n <= 1 ? inner / 2 : (inner * i) / (n - 1));
}

/** Axis top and tick values: whole steps for counts, quarters otherwise. */
export function scale(maxValue: number, integer: boolean, fixedMax?: number): { max: number; ticks: number[] } {
  if (fixedMax != null) return { max: fixedMax, ticks: [0, 0.25, 0.5, 0.75, 1].map((f) => f * fixedMax) };
  if (integer) {
    const step = Math.max(1, Math.ceil(maxValue / 4));
    const max = Math.max(step, step * Math.ceil(maxValue / step));
    return { max, ticks: Array.from({ length: max / step + 1 }, (_, i) => i * step) };
  }
  const max = Math.max(1, maxValue) * 1.1;
  return { max, ticks: [0, 0.25, 0.5, 0.75, 1].map((f) => f * max) };
}

function axes(labels: string[], max: number, ticks: number[], format: (v: number) => string): SafeHtml {
  const every = Math.max(1, Math.ceil(labels.length / 8));
  return html`${ticks.map((t) => html`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${scaleY(t, max)}" y2="${scaleY(t, max)}"/><text class="tick" x="${PAD.left - 6}" y="${scaleY(t, max) + 4}" text-anchor="end">${format(t)}</text>`)}
    ${labels.map((l, i) => (i % every === 0 ? html`<text class="tick" x="${scaleX(i, labels.length)}" y="${H - 10}" text-anchor="middle">${l}</text>` : ''))}`;
}

function legend(series: Series[]): SafeHtml {
  return html`<ul class="chart-legend">${series.map((s) => html`<li><span class="swatch ${s.cls}"></span>${s.name}</li>`)}</ul>`;
}

/** A line chart as inline SVG (no script, no external asset); gaps where a week has no data. */
export function lineChart(input: { title: string; labels: string[]; series: Series[]; max?: number; integer?: boolean; format: (v: number) => string }): SafeHtml {
  const all = input.series.flatMap((s) => s.values.filter((v): v is number => v != null));
  const { max, ticks } = scale(Math.max(0, ...all), input.integer ?? false, input.max);
  const n = input.labels.length;
  const paths = input.series.map((s) => {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v == null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${scaleX(i, n).toFixed(1)},${scaleY(v, max).toFixed(1)} `;
      pen = true;
    });
    const dots = s.values.map((v, i) => (v == null ? '' : html`<circle class="${s.cls}" cx="${scaleX(i, n).toFixed(1)}" cy="${scaleY(v, max).toFixed(1)}" r="3"><title>${s.name} · ${input.labels[i] ?? ''}: ${input.format(v)}</title></circle>`));
    return html`<path class="line ${s.cls}" d="${d.trim()}"/>${dots}`;
  });
  return html`<figure class="chart"><figcaption>${input.title}</figcaption>
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${input.title}" preserveAspectRatio="xMidYMid meet">${axes(input.labels, max, ticks, input.format)}${paths}</svg>
    ${legend(input.series)}</figure>`;
}

/** Grouped bars as inline SVG. */
export function barChart(input: { title: string; labels: string[]; series: Series[]; format: (v: number) => string }): SafeHtml {
  const all = input.series.flatMap((s) => s.values.filter((v): v is number => v != null));
  const { max, ticks } = scale(Math.max(0, ...all), true);
  const n = input.labels.length;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, n);
  const bw = (slot * 0.7) / Math.max(1, input.series.length);
  const bars = input.series.map((s, si) =>
    s.values.map((v, i) => {
      if (v == null) return '';
      const x = PAD.left + slot * i + slot * 0.15 + bw * si;
      const y = scaleY(v, max);
      return html`<rect class="${s.cls}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${(H - PAD.bottom - y).toFixed(1)}"><title>${s.name} · ${input.labels[i] ?? ''}: ${input.format(v)}</title></rect>`;
    }),
  );
  const every = Math.max(1, Math.ceil(n / 8));
  return html`<figure class="chart"><figcaption>${input.title}</figcaption>
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${input.title}" preserveAspectRatio="xMidYMid meet">
      ${ticks.map((t) => html`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${scaleY(t, max)}" y2="${scaleY(t, max)}"/><text class="tick" x="${PAD.left - 6}" y="${scaleY(t, max) + 4}" text-anchor="end">${input.format(t)}</text>`)}
      ${input.labels.map((l, i) => (i % every === 0 ? html`<text class="tick" x="${PAD.left + slot * i + slot / 2}" y="${H - 10}" text-anchor="middle">${l}</text>` : ''))}
      ${bars}
    </svg>${legend(input.series)}</figure>`;
}
