import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import { fillPlaceholders } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; domain functions accept `Db | Tx` through `Executor`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Rows of a raw SQL query, the same shape for both drivers. */
  rows<T = Record<string, unknown>>(query: SQL, executor?: Executor): Promise<T[]>;
  /**
   * A raw SQL statement run many times (the per-message hot path): its text is built once, with
   * `sql.placeholder(name)` for what varies, and the server keeps it parsed on each connection.
   * Timestamps go in as ISO strings (cast in the SQL); rows come back as the driver gives them
   * (timestamps are strings on postgres.js, Dates on PGlite: wrap them in `new Date`).
   */
  statement<T = Record<string, unknown>>(query: SQL): (values: Record<string, unknown>) => Promise<T[]>;
  /** Throws when the database cannot answer (for /readyz). */
  ping(): Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Turns raw SQL into text and parameters (no table casing involved). */
const dialect = new PgDialect();

/** `Database.statement` over a driver's run-this-text call: the text is built once, values filled per call. */
function builtOnce(run: (text: string, params: unknown[]) => Promise<unknown[]>): Database['statement'] {
  return <T>(query: SQL) => {
    const built = dialect.sqlToQuery(query);
    return async (values: Record<string, unknown>) => (await run(built.sql, fillPlaceholders(built.params, values))) as T[];
  };
}

/**
 * A value built once per key and kept while the key lives: prepared statements per database, whose
 * building (Drizzle's query builder) costs more than running them.
 */
export function onceFor<K extends object, V>(cache: WeakMap<K, V>, key: K, build: () => V): V {
  let value = cache.get(key);
  if (value === undefined) cache.set(key, (value = build()));
  return value;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface OpenDatabaseOptions {
  /** Postgres URL; absent → PGlite. */
  url?: string;
  /** PGlite folder; absent with no url → in memory (tests). */
  dataDir?: string;
  /** Pool size for Postgres. @defaultValue defaultPoolSize() */
  maxConnections?: number;
  /** Apply pending migrations on open. @defaultValue true */
  migrate?: boolean;
  /** Called for every query sent to Postgres (benchmarks count queries per message). */
  onQuery?: (query: string) => void;
}

/** Rows from either driver's raw result (postgres.js: an array; PGlite: `{ rows }`). */
export function resultRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown[] } | null)?.rows;
  return (rows ?? []) as T[];
}

/** Postgres error code (e.g. 23P01 exclusion violation), looking through Drizzle's wrapping. */
export function pgErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The named constraint a Postgres error is about, when there is one. */
export function pgConstraint(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++) {
    const c = (e as { constraint_name?: unknown; constraint?: unknown }).constraint_name ?? (e as { constraint?: unknown }).constraint;
    if (typeof c === 'string') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Connections per process when not configured: twice this machine's cores, 4 to 20. Measured on 2
 * cores (webhook benchmark, closed loop): 3–6 connections gave 270–290 msg/s, 8 gave 253, 20 gave
 * 211–221 — beyond what Postgres runs at once, connections only add a socket write per query.
 */
export function defaultPoolSize(): number {
  return Math.min(20, Math.max(4, 2 * availableParallelism()));
}

/**
 * Opens the database the configuration asks for. Both drivers run the same Drizzle schema and the
 * same migrations, so the embedded default behaves like production down to the overlap guard.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const database = options.url ? await openPostgres(options.url, options.maxConnections ?? defaultPoolSize(), options.onQuery) : await openPglite(options.dataDir);
  if (options.migrate !== false) await database.migrate();
  return database;
}

async function openPglite(dataDir?: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { btree_gist } = await import('@electric-sql/pglite/contrib/btree_gist');
  const { drizzle } = await import('drizzle-orm/pglite');
  let dir: string | undefined;
  let releaseLock = () => {};
  if (dataDir) {
    dir = resolve(dataDir);
    mkdirSync(dir, { recursive: true });
    releaseLock = lockDataDir(dir);
  }
  const client = await PGlite.create(dir, { extensions: { btree_gist } }).catch((err) => {
    releaseLock();
    throw err;
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  return pgliteDatabase(client, db, {
    migrate: async () => {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
    },
    close: async () => {
      if (!client.closed) await client.close();
      releaseLock();
    },
  });
}

/** The `Database` over an open PGlite client (the embedded default; tests' in-memory copies). */
export function pgliteDatabase(client: PGlite, db: Db, lifecycle: Pick<Database, 'migrate' | 'close'>): Database {
  return {
    db,
    kind: 'pglite',
    rows: async (query, executor) => resultRows(await (executor ?? db).execute(query)),
    statement: builtOnce(async (text, params) => (await client.query(text, params)).rows),
    ping: async () => {
      await client.query('select 1');
    },
    ...lifecycle,
  };
}

/**
 * PGlite is single-process: two processes on one folder would corrupt it. A lock file with the
 * owner's pid refuses a second opener with a clear message (a stale lock from a dead pid is taken).
 */
function lockDataDir(dir: string): () => void {
  const lock = `${dir}.lock`;
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`the embedded database ${dir} is in use by process ${pid} (is \`npm start\` running?). Stop it, or set DATABASE_URL to use Postgres.`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  writeFileSync(lock, String(process.pid));
  return () => {
    try {
      if (Number(readFileSync(lock, 'utf8')) === process.pid) unlinkSync(lock);
    } catch {
      /* already gone */
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * postgres.js sends a parameterised query that is not prepared in two round trips (it asks the
 * server for the parameter types first, then binds), and Drizzle runs its queries unprepared. This
 * view of the client prepares every query — in transactions too — so each statement is parsed once
 * per connection and costs one round trip. Distinct query texts are bounded (the app's own SQL),
 * and connections are recycled (idle timeout, max lifetime), which bounds the cache.
 *
 * `onQuery` sees every statement sent (transactions count their BEGIN and COMMIT or ROLLBACK).
 * It is counted here rather than with postgres.js's `debug` hook, which captures a stack trace
 * per query and would make a benchmark measure its own instrumentation.
 */
function preparing<T extends object>(client: T, onQuery?: (query: string) => void): T {
  return new Proxy(client, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      if (prop === 'unsafe') {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) => {
          onQuery?.(query);
          return value.call(target, query, params, { ...options, prepare: true });
        };
      }
      if (prop === 'begin' || prop === 'savepoint') {
        return (...args: unknown[]) => {
          const i = args.findIndex((a) => typeof a === 'function');
          const body = args[i] as (inner: object) => unknown;
          args[i] = (inner: object) => body(preparing(inner, onQuery));
          onQuery?.(prop);
          const result = value.apply(target, args) as Promise<unknown>;
          if (!onQuery) return result;
          return result.then(
            (v) => (onQuery(prop === 'begin' ? 'commit' : 'release savepoint'), v),
            (err: unknown) => {
              onQuery(prop === 'begin' ? 'rollback' : 'rollback to savepoint');
              throw err;
            },
          );
        };
      }
      return value.bind(target);
    },
  });
}

async function openPostgres(url: string, max: number, onQuery?: (query: string) => void): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 30,
    // Prepared statements (below) keep the server's default plan caching: after a few runs a
    // statement whose generic plan costs no more is no longer planned again (planning was more than
    // half of Postgres's time per message). The indexes are shaped so generic plans stay exact.
    connection: { application_name: 'atende' },
  });
  const counted = preparing(client, onQuery);
  const db = drizzle(counted, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    rows: async (query, executor) => resultRows(await (executor ?? db).execute(query)),
    statement: builtOnce((text, params) => counted.unsafe(text, params as never[])),
    ping: async () => {
      onQuery?.('select 1');
      await client`select 1`;
    },
    migrate: async () => {
      // One connection holds an advisory lock, so processes starting together migrate one at a time.
      const single = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
      try {
        await single`select pg_advisory_lock(724301)`;
        const { migrate } = await import('drizzle-orm/postgres-js/migrator');
        await migrate(drizzle(single, { schema }), { migrationsFolder: MIGRATIONS_DIR });
        await single`select pg_advisory_unlock(724301)`;
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    close: async () => {
      await client.end({ timeout: 5 });
    },
  };
}

/** Where the embedded database lives inside DATA_DIR. */
export function pgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}
