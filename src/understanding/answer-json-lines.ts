import { createInterface } from 'node:readline';

/**
 * The `--jsonl` protocol of `atende when` / `atende understand` (SPEC §3): one JSON line in, one
 * JSON line out, in order. A line that is not valid JSON, or whose handler fails, still gets its
 * fallback answer, so callers can zip inputs with outputs without ever losing alignment.
 */

export interface LineInput {
  text: string;
  now: Date;
  tz?: string;
}

/** Reads the fields of one input line; anything missing or malformed gets a harmless default. */
export function readLineInput(line: string): LineInput | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const o = parsed as Record<string, unknown>;
  const text = typeof o.text === 'string' ? o.text : '';
  const tz = typeof o.tz === 'string' && o.tz.length > 0 ? o.tz : undefined;
  // no timestamp: the message is read as of now; a timestamp that is not one makes the line unreadable
  if (o.now === undefined || o.now === null) return { text, now: new Date(), tz };
  const nowMs = typeof o.now === 'string' || typeof o.now === 'number' ? new Date(o.now).getTime() : NaN;
  if (!Number.isFinite(nowMs)) return undefined;
  return { text, now: new Date(nowMs), tz };
}

/**
 * Answers every line of `input` with `handle`, writing `fallback` for lines that cannot be read or
 * answered. Output is buffered and flushed in chunks, respecting back-pressure.
 */
export async function answerJsonLines(
  handle: (input: LineInput) => unknown,
  fallback: unknown,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  const fallbackLine = JSON.stringify(fallback);
  const rl = createInterface({ input, crlfDelay: Infinity });
  let buffer: string[] = [];
  let count = 0;
  const flush = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const chunk = buffer.join('\n') + '\n';
    buffer = [];
    if (!output.write(chunk)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  };
  for await (const line of rl) {
    let out = fallbackLine;
    const parsed = readLineInput(line);
    if (parsed) {
      try {
        out = JSON.stringify(handle(parsed) ?? fallback) ?? fallbackLine;
      } catch {
        out = fallbackLine;
      }
    }
    buffer.push(out);
    count++;
    if (buffer.length >= 512) await flush();
  }
  await flush();
  return count;
}
