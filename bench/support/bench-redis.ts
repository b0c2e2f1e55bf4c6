import { redisReachable } from '../../test/support/services';

/** The local Redis the benchmarks use (BENCH_REDIS_URL, then REDIS_URL, override). */
export const benchRedisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export const redisAvailable = () => redisReachable(benchRedisUrl);

/** Removes a benchmark's BullMQ keys. */
export async function dropPrefix(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(benchRedisUrl, { maxRetriesPerRequest: 1 });
  try {
    // Twice: closing queues may still write their meta keys just after the first pass.
    for (const pause of [0, 300]) {
      await new Promise((r) => setTimeout(r, pause));
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 1000 }) as AsyncIterable<string[]>) if (keys.length) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}
