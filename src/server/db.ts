import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hostname } from 'node:os';

/**
 * The one query layer of the server: a tiny driver interface with two implementations, PGlite
 * (embedded PostgreSQL in a data folder, the default) and node-postgres (`DATABASE_URL`). All SQL the
 * server writes is plain PostgreSQL that runs on both (PGlite is PostgreSQL 18, Debian's server 15):
 * `$1` parameters, no driver-specific helpers.
 */
export type DatabaseKind = 'pglite' | 'postgresql';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
}

export interface Db extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs `fn` in one transaction (BEGIN … COMMIT; ROLLBACK when it throws). */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Where the data lives, for the start-up message (folder or URL without password). */
  readonly location: string;
}

export class DataFolderLockedError extends Error {
  constructor(readonly dir: string, readonly holder: string) {
    super(`the data folder ${dir} is in use by another process (${holder}); stop it first`);
  }
}

const LOCK_NAME = 'dcq.lock';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is one process: the folder is locked while a process holds it. The lock is a file created
 * exclusively (O_EXCL) holding the pid and host; a lock left by a dead process on this host is taken over.
 * Returns the release function.
 */
export function lockDataFolder(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_NAME);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: { pid?: number; host?: string } = {};
      try {
        holder = JSON.parse(readFileSync(file, 'utf8')) as typeof holder;
      } catch {
        // A lock file being written right now, or damaged: treat it as held.
      }
      const stale = holder.host === hostname() && typeof holder.pid === 'number' && !processAlive(holder.pid);
      if (!stale) throw new DataFolderLockedError(dir, holder.pid ? `pid ${holder.pid} on ${holder.host}` : 'unknown process');
      rmSync(file, { force: true });
    }
  }
  throw new DataFolderLockedError(dir, 'unknown process');
}

export interface OpenOptions {
  /** PGlite data folder; ignored when `url` is given. Omitted together with url: an in-memory PGlite (tests). */
  dataDir?: string;
  /** postgres://… selects node-postgres. */
  url?: string;
  /** node-postgres pool size. */
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<Db> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10);
  return openPglite(opts.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Db> {
  const release = dataDir ? lockDataFolder(resolve(dataDir)) : () => {};
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = dataDir ? await PGlite.create(join(resolve(dataDir), 'pgdata')) : await PGlite.create();
    const wrap = (q: { query: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }> }): Queryable => ({
      query: async <T,>(sql: string, params: readonly unknown[] = []) => ({ rows: (await q.query(sql, [...params])).rows as T[] }),
    });
    return {
      kind: 'pglite',
      location: dataDir ? resolve(dataDir) : '(memory)',
      ...wrap(pg),
      transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
      close: async () => {
        try {
          await pg.close();
        } finally {
          release();
        }
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 30_000 });
  // A dropped connection (server restart) must not crash the process: the next query reconnects.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const shown = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return {
    kind: 'postgresql',
    location: shown,
    query: async <T,>(sql: string, params: readonly unknown[] = []) => ({ rows: (await pool.query(sql, [...params])).rows as T[] }),
    transaction: async (fn) => {
      const client = await pool.connect();
      // A connection the server drops while checked out (PostgreSQL restart) emits 'error' on the
      // client: the transaction fails through its query, the process must not crash.
      const onError = () => {};
      client.on('error', onError);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const out = await fn({ query: async <T,>(sql: string, params: readonly unknown[] = []) => ({ rows: (await client.query(sql, [...params])).rows as T[] }) });
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch((re: Error) => (broken = re));
        throw e;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
