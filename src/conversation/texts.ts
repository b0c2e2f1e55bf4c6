import { BOOKING_TEXTS, type BookingTextKey } from '../flows/booking-schema';
import type { ClinicFlows } from '../flows/clinic-flows';
import { renderPrompt } from '../flows/read-prompts';
import type { ScreeningTextKey } from '../flows/screening-schema';

/**
 * What the bot says outside the booking and screening scripts. Owners override any of these in
 * flows/messages.yaml under the same key (that file's schema accepts extra keys); the defaults
 * below are used for the keys it does not set.
 */
export const GENERAL_TEXTS = {
  greeting:
    'Olá! 😊 Aqui é da {{clinic.name}}. Posso te ajudar a *agendar*, *remarcar* ou *cancelar* um procedimento, ou tirar dúvidas sobre valores e a clínica. Como posso ajudar?',
  greeting_in_task: 'Oi! 😊',
  thanks: 'Imagina! Qualquer coisa, é só chamar 💛',
  thanks_in_task: 'Imagina! 😊',
  opt_out_done: 'Pronto, você não vai mais receber mensagens nossas (lembretes e avisos). Se precisar de algo, é só escrever aqui 💛',
  handoff_human: 'Claro! Já chamei alguém da nossa equipe para continuar com você por aqui. Em horário de atendimento respondemos rapidinho 😊',
  handoff_stuck: 'Desculpe, não estou conseguindo te entender 😕 Já chamei alguém da nossa equipe para continuar com você por aqui.',
  handoff_screening: 'Combinado! Já chamei alguém da nossa equipe, que vai continuar com você por aqui 💛',
  data_rights_received:
    'Recebi seu pedido sobre seus dados pessoais ({{request}}) ✅\n\nPela LGPD (art. 19, II), respondemos em até 15 dias, ou seja, até {{due_date}}. Uma pessoa da nossa equipe vai cuidar disso e falar com você por aqui.',
  not_understood: 'Desculpe, não entendi 😅',
  not_understood_idle: 'Desculpe, não entendi 😅 Posso te ajudar a *agendar*, *remarcar* ou *cancelar* um horário, ou responder dúvidas sobre valores e a clínica.',
  state_reset: 'Tivemos uma atualização por aqui e perdi o fio da nossa conversa 🙏 Pode me dizer de novo o que você precisa?',
  medical_referral:
    'Essa é uma ótima pergunta para a profissional — ela vai te orientar direitinho na consulta, de acordo com o seu caso 💛 Por aqui eu não dou orientações de saúde.',
  info_missing: 'Essa informação eu não tenho aqui 😕 Se quiser, diga "falar com a equipe" que alguém te responde.',
  price_one: '*{{service}}*: {{price}}.',
  price_all: 'Nossos valores:\n\n{{prices}}',
  price_follow_up: 'Quer que eu veja horários pra você? 🙂',
  price_all_follow_up: 'Se quiser agendar, é só me dizer qual procedimento 🙂',
  info_address: '📍 Estamos na {{clinic.address}}.',
  info_hours: '🕘 Nosso horário de atendimento:\n{{hours}}',
  info_payment: '💳 {{payment}}',
  info_insurance: '{{insurance}}',
  info_parking: '🚗 {{parking}}',
  info_contact: '📞 Telefone: {{clinic.phone}}{{instagram}}',
  info_services: 'Fazemos estes procedimentos:\n\n{{services}}',
  info_professionals: 'Nossa equipe:\n\n{{professionals}}',
  info_service: '*{{service}}*: {{info}}',
} as const;

export type GeneralTextKey = keyof typeof GENERAL_TEXTS;
type Vars = Record<string, string | number | undefined>;

/**
 * The texts of one turn, from the owner's files as they are right now (hot-reloaded), with the
 * clinic's facts available to every text as `{{clinic.*}}`.
 */
export class Texts {
  private readonly base: Record<string, unknown>;

  constructor(
    private readonly flows: ClinicFlows,
    patientName?: string | null,
  ) {
    const c = flows.clinic().clinic;
    this.base = {
      clinic: { name: c.name, address: c.address, phone: c.phone },
      patient: { first_name: (patientName ?? '').trim().split(/\s+/)[0] ?? '' },
    };
  }

  booking(key: BookingTextKey, vars: Vars = {}): string {
    const texts = this.flows.get('booking.yaml').texts as Record<string, string | undefined>;
    return this.render(texts[key] ?? BOOKING_TEXTS[key].text, vars);
  }

  screening(key: ScreeningTextKey, vars: Vars = {}, override?: string): string {
    return this.render(override ?? this.flows.get('screening.yaml').texts[key], vars);
  }

  general(key: GeneralTextKey, vars: Vars = {}): string {
    const own = (this.flows.get('messages.yaml') as Record<string, string | undefined>)[key];
    return this.render(own ?? GENERAL_TEXTS[key], vars);
  }

  /** A consent text as shown to the patient. */
  consent(text: string): string {
    return this.render(text, {});
  }

  private render(template: string, vars: Vars): string {
    const flat: Record<string, unknown> = { ...this.base };
    for (const [k, v] of Object.entries(vars)) if (v !== undefined) flat[k] = String(v);
    return renderPrompt(template, flat).trim();
  }
}

/** "R$ 1.200,00" with a plain space (WhatsApp shows the no-break space oddly on some phones). */
export function formatPrice(reais: number): string {
  return new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' }).format(reais).replace(/\u00a0/g, ' ');
}

/** "1. …\n2. …" */
export function numbered(lines: string[]): string {
  return lines.map((l, i) => `${i + 1}. ${l}`).join('\n');
}

/** "a, b e c" */
export function joinPt(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} e ${items[items.length - 1]}`;
}
