import { describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/understanding/parse-when';

// Wednesday 15 April 2026, 09:30 in São Paulo
const WED = { now: new Date('2026-04-15T09:30:00-03:00'), tz: 'America/Sao_Paulo' };
// Monday 13 April 2026
const MON = { now: new Date('2026-04-13T10:00:00-03:00'), tz: 'America/Sao_Paulo' };
// Saturday 1 August 2026
const SAT = { now: new Date('2026-08-01T10:00:00-03:00'), tz: 'America/Sao_Paulo' };

describe('parseWhen — abbreviated weekdays with a period or a time', () => {
  it.each([
    ['sab de manha', { date: '2026-04-18', period: 'morning' }],
    ['qui a tarde', { date: '2026-04-16', period: 'afternoon' }],
    ['qua de manhã', { date: '2026-04-22', period: 'morning' }],
    ['seg de manhã', { date: '2026-04-20', period: 'morning' }],
    ['sex à noite', { date: '2026-04-17', period: 'evening' }],
    ['dom a tarde', { date: '2026-04-19', period: 'afternoon' }],
    ['sáb pela manhã', { date: '2026-04-18', period: 'morning' }],
    ['sab manhã', { date: '2026-04-18', period: 'morning' }],
    ['sáb cedo', { date: '2026-04-18', period: 'morning' }],
    ['qui depois das 14h', { date: '2026-04-16', after: '14:00' }],
    ['quar 10h', { date: '2026-04-22', time: '10:00' }],
  ])('%s', (text, expected) => {
    expect(parseWhen(text, WED)).toEqual(expected);
  });
});

describe('parseWhen — "ter" is Tuesday only with a date cue, never the verb', () => {
  it.each([
    ['ter 16h', { date: '2026-08-04', time: '16:00' }],
    ['ter, 10h', { date: '2026-08-04', time: '10:00' }],
    ['ter de manhã', { date: '2026-08-04', period: 'morning' }],
    ['terç 10h', { date: '2026-08-04', time: '10:00' }],
    ['pode ser ter às 15h?', { date: '2026-08-04', time: '15:00' }],
    ['na ter', { date: '2026-08-04' }],
    ['seg ou ter', { date: '2026-08-03' }],
    ['ter?', { date: '2026-08-04' }],
  ])('%s → Tuesday', (text, expected) => {
    expect(parseWhen(text, SAT)).toEqual(expected);
  });

  it.each([
    ['vai ter 16h?', { time: '16:00' }],
    ['vai ter de manhã?', { period: 'morning' }],
    ['vou ter que sair às 17h', { time: '17:00' }],
    ['pra ter certeza', null],
    ['tem que ter 18 anos', null],
    ['Ter 18 anos é obrigatório?', null],
    ['vai ter promoção?', null],
  ])('%s → the verb', (text, expected) => {
    expect(parseWhen(text, SAT)).toEqual(expected);
  });
});

describe('parseWhen — a refused date yields to the one offered', () => {
  it.each([
    ['amanhã eu não posso, mas depois de amanhã às 16h sim', WED, { date: '2026-04-17', time: '16:00' }],
    ['hoje não, pode ser amanhã?', WED, { date: '2026-04-16' }],
    ['sexta não dá, pode ser segunda?', WED, { date: '2026-04-20' }],
    ['não posso amanhã, só sexta', MON, { date: '2026-04-17' }],
    ['amanhã não consigo, quinta às 10 pode?', MON, { date: '2026-04-16', time: '10:00' }],
    ['não dá pra sexta, pode ser sábado de manhã?', MON, { date: '2026-04-18', period: 'morning' }],
    ['quarta fica ruim, pode ser quinta?', MON, { date: '2026-04-16' }],
    ['amanhã tô ocupada, pode ser quinta', MON, { date: '2026-04-16' }],
    ['sexta eu trabalho, sábado pode?', MON, { date: '2026-04-18' }],
    ['em vez de quinta, sexta às 9', MON, { date: '2026-04-17', time: '09:00' }],
    ['não sei se consigo amanhã, talvez quinta', MON, { date: '2026-04-16' }],
    ['trocar de quarta pra quinta', MON, { date: '2026-04-16' }],
    ['mudar da sexta pra segunda de manhã', WED, { date: '2026-04-20', period: 'morning' }],
    ['passar das 10 pras 15h', WED, { time: '15:00' }],
  ])('%s', (text, ctx, expected) => {
    expect(parseWhen(text, ctx)).toEqual(expected);
  });

  it('keeps the day of a refused time, and drops a refused phrase whose day was replaced', () => {
    expect(parseWhen('amanhã às 10 não dá, pode ser às 14?', WED)).toEqual({ date: '2026-04-16', time: '14:00' });
    expect(parseWhen('não posso amanhã de manhã, só à tarde', WED)).toEqual({ date: '2026-04-16', period: 'afternoon' });
    expect(parseWhen('amanhã de manhã não posso, só sexta', WED)).toEqual({ date: '2026-04-17' });
    expect(parseWhen('de manhã não posso, só à tarde', WED)).toEqual({ period: 'afternoon' });
  });

  it('keeps a refused date when nothing else is offered, and reads no refusal in a tag question', () => {
    expect(parseWhen('não posso amanhã', WED)).toEqual({ date: '2026-04-16' });
    expect(parseWhen('amanhã não, obrigada', WED)).toEqual({ date: '2026-04-16' });
    expect(parseWhen('amanhã às 10, não é?', MON)).toEqual({ date: '2026-04-14', time: '10:00' });
    expect(parseWhen('sexta, sábado ou segunda', MON)).toEqual({ date: '2026-04-17' });
  });
});

describe('parseWhen — approximate amounts and augmentatives', () => {
  it.each([
    ['daqui uns 3 dias', { date: '2026-04-18' }],
    ['daqui umas 2 semanas', { date: '2026-04-29' }],
    ['daqui a uns 5 dias', { date: '2026-04-20' }],
    ['em uns 10 dias', { date: '2026-04-25' }],
    ['daqui mais ou menos uma semana', { date: '2026-04-22' }],
    ['em cerca de 15 dias', { date: '2026-04-30' }],
    ['dentro de uns 4 dias', { date: '2026-04-19' }],
    ['sabadão de manhã', { date: '2026-04-18', period: 'morning' }],
    ['segundona cedo', { date: '2026-04-20', period: 'morning' }],
    ['sabadinho às 10', { date: '2026-04-18', time: '10:00' }],
  ])('%s', (text, expected) => {
    expect(parseWhen(text, WED)).toEqual(expected);
  });

  it('reads vague amounts and "sextou" as no date', () => {
    expect(parseWhen('daqui uns dias', WED)).toBeNull();
    expect(parseWhen('sextou', WED)).toBeNull();
  });

  it('finds nothing in words that are properties of every JavaScript object', () => {
    expect(parseWhen('constructor', WED)).toBeNull();
    expect(parseWhen('dia constructor', WED)).toBeNull();
  });
});
