/**
 * Arguments shared by `atende when` and `atende understand`: `"texto" [--now ISO] [--tz TZ]` for
 * one message, `--jsonl` for a stream. Kept apart so both commands accept exactly the same flags.
 */
export interface ReadArgs {
  jsonl: boolean;
  text?: string;
  now: Date;
  tz?: string;
  /** `--flows DIR`: clinic folder to read the vocabulary from (understand only). */
  flows?: string;
  /** `--clinic ID`: which clinic under FLOWS_DIR when it holds several. */
  clinic?: string;
  error?: string;
}

/** Parses the flags; an unparsable `--now` is reported in `error`, never thrown. */
export function parseReadArgs(args: string[]): ReadArgs {
  const out: ReadArgs = { jsonl: false, now: new Date() };
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = (): string | undefined => {
      const eq = a.indexOf('=');
      if (eq > 0) return a.slice(eq + 1);
      i++;
      return args[i];
    };
    const flag = a.split('=')[0];
    if (flag === '--jsonl') out.jsonl = true;
    else if (flag === '--now') {
      const v = value();
      const d = v === undefined ? NaN : new Date(v).getTime();
      if (Number.isFinite(d)) out.now = new Date(d);
      else out.error = `--now: not a date: ${v ?? '(missing)'}`;
    } else if (flag === '--tz') out.tz = value();
    else if (flag === '--flows') out.flows = value();
    else if (flag === '--clinic') out.clinic = value();
    else words.push(a);
  }
  if (words.length > 0) out.text = words.join(' ');
  return out;
}
