import { AppError } from '../lib/errors';
import type { Slot } from './compute-free-slots';

export type BookingErrorCode =
  | 'SLOT_TAKEN'
  | 'OUTSIDE_HOURS'
  | 'IN_PAST'
  | 'TOO_SOON'
  | 'BEYOND_HORIZON'
  | 'UNKNOWN_SERVICE'
  | 'PROFESSIONAL_CANNOT_PERFORM'
  | 'HOLD_EXPIRED'
  | 'APPOINTMENT_NOT_FOUND'
  | 'INVALID_STATUS';

/** Recovery data every booking error may carry: the next free slots to offer instead. */
export interface BookingErrorData {
  alternatives?: Slot[];
  [key: string]: unknown;
}

const PATIENT_MESSAGES: Record<BookingErrorCode, string> = {
  SLOT_TAKEN: 'Esse horário acabou de ser ocupado.',
  OUTSIDE_HOURS: 'Esse horário está fora do nosso expediente.',
  IN_PAST: 'Esse horário já passou.',
  TOO_SOON: 'Esse horário está muito em cima da hora para agendar por aqui.',
  BEYOND_HORIZON: 'Ainda não abrimos a agenda para essa data.',
  UNKNOWN_SERVICE: 'Não encontrei esse procedimento no nosso catálogo.',
  PROFESSIONAL_CANNOT_PERFORM: 'Essa profissional não realiza esse procedimento.',
  HOLD_EXPIRED: 'A reserva desse horário expirou e ele foi ocupado.',
  APPOINTMENT_NOT_FOUND: 'Não encontrei esse agendamento.',
  INVALID_STATUS: 'Esse agendamento não pode mais ser alterado por aqui.',
};

const STATUS: Partial<Record<BookingErrorCode, number>> = { SLOT_TAKEN: 409, HOLD_EXPIRED: 409, APPOINTMENT_NOT_FOUND: 404, UNKNOWN_SERVICE: 404, INVALID_STATUS: 409 };

export type BookingError = AppError<BookingErrorCode, BookingErrorData>;

/** Builds a typed booking error; `data.alternatives` lets the bot or the model offer other times. */
export function bookingError(code: BookingErrorCode, message: string, data: BookingErrorData = {}): BookingError {
  return new AppError(code, message, { patientMessage: PATIENT_MESSAGES[code], data, status: STATUS[code] ?? 422 });
}
