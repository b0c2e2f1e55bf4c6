import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { and, desc, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/open-database';
import { messages } from '../../db/schema';
import type { Understanding } from '../../understanding/types';
import { Catalog } from '../catalog';
import { renderPromptFile } from '../prompt-variables';
import type { ConversationState, Step } from '../state';
import type { ToolContext } from '../tools/tool-context';
import type { ModelRedactor } from './redact-for-model';

/**
 * What the model reads for one patient message, in an order that keeps the unchanging part first
 * (system prompt, then the conversation so far) so a provider's prompt cache can reuse it:
 *
 *   system   prompts/system.md, rendered for the clinic and the day
 *   …        the last few messages of the conversation (bounded window)
 *   system   this turn's context: the step, the booking in progress, the catalog ids, and the
 *            deterministic reader's reading of the message as hints
 *   user     the patient's message, delimited as untrusted text
 *
 * Every text goes through `redact` (CPF, e-mail, phone, the patient's names) before it leaves.
 */

export interface HistoryLine {
  author: 'patient' | 'clinic';
  text: string;
}

export interface HistoryWindow {
  /** @defaultValue 8 messages */
  messages: number;
  /** Each message is cut to this many characters. @defaultValue 500 */
  chars: number;
}

export const DEFAULT_HISTORY: HistoryWindow = { messages: 8, chars: 500 };

/** The conversation before this message (oldest first), texts only, bounded. */
export async function loadHistory(db: Db, conversationId: string, beforeSeq: number, window: HistoryWindow = DEFAULT_HISTORY): Promise<HistoryLine[]> {
  if (window.messages <= 0) return [];
  const rows = await db
    .select({ direction: messages.direction, body: messages.body })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), lt(messages.seq, beforeSeq), inArray(messages.direction, ['in', 'out']), isNotNull(messages.body)))
    .orderBy(desc(messages.seq))
    .limit(window.messages);
  return rows.reverse().map((r) => ({ author: r.direction === 'in' ? 'patient' : 'clinic', text: cut(r.body ?? '', window.chars) }));
}

function cut(text: string, max: number): string {
  const t = text.trim();
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

const OPEN = '<mensagem_da_paciente>';
const CLOSE = '</mensagem_da_paciente>';

/**
 * The patient's words between tags they cannot close or open themselves. The tags are added
 * after redaction (`redact`), so masking never touches them.
 */
export function delimitPatientText(text: string, redact: (text: string) => string = (t) => t): string {
  const safe = text.replace(/<\s*\/?\s*mensagem_da_paciente\s*>/gi, '[marcação removida]');
  return `${OPEN}\n${redact(safe)}\n${CLOSE}`;
}

const STEP_PT: Record<Step, string> = {
  idle: 'nenhum atendimento em andamento',
  service: 'aguardando a paciente escolher o procedimento',
  professional: 'aguardando a escolha da profissional',
  when: 'aguardando o dia/horário de preferência',
  pick: 'aguardando a escolha de um dos horários oferecidos (número)',
  consent: 'aguardando o "sim" ou "não" ao consentimento de dados de saúde',
  consent_refused: 'a paciente não autorizou os dados de saúde; perguntamos se quer que a equipe ligue',
  screening: 'aguardando a resposta da triagem de segurança',
  screening_choice: 'a triagem indicou cuidado; aguardando a escolha: 1 avaliação ou 2 falar com a equipe',
  reminders: 'aguardando o "sim" ou "não" aos lembretes',
  confirm: 'aguardando o "sim" ao resumo do agendamento',
  appointment_pick: 'aguardando a escolha de qual agendamento',
  cancel_confirm: 'aguardando o "sim" ao cancelamento',
  reschedule_confirm: 'aguardando o "sim" à remarcação',
};

/** The context block: trusted facts of this turn the model needs to choose tools well. */
export function turnContext(tc: ToolContext, state: ConversationState, u: Understanding, healthConsent: boolean): string {
  const catalog = new Catalog(tc.flows);
  const lines: string[] = ['# Contexto desta mensagem (gerado pelo sistema; não vem da paciente)'];
  lines.push(`Agora: ${catalog.slot(tc.now).replace(' às ', ', ')} (${tc.clinic.timezone})`);
  lines.push(`Etapa: ${state.step} — ${STEP_PT[state.step]}`);
  const task = state.task;
  if (task) {
    const kind = task.kind === 'reschedule' ? 'remarcação' : 'agendamento';
    const who = task.professionalId ? catalog.professionalName(task.professionalId) : 'qualquer profissional';
    lines.push(`Em andamento: ${kind} de ${task.serviceId ? `${catalog.serviceName(task.serviceId)} [${task.serviceId}]` : 'procedimento ainda não escolhido'}; ${who}`);
    if (task.rescheduleOf) lines.push(`Agendamento a remarcar: ${task.rescheduleOf}`);
    if (task.offered.length) {
      lines.push(`Horários oferecidos (option para hold_slot): ${task.offered.map((s) => `${s.n}. ${catalog.slot(s.startsAt)} — ${catalog.professionalName(s.professionalId)}`).join('; ')}`);
    }
    if (task.hold) lines.push(`Horário reservado: ${catalog.slot(task.hold.startsAt)} — ${catalog.professionalName(task.hold.professionalId)}`);
    if (task.chosen) lines.push(`Novo horário escolhido: ${catalog.slot(task.chosen.startsAt)} — ${catalog.professionalName(task.chosen.professionalId)}`);
  }
  const asked = state.asked.confirmation;
  if (asked) lines.push(`Confirmação pedida à paciente: ${asked.kind === 'book' ? 'agendar' : asked.kind === 'reschedule' ? 'remarcar' : 'cancelar'} (${asked.appointmentId})`);
  lines.push(`Consentimento de dados de saúde: ${healthConsent ? 'registrado' : 'não registrado'}`);
  lines.push(`Leitura automática da mensagem (pode errar): ${describeReading(u)}`);
  lines.push(`Procedimentos (serviceId = nome): ${catalog.services().map((s) => `${s.id} = ${s.name}`).join('; ')}`);
  lines.push(`Profissionais (professionalId = nome): ${catalog.file.professionals.map((p) => `${p.id} = ${p.name}`).join('; ')}`);
  return lines.join('\n');
}

/** The reader's hints, without what is personal or health data (name, CPF, e-mail, conditions). */
function describeReading(u: Understanding): string {
  const parts = [`intenção=${u.intent}`];
  if (u.service) parts.push(`procedimento=${u.service}`);
  if (u.professional) parts.push(`profissional=${u.professional}`);
  if (u.when) parts.push(`quando=${JSON.stringify(u.when)}`);
  if (u.option !== undefined) parts.push(`opção=${u.option}`);
  if (u.topic) parts.push(`assunto=${u.topic}`);
  if (u.conditions !== undefined) parts.push('menciona saúde=sim');
  return parts.join('; ');
}

export interface ModelInput {
  tc: ToolContext;
  state: ConversationState;
  u: Understanding;
  healthConsent: boolean;
  history: HistoryLine[];
  text: string;
  redact: ModelRedactor;
}

/** The messages of the first model call of a turn; undefined when the owner removed prompts/system.md. */
export function buildModelMessages(input: ModelInput): BaseMessage[] | undefined {
  const system = renderPromptFile(input.tc.flows, 'system', input.tc.now);
  if (!system?.trim()) return undefined;
  const r = input.redact;
  return [
    new SystemMessage(r.identifiersOnly(system)),
    ...input.history.map((h) => (h.author === 'patient' ? new HumanMessage(delimitPatientText(h.text, r)) : new AIMessage(r(h.text)))),
    new SystemMessage(r.identifiersOnly(turnContext(input.tc, input.state, input.u, input.healthConsent))),
    new HumanMessage(delimitPatientText(input.text, r)),
  ];
}
