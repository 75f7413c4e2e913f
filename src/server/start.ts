import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledge } from '../core/knowledge.ts';
import { compileKnowledge } from '../core/knowledge-compiled.ts';
import { loadCatalog } from '../core/catalog/load.ts';
import { fail, ok, type Result } from '../core/problems.ts';
import { formatPublicKey } from '../core/signing/approval-signature.ts';
import { readTemplates } from '../export/node.ts';
import { readCatalogSources } from '../node/catalog-files.ts';
import { DEFAULT_CATALOG_DIR, readAllRuleSources } from '../node/knowledge-files.ts';
import { createApp } from './app.ts';
import { latestCatalog, seedCatalog } from './catalog-store.ts';
import { openMigrated, type DatabaseChoice } from './database-choice.ts';
import type { Db } from './db.ts';
import { readRoles } from './roles.ts';
import { loadOrCreateSigningKey } from './signing-key.ts';
import { WorkerPool } from './pool.ts';
import { availableParallelism } from 'node:os';
import { addUser, userCount } from './users.ts';

/** `dcq serve`: opens the database, migrates, seeds the catalog, then listens on loopback (or --host). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export interface StartOptions extends DatabaseChoice {
  port: number;
  host?: string;
  distDir?: string | null;
  sessionTtlSeconds?: number;
  out?: (line: string) => void;
  /** Reverse proxies whose X-Forwarded-Proto/-For are believed (default: DCQ_TRUSTED_PROXIES, comma-separated addresses). */
  trustedProxies?: string[];
  /** Roles of the administrator created on a first start (default: admin only; `npm start` adds engineer and bidStaff). */
  firstAdminRoles?: string[];
}

export interface RunningServer {
  url: string;
  port: number;
  db: Db;
  /** The administrator created by this start (first start only) and the one-time password shown. */
  firstAdmin: { username: string; password: string; roles: string[] } | null;
  close: () => Promise<void>;
}

export async function startServer(o: StartOptions): Promise<Result<RunningServer>> {
  const out = o.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const catalogSources = await readCatalogSources(DEFAULT_CATALOG_DIR);
  if (!catalogSources.ok) return fail(catalogSources.problems);
  const repoCatalog = loadCatalog(catalogSources.value);
  if (!repoCatalog.ok) return fail(repoCatalog.problems);
  const templates = readTemplates();
  if (!templates.ok) return fail(templates.problems);
  const roles = readRoles();

  const db = await openMigrated(o);
  let pool: WorkerPool | null = null;
  try {
    const seeded = await seedCatalog(db, repoCatalog.value.version, catalogSources.value, 'catalog/');
    const catalog = (await latestCatalog(db))!;
    const knowledge = loadKnowledge({ catalog: catalog.sources, rules: readAllRuleSources() });
    if (!knowledge.ok) {
      await db.close();
      return fail(knowledge.problems);
    }
    const key = await loadOrCreateSigningKey(db);
    let firstAdmin: string | null = null;
    const adminRoles = o.firstAdminRoles ?? ['admin'];
    if ((await userCount(db)) === 0) {
      firstAdmin = randomBytes(12).toString('base64url');
      await addUser(db, 'admin', adminRoles, firstAdmin);
    }
    const distDir = o.distDir === undefined ? join(REPO_ROOT, 'dist') : o.distDir;
    // Sizing, pricing and PDF rendering run on worker threads, one per core (DCQ_WORKERS overrides;
    // 0 runs them on the event loop), so a long render never holds up sign-ins, reads and saves.
    const workers = workerCount(process.env.DCQ_WORKERS);
    const ruleSources = readAllRuleSources();
    pool = workers > 0 ? new WorkerPool(workers, { templates: templates.value }) : null;
    const { server } = createApp({
      pool, ruleSources,
      db, knowledge: knowledge.value, catalogVersion: catalog.version, templates: templates.value, roles, signingKey: key.current, publicKeys: key.all,
      distDir: distDir && existsSync(distDir) ? distDir : null,
      ...(o.sessionTtlSeconds ? { sessionTtlSeconds: o.sessionTtlSeconds } : {}),
      trustedProxies: o.trustedProxies ?? addressList(process.env.DCQ_TRUSTED_PROXIES),
    });
    await pool?.whenReady({ version: catalog.version, compiled: () => compileKnowledge(knowledge.value, []) });
    const host = o.host ?? '127.0.0.1';
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(o.port, host, () => res());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${host}:${port}`;
    out(`dcq serve: ${url}`);
    out(`  database / 数据库: ${db.kind} — ${db.location}`);
    out(`  catalog / 物料库版本: ${catalog.version}${seeded.added ? ' (new version stored / 已存为新版本)' : ''}`);
    out(`  worker threads / 计算线程: ${workers ? `${workers} (${pool!.entry.bundled ? 'bundle build/cli' : 'sources through tsx: npm run build:cli makes them start faster'})` : 'none (inline) / 无'}`);
    out(`  approval public key / 审批公钥 (templates/approval-public-key.txt): ${formatPublicKey(key.current.publicKey)}`);
    if (!distDir || !existsSync(distDir)) out('  app not built: run `npm run build` to serve it / 网页未构建：请先 npm run build');
    if (firstAdmin) {
      out(`  first administrator / 首个管理员: user "admin" (${adminRoles.join(', ')}), password / 密码 ${firstAdmin}`);
      out('  (shown once; change it with `dcq user reset admin` while the server is stopped / 仅显示一次)');
    }
    return ok({
      url,
      port,
      db,
      firstAdmin: firstAdmin ? { username: 'admin', password: firstAdmin, roles: adminRoles } : null,
      close: async () => {
        await new Promise<void>((res) => {
          server.close(() => res());
          server.closeAllConnections();
        });
        await pool?.close();
        await db.close();
      },
    });
  } catch (e) {
    await pool?.close().catch(() => {});
    await db.close().catch(() => {});
    throw e;
  }
}


/** `10.0.0.5, ::1` → ['10.0.0.5', '::1']. */
export function addressList(env: string | undefined): string[] {
  return (env ?? '').split(',').map((a) => a.trim()).filter(Boolean);
}

/** Worker threads for the heavy work: DCQ_WORKERS when given (0 = inline), else one per core. */
export function workerCount(env: string | undefined): number {
  if (env !== undefined && /^\d{1,2}$/.test(env.trim())) return Number(env.trim());
  return Math.max(1, availableParallelism());
}
