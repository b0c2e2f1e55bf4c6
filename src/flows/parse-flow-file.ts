import { createHash } from 'node:crypto';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

/** One problem an owner can fix: where, and what. Printed as `file:line: message`. */
export interface FlowProblem {
  file: string;
  line: number;
  message: string;
}

export function formatProblem(p: FlowProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** A flow file that failed to parse or validate; carries every problem found, not only the first. */
export class FlowFileError extends Error {
  constructor(readonly problems: FlowProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'FlowFileError';
  }
}

export type ParsedFlowFile<T> =
  | { ok: true; value: T; hash: string }
  | { ok: false; problems: FlowProblem[] };

/** The line of the deepest YAML node that exists along `path` (1-based). */
function lineOf(doc: Document, lines: LineCounter, path: PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

/**
 * Parses owner-written YAML and validates it with zod, mapping every problem back to a line,
 * because owners edit these files by hand and need `file:line: problem`, not a stack trace.
 */
export function parseFlowFile<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
): ParsedFlowFile<z.output<S>> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        line: lines.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0] ?? 'invalid YAML',
      })),
    };
  }
  const result = schema.safeParse(doc.toJS() ?? {});
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.map((issue) => ({
        file,
        line: lineOf(doc, lines, issue.path),
        message: issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
      })),
    };
  }
  return { ok: true, value: result.data, hash: hashText(text) };
}

/** Short content hash stored with each turn, so a conversation can be traced to the file version. */
export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
