import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/lib/logger';
import { startTestApp } from '../support/test-app';

/** What the front door of the app exposes depends on where it runs. */
describe('http app', () => {
  const capture = () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', destination: new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }) });
    return { lines, logger };
  };

  it('hides the simulator in production by default', async () => {
    const { lines, logger } = capture();
    const t = await startTestApp({ kind: 'pglite', env: { NODE_ENV: 'production' }, logger });
    try {
      expect((await fetch(`${t.url}/simulator`)).status).toBe(404);
      expect(await (await fetch(`${t.url}/`)).text()).not.toContain('/simulator');
      expect(lines.join('')).not.toContain('SIMULATOR=on in production');
    } finally {
      await t.stop();
    }
  });

  it('warns loudly when the simulator is forced on in production', async () => {
    const { lines, logger } = capture();
    const t = await startTestApp({ kind: 'pglite', env: { NODE_ENV: 'production', SIMULATOR: 'on' }, logger });
    try {
      expect((await fetch(`${t.url}/simulator`)).status).toBe(200);
      expect(lines.join('')).toContain('SIMULATOR=on in production');
    } finally {
      await t.stop();
    }
  });
});
