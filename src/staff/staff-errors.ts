import { AppError } from '../lib/errors';

export type StaffErrorCode = 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'INVALID' | 'WINDOW_CLOSED' | 'TOO_EARLY';

const STATUS: Record<StaffErrorCode, number> = { FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, INVALID: 422, WINDOW_CLOSED: 409, TOO_EARLY: 409 };

const MESSAGES: Record<StaffErrorCode, string> = {
  FORBIDDEN: 'Você não tem permissão para esta ação.',
  NOT_FOUND: 'Não encontrado.',
  CONFLICT: 'Não foi possível concluir: o estado mudou. Atualize a página.',
  INVALID: 'Dados inválidos.',
  WINDOW_CLOSED: 'Fora da janela de 24 horas do WhatsApp só é possível enviar modelos aprovados.',
  TOO_EARLY: 'Só é possível registrar comparecimento ou falta no dia do atendimento ou depois.',
};

/**
 * Errors of the staff domain, shared by the inbox and the JSON API. `patientMessage` here is the
 * pt-BR text shown to staff; records in other clinics are NOT_FOUND, never FORBIDDEN, so ids of
 * another clinic's data cannot be probed.
 */
export function staffError(code: StaffErrorCode, message: string, data?: Record<string, unknown>): AppError<StaffErrorCode> {
  return new AppError(code, message, { patientMessage: MESSAGES[code], status: STATUS[code], data });
}
