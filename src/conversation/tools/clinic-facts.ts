import type { InfoTopic } from '../../understanding/types';
import { WEEKDAYS, type WeeklyHours } from '../../flows/clinic-schema';
import { formatHm } from '../../lib/clinic-time';
import { Catalog } from '../catalog';
import { formatPrice } from '../texts';
import type { ToolContext } from './tool-context';

export type FactTopic = Exclude<InfoTopic, 'medical'> | 'price';

/**
 * Facts for answering a price or clinic question, straight from clinic.yaml — the only source
 * the bot may state. An empty field comes back as `null`: say you do not have it, never guess.
 */
export function clinicFacts(ctx: Pick<ToolContext, 'flows'>, input: { topic: FactTopic; serviceId?: string }): { ok: true; facts: Record<string, string | null> } {
  const catalog = new Catalog(ctx.flows);
  const c = catalog.file.clinic;
  const or = (v: string) => (v.trim() ? v.trim() : null);
  switch (input.topic) {
    case 'price': {
      const s = catalog.service(input.serviceId);
      if (s) return { ok: true, facts: { service: s.name, price: formatPrice(s.price), info: or(s.info) } };
      return { ok: true, facts: { prices: catalog.services().map((x) => `• ${x.name}: ${formatPrice(x.price)}`).join('\n') } };
    }
    case 'address':
      return { ok: true, facts: { address: or(c.address) } };
    case 'hours':
      return { ok: true, facts: { hours: describeHours(catalog.file.hours) } };
    case 'payment':
      return { ok: true, facts: { payment: or(c.payment) } };
    case 'insurance':
      return { ok: true, facts: { insurance: or(c.insurance) } };
    case 'parking':
      return { ok: true, facts: { parking: or(c.parking) } };
    case 'contact':
      return { ok: true, facts: { phone: or(c.phone), instagram: or(c.instagram) } };
    case 'services':
      return { ok: true, facts: { services: catalog.services().map((s) => `• ${s.name}`).join('\n') } };
    case 'professionals':
      return { ok: true, facts: { professionals: catalog.file.professionals.map((p) => `• ${p.name}${p.title ? ` — ${p.title}` : ''}`).join('\n') } };
    case 'service_info': {
      const s = catalog.service(input.serviceId);
      return { ok: true, facts: { service: s?.name ?? null, info: s ? or(s.info) : null, price: s ? formatPrice(s.price) : null } };
    }
  }
}

const DAY_PT = ['domingo', 'segunda', 'terça', 'quarta', 'quinta', 'sexta', 'sábado'];

/** "segunda a sexta: 09:00–12:00 e 13:00–19:00 · sábado: 09:00–13:00 · domingo: fechado" (one line per group). */
export function describeHours(hours: WeeklyHours): string {
  const spans = WEEKDAYS.map((d) => (hours[d] ?? []).map((i) => `${formatHm(i.start)}–${formatHm(i.end)}`).join(' e ') || 'fechado');
  // Monday first, Sunday last, consecutive days with the same hours grouped.
  const order = [1, 2, 3, 4, 5, 6, 0];
  const groups: { from: number; to: number; text: string }[] = [];
  for (const d of order) {
    const last = groups[groups.length - 1];
    if (last && last.text === spans[d] && order.indexOf(d) === order.indexOf(last.to) + 1) last.to = d;
    else groups.push({ from: d, to: d, text: spans[d]! });
  }
  return groups.map((g) => `• ${g.from === g.to ? DAY_PT[g.from] : `${DAY_PT[g.from]} a ${DAY_PT[g.to]}`}: ${g.text}`).join('\n');
}
