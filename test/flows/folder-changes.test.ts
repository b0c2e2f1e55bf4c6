import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClinicFlows } from '../../src/flows/clinic-flows';
import { FolderChanges } from '../../src/flows/folder-changes';
import { WatchedFlowFile } from '../../src/flows/flow-store';
import { messagesFileSchema } from '../../src/flows/messages-schema';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'atende-folder-changes-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Waits (up to 3 s) until `check` holds. */
async function until(check: () => boolean): Promise<boolean> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

describe('FolderChanges', () => {
  it('moves on when a file in a watched folder is written, and not otherwise before the recheck period', async () => {
    const dir = tempDir();
    let clock = 0;
    const changes = new FolderChanges([dir], 1000, () => clock);
    try {
      const start = changes.generation();
      clock = 999;
      await new Promise((r) => setTimeout(r, 50));
      expect(changes.generation()).toBe(start); // nothing written, period not over
      writeFileSync(join(dir, 'booking.yaml'), 'x: 1\n');
      expect(await until(() => changes.generation() !== start)).toBe(true);
    } finally {
      changes.close();
    }
  });

  it('moves on once the recheck period has passed, for folders it cannot watch (missing at start)', () => {
    let clock = 0;
    const changes = new FolderChanges([join(tempDir(), 'not-yet')], 1000, () => clock);
    const start = changes.generation();
    clock = 500;
    expect(changes.generation()).toBe(start);
    clock = 1000;
    expect(changes.generation()).toBe(start + 1);
    expect(changes.generation()).toBe(start + 1);
  });

  it('watches a folder again after it was removed and made anew (rm -r flows && cp -r …)', async () => {
    const root = tempDir();
    const dir = join(root, 'flows');
    mkdirSync(dir);
    let clock = 0;
    const changes = new FolderChanges([dir], 1000, () => clock);
    try {
      writeFileSync(join(dir, 'old.yaml'), 'x: 0\n');
      rmSync(dir, { recursive: true });
      mkdirSync(dir);
      await new Promise((r) => setTimeout(r, 50)); // the removal's reports arrive
      clock = 1000; // the next recheck watches the new folder
      const settled = changes.generation();
      writeFileSync(join(dir, 'booking.yaml'), 'x: 1\n');
      expect(await until(() => changes.generation() !== settled)).toBe(true);
    } finally {
      changes.close();
    }
  });

  it('after close, every read looks again', () => {
    const changes = new FolderChanges([tempDir()], 1000, () => 0);
    changes.close();
    const a = changes.generation();
    expect(changes.generation()).not.toBe(a);
  });
});

describe('ClinicFlows reads the disk only when its folders changed', () => {
  it('a file is not looked at again until its generation moves on', () => {
    const dir = tempDir();
    const path = join(dir, 'messages.yaml');
    writeFileSync(path, "greeting: 'um'\n");
    let clock = 0;
    // Watching another folder: this file's edits are noticed only by the recheck period.
    const changes = new FolderChanges([tempDir()], 1000, () => clock);
    const file = new WatchedFlowFile(path, messagesFileSchema, 'messages.yaml', undefined, undefined, changes);
    try {
      expect(file.get().greeting).toBe('um');
      writeFileSync(path, "greeting: 'dois, um texto mais longo'\n");
      expect(file.get().greeting).toBe('um'); // no look at the disk within the period
      clock = 1000;
      expect(file.get().greeting).toBe('dois, um texto mais longo');
    } finally {
      changes.close();
    }
  });

  it('serves an edit made on disk once the change is reported, with the clock frozen (no periodic look)', async () => {
    const root = tempDir();
    cpSync(join(process.cwd(), 'flows'), join(root, 'flows'), { recursive: true });
    cpSync(join(process.cwd(), 'prompts'), join(root, 'prompts'), { recursive: true });
    const flows = new ClinicFlows(join(root, 'flows'), join(root, 'prompts'), undefined, { recheckMs: 1000, now: () => 0 });
    try {
      const before = flows.version();
      const greeting = flows.get('messages.yaml').greeting;
      const path = join(root, 'flows', 'messages.yaml');
      writeFileSync(path, readFileSync(path, 'utf8').replace(/^greeting: .*$/m, "greeting: 'Olá, edição nova!'"));
      expect(await until(() => flows.get('messages.yaml').greeting === 'Olá, edição nova!')).toBe(true);
      expect(greeting).not.toBe('Olá, edição nova!');
      expect(flows.version()).not.toBe(before);

      const promptsBefore = flows.prompts().hash;
      writeFileSync(join(root, 'prompts', 'system.md'), 'Você é a recepção da {{clinic.name}}.\n');
      expect(await until(() => flows.prompts().hash !== promptsBefore)).toBe(true);
    } finally {
      flows.close();
    }
  });
});
