import { describe, expect, it } from 'vitest';
import { InProcessJobQueue } from '../../src/jobs/in-process-job-queue';
import { RetryLaterError } from '../../src/jobs/job-queue';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('InProcessJobQueue', () => {
  it('runs jobs with one serial key one at a time, in the order added', async () => {
    const q = new InProcessJobQueue();
    const log: string[] = [];
    q.handle(
      'turn',
      async (data) => {
        log.push(`start ${data.conversationId}`);
        await tick(10);
        log.push(`end ${data.conversationId}`);
      },
      { concurrency: 8 },
    );
    await q.start();
    await q.add('turn', { conversationId: 'a1' }, { jobId: 'j1', serialKey: 'a' });
    await q.add('turn', { conversationId: 'a2' }, { jobId: 'j2', serialKey: 'a' });
    await q.add('turn', { conversationId: 'a3' }, { jobId: 'j3', serialKey: 'a' });
    await q.idle(2000);
    expect(log).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
  });

  it('coalesces: a job added while one of its key already waits (not started) is dropped; one added while none waits still runs', async () => {
    const q = new InProcessJobQueue();
    const runs: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    q.handle(
      'turn',
      async (data) => {
        runs.push(data.conversationId);
        if (data.conversationId === 'first') await gate;
      },
      { concurrency: 8 },
    );
    await q.start();
    await q.add('turn', { conversationId: 'first' }, { jobId: 't1', serialKey: 'c', coalesce: true });
    await tick();
    await q.add('turn', { conversationId: 'second' }, { jobId: 't2', serialKey: 'c', coalesce: true }); // waits behind the running one
    await q.add('turn', { conversationId: 'third' }, { jobId: 't3', serialKey: 'c', coalesce: true }); // dropped: "second" will do its work
    await q.add('turn', { conversationId: 'other' }, { jobId: 't4', serialKey: 'd', coalesce: true }); // another key: runs now
    await tick();
    expect(runs).toEqual(['first', 'other']);
    release();
    await q.idle(2000);
    expect(runs).toEqual(['first', 'other', 'second']);
    // Nothing waits now: the next one runs.
    await q.add('turn', { conversationId: 'fourth' }, { jobId: 't5', serialKey: 'c', coalesce: true });
    await q.idle(2000);
    expect(runs).toEqual(['first', 'other', 'second', 'fourth']);
  });

  it('without coalesce every job runs; a job that must retry later runs again without counting an attempt', async () => {
    const q = new InProcessJobQueue();
    const runs: string[] = [];
    let refusals = 0;
    q.handle(
      'turn',
      async (data, meta) => {
        runs.push(`${data.conversationId}#${meta.attempt}`);
        if (data.conversationId === 'x' && refusals++ < 2) throw new RetryLaterError(5, 'leased');
      },
      { concurrency: 8, attempts: 1 },
    );
    await q.start();
    await q.add('turn', { conversationId: 'x' }, { jobId: 'r1', serialKey: 'k' });
    await q.add('turn', { conversationId: 'y' }, { jobId: 'r2', serialKey: 'k' });
    await q.add('turn', { conversationId: 'z' }, { jobId: 'r3', serialKey: 'k' });
    await q.idle(2000);
    expect(runs.filter((r) => r.startsWith('x'))).toEqual(['x#1', 'x#1', 'x#1']);
    expect(runs).toContain('y#1');
    expect(runs).toContain('z#1');
  });
});
