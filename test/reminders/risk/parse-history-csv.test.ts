import { describe, expect, it } from 'vitest';
import { parseHistoryCsv } from '../../../src/reminders/risk/parse-history-csv';
import { readCsvRecords } from '../../../src/reminders/risk/read-csv-records';

const HEADER = 'appointment_id,patient_id,age,sex,booked_at,starts_at,outcome';

describe('readCsvRecords', () => {
  it('handles quotes, escaped quotes, commas and line breaks inside quotes, CRLF and a BOM', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""oi""","two\r\nlines"\r\n\r\nlast,,\n';
    const { records, problems } = readCsvRecords(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "oi"', 'two\r\nlines'] },
      { line: 5, fields: ['last', '', ''] },
    ]);
  });

  it('reports an unterminated quote at the line it opened', () => {
    const { records, problems } = readCsvRecords('a,b\n1,"open\n2,3\n');
    expect(problems).toEqual([{ line: 2, message: 'unterminated quoted field' }]);
    expect(records[1]!.line).toBe(2);
  });
});

describe('parseHistoryCsv', () => {
  it('reads the SPEC format, with empty patient, age and sex', () => {
    const text = `${HEADER}\nv1,,32,F,2016-04-05T13:00:00-03:00,2016-05-03T08:00:00-03:00,no_show\nv2,p9,,,2016-05-06T10:00:00-03:00,2016-05-10T08:00:00-03:00,attended\n`;
    const { rows, problems } = parseHistoryCsv(text);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { appointmentId: 'v1', patientId: null, age: 32, sex: 'F', bookedAt: '2016-04-05T13:00:00-03:00', startsAt: '2016-05-03T08:00:00-03:00', outcome: 'no_show', serviceId: null, price: null },
      { appointmentId: 'v2', patientId: 'p9', age: null, sex: null, bookedAt: '2016-05-06T10:00:00-03:00', startsAt: '2016-05-10T08:00:00-03:00', outcome: 'attended', serviceId: null, price: null },
    ]);
  });

  it('finds columns by name in any order, with optional service and pt-BR prices', () => {
    const text =
      'Outcome,price,Service,starts_at,booked_at,appointment_id,Sex,age\r\n' +
      'attended,"1.200,50",toxina-botulinica,2024-03-01T14:00:00-03:00,2024-02-20T09:30:00-03:00,a1,m,41\r\n' +
      'no-show,R$ 150,avaliacao,2024-03-02T09:00:00-03:00,2024-03-01T19:00:00-03:00,a2,feminino,29\r\n';
    const { rows, problems } = parseHistoryCsv(text);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.appointmentId, r.outcome, r.price, r.serviceId, r.sex, r.patientId])).toEqual([
      ['a1', 'attended', 1200.5, 'toxina-botulinica', 'M', null],
      ['a2', 'no_show', 150, 'avaliacao', 'F', null],
    ]);
  });

  it('skips unusable lines and reports each with its line number, keeping the rest', () => {
    const lines = [
      HEADER,
      'ok1,,30,F,2016-05-01T10:00:00-03:00,2016-05-03T08:00:00-03:00,attended', // 2
      'bad-date,,30,F,2016-02-30T10:00:00-03:00,2016-05-03T08:00:00-03:00,attended', // 3
      'bad-outcome,,30,F,2016-05-01T10:00:00-03:00,2016-05-03T08:00:00-03:00,maybe', // 4
      'short,,30,F,2016-05-01T10:00:00-03:00', // 5
      ',,30,F,2016-05-01T10:00:00-03:00,2016-05-03T08:00:00-03:00,attended', // 6
      'ok1,,30,F,2016-05-01T10:00:00-03:00,2016-05-03T08:00:00-03:00,attended', // 7 duplicate
      'extra,,30,F,2016-05-01T10:00:00-03:00,2016-05-03T08:00:00-03:00,attended,surprise', // 8
      'ok2,,-1,X,2016-05-01T10:00:00-03:00,2016-05-03T08:00:00-03:00,cancelled', // 9 warnings only
      'ok3,,,,2016-05-01T10:00:00-03:00,not a date,attended', // 10
    ];
    const { rows, problems } = parseHistoryCsv(lines.join('\n'));
    expect(rows.map((r) => r.appointmentId)).toEqual(['ok1', 'ok2']);
    expect(rows[1]).toMatchObject({ age: null, sex: null, outcome: 'cancelled' });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => p.line);
    expect(errors).toEqual([3, 4, 5, 6, 7, 8, 10]);
    expect(problems.find((p) => p.line === 3)!.message).toContain('booked_at');
    expect(problems.find((p) => p.line === 7)!.message).toContain('duplicate');
    expect(problems.filter((p) => p.severity === 'warning').map((p) => p.line)).toEqual([9, 9]);
  });

  it('keeps rows with no outcome yet (files only to be scored)', () => {
    const { rows } = parseHistoryCsv('appointment_id,booked_at,starts_at\nn1,2024-01-01T10:00:00-03:00,2024-01-05T10:00:00-03:00\n');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: null, patientId: null, age: null });
  });

  it('for scoring, keeps rows with unreadable times or outcome, warning instead of skipping', () => {
    const text = `${HEADER}\ns1,,30,F,sometime,2016-05-03T08:00:00-03:00,who-knows\n,,30,F,2016-05-01T10:00:00-03:00,2016-05-03T08:00:00-03:00,attended\n`;
    const parsed = parseHistoryCsv(text, { forScoring: true });
    expect(parsed.rows.map((r) => [r.appointmentId, r.bookedAt, r.outcome])).toEqual([['s1', 'sometime', null]]);
    expect(parsed.problems.map((p) => [p.line, p.severity])).toEqual([[2, 'warning'], [2, 'warning'], [3, 'error']]);
  });

  it('says which required columns are missing instead of guessing', () => {
    const parsed = parseHistoryCsv('id,when,outcome\n1,2024-01-01,attended\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.missingColumns).toEqual(['booked_at', 'starts_at']);
    expect(parsed.problems[0]).toMatchObject({ line: 1, severity: 'error' });
    expect(parseHistoryCsv('').missingColumns).toHaveLength(3);
  });

  it('counts lines correctly after a quoted field spanning lines', () => {
    const text = `${HEADER},note\nq1,,30,F,2016-05-01T10:00:00-03:00,2016-05-03T08:00:00-03:00,attended,"multi\nline"\nq2,,30,F,2016-05-01T10:00:00-03:00,2016-05-03T08:00:00-03:00,oops,\n`;
    const { rows, problems } = parseHistoryCsv(text);
    expect(rows.map((r) => r.appointmentId)).toEqual(['q1']);
    expect(problems).toMatchObject([{ line: 4, severity: 'error' }]);
  });
});

describe('readCsvRecords line endings', () => {
  it('treats a bare CR as a line break too (old spreadsheet exports)', () => {
    expect(readCsvRecords('a,b\rc,d\r\ne,f').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
      { line: 3, fields: ['e', 'f'] },
    ]);
  });
});
