import { describe, expect, it } from 'vitest';
import { acceptWithRetry } from '../../src/pipeline/accept-with-retry';
import type { PipelineDeps } from '../../src/pipeline/pipeline-deps';
import { silentLogger } from '../../src/lib/logger';

const message = { channel: 'whatsapp_web' as const, providerMessageId: 'x', to: 'c', from: '+5511900000000', sentAt: new Date(), kind: 'text' as const, text: 'oi' };

describe('acceptWithRetry (channels that never redeliver)', () => {
  it('keeps trying through a database blip, then stores the message', async () => {
    let calls = 0;
    // A directory that fails twice (database down), then resolves to an unknown clinic: enough to
    // show the retry loop reaches acceptInbound again.
    const deps = {
      logger: silentLogger,
      clinics: {
        resolve: async () => {
          calls++;
          if (calls < 3) throw new Error('connect ECONNREFUSED');
          return null;
        },
      },
      clock: { now: () => new Date() },
    } as unknown as PipelineDeps;
    const result = await acceptWithRetry(deps, message, { baseMs: 1 });
    expect(calls).toBe(3);
    expect(result).toEqual({ status: 'unknown_clinic' });
  });

  it('gives up after the last attempt instead of retrying forever', async () => {
    let calls = 0;
    const deps = {
      logger: silentLogger,
      clinics: { resolve: async () => { calls++; throw new Error('down'); } },
      clock: { now: () => new Date() },
    } as unknown as PipelineDeps;
    expect(await acceptWithRetry(deps, message, { attempts: 4, baseMs: 1 })).toBeNull();
    expect(calls).toBe(4);
  });
});
