/** One CSV record with the 1-based line it starts on, so problems can be reported as `line N`. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvReadResult {
  records: CsvRecord[];
  /** Structural problems (an unterminated quote); the rest of the file still parses. */
  problems: { line: number; message: string }[];
}

/**
 * Splits RFC 4180 CSV: quoted fields with `""` escapes, commas and line breaks inside quotes,
 * LF or CRLF, a leading BOM. Exists because clinic exports come from spreadsheets and a naive
 * `split(',')` turns one quoted name into a shifted row. Blank lines are skipped.
 */
export function readCsvRecords(text: string): CsvReadResult {
  const records: CsvRecord[] = [];
  const problems: CsvReadResult['problems'] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  // Next quote / CR at or after i (n when none), refreshed only once passed: linear overall.
  const after = (ch: string, from: number): number => {
    const k = text.indexOf(ch, from);
    return k === -1 ? n : k;
  };
  let nextQuote = after('"', i);
  let nextCr = after('\r', i);
  while (i < n) {
    const startLine = line;
    // Fast path: a line without quotes is a plain split (nearly every line of an export).
    const lineEnd = after('\n', i);
    if (nextQuote < i) nextQuote = after('"', i);
    if (nextCr < i) nextCr = after('\r', i);
    // A CR anywhere but just before the LF is itself a line break: leave that to the full reader.
    if (nextQuote > lineEnd && nextCr >= lineEnd - 1) {
      const raw = text.slice(i, lineEnd > i && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd);
      i = lineEnd + 1;
      line++;
      if (raw.trim() !== '') records.push({ line: startLine, fields: raw.split(',') });
      continue;
    }
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let sawQuote = false;
    let ended = false;
    while (i < n) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
        continue;
      }
      if (c === '"' && field.trim() === '' && !sawQuote) {
        quoted = true;
        sawQuote = true;
        field = '';
        i++;
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        sawQuote = false;
        i++;
        continue;
      }
      if (c === '\r' || c === '\n') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        ended = true;
        break;
      }
      field += c;
      i++;
    }
    if (quoted) problems.push({ line: startLine, message: 'unterminated quoted field' });
    fields.push(field);
    if (!ended && i >= n && fields.length === 1 && fields[0] === '') break;
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    records.push({ line: startLine, fields });
  }
  return { records, problems };
}
