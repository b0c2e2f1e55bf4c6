import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { expect, inject, it } from 'vitest';
import { BullmqJobQueue } from '../../src/jobs/bullmq-job-queue';
import { describeWithServices } from '../support/test-database';

/** Sockets this process holds open to the test Redis. */
function redisSockets(): number {
  const port = Number(new URL(inject('redisUrl')!).port || 6379);
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((h) => (h as Socket).remotePort === port && !(h as Socket).destroyed).length;
}

describeWithServices('BullMQ job queue on real Redis', () => {
  it('runs jobs, then close() lets go of every Redis connection (a stopped process can exit)', async () => {
    const before = redisSockets();
    const q = await BullmqJobQueue.create(inject('redisUrl')!, `test-close-${randomUUID().slice(0, 8)}`);
    const seen: string[] = [];
    q.handle('turn', async (data) => void seen.push(data.conversationId), { concurrency: 2 });
    q.handle('send', async () => {});
    await q.start();
    await q.add('turn', { conversationId: 'c1' }, { jobId: 'turn:c1:1' });
    await q.idle(10_000);
    expect(seen).toEqual(['c1']);
    expect(redisSockets()).toBeGreaterThan(before);
    await q.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(redisSockets()).toBe(before);
  });
});
