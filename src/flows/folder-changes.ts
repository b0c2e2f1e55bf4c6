import { existsSync, type FSWatcher, watch } from 'node:fs';

/**
 * Tells the owner files' readers when a look at the disk is due, so a turn does not stat every
 * file and list the prompts each time. A look is due after the operating system reports a change
 * in one of the folders (fs.watch: an edit, an editor's write-and-rename), and in any case once
 * `recheckMs` has passed, for file systems that report nothing (network mounts, a folder created
 * later). Where watching fails, every read looks, as without this.
 *
 * Readers compare `generation()` with the one they last looked at: it moves on with each change
 * report and each recheck period.
 */
export class FolderChanges {
  private current = 0;
  private lastTick: number;
  private watching = true;
  private readonly watchers: FSWatcher[] = [];

  constructor(
    dirs: string[],
    private readonly recheckMs = 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.lastTick = now();
    try {
      for (const dir of new Set(dirs)) {
        if (!existsSync(dir)) continue; // the periodic recheck covers a folder created later
        const watcher = watch(dir, { persistent: false }, () => this.current++);
        watcher.on('error', () => this.stopWatching());
        this.watchers.push(watcher);
      }
    } catch {
      this.stopWatching();
    }
  }

  /** Moves on when a change was reported or the recheck period passed since the last move; every call when not watching. */
  generation(): number {
    if (!this.watching) return ++this.current;
    const t = this.now();
    if (t - this.lastTick >= this.recheckMs) {
      this.lastTick = t;
      this.current++;
    }
    return this.current;
  }

  /** Stops watching; from then on every read looks at the disk. */
  close(): void {
    this.stopWatching();
  }

  private stopWatching(): void {
    this.watching = false;
    for (const w of this.watchers.splice(0)) w.close();
  }
}
