import { describe, expect, it } from 'vitest';
import { classifyReminderReply } from '../../src/reminders/classify-reminder-reply';

const cases: [string, string | null, ('explicit' | 'bare')?][] = [
  // confirm
  ['sim', 'confirm', 'bare'],
  ['Sim!', 'confirm', 'bare'],
  ['S', 'confirm', 'bare'],
  ['simmm', 'confirm', 'bare'],
  ['👍', 'confirm', 'bare'],
  ['✅', 'confirm', 'bare'],
  ['1', 'confirm', 'bare'],
  ['1.', 'confirm', 'bare'],
  ['ok obrigada', 'confirm', 'bare'],
  ['Beleza, até lá', 'confirm', 'bare'],
  ['confirmo', 'confirm', 'explicit'],
  ['Confirmo sim, obrigada!', 'confirm', 'explicit'],
  ['Bom dia! Confirmado', 'confirm', 'explicit'],
  ['vou sim', 'confirm', 'explicit'],
  ['estarei lá', 'confirm', 'explicit'],
  ['pode confirmar minha consulta', 'confirm', 'explicit'],
  ['não vou faltar', 'confirm', 'explicit'],
  // cancel
  ['3', 'cancel', 'bare'],
  ['não vou', 'cancel', 'explicit'],
  ['Não vou poder ir', 'cancel', 'explicit'],
  ['desculpa, não vou conseguir ir', 'cancel', 'explicit'],
  ['Infelizmente não poderei comparecer', 'cancel', 'explicit'],
  ['cancela', 'cancel', 'explicit'],
  ['pode cancelar por favor', 'cancel', 'explicit'],
  ['quero desmarcar', 'cancel', 'explicit'],
  // reschedule
  ['2', 'reschedule', 'bare'],
  ['opção 2', 'reschedule', 'bare'],
  ['preciso remarcar', 'reschedule', 'explicit'],
  ['Preciso remarcar, pode ser outro dia?', 'reschedule', 'explicit'],
  ['não vou poder, quero remarcar', 'reschedule', 'explicit'],
  ['consigo mudar o horário?', 'reschedule', 'explicit'],
  ['dá pra reagendar pra semana que vem?', 'reschedule', 'explicit'],
  // a bare "no" needs a question back
  ['não', 'deny', 'bare'],
  ['nao', 'deny', 'bare'],
  ['👎', 'deny', 'bare'],
  ['não confirmo', 'deny', 'bare'],
  // not a reply to the reminder: the conversation engine's
  ['qual o endereço?', null],
  ['tem estacionamento?', null],
  ['oi', null],
  ['quero marcar botox', null],
  ['sim, tenho uma dúvida: posso tomar sol?', null],
  ['', null],
];

describe('classifyReminderReply: stopping messages is not cancelling the appointment', () => {
  it.each(['cancela os lembretes por favor', 'pode cancelar essas mensagens', 'cancelar notificações', 'para de mandar mensagem', 'não quero mais receber lembretes', 'parar', 'PARE'])('%j → left to the engine (opt-out)', (text) => {
    expect(classifyReminderReply(text)).toBeNull();
  });
  it.each([['cancela minha consulta', 'cancel'], ['não vou poder ir, pode cancelar', 'cancel']] as const)('%j still → %s', (text, intent) => {
    expect(classifyReminderReply(text)?.intent).toBe(intent);
  });
});

describe('classifyReminderReply', () => {
  it.each(cases)('%j → %s', (text, intent, strength) => {
    const reading = classifyReminderReply(text);
    if (intent === null) expect(reading).toBeNull();
    else expect(reading).toEqual({ intent, strength });
  });
});
