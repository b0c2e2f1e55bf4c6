import { describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/understanding/parse-when';

const TUE = { now: new Date('2026-03-10T14:00:00-03:00'), tz: 'America/Sao_Paulo' };
const SUN_DEC = { now: new Date('2026-12-27T09:00:00-03:00'), tz: 'America/Sao_Paulo' };
const SAT_JAN = { now: new Date('2026-01-31T11:00:00-03:00'), tz: 'America/Sao_Paulo' };

const when = (text: string, ctx = TUE) => parseWhen(text, ctx);

describe('parseWhen — relative days', () => {
  it.each([
    ['hoje', '2026-03-10'],
    ['hj', '2026-03-10'],
    ['amanhã', '2026-03-11'],
    ['amanha', '2026-03-11'],
    ['amnh', '2026-03-11'],
    ['depois de amanhã', '2026-03-12'],
    ['dps de amanha', '2026-03-12'],
    ['daqui a 2 dias', '2026-03-12'],
    ['em 3 dias', '2026-03-13'],
    ['daqui a duas semanas', '2026-03-24'],
    ['daqui a um mês', '2026-04-10'],
  ])('%s → %s', (text, date) => {
    expect(when(text)).toEqual({ date });
  });
});

describe('parseWhen — weekdays', () => {
  it.each([
    ['sexta', '2026-03-13'],
    ['sexta-feira', '2026-03-13'],
    ['sabado', '2026-03-14'],
    ['terca', '2026-03-17'],
    ['essa sexta', '2026-03-13'],
    ['nessa sexta', '2026-03-13'],
    ['próxima terça', '2026-03-17'],
    ['terça que vem', '2026-03-17'],
    ['quarta da semana que vem', '2026-03-18'],
    ['2ª feira', '2026-03-16'],
    ['sex', '2026-03-13'],
  ])('%s → %s (said on a Tuesday)', (text, date) => {
    expect(when(text)).toEqual({ date });
  });

  it('reads "segunda" as Monday but "segunda opção" as no date', () => {
    expect(when('segunda')).toEqual({ date: '2026-03-16' });
    expect(when('a segunda opção')).toBeNull();
    expect(when('pela segunda vez')).toBeNull();
  });

  it('resolves weekdays forward across a year boundary, said on a Sunday', () => {
    expect(when('segunda', SUN_DEC)).toEqual({ date: '2026-12-28' });
    expect(when('sexta', SUN_DEC)).toEqual({ date: '2027-01-01' });
  });
});

describe('parseWhen — calendar dates', () => {
  it.each([
    ['dia 20', '2026-03-20'],
    ['dia 5', '2026-04-05'],
    ['dia primeiro', '2026-04-01'],
    ['1º de dezembro', '2026-12-01'],
    ['primeiro de dezembro', '2026-12-01'],
    ['25 de março', '2026-03-25'],
    ['vinte e cinco de março', '2026-03-25'],
    ['5/1', '2027-01-05'],
    ['20/03', '2026-03-20'],
    ['02/04/2026', '2026-04-02'],
    ['27.03', '2026-03-27'],
  ])('%s → %s', (text, date) => {
    expect(when(text)).toEqual({ date });
  });

  it('skips months without the day ("dia 30" at the end of January is 30 March)', () => {
    expect(when('dia 30', SAT_JAN)).toEqual({ date: '2026-03-30' });
  });

  it('lets an explicit date win over a weekday', () => {
    expect(when('na segunda, dia 16, às 10h')).toEqual({ date: '2026-03-16', time: '10:00' });
  });
});

describe('parseWhen — spans', () => {
  it('"semana que vem" is next Monday to Saturday', () => {
    expect(when('semana que vem')).toEqual({ from: '2026-03-16', to: '2026-03-21' });
    expect(when('semana que vem', SUN_DEC)).toEqual({ from: '2026-12-28', to: '2027-01-02' });
  });
  it('"mês que vem" is the next calendar month', () => {
    expect(when('mês que vem')).toEqual({ from: '2026-04-01', to: '2026-04-30' });
    expect(when('mes que vem', SUN_DEC)).toEqual({ from: '2027-01-01', to: '2027-01-31' });
  });
  it('"em dezembro" is that month', () => {
    expect(when('em dezembro')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});

describe('parseWhen — times', () => {
  it.each([
    ['15h', '15:00'],
    ['15hs', '15:00'],
    ['15 hrs', '15:00'],
    ['15h30', '15:30'],
    ['15:30', '15:30'],
    ['15 horas', '15:00'],
    ['às 3', '15:00'],
    ['às 7 da manhã', '07:00'],
    ['às 8', '08:00'],
    ['3 da tarde', '15:00'],
    ['meio-dia', '12:00'],
    ['meio dia', '12:00'],
    ['duas e meia', '14:30'],
    ['10 e meia', '10:30'],
    ['às onze', '11:00'],
    ['quinze pras três', '14:45'],
    ['09:00', '09:00'],
  ])('%s → %s', (text, time) => {
    expect(when(text)?.time).toBe(time);
  });

  it('reads after/before and ranges', () => {
    expect(when('depois das 17h')).toEqual({ after: '17:00' });
    expect(when('a partir das 14')).toEqual({ after: '14:00' });
    expect(when('após as 15')).toEqual({ after: '15:00' });
    expect(when('antes das 10')).toEqual({ before: '10:00' });
    expect(when('até as 12')).toEqual({ before: '12:00' });
    expect(when('das 14 às 16')).toEqual({ after: '14:00', before: '16:00' });
    expect(when('entre 10h e 12h')).toEqual({ after: '10:00', before: '12:00' });
  });

  it('reads periods but not greetings or "mais tarde"', () => {
    expect(when('pela manhã')).toEqual({ period: 'morning' });
    expect(when('de tarde')).toEqual({ period: 'afternoon' });
    expect(when('à noitinha')).toEqual({ period: 'evening' });
    expect(when('boa tarde')).toBeNull();
    expect(when('hoje mais tarde')).toEqual({ date: '2026-03-10' });
  });

  it('combines date, period and time, with the period deciding the hour', () => {
    expect(when('amanhã à noite às 7')).toEqual({ date: '2026-03-11', time: '19:00', period: 'evening' });
    expect(when('sexta depois das 15h')).toEqual({ date: '2026-03-13', after: '15:00' });
  });
});

describe('parseWhen — numbers that are not times', () => {
  it.each([
    'tenho 42 anos',
    'meu telefone é 11 98765-4321',
    'cpf 123.456.789-09',
    '1',
    'opção 2',
    'são 3 sessões?',
    'R$ 150',
    'custa R$ 1.200,00',
    'parcela em 6x?',
    'dura 1h?',
    'demora umas 2 horas',
    'quero marcar botox',
    'ontem à noite',
    'I would like to book tomorrow at 10am',
  ])('%s → null', (text) => {
    expect(when(text)).toBeNull();
  });
});

describe('parseWhen — timezone and hostile input', () => {
  it('resolves in the clinic timezone, not UTC', () => {
    const late = { now: new Date('2026-03-10T03:30:00Z'), tz: 'America/Manaus' };
    expect(parseWhen('amanhã', late)).toEqual({ date: '2026-03-10' });
    expect(parseWhen('amanhã', { now: late.now, tz: 'America/Sao_Paulo' })).toEqual({ date: '2026-03-11' });
  });
  it('never throws and answers null for junk', () => {
    for (const text of ['', '   ', '😀😀', '\u0000\u0007', 'x'.repeat(10_000), undefined as unknown as string]) {
      expect(parseWhen(text, TUE)).toBeNull();
    }
    expect(parseWhen('amanhã', { now: new Date('invalid'), tz: 'Not/AZone' })).not.toBeNull();
  });
});
