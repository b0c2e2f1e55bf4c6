import { type FSWatcher, statSync, watch } from 'node:fs';

/**
 * Tells the owner files' readers when a look at the disk is due, so a turn does not stat every
 * file and list the prompts each time. A look is due after the operating system reports a change
 * in one of the folders (fs.watch: an edit, an editor's write-and-rename), and in any case once
 * `recheckMs` has passed, for file systems that report nothing (network mounts). At each recheck a
 * folder that appeared, or saw a rename (how its replacement shows: `rm -r flows && cp -r …`), is
 * watched anew. Where watching fails, every read looks, as without this.
 *
 * Readers compare `generation()` with the one they last looked at: it moves on with each change
 * report and each recheck period.
 */
export class FolderChanges {
  private current = 0;
  private lastTick: number;
  private watching = true;
  private readonly folders: Folder[];

  constructor(
    dirs: string[],
    private readonly recheckMs = 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.lastTick = now();
    this.folders = [...new Set(dirs)].map((dir) => ({ dir }));
    this.rewatch();
  }

  /** Moves on when a change was reported or the recheck period passed since the last move; every call when not watching. */
  generation(): number {
    if (!this.watching) return ++this.current;
    const t = this.now();
    if (t - this.lastTick >= this.recheckMs) {
      this.lastTick = t;
      this.current++;
      this.rewatch();
    }
    return this.current;
  }

  /** Stops watching; from then on every read looks at the disk. */
  close(): void {
    this.watching = false;
    for (const f of this.folders) this.unwatch(f);
  }

  /**
   * Watches each folder that exists and is not watched yet. A folder that saw a rename (which is
   * also how its own removal shows, and a new folder may reuse the old inode) is watched anew.
   */
  private rewatch(): void {
    for (const f of this.folders) {
      let exists = true;
      try {
        statSync(f.dir);
      } catch {
        exists = false; // missing: the periodic recheck covers it until it appears
      }
      if (exists && f.watcher && !f.renamed) continue;
      this.unwatch(f);
      if (!exists) continue;
      try {
        f.watcher = watch(f.dir, { persistent: false }, (event) => {
          this.current++;
          if (event === 'rename') f.renamed = true;
        });
        f.watcher.on('error', () => this.close());
      } catch {
        this.close();
        return;
      }
    }
  }

  private unwatch(f: Folder): void {
    f.watcher?.close();
    f.watcher = undefined;
    f.renamed = false;
  }
}

interface Folder {
  dir: string;
  watcher?: FSWatcher;
  /** A rename was reported since the folder was last watched. */
  renamed?: boolean;
}
