import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { clinicFileSchema } from './clinic-schema';
import type { FolderChanges } from './folder-changes';
import { formatProblem, hashText, parseFlowFile, type FlowProblem } from './parse-flow-file';

/**
 * One owner-editable file, re-read when it changes on disk. A broken edit keeps the last valid
 * version in service and exposes the problems (for the log and the inbox banner), so an owner's
 * typo never takes the bot down.
 */
export class WatchedFlowFile<S extends z.ZodType> {
  private stamp = '';
  private current?: { value: z.output<S>; hash: string };
  private lastProblems: FlowProblem[] = [];
  private lookedAt = -1;
  /** The file was not there at the last look. */
  private missing = false;

  constructor(
    readonly path: string,
    private readonly schema: S,
    private readonly displayName: string,
    private readonly fallback?: () => z.output<S>,
    private readonly onProblems?: (problems: FlowProblem[]) => void,
    /** When given, the disk is looked at only when its generation moved on; otherwise on every read. */
    private readonly changes?: FolderChanges,
  ) {}

  /** The value in service, reloading first when the file changed. Throws only if never valid. */
  get(): z.output<S> {
    this.refresh();
    if (this.current) return this.current.value;
    if (this.fallback && this.missing) return this.fallback();
    throw new Error(this.lastProblems.map(formatProblem).join('\n') || `${this.displayName}: not loaded`);
  }

  /** Content hash of the version in service (stored with each turn). */
  hash(): string {
    this.refresh();
    return this.current?.hash ?? 'default';
  }

  problems(): FlowProblem[] {
    this.refresh();
    return this.lastProblems;
  }

  /** Validates the file now; returns the problems (empty when it is valid). */
  refresh(): FlowProblem[] {
    if (this.changes) {
      const generation = this.changes.generation();
      if (generation === this.lookedAt) return this.lastProblems;
      this.lookedAt = generation;
    }
    let stamp: string;
    try {
      const st = statSync(this.path);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch {
      this.missing = true;
      if (!this.fallback && !this.current) this.lastProblems = [{ file: this.displayName, line: 1, message: 'file not found' }];
      return this.lastProblems;
    }
    this.missing = false;
    if (stamp === this.stamp) return this.lastProblems;
    this.stamp = stamp;
    const text = readFileSync(this.path, 'utf8');
    if (this.current && hashText(text) === this.current.hash) {
      this.lastProblems = [];
      return this.lastProblems;
    }
    const parsed = parseFlowFile(this.displayName, text, this.schema);
    if (parsed.ok) {
      this.current = { value: parsed.value, hash: parsed.hash };
      this.lastProblems = [];
    } else {
      this.lastProblems = parsed.problems;
      this.onProblems?.(parsed.problems);
    }
    return this.lastProblems;
  }
}

/** A clinic's folder of owner files: flows/clinic.yaml, or flows/<clinic>/clinic.yaml for several. */
export interface ClinicFolder {
  dir: string;
  clinicFile: string;
}

/** Finds the clinic folders under FLOWS_DIR: the folder itself, or each subfolder with a clinic.yaml. */
export function findClinicFolders(flowsDir: string): ClinicFolder[] {
  if (existsSync(join(flowsDir, 'clinic.yaml'))) return [{ dir: flowsDir, clinicFile: join(flowsDir, 'clinic.yaml') }];
  if (!existsSync(flowsDir)) return [];
  return readdirSync(flowsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(flowsDir, d.name, 'clinic.yaml')))
    .map((d) => ({ dir: join(flowsDir, d.name), clinicFile: join(flowsDir, d.name, 'clinic.yaml') }));
}

/** Path as owners see it in messages: relative to the working directory. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

export function watchClinicFile(path: string, onProblems?: (p: FlowProblem[]) => void, changes?: FolderChanges) {
  return new WatchedFlowFile(path, clinicFileSchema, displayPath(path), undefined, onProblems, changes);
}
