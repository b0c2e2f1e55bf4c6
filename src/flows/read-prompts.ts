import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FlowProblem } from './parse-flow-file';
import { displayPath } from './flow-store';

export interface PromptSet {
  /** File name without extension → text (e.g. `system` → prompts/system.md). */
  files: Record<string, string>;
  hash: string;
  problems: FlowProblem[];
}

const cache = new Map<string, { stamp: string; set: PromptSet }>();

/**
 * The LLM prompts an owner writes in pt-BR (prompts/*.md), re-read when any file changes.
 * `{{clinic.name}}`-style variables are filled by `renderPrompt`.
 */
export function readPrompts(dir: string): PromptSet {
  if (!existsSync(dir)) return { files: {}, hash: 'none', problems: [] };
  const names = readdirSync(dir).filter((f) => f.endsWith('.md')).sort();
  const stamp = names.map((n) => `${n}:${statSync(join(dir, n)).mtimeMs}`).join('|');
  const hit = cache.get(dir);
  if (hit && hit.stamp === stamp) return hit.set;
  const files: Record<string, string> = {};
  const h = createHash('sha256');
  const problems: FlowProblem[] = [];
  for (const n of names) {
    const text = readFileSync(join(dir, n), 'utf8');
    files[n.replace(/\.md$/, '')] = text;
    h.update(n).update(text);
    text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
        if (!/^[a-z_][\w.]*$/i.test(m[1] ?? '')) problems.push({ file: displayPath(join(dir, n)), line: i + 1, message: `bad variable "{{${m[1]}}}"` });
      }
    });
  }
  const set = { files, hash: h.digest('hex').slice(0, 12), problems };
  cache.set(dir, { stamp, set });
  return set;
}

/** Fills `{{a.b}}` from a nested object; unknown variables are left visible so owners notice. */
export function renderPrompt(template: string, vars: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, path: string) => {
    let v: unknown = vars;
    for (const key of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
    return v == null ? whole : String(v);
  });
}
