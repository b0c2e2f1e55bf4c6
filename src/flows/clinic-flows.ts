import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { ClinicFile } from './clinic-schema';
import { displayPath, findClinicFolders, WatchedFlowFile, watchClinicFile } from './flow-store';
import { FolderChanges } from './folder-changes';
import { FLOW_FILES, type FlowFileName, type FlowFileValue } from './flow-files';
import type { FlowProblem } from './parse-flow-file';
import { readPrompts, type PromptSet } from './read-prompts';

/**
 * The owner-editable files of one clinic, each hot-reloaded on its own. Modules read the typed
 * value they need (`flows.get('booking.yaml')`); the combined `version()` is stored with every turn.
 */
export class ClinicFlows {
  readonly clinicFile: WatchedFlowFile<z.ZodType<ClinicFile>>;
  private readonly files = new Map<FlowFileName, WatchedFlowFile<z.ZodType>>();
  /** Whether the folders may have changed since a file was last looked at (no stat per read). */
  private readonly changes: FolderChanges;
  private promptSet?: { generation: number; set: PromptSet };

  constructor(
    readonly dir: string,
    readonly promptsDir: string,
    private readonly onProblems?: (problems: FlowProblem[]) => void,
    /** How often the folders are looked at without a change report, and the clock for it (tests freeze it). */
    watchOptions: { recheckMs?: number; now?: () => number } = {},
  ) {
    this.changes = new FolderChanges([dir, promptsDir], watchOptions.recheckMs, watchOptions.now);
    this.clinicFile = watchClinicFile(join(dir, 'clinic.yaml'), onProblems, this.changes) as WatchedFlowFile<z.ZodType<ClinicFile>>;
    for (const [name, def] of Object.entries(FLOW_FILES) as [FlowFileName, (typeof FLOW_FILES)[FlowFileName]][]) {
      const path = join(dir, name);
      this.files.set(name, new WatchedFlowFile(path, def.schema as z.ZodType, displayPath(path), def.fallback, onProblems, this.changes));
    }
  }

  clinic(): ClinicFile {
    return this.clinicFile.get();
  }

  get<N extends FlowFileName>(name: N): FlowFileValue<N> {
    return this.files.get(name)!.get() as FlowFileValue<N>;
  }

  prompts(): PromptSet {
    const generation = this.changes.generation();
    if (this.promptSet?.generation !== generation) this.promptSet = { generation, set: readPrompts(this.promptsDir) };
    return this.promptSet.set;
  }

  /** Stops watching the folders (reads then look at the disk every time). */
  close(): void {
    this.changes.close();
  }

  /** Hash of every file in service: which version of the owner's words produced a turn. */
  version(): string {
    const h = createHash('sha256').update(this.clinicFile.hash());
    for (const [name, file] of this.files) h.update(name).update(file.hash());
    h.update(this.prompts().hash);
    return h.digest('hex').slice(0, 12);
  }

  /** Current problems across files (an edit that failed validation; the last valid version is in use). */
  problems(): FlowProblem[] {
    return [...this.clinicFile.problems(), ...[...this.files.values()].flatMap((f) => f.problems()), ...this.prompts().problems];
  }
}

/** Every clinic folder under FLOWS_DIR, keyed by clinic id. */
export class FlowRegistry {
  private readonly byClinic = new Map<string, ClinicFlows>();
  readonly defaultClinicId: string;

  constructor(flowsDir: string, promptsDir: string, onProblems?: (problems: FlowProblem[]) => void) {
    const folders = findClinicFolders(flowsDir);
    if (folders.length === 0) throw new Error(`${flowsDir}: no clinic.yaml found`);
    for (const folder of folders) {
      // A clinic folder may carry its own prompts/; otherwise PROMPTS_DIR serves all clinics.
      const own = join(folder.dir, 'prompts');
      const flows = new ClinicFlows(folder.dir, folders.length > 1 && existsDir(own) ? own : promptsDir, onProblems);
      this.byClinic.set(flows.clinic().clinic.id, flows);
    }
    this.defaultClinicId = this.byClinic.keys().next().value!;
  }

  get(clinicId: string): ClinicFlows | undefined {
    return this.byClinic.get(clinicId);
  }

  require(clinicId: string): ClinicFlows {
    const flows = this.byClinic.get(clinicId);
    if (!flows) throw new Error(`no flow files for clinic ${clinicId}`);
    return flows;
  }

  all(): [string, ClinicFlows][] {
    return [...this.byClinic.entries()];
  }

  close(): void {
    for (const flows of this.byClinic.values()) flows.close();
  }
}

function existsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
