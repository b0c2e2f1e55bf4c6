import { formatInTimeZone } from 'date-fns-tz';
import type { EscalationReason } from '../../db/schema';

/** pt-BR words of the inbox: reasons, statuses, tiers, modes, channels, audit actions, errors. */
export const REASON_LABELS: Record<EscalationReason, string> = {
  asked_human: 'Pediu para falar com uma pessoa',
  reminder_no_reply: 'Sem resposta ao lembrete',
  call_task: 'Ligar para confirmar',
  screening_consult: 'Triagem indica avaliação',
  data_rights: 'Pedido de direitos de dados (LGPD)',
  bot_stuck: 'Robô sem saída',
  consent_refused: 'Recusou o consentimento',
  engine_failure: 'Falha do robô',
};

export const APPOINTMENT_STATUS_LABELS: Record<string, string> = {
  held: 'Reservado',
  booked: 'Aguardando confirmação',
  confirmed: 'Confirmado',
  cancelled: 'Cancelado',
  rescheduled: 'Remarcado',
  attended: 'Compareceu',
  no_show: 'Faltou',
};

export const TIER_LABELS: Record<string, string> = { low: 'Risco baixo', medium: 'Risco médio', high: 'Risco alto', none: 'Sem classificação' };
export const TIER_SHORT: Record<string, string> = { low: 'baixo', medium: 'médio', high: 'alto', none: '—' };

export const MODE_LABELS: Record<string, string> = { bot: 'Com o robô', waiting_staff: 'Aguardando a recepção', staff: 'Com a recepção' };

export const CHANNEL_LABELS: Record<string, string> = { whatsapp: 'WhatsApp', whatsapp_web: 'WhatsApp (web)', sms: 'SMS', simulator: 'Simulador' };

export const ROLE_LABELS: Record<string, string> = { owner: 'Proprietária(o)', reception: 'Recepção' };

export const SCREENING_OUTCOME_LABELS: Record<string, string> = { clear: 'Liberada', block: 'Impedimento', consult: 'Requer avaliação' };

export const CONSENT_PURPOSE_LABELS: Record<string, string> = { health_data: 'Dados de saúde', reminders: 'Lembretes' };

export const MESSAGE_STATUS_LABELS: Record<string, string> = {
  queued: 'na fila',
  sending: 'enviando',
  sent: 'enviada',
  delivered: 'entregue',
  read: 'lida',
  failed: 'falhou',
};

export const AUDIT_LABELS: Record<string, string> = {
  'auth.login': 'Entrou',
  'auth.login_failed': 'Tentativa de login falhou',
  'auth.logout': 'Saiu',
  'auth.password_changed': 'Trocou a senha',
  'staff.create': 'Criou acesso',
  'staff.update': 'Alterou acesso',
  'staff.password_reset': 'Redefiniu senha',
  'token.create': 'Criou token de API',
  'token.revoke': 'Revogou token de API',
  'conversation.claim': 'Assumiu conversa',
  'conversation.release': 'Devolveu ao robô',
  'escalation.claim': 'Assumiu pendência',
  'escalation.resolve': 'Resolveu pendência',
  'message.reply': 'Respondeu',
  'message.note': 'Nota interna',
  'appointment.confirm': 'Confirmou agendamento',
  'appointment.cancel': 'Cancelou agendamento',
  'appointment.reschedule': 'Remarcou agendamento',
  'appointment.attended': 'Marcou comparecimento',
  'appointment.no_show': 'Marcou falta',
  'patient.view': 'Abriu ficha da paciente',
  'health_data.view': 'Viu dados de saúde (triagem)',
  'lgpd.export': 'Exportou os dados de uma paciente (LGPD)',
  'lgpd.erase': 'Excluiu os dados de uma paciente (LGPD)',
  'lgpd.request_done': 'Concluiu pedido LGPD',
  'lgpd.request_rejected': 'Recusou pedido LGPD',
  'lgpd.retention': 'Apagou textos antigos (retenção)',
};

export const DATA_REQUEST_KIND_LABELS: Record<string, string> = {
  access: 'Acesso aos dados',
  export: 'Cópia dos dados (portabilidade)',
  erasure: 'Exclusão dos dados',
  consent_withdrawal: 'Revogação do consentimento',
};

export const DATA_REQUEST_STATUS_LABELS: Record<string, string> = { open: 'em aberto', done: 'atendido', rejected: 'recusado' };

/** Messages for `?err=` codes after a redirect (fixed texts: nothing from the URL is echoed). */
export const ERROR_MESSAGES: Record<string, string> = {
  FORBIDDEN: 'Você não tem permissão para esta ação.',
  NOT_FOUND: 'Não encontrado.',
  CONFLICT: 'Não foi possível concluir: o estado mudou. Atualize a página.',
  INVALID: 'Confira os dados informados.',
  WINDOW_CLOSED: 'Fora da janela de 24 horas do WhatsApp só é possível enviar modelos aprovados.',
  TOO_EARLY: 'Comparecimento e falta só podem ser registrados a partir do dia do atendimento.',
  SLOT_TAKEN: 'Esse horário acabou de ser ocupado. Escolha outro.',
  OUTSIDE_HOURS: 'Esse horário está fora do expediente.',
  IN_PAST: 'Esse horário já passou.',
  TOO_SOON: 'Esse horário está muito em cima da hora.',
  BEYOND_HORIZON: 'A agenda ainda não está aberta para essa data.',
  INVALID_STATUS: 'Esse agendamento não pode mais ser alterado assim.',
  APPOINTMENT_NOT_FOUND: 'Agendamento não encontrado.',
  HOLD_EXPIRED: 'A reserva desse horário expirou.',
  PROFESSIONAL_CANNOT_PERFORM: 'Essa profissional não realiza esse procedimento.',
  UNKNOWN_SERVICE: 'Procedimento desconhecido.',
  last_owner: 'A clínica precisa de pelo menos uma pessoa proprietária ativa.',
  email_taken: 'Já existe um acesso com esse e-mail.',
  password: 'A senha precisa ter pelo menos 10 caracteres.',
  current_password: 'A senha atual não confere.',
  self: 'Você não pode desativar o próprio acesso.',
  erase_confirmation: 'Para excluir, digite EXCLUIR no campo de confirmação.',
  internal: 'Algo deu errado. Tente de novo.',
};

export const OK_MESSAGES: Record<string, string> = {
  claimed: 'Você assumiu a conversa. O robô fica em silêncio.',
  released: 'Conversa devolvida ao robô.',
  resolved: 'Pendência resolvida.',
  sent: 'Mensagem enviada para a fila de envio.',
  note: 'Nota interna salva.',
  confirm: 'Agendamento confirmado.',
  cancel: 'Agendamento cancelado.',
  attended: 'Comparecimento registrado.',
  no_show: 'Falta registrada.',
  reschedule: 'Agendamento remarcado.',
  staff_added: 'Acesso criado.',
  staff_updated: 'Acesso atualizado.',
  password_reset: 'Senha redefinida; as sessões dessa pessoa foram encerradas.',
  password_changed: 'Senha alterada.',
  token_revoked: 'Token revogado.',
  erased: 'Dados da paciente excluídos (LGPD). Os agendamentos passados ficam, sem identificação, para estatística.',
  request_done: 'Pedido LGPD marcado como atendido.',
  request_rejected: 'Pedido LGPD marcado como recusado.',
};

/** "seg., 13/03 14:00" in the clinic's timezone. */
export function formatDateTime(date: Date, tz: string): string {
  const wd = ['dom.', 'seg.', 'ter.', 'qua.', 'qui.', 'sex.', 'sáb.'][Number(formatInTimeZone(date, tz, 'i')) % 7];
  return `${wd} ${formatInTimeZone(date, tz, 'dd/MM HH:mm')}`;
}

export function formatTime(date: Date, tz: string): string {
  return formatInTimeZone(date, tz, 'HH:mm');
}

export function formatDate(date: Date, tz: string): string {
  return formatInTimeZone(date, tz, 'dd/MM/yyyy');
}

/** "há 5 min", "há 2 h", "há 3 dias" — how long something has waited. */
export function formatAgo(date: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - date.getTime()) / 60_000));
  if (minutes < 1) return 'agora';
  if (minutes < 60) return `há ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `há ${hours} h`;
  return `há ${Math.round(hours / 24)} dias`;
}

/** "+55 (11) 98765-4321" for Brazilian numbers; others as stored. */
export function formatPhone(phone: string | null): string {
  if (!phone) return '—';
  const m = /^\+55(\d{2})(\d{4,5})(\d{4})$/.exec(phone);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : phone;
}

export function formatPercent(rate: number | null): string {
  return rate == null ? '—' : `${(rate * 100).toFixed(rate < 0.1 && rate > 0 ? 1 : 0).replace('.', ',')}%`;
}

export function formatMinutes(minutes: number | null): string {
  if (minutes == null) return '—';
  if (minutes < 60) return `${Math.round(minutes)} min`;
  return `${(minutes / 60).toFixed(1).replace('.', ',')} h`;
}
