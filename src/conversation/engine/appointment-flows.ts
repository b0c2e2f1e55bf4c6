import { readYesNo } from '../read-answer';
import { resetState } from '../state';
import { numbered } from '../texts';
import { cancel } from '../tools/cancel';
import { requestConfirmation } from '../tools/confirmation';
import { releaseHold } from '../tools/hold-slot';
import { listAppointments, type PatientAppointment } from '../tools/list-appointments';
import { advance } from './booking-flow';
import type { Turn } from './turn';

/**
 * Cancel and reschedule: find the patient's own upcoming appointment (asking which when there
 * are several), then confirm exactly what changes before changing it.
 */

export async function startCancel(turn: Turn): Promise<void> {
  const { appointments } = await listAppointments(turn.tc);
  if (appointments.length === 0) {
    if (turn.task?.kind === 'book') {
      // Nothing booked yet: "cancelar" drops the booking in progress.
      await releaseHold(turn.tc, 'abandoned');
      resetState(turn.state);
      turn.say(turn.texts.booking('booking_abandoned'));
      return;
    }
    resetState(turn.state);
    turn.say(turn.texts.booking('no_appointments'));
    return;
  }
  const chosen = chooseByService(turn, appointments) ?? (appointments.length === 1 ? appointments[0] : undefined);
  if (chosen) return askCancel(turn, chosen.id);
  listForChoice(turn, appointments, 'cancel');
}

/** "preciso remarcar": which appointment, then when, then the offer and an explicit yes to the move. */
export async function startReschedule(turn: Turn): Promise<void> {
  const { appointments } = await listAppointments(turn.tc);
  if (appointments.length === 0) {
    resetState(turn.state);
    turn.say(turn.texts.booking('no_appointments'));
    return;
  }
  const chosen = chooseByService(turn, appointments) ?? (appointments.length === 1 ? appointments[0] : undefined);
  if (chosen) return beginReschedule(turn, chosen);
  listForChoice(turn, appointments, 'reschedule');
}

/** "o botox": the one appointment of the service the message names. */
function chooseByService(turn: Turn, list: PatientAppointment[]): PatientAppointment | undefined {
  if (!turn.u.service) return undefined;
  const same = list.filter((a) => a.serviceId === turn.u.service);
  return same.length === 1 ? same[0] : undefined;
}

function listForChoice(turn: Turn, list: PatientAppointment[], purpose: 'cancel' | 'reschedule'): void {
  const keepWhen = turn.u.when;
  resetState(turn.state);
  turn.state.listed = list.map((a) => a.id);
  turn.state.listedFor = purpose;
  if (keepWhen && purpose === 'reschedule') {
    // Remembered for after the choice: "remarcar para sexta" → which one? → offer sexta.
    turn.state.task = { kind: 'reschedule', when: keepWhen, offered: [], startedAt: turn.tc.now.toISOString() };
  }
  const lines = list.map((a) => `${turn.catalog.serviceName(a.serviceId)} — ${turn.catalog.slot(a.startsAt)}`);
  turn.say(turn.texts.booking('pick_appointment', { appointments: numbered(lines) }));
  turn.goto('appointment_pick');
}

async function askCancel(turn: Turn, appointmentId: string): Promise<void> {
  await releaseHold(turn.tc, 'abandoned');
  resetState(turn.state);
  const r = await requestConfirmation(turn.tc, { kind: 'cancel', appointmentId });
  if (!r.ok) {
    turn.say(turn.texts.booking('no_appointments'));
    return;
  }
  turn.say(turn.texts.booking('confirm_cancel', { service: r.summary.service, slot: r.summary.slot }));
  turn.goto('cancel_confirm');
}

async function beginReschedule(turn: Turn, appointment: PatientAppointment): Promise<void> {
  const when = turn.u.when ?? turn.state.task?.when ?? undefined;
  await releaseHold(turn.tc, 'abandoned');
  resetState(turn.state);
  turn.state.task = {
    kind: 'reschedule',
    rescheduleOf: appointment.id,
    serviceId: appointment.serviceId,
    professionalId: appointment.professionalId,
    when,
    offered: [],
    startedAt: turn.tc.now.toISOString(),
  };
  await advance(turn);
}

/** The answer to "which appointment?": by number, or by the service it names. */
export async function onAppointmentPick(turn: Turn): Promise<boolean> {
  const listed = turn.state.listed ?? [];
  const purpose = turn.state.listedFor ?? 'cancel';
  const { appointments } = await listAppointments(turn.tc);
  const shown = listed.map((id) => appointments.find((a) => a.id === id)).filter((a): a is PatientAppointment => a != null);
  const byOption = turn.u.option !== undefined ? (listed[turn.u.option - 1] ? shown.find((a) => a.id === listed[turn.u.option! - 1]) : undefined) : undefined;
  const chosen = byOption ?? chooseByService(turn, shown);
  if (!chosen) return false;
  if (purpose === 'cancel') await askCancel(turn, chosen.id);
  else await beginReschedule(turn, chosen);
  return true;
}

/** "sim" cancels exactly the appointment shown; "não" keeps it. */
export async function onCancelConfirm(turn: Turn): Promise<boolean> {
  const asked = turn.state.asked.confirmation;
  const said = readYesNo(turn.text, turn.u);
  if (!asked || said === undefined) return false;
  if (said === 'no') {
    resetState(turn.state);
    turn.say(turn.texts.booking('cancel_kept'));
    return true;
  }
  const r = await cancel(turn.tc, { appointmentId: asked.appointmentId });
  if (!r.ok) {
    resetState(turn.state);
    turn.say(turn.texts.booking('no_appointments'));
    return true;
  }
  const a = r.appointment;
  resetState(turn.state);
  // The text offers another day: the next message may be "sexta de manhã" for the same procedure.
  turn.state.task = { kind: 'book', serviceId: a.serviceId, offered: [], startedAt: turn.tc.now.toISOString() };
  turn.goto('when');
  turn.say(turn.texts.booking('cancelled', { service: turn.catalog.serviceName(a.serviceId), slot: turn.catalog.slot(a.startsAt) }));
  return true;
}
