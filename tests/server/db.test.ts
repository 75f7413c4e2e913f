import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { DataFolderLockedError, lockDataFolder, openDatabase } from '../../src/server/db.ts';
import { appliedVersions, LATEST_SCHEMA_VERSION, migrate } from '../../src/server/migrations.ts';
import { verifyPassword } from '../../src/server/passwords.ts';
import { freshDb } from './helpers.ts';

/** Migrations from empty and from the previous version; the data-folder lock; `dcq user` on a folder. */
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'dcq-db-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  it('run from an empty database to the latest, once', async () => {
    const { db, drop } = await freshDb();
    try {
      expect(await appliedVersions(db)).toEqual([]);
      expect(await migrate(db)).toEqual([1, 2, 3]);
      expect(await migrate(db)).toEqual([]);
      expect(await appliedVersions(db)).toEqual([1, 2, 3]);
      expect(LATEST_SCHEMA_VERSION).toBe(3);
    } finally {
      await drop();
    }
  }, 120_000);

  it('run from the previous version and keep its data', async () => {
    const { db, drop } = await freshDb();
    try {
      expect(await migrate(db, 1)).toEqual([1]);
      await db.query(`INSERT INTO users (username, password_hash, roles) VALUES ('old', 'x', ARRAY['engineer'])`);
      await db.query(`INSERT INTO projects (id, name, owner_id, version, content) VALUES ('p1', 'P', 1, 3, '{"a":1}')`);
      await db.query(`INSERT INTO project_versions (project_id, version, content, saved_by) VALUES ('p1', 3, '{"a":1}', 1)`);
      await db.query(`INSERT INTO login_failures (username) VALUES ('old')`);
      expect(await migrate(db)).toEqual([2, 3]);
      const { rows: failures } = await db.query<{ username: string; ip: string | null }>('SELECT username, ip FROM login_failures');
      expect(failures).toEqual([{ username: 'old', ip: null }]);
      const { rows } = await db.query<{ version: number; content: unknown; catalog_version: string | null }>('SELECT p.version, p.content, v.catalog_version FROM projects p JOIN project_versions v ON v.project_id = p.id');
      expect(rows).toEqual([{ version: 3, content: { a: 1 }, catalog_version: null }]);
      await db.query(`INSERT INTO audit (project_id, seq, at, username, action, detail, prev_hash, hash) VALUES ('p1', 1, now(), 'old', 'x', '{}', 'a', 'b')`);
      await expect(db.query(`DELETE FROM audit`)).rejects.toThrow(/append-only/);
    } finally {
      await drop();
    }
  }, 120_000);
});

describe('PGlite data folder', () => {
  it('is locked while one process holds it; a lock left by a dead process is taken over', () => {
    const dir = tmp();
    const release = lockDataFolder(dir);
    expect(() => lockDataFolder(dir)).toThrow(DataFolderLockedError);
    release();
    lockDataFolder(dir)();
    writeFileSync(join(dir, 'dcq.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname() }));
    const again = lockDataFolder(dir);
    expect(JSON.parse(readFileSync(join(dir, 'dcq.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    again();
  });

  it('dcq user add / disable / reset work on a folder and refuse while a server holds it', async () => {
    const dir = tmp();
    const out: string[] = [];
    const err: string[] = [];
    const io = (stdin: string) => ({ out: (s: string) => void out.push(s), err: (s: string) => void err.push(s), stdin: async () => `${stdin}\n` });
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      expect(await main(['--lang', 'en', 'user', 'add', 'ann', '--role', 'engineer,director', '--data', dir], io('first password'))).toBe(0);
      expect(await main(['--lang', 'en', 'user', 'add', 'bob', '--role', 'boss', '--data', dir], io('first password'))).toBe(1);
      expect(err.pop()).toMatch(/Unknown role: boss/);
      expect(await main(['--lang', 'en', 'user', 'add', 'bob', '--role', 'engineer', '--data', dir], io('short'))).toBe(1);
      expect(err.pop()).toMatch(/at least 8/);
      expect(await main(['--lang', 'en', 'user', 'reset', 'ann', '--data', dir], io('second password'))).toBe(0);
      expect(await main(['--lang', 'en', 'user', 'disable', 'ann', '--data', dir], io(''))).toBe(0);
      expect(await main(['--lang', 'en', 'user', 'disable', 'nobody', '--data', dir], io(''))).toBe(1);

      const release = lockDataFolder(dir); // as a running server does
      expect(await main(['--lang', 'en', 'user', 'add', 'carl', '--role', 'engineer', '--data', dir], io('a password'))).toBe(3);
      expect(err.pop()).toMatch(/in use by another process/);
      release();

      const db = await openDatabase({ dataDir: dir });
      try {
        const { rows } = await db.query<{ username: string; roles: string[]; disabled: boolean; password_hash: string }>('SELECT username, roles, disabled, password_hash FROM users');
        expect(rows.map((r) => [r.username, r.roles, r.disabled])).toEqual([['ann', ['engineer', 'director'], true]]);
        expect(await verifyPassword('second password', rows[0]!.password_hash)).toBe(true);
        expect(await verifyPassword('first password', rows[0]!.password_hash)).toBe(false);
      } finally {
        await db.close();
      }
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  }, 180_000);
});
