import { readTimestamp } from './local-time';
import { readCsvRecords } from './read-csv-records';
import type { HistoryRow, Outcome, Sex } from './types';

/** A line of HISTORY.csv that was skipped (`error`) or read with a value dropped (`warning`). */
export interface HistoryProblem {
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export interface ParsedHistory {
  rows: HistoryRow[];
  problems: HistoryProblem[];
  /** Required columns the header lacks; when non-empty, `rows` is empty. */
  missingColumns: string[];
}

const REQUIRED = ['appointment_id', 'booked_at', 'starts_at'] as const;

export interface ParseHistoryOptions {
  /**
   * Keep rows whose timestamps or outcome are unusable (with a warning) instead of skipping them:
   * a file to be scored should get a prediction for every appointment it lists, even one scored
   * with less information. @defaultValue false
   */
  forScoring?: boolean;
}

const ALIASES: Record<string, string> = {
  id: 'appointment_id',
  appointment: 'appointment_id',
  patient: 'patient_id',
  gender: 'sex',
  service: 'service_id',
  scheduled_at: 'booked_at',
  created_at: 'booked_at',
  status: 'outcome',
};

const OUTCOMES: Record<string, Outcome> = {
  attended: 'attended',
  show: 'attended',
  compareceu: 'attended',
  no_show: 'no_show',
  'no-show': 'no_show',
  noshow: 'no_show',
  faltou: 'no_show',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  cancelado: 'cancelled',
};

const SEXES: Record<string, Sex> = {
  f: 'F',
  female: 'F',
  feminino: 'F',
  mulher: 'F',
  m: 'M',
  male: 'M',
  masculino: 'M',
  homem: 'M',
};

function columnName(raw: string): string {
  const name = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return ALIASES[name] ?? name;
}

/** "1200", "1200.50", "1.200,50", "R$ 1.200" → number; anything else → NaN. */
function readPrice(text: string): number {
  let t = text.replace(/r\$/i, '').replace(/\s/g, '');
  if (t.includes(',')) t = t.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(t)) t = t.replace(/\./g, '');
  return t === '' ? Number.NaN : Number(t);
}

/**
 * Reads HISTORY.csv (SPEC §3: `appointment_id,patient_id,age,sex,booked_at,starts_at,outcome`,
 * plus optional `service_id` and `price`) into rows. Columns are found by header name, in any
 * order. Clinic exports are messy, so nothing throws: a line that cannot be used is skipped and
 * reported with its line number, and an unusable optional value (age 150, sex "X") is dropped
 * with a warning while the row is kept.
 */
export function parseHistoryCsv(text: string, options: ParseHistoryOptions = {}): ParsedHistory {
  const forScoring = options.forScoring ?? false;
  const { records, problems: structural } = readCsvRecords(text);
  const problems: HistoryProblem[] = structural.map((p) => ({ ...p, severity: 'error' }));
  const header = records[0];
  if (!header) return { rows: [], problems: [...problems, { line: 1, severity: 'error', message: 'empty file: expected a header line' }], missingColumns: [...REQUIRED] };

  const index = new Map<string, number>();
  header.fields.forEach((f, i) => {
    const name = columnName(f);
    if (!index.has(name)) index.set(name, i);
  });
  const missingColumns = REQUIRED.filter((c) => !index.has(c));
  if (missingColumns.length > 0) {
    problems.push({ line: header.line, severity: 'error', message: `header lacks column(s): ${missingColumns.join(', ')}` });
    return { rows: [], problems, missingColumns };
  }

  const rows: HistoryRow[] = [];
  const seen = new Set<string>();
  const width = header.fields.length;
  for (const rec of records.slice(1)) {
    const get = (col: string): string => {
      const i = index.get(col);
      return i === undefined ? '' : (rec.fields[i] ?? '').trim();
    };
    const error = (message: string): void => {
      problems.push({ line: rec.line, severity: 'error', message });
    };
    const warn = (message: string): void => {
      problems.push({ line: rec.line, severity: 'warning', message });
    };

    if (rec.fields.length < width || rec.fields.slice(width).some((f) => f.trim() !== '')) {
      error(`expected ${width} fields, found ${rec.fields.length}`);
      continue;
    }
    const appointmentId = get('appointment_id');
    if (!appointmentId) {
      error('empty appointment_id');
      continue;
    }
    if (seen.has(appointmentId)) {
      error(`duplicate appointment_id "${appointmentId}"`);
      continue;
    }
    const bookedAt = get('booked_at');
    const startsAt = get('starts_at');
    const unusable = (message: string): boolean => {
      if (forScoring) warn(`${message}; scored without it`);
      else error(message);
      return !forScoring;
    };
    if (!readTimestamp(bookedAt) && unusable(`booked_at "${bookedAt}" is not an ISO 8601 timestamp`)) continue;
    if (!readTimestamp(startsAt) && unusable(`starts_at "${startsAt}" is not an ISO 8601 timestamp`)) continue;
    const outcomeText = get('outcome').toLowerCase();
    let outcome = outcomeText === '' ? null : OUTCOMES[outcomeText.replace(/\s+/g, '_')];
    if (outcome === undefined) {
      if (unusable(`outcome "${outcomeText}" is not attended, no_show or cancelled`)) continue;
      outcome = null;
    }

    let age: number | null = null;
    const ageText = get('age');
    if (ageText !== '') {
      const a = Number(ageText.replace(',', '.'));
      if (Number.isFinite(a) && a >= 0 && a <= 120) age = a;
      else warn(`age "${ageText}" ignored`);
    }
    const sexText = get('sex');
    const sex = SEXES[sexText.toLowerCase()] ?? null;
    if (sexText !== '' && !sex) warn(`sex "${sexText}" ignored`);
    let price: number | null = null;
    const priceText = get('price');
    if (priceText !== '') {
      const p = readPrice(priceText);
      if (Number.isFinite(p) && p >= 0) price = p;
      else warn(`price "${priceText}" ignored`);
    }

    seen.add(appointmentId);
    rows.push({
      appointmentId,
      patientId: get('patient_id') || null,
      age,
      sex,
      bookedAt,
      startsAt,
      outcome,
      serviceId: get('service_id') || null,
      price,
    });
  }
  return { rows, problems, missingColumns: [] };
}
