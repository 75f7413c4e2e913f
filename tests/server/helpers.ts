import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadCatalog } from '../../src/core/catalog/load.ts';
import { loadKnowledge } from '../../src/core/knowledge.ts';
import { createApp, type AppOptions } from '../../src/server/app.ts';
import { WorkerPool } from '../../src/server/pool.ts';
import { latestCatalog, seedCatalog } from '../../src/server/catalog-store.ts';
import { openDatabase, type Db } from '../../src/server/db.ts';
import { migrate } from '../../src/server/migrations.ts';
import { readRoles } from '../../src/server/roles.ts';
import { loadOrCreateSigningKey } from '../../src/server/signing-key.ts';
import { addUser } from '../../src/server/users.ts';
import { readTemplates } from '../../src/export/node.ts';
import { readCatalogSources } from '../../src/node/catalog-files.ts';
import { DEFAULT_CATALOG_DIR, readAllRuleSources } from '../../src/node/knowledge-files.ts';

/**
 * API tests run on PGlite (in memory) by default, and on a real PostgreSQL when DATABASE_URL is set
 * (scripts/with-postgres.sh): each test file then gets a database of its own, dropped afterwards.
 */
export const ON_POSTGRES = Boolean(process.env.DATABASE_URL);

export async function freshDb(): Promise<{ db: Db; drop: () => Promise<void>; url?: string }> {
  const admin = process.env.DATABASE_URL;
  if (!admin) {
    const db = await openDatabase({});
    return { db, drop: () => db.close() };
  }
  const name = `dcq_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const a = await openDatabase({ url: admin, poolSize: 1 });
  await a.query(`CREATE DATABASE ${name}`);
  const url = admin.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const db = await openDatabase({ url });
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    },
  };
}

export const PASSWORD = 'correct horse battery';

export interface TestServer {
  base: string;
  db: Db;
  publicKeys: { id: string; hex: string }[];
  pool: WorkerPool | null;
  close: () => Promise<void>;
}

/** Migrated database, catalog seeded from catalog/, the listed users, the app on a loopback port. */
export async function startTestServer(users: Record<string, string[]>, opts: { bodyLimitBytes?: number; workers?: number; app?: Pick<AppOptions, 'loginLimit' | 'trustedProxies'> } = {}): Promise<TestServer> {
  const { db, drop } = await freshDb();
  await migrate(db);
  const sources = await readCatalogSources(DEFAULT_CATALOG_DIR);
  if (!sources.ok) throw new Error('catalog');
  const cat = loadCatalog(sources.value);
  if (!cat.ok) throw new Error('catalog');
  await seedCatalog(db, cat.value.version, sources.value, 'test');
  const catalog = (await latestCatalog(db))!;
  const knowledge = loadKnowledge({ catalog: catalog.sources, rules: readAllRuleSources() });
  const templates = readTemplates();
  if (!knowledge.ok || !templates.ok) throw new Error('knowledge/templates');
  const key = await loadOrCreateSigningKey(db);
  for (const [name, roles] of Object.entries(users)) await addUser(db, name, roles, PASSWORD);
  const pool = opts.workers ? new WorkerPool(opts.workers, { templates: templates.value }) : null;
  const { server } = createApp({
    pool,
    db, knowledge: knowledge.value, catalogVersion: catalog.version, templates: templates.value, roles: readRoles(), signingKey: key.current, publicKeys: key.all, distDir: null,
    log: () => {}, ...(opts.bodyLimitBytes ? { bodyLimitBytes: opts.bodyLimitBytes } : {}), ...opts.app,
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    db,
    publicKeys: key.all,
    pool,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((res) => server.close(() => res()));
      await pool?.close();
      await drop();
    },
  };
}

/** A signed-in browser: the session cookie and the CSRF token. */
export class Client {
  cookie = '';
  csrf = '';
  constructor(readonly base: string) {}

  async login(username: string, password = PASSWORD): Promise<Response> {
    const r = await this.req('POST', '/api/session', { username, password });
    if (r.status === 200) {
      this.cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
      this.csrf = ((await r.clone().json()) as { csrfToken: string }).csrfToken;
    }
    return r;
  }

  req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, opts: { csrf?: boolean } = {}): Promise<Response> {
    const h: Record<string, string> = { ...(this.cookie ? { Cookie: this.cookie } : {}), ...headers };
    if (opts.csrf !== false && this.csrf && method !== 'GET') h['X-CSRF-Token'] = this.csrf;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    return fetch(`${this.base}${path}`, { method, headers: h, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
  }
}

export function sampleProject(marginPct: string, terms = true): Record<string, unknown> {
  const p = JSON.parse(readFileSync(join(__dirname, '../../templates/projects/sample-110kv.json'), 'utf8')) as Record<string, unknown>;
  return {
    ...p,
    quote: {
      settings: { mode: 'targetMargin', marginPct, allocateBy: 'cost' },
      ...(terms ? { terms: { paymentTerms: '预付30%，发货前付60%，质保金10%', deliveryDays: 45, validUntil: '2027-03-31' } } : {}),
    },
  };
}
