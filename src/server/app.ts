import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { todayInChina } from '../core/quote/dates.ts';
import type { Templates } from '../core/export/templates.ts';
import { loadKnowledge, type Knowledge, type TextSource } from '../core/knowledge.ts';
import { compileKnowledge } from '../core/knowledge-compiled.ts';
import { applyPriceListDiff, diffPriceList, readPriceList } from '../core/catalog/price-list.ts';
import type { CatalogSource } from '../core/catalog/source-files.ts';
import { bumpCatalogVersion } from '../core/catalog/version-bump.ts';
import type { Problem } from '../core/problems.ts';
import { listKnownKcTables } from '../node/catalog-files.ts';
import { DEFAULT_RULES_ROOT, readAllRuleSources } from '../node/knowledge-files.ts';
import { gridFromBytes, parseMap } from '../node/price-list-input.ts';
import { openProjectJson } from '../core/project/index.ts';
import type { ProjectFile } from '../core/project/schema.ts';
import { quoteStateSchema, type QuoteState } from '../core/quote/schema.ts';
import { signApproval, signedOnlyState, formatPublicKey, verifySignedApproval, type PublicKey, type SignedApproval } from '../core/signing/approval-signature.ts';
import type { DocumentKind } from '../export/node.ts';
import type { WorkerPool } from './pool.ts';
import { runTask, type Task, type TaskResult } from './work.ts';
import { appendAudit, auditChainBreak, readAudit } from './audit.ts';
import { listCatalogVersions } from './catalog-store.ts';
import type { Db, Queryable } from './db.ts';
import { errorBody, HttpError, ifMatchVersion, parseCookies, readBody, readJson, requireObject, sendBytes, sendJson } from './http.ts';
import { DUMMY_HASH, verifyPassword } from './passwords.ts';
import { REVIEW_SEATS, type Roles, type ReviewSeat } from './roles.ts';
import type { ServerKey } from './signing-key.ts';

/**
 * The team server's HTTP API over node:http. Every request is authorised here; nothing a later request
 * needs is kept in process memory (sessions, rate-limit counts, the signing key are in the database), so
 * several servers can run behind a load balancer.
 */
export interface AppOptions {
  db: Db;
  knowledge: Knowledge;
  catalogVersion: string;
  templates: Templates;
  roles: Roles;
  signingKey: ServerKey;
  publicKeys: PublicKey[];
  /** Worker threads for sizing, pricing and rendering (src/server/pool.ts); without one that work runs inline. */
  pool?: WorkerPool | null;
  /** Rule sources the catalog versions are loaded with (default: rules/ of the repository). */
  ruleSources?: TextSource[];
  /** Built app folder (dist/); null serves the API only. */
  distDir: string | null;
  sessionTtlSeconds?: number;
  bodyLimitBytes?: number;
  /**
   * Failed sign-ins within the window before 429: per user name (`attempts`) and per client address
   * (`perAddressAttempts`, so one address cannot try many names).
   */
  loginLimit?: { attempts: number; perAddressAttempts?: number; windowSeconds: number };
  /**
   * Addresses of the reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed
   * (DCQ_TRUSTED_PROXIES). From them, X-Forwarded-Proto: https marks the session cookie Secure and
   * X-Forwarded-For names the client for the per-address sign-in limit; from anyone else both headers
   * are ignored.
   */
  trustedProxies?: readonly string[];
  log?: (line: string) => void;
}

const COOKIE = 'dcq_session';
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface User {
  id: number;
  username: string;
  roles: string[];
  csrfToken: string;
  tokenHash: string;
}

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  params: string[];
  user: User | null;
}

type Handler = (ctx: Ctx) => Promise<void>;

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is 10.0.0.1. */
const plainAddress = (a: string) => a.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1').toLowerCase();

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const E = {
  signIn: () => new HttpError(401, 'unauthenticated', { zh: '请先登录（会话不存在或已过期）', en: 'Sign in first (no session, or it has expired)' }),
  csrf: () => new HttpError(403, 'csrf', { zh: '缺少或错误的 X-CSRF-Token 请求头', en: 'The X-CSRF-Token header is missing or wrong' }),
  notFound: (what: { zh: string; en: string }) => new HttpError(404, 'notFound', what),
  forbidden: (code: string, text: { zh: string; en: string }) => new HttpError(403, code, text),
};

const PROJECT_NOT_FOUND = { zh: '没有此项目', en: 'No such project' };

/** The audit chain of catalog imports (the log is one chain per key; projects use their ids). */
const CATALOG_AUDIT = 'catalog';

/** If-Match as a quoted string (a catalog version); null when absent. */
function quotedIfMatch(req: IncomingMessage): string | null {
  const raw = req.headers['if-match'];
  if (typeof raw !== 'string') return null;
  const m = /^\s*(?:W\/)?"([^"]{1,100})"\s*$/.exec(raw);
  return m ? m[1]! : raw.trim() || null;
}

/** Export names served under /export/: fixed names only, so no path ever comes from the request. */
const EXPORTS: Record<string, DocumentKind> = {
  'quote.pdf': 'quotePdf',
  'customer-quote.xlsx': 'customerQuoteXlsx',
  'internal-bom.xlsx': 'internalBom',
  'calculation-report.pdf': 'calculationReportPdf',
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
  '.json': 'application/json', '.png': 'image/png', '.woff2': 'font/woff2', '.otf': 'font/otf', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8', '.wasm': 'application/wasm',
};

export function createApp(opts: AppOptions): { server: Server; handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> } {
  const { db, roles } = opts;
  const ruleSources = opts.ruleSources ?? readAllRuleSources();

  /**
   * The catalog in force: the newest version in the database. A price list imported through any server
   * is picked up by every server on its next request (nothing but this cache lives in process memory).
   */
  let active: { version: string; knowledge: Knowledge } = { version: opts.catalogVersion, knowledge: opts.knowledge };
  async function catalogNow(q: Queryable = db): Promise<{ version: string; knowledge: Knowledge }> {
    const { rows } = await q.query<{ version: string }>('SELECT version FROM catalog_versions ORDER BY id DESC LIMIT 1');
    const newest = rows[0]?.version;
    if (!newest || newest === active.version) return active;
    const { rows: full } = await q.query<{ sources: CatalogSource[] }>('SELECT sources FROM catalog_versions WHERE version = $1', [newest]);
    const k = loadKnowledge({ catalog: full[0]!.sources, rules: ruleSources });
    if (!k.ok) throw new Error(`catalog version ${newest} does not load: ${k.problems.slice(0, 3).map((x) => x.message.en).join('; ')}`);
    active = { version: newest, knowledge: k.value };
    return active;
  }
  const ttl = opts.sessionTtlSeconds ?? 8 * 3600;
  const bodyLimit = opts.bodyLimitBytes ?? 2 * 1024 * 1024;
  const loginLimit = { attempts: 5, perAddressAttempts: 20, windowSeconds: 15 * 60, ...opts.loginLimit };
  const trusted = new Set((opts.trustedProxies ?? []).map(plainAddress));

  /**
   * The client's address and whether it came over HTTPS: the socket's own, unless the socket is a
   * trusted proxy — then the first X-Forwarded-Proto and the nearest X-Forwarded-For address that is
   * not itself a trusted proxy.
   */
  function clientOf(req: IncomingMessage): { address: string; https: boolean } {
    const socketAddress = plainAddress(req.socket.remoteAddress ?? '');
    const tls = Boolean((req.socket as { encrypted?: boolean }).encrypted);
    if (!trusted.has(socketAddress)) return { address: socketAddress, https: tls };
    const header = (name: string) => { const v = req.headers[name]; return (Array.isArray(v) ? v.join(',') : v ?? '').split(',').map((x) => x.trim()).filter(Boolean); };
    const proto = header('x-forwarded-proto')[0]?.toLowerCase();
    let address = socketAddress;
    for (const hop of header('x-forwarded-for').reverse()) {
      address = plainAddress(hop).slice(0, 100);
      if (!trusted.has(address)) break;
    }
    return { address, https: tls || proto === 'https' };
  }
  const cookieAttrs = (req: IncomingMessage) => `HttpOnly; SameSite=Strict; Path=/${clientOf(req).https ? '; Secure' : ''}`;
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const json = (req: IncomingMessage) => readJson(req, bodyLimit);

  async function sessionUser(req: IncomingMessage): Promise<User | null> {
    const token = parseCookies(req.headers.cookie)[COOKIE];
    if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const h = tokenHash(token);
    const { rows } = await db.query<{ id: number; username: string; roles: string[]; csrf_token: string }>(
      'SELECT u.id, u.username, u.roles, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled',
      [h],
    );
    const r = rows[0];
    return r ? { id: r.id, username: r.username, roles: r.roles, csrfToken: r.csrf_token, tokenHash: h } : null;
  }

  const must = (ctx: Ctx): User => {
    if (!ctx.user) throw E.signIn();
    return ctx.user;
  };

  // ---------- projects: storage helpers ----------
  interface ProjectRow {
    id: string;
    name: string;
    owner_id: number;
    owner: string;
    version: number;
    content: ProjectFile;
    updated_at: Date;
  }

  async function projectRow(q: Queryable, id: string, lock = false): Promise<ProjectRow> {
    const { rows } = await q.query<ProjectRow>(
      `SELECT p.id, p.name, p.owner_id, u.username AS owner, p.version, p.content, p.updated_at FROM projects p JOIN users u ON u.id = p.owner_id WHERE p.id = $1${lock ? ' FOR UPDATE OF p' : ''}`,
      [id],
    );
    if (!rows[0]) throw E.notFound(PROJECT_NOT_FOUND);
    return rows[0];
  }

  async function signedApprovals(q: Queryable, projectId: string): Promise<SignedApproval[]> {
    const { rows } = await q.query<{ signed: SignedApproval }>('SELECT signed FROM approvals WHERE project_id = $1 ORDER BY id', [projectId]);
    return rows.map((r) => r.signed);
  }

  /**
   * The project as the server vouches for it: approvals are exactly the signed ones that verify, and
   * the signed approvals travel with it (`quote.signed`), so the CLI, the app and the exports can
   * verify them against the company key once the file has left the server.
   */
  function withServerApprovals(content: ProjectFile, signed: readonly SignedApproval[], projectId: string): ProjectFile {
    const good = signed.filter((s) => verifySignedApproval(s, opts.publicKeys, projectId).ok);
    if (!content.quote && good.length === 0) return content;
    const state = (content.quote ?? quoteStateSchema.parse({})) as QuoteState;
    return { ...content, quote: { ...signedOnlyState(state, good.map((s) => s.record)), signed: good } };
  }

  /**
   * Validates an incoming project file with the core. Imports never carry approvals: the working
   * quote's approvals are dropped (the server's signed ones are the only ones that count).
   */
  function incomingProject(body: unknown, id: string): { project: ProjectFile; droppedApprovals: number } {
    const obj = requireObject(body);
    const opened = openProjectJson({ ...obj, id });
    if (!opened.ok) {
      throw new HttpError(422, 'invalidProject', { zh: '项目文件无效', en: 'The project file is not valid' }, { problems: opened.problems.slice(0, 50) });
    }
    const project = opened.value;
    const dropped = project.quote?.approvals.length ?? 0;
    // The file's signed approvals are not stored either: the server's own table is the record, and
    // it hands them out again with the project.
    if (!project.quote) return { project, droppedApprovals: dropped };
    const { signed: _signed, ...quote } = project.quote;
    return { project: { ...project, quote: { ...quote, approvals: [] } }, droppedApprovals: dropped };
  }

  /**
   * The catalog in force compiled (src/core/knowledge-compiled.ts), kept per version in this process
   * (derived from the database, so every server makes the same): what GET /api/catalog sends the app
   * and what a worker that has not seen this version yet is sent.
   */
  let compiled: { version: string; text: string; body: Buffer } | null = null;
  function compiledOf(cat: { version: string; knowledge: Knowledge }): { text: string; body: Buffer } {
    if (compiled?.version !== cat.version) {
      const text = compileKnowledge(cat.knowledge, []);
      compiled = { version: cat.version, text, body: Buffer.from(text) };
    }
    return compiled;
  }

  /** The CPU-heavy part of a request: on a worker thread when the server has a pool, inline otherwise. */
  async function exec<K extends Task['kind']>(task: Extract<Task, { kind: K }>, q: Queryable = db): Promise<{ result: Extract<TaskResult, { kind: K }>; catalogVersion: string }> {
    const cat = await catalogNow(q);
    const result = opts.pool ? await opts.pool.run(task, { version: cat.version, compiled: () => compiledOf(cat).text }) : await runTask(cat.knowledge, opts.templates, task);
    return { result: result as Extract<TaskResult, { kind: K }>, catalogVersion: cat.version };
  }

  async function pricedFacts(project: ProjectFile): Promise<{ contentHash: string | null; catalogVersion: string | null }> {
    const { result, catalogVersion } = await exec({ kind: 'facts', project, now: new Date().toISOString() });
    return { contentHash: result.contentHash, catalogVersion: result.priced ? catalogVersion : null };
  }

  async function canEdit(q: Queryable, user: User, p: ProjectRow): Promise<boolean> {
    if (p.owner_id === user.id) return true;
    const { rows } = await q.query('SELECT 1 FROM project_editors WHERE project_id = $1 AND user_id = $2', [p.id, user.id]);
    return rows.length > 0;
  }

  // ---------- handlers ----------
  const health: Handler = async ({ res }) => {
    await db.query('SELECT 1');
    sendJson(res, 200, { ok: true, database: db.kind });
  };

  const login: Handler = async ({ req, res }) => {
    const body = requireObject(await json(req));
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!username || !password || username.length > 64 || password.length > 1024) {
      throw new HttpError(400, 'credentials', { zh: '请填写用户名和密码', en: 'User name and password are required' });
    }
    const { address } = clientOf(req);
    const recent = await db.query<{ byName: number; byAddress: number }>(
      `SELECT count(*) FILTER (WHERE username = $1)::int AS "byName", count(*) FILTER (WHERE ip = $2)::int AS "byAddress"
       FROM login_failures WHERE (username = $1 OR ip = $2) AND at > now() - make_interval(secs => $3)`,
      [username, address, loginLimit.windowSeconds],
    );
    if (recent.rows[0]!.byName >= loginLimit.attempts || recent.rows[0]!.byAddress >= loginLimit.perAddressAttempts) {
      throw new HttpError(429, 'tooManyAttempts', { zh: '登录失败次数过多，请稍后再试', en: 'Too many failed sign-ins; try again later' }, { retryAfterSeconds: loginLimit.windowSeconds });
    }
    const { rows } = await db.query<{ id: number; password_hash: string; disabled: boolean; roles: string[] }>('SELECT id, password_hash, disabled, roles FROM users WHERE username = $1', [username]);
    const u = rows[0];
    const good = await verifyPassword(password, u?.password_hash ?? DUMMY_HASH);
    if (!u || !good || u.disabled) {
      await db.query('INSERT INTO login_failures (username, ip) VALUES ($1, $2)', [username, address]);
      throw new HttpError(401, 'badCredentials', { zh: '用户名或密码错误', en: 'Wrong user name or password' });
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    await db.query(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`, [tokenHash(token), u.id, csrfToken, ttl]);
    await db.query('DELETE FROM sessions WHERE expires_at < now()');
    sendJson(res, 200, { csrfToken, user: { username, roles: u.roles, ...roles.describe(u.roles) } }, { 'Set-Cookie': `${COOKIE}=${token}; ${cookieAttrs(req)}; Max-Age=${ttl}` });
  };

  const whoami: Handler = async (ctx) => {
    const u = must(ctx);
    sendJson(ctx.res, 200, { csrfToken: u.csrfToken, user: { username: u.username, roles: u.roles, ...roles.describe(u.roles) } });
  };

  const logout: Handler = async (ctx) => {
    const u = must(ctx);
    await db.query('DELETE FROM sessions WHERE token_hash = $1', [u.tokenHash]);
    sendJson(ctx.res, 200, { ok: true }, { 'Set-Cookie': `${COOKIE}=; ${cookieAttrs(ctx.req)}; Max-Age=0` });
  };

  const listProjects: Handler = async (ctx) => {
    must(ctx);
    const { rows } = await db.query<{ id: string; name: string; version: number; owner: string; updated_at: Date }>(
      'SELECT p.id, p.name, p.version, u.username AS owner, p.updated_at FROM projects p JOIN users u ON u.id = p.owner_id ORDER BY p.updated_at DESC, p.id',
    );
    sendJson(ctx.res, 200, rows.map((r) => ({ id: r.id, name: r.name, version: r.version, owner: r.owner, updatedAt: new Date(r.updated_at).toISOString() })));
  };

  const createProject: Handler = async (ctx) => {
    const u = must(ctx);
    if (!roles.can(u.roles, 'createProjects')) throw E.forbidden('forbidden', { zh: '您的角色不能新建项目', en: 'Your role may not create projects' });
    const id = randomUUID();
    const { project, droppedApprovals } = incomingProject(await json(ctx.req), id);
    const facts = await pricedFacts(project);
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO projects (id, name, owner_id, version, content) VALUES ($1, $2, $3, 1, $4)', [id, project.meta.name, u.id, JSON.stringify(project)]);
      await tx.query('INSERT INTO project_versions (project_id, version, content, content_hash, saved_by, catalog_version) VALUES ($1, 1, $2, $3, $4, $5)', [id, JSON.stringify(project), facts.contentHash, u.id, facts.catalogVersion]);
      await appendAudit(tx, id, u.username, 'created', { name: project.meta.name, version: 1, contentHash: facts.contentHash, droppedApprovals });
    });
    sendJson(ctx.res, 201, { id, version: 1, droppedApprovals }, { ETag: '"1"' });
  };

  const getProject: Handler = async (ctx) => {
    must(ctx);
    const p = await projectRow(db, ctx.params[0]!);
    const signed = await signedApprovals(db, p.id);
    sendJson(ctx.res, 200, { project: withServerApprovals(p.content, signed, p.id), version: p.version, owner: p.owner, editors: await editorsOf(db, p.id), signedApprovals: signed }, { ETag: `"${p.version}"` });
  };

  const putProject: Handler = async (ctx) => {
    const u = must(ctx);
    const base = ifMatchVersion(ctx.req);
    if (base === null) throw new HttpError(428, 'ifMatchRequired', { zh: '保存须带 If-Match（所基于的版本号）', en: 'A save must carry If-Match: the version it started from' });
    const id = ctx.params[0]!;
    const { project, droppedApprovals } = incomingProject(await json(ctx.req), id);
    const facts = await pricedFacts(project);
    const version = await db.transaction(async (tx) => {
      const p = await projectRow(tx, id, true);
      if (!(await canEdit(tx, u, p))) throw E.forbidden('notEditor', { zh: '只有项目负责人及其添加的编辑者可以修改此项目', en: 'Only the owner and the editors they added may edit this project' });
      if (p.version !== base) {
        throw new HttpError(409, 'stale', { zh: `项目已被他人保存（当前版本 ${p.version}，您的修改基于版本 ${base}）`, en: `Someone saved this project since (now version ${p.version}; your edit started from ${base})` }, { currentVersion: p.version, baseVersion: base });
      }
      const next = p.version + 1;
      await tx.query('UPDATE projects SET name = $2, content = $3, version = $4, updated_at = now() WHERE id = $1', [id, project.meta.name, JSON.stringify(project), next]);
      const prev = await tx.query<{ content_hash: string | null }>('SELECT content_hash FROM project_versions WHERE project_id = $1 AND version = $2', [id, p.version]);
      await tx.query('INSERT INTO project_versions (project_id, version, content, content_hash, saved_by, catalog_version) VALUES ($1, $2, $3, $4, $5, $6)', [id, next, JSON.stringify(project), facts.contentHash, u.id, facts.catalogVersion]);
      const pricedChanged = prev.rows[0]?.content_hash !== facts.contentHash;
      await appendAudit(tx, id, u.username, 'edited', { version: next, summary: pricedChanged ? 'priced content changed' : 'no priced change', contentHash: facts.contentHash, droppedApprovals });
      const before = new Set((p.content.quote?.revisions ?? []).map((r) => r.letter));
      for (const r of project.quote?.revisions ?? []) {
        if (!before.has(r.letter)) await appendAudit(tx, id, u.username, 'revisionIssued', { version: next, revision: r.letter, contentHash: r.contentHash, catalogVersion: r.catalogVersion });
      }
      return next;
    });
    sendJson(ctx.res, 200, { version }, { ETag: `"${version}"` });
  };

  async function editorsOf(q: Queryable, projectId: string): Promise<string[]> {
    const { rows } = await q.query<{ username: string }>('SELECT u.username FROM project_editors e JOIN users u ON u.id = e.user_id WHERE e.project_id = $1 ORDER BY u.username', [projectId]);
    return rows.map((r) => r.username);
  }

  /** The project, locked, when the signed-in user owns it (only the owner manages its editors). */
  async function ownedProject(tx: Queryable, u: User, id: string): Promise<ProjectRow> {
    const p = await projectRow(tx, id, true);
    if (p.owner_id !== u.id) throw E.forbidden('notOwner', { zh: `只有项目负责人（${p.owner}）可以管理编辑者`, en: `Only the owner (${p.owner}) may manage editors` });
    return p;
  }

  const addEditor: Handler = async (ctx) => {
    const u = must(ctx);
    const body = requireObject(await json(ctx.req));
    const name = typeof body.username === 'string' ? body.username.trim().slice(0, 64) : '';
    const editors = await db.transaction(async (tx) => {
      const p = await ownedProject(tx, u, ctx.params[0]!);
      if (name === p.owner) throw new HttpError(422, 'editor.owner', { zh: `${name} 是项目负责人，无须添加为编辑者`, en: `${name} owns the project and needs no adding as an editor` });
      const { rows } = await tx.query<{ id: number }>('SELECT id FROM users WHERE username = $1 AND NOT disabled', [name]);
      if (!rows[0]) throw new HttpError(422, 'unknownUser', { zh: `编辑者用户名：没有此用户（${name || '空'}）`, en: `Editor user name: no such user (${name || 'empty'})` });
      const added = await tx.query('INSERT INTO project_editors (project_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING user_id', [p.id, rows[0].id]);
      if (added.rows.length > 0) await appendAudit(tx, p.id, u.username, 'editorAdded', { editor: name });
      return editorsOf(tx, p.id);
    });
    sendJson(ctx.res, 201, { ok: true, owner: u.username, editors });
  };

  /** DELETE /api/projects/:id/editors/:username — the owner removes an editor (audited as editorRemoved). */
  const removeEditor: Handler = async (ctx) => {
    const u = must(ctx);
    const name = ctx.params[1]!;
    const editors = await db.transaction(async (tx) => {
      const p = await ownedProject(tx, u, ctx.params[0]!);
      const { rows } = await tx.query('DELETE FROM project_editors e USING users u WHERE e.project_id = $1 AND e.user_id = u.id AND u.username = $2 RETURNING e.user_id', [p.id, name]);
      if (rows.length === 0) throw E.notFound({ zh: `${name.slice(0, 64)} 不是此项目的编辑者`, en: `${name.slice(0, 64)} is not an editor of this project` });
      await appendAudit(tx, p.id, u.username, 'editorRemoved', { editor: name });
      return editorsOf(tx, p.id);
    });
    sendJson(ctx.res, 200, { ok: true, owner: u.username, editors });
  };

  const approve: Handler = async (ctx) => {
    const u = must(ctx);
    const seen = ifMatchVersion(ctx.req);
    if (seen === null) throw new HttpError(428, 'ifMatchRequired', { zh: '审批须带 If-Match（审阅的版本号）', en: 'An approval must carry If-Match: the version reviewed' });
    const body = requireObject(await json(ctx.req));
    const decision = body.decision;
    if (decision !== 'approve' && decision !== 'reject') throw new HttpError(400, 'decision', { zh: 'decision 须为 approve 或 reject', en: 'decision must be approve or reject' });
    const comment = typeof body.comment === 'string' ? body.comment.slice(0, 2000) : '';
    if (decision === 'reject' && comment.trim() === '') throw new HttpError(400, 'comment', { zh: '驳回须填写意见', en: 'A rejection needs a comment' });
    // The level comes from the user's roles in the database, never from the body.
    const level = roles.approvalLevel(u.roles);
    if (!level) throw E.forbidden('approval.noRole', { zh: '您的角色没有审批权限', en: 'Your roles may not approve quotes' });
    const id = ctx.params[0]!;
    const staleAt = (current: number) => new HttpError(409, 'stale', { zh: `您审阅的是版本 ${seen}，之后已保存了版本 ${current}，请重新审阅`, en: `You reviewed version ${seen}; version ${current} was saved since: review it again` }, { currentVersion: current });
    // The core evaluates the decision on a worker, outside any transaction: no connection or row lock
    // is held while it waits for a free worker. The transaction below re-checks the version.
    const before = await projectRow(db, id);
    if (before.version !== seen) throw staleAt(before.version);
    const project = withServerApprovals(before.content, await signedApprovals(db, id), id);
    const now = new Date().toISOString();
    const { result } = await exec({ kind: 'decide', project, now, decision: { approverName: u.username, role: level, time: now, decision, comment } });
    const signed = await db.transaction(async (tx) => {
      const p = await projectRow(tx, id, true);
      if (p.version !== seen) throw staleAt(p.version);
      // Four eyes: whoever changed the priced content since the last approving decision may not approve it.
      const { rows: changers } = await tx.query<{ saved_by: number }>(
        `SELECT DISTINCT saved_by FROM (
           SELECT version, saved_by, content_hash, lag(content_hash) OVER (ORDER BY version) AS prev_hash
           FROM project_versions WHERE project_id = $1) v
         WHERE version > COALESCE((SELECT max(version) FROM approvals WHERE project_id = $1 AND record->>'decision' = 'approve'), 0)
           AND content_hash IS DISTINCT FROM prev_hash`,
        [id],
      );
      if (changers.some((c) => c.saved_by === u.id)) {
        throw E.forbidden('approval.ownChanges', { zh: '您在上次审批后修改过报价内容，不能自己审批（四眼原则）', en: 'You changed the priced content since the last approval, so you may not approve it (four eyes)' });
      }
      if (!result.ok && result.notPriced) throw new HttpError(422, 'notPriced', { zh: '项目未能完成报价，无法审批', en: 'The project cannot be priced, so it cannot be approved' }, { problems: result.problems });
      if (!result.ok) {
        const tooLow = result.problems.some((x) => x.code === 'approval.roleTooLow');
        const msg = result.problems.map((x) => x.message);
        if (tooLow) throw E.forbidden('approval.roleTooLow', { zh: msg.map((m) => m.zh).join('；'), en: msg.map((m) => m.en).join('; ') });
        throw new HttpError(422, 'approval.refused', { zh: msg.map((m) => m.zh).join('；'), en: msg.map((m) => m.en).join('; ') }, { problems: result.problems });
      }
      const record = result.record;
      const s = signApproval({ projectId: id, version: p.version, record }, opts.signingKey);
      await tx.query('INSERT INTO approvals (project_id, version, user_id, record, signed) VALUES ($1, $2, $3, $4, $5)', [id, p.version, u.id, JSON.stringify(record), JSON.stringify(s)]);
      await appendAudit(tx, id, u.username, decision === 'approve' ? 'approved' : 'rejected', { version: p.version, level, requiredLevel: record.requiredLevel, contentHash: record.contentHash, comment });
      return s;
    });
    sendJson(ctx.res, 201, { signed });
  };

  const audit: Handler = async (ctx) => {
    must(ctx);
    await projectRow(db, ctx.params[0]!);
    const entries = await readAudit(db, ctx.params[0]!);
    const brokenAt = auditChainBreak(entries);
    sendJson(ctx.res, 200, entries, { 'X-Audit-Chain': brokenAt === null ? 'intact' : `broken-at-${brokenAt}` });
  };

  const exportDoc: Handler = async (ctx) => {
    const u = must(ctx);
    const kind = Object.hasOwn(EXPORTS, ctx.params[1]!) ? EXPORTS[ctx.params[1]!] : undefined;
    if (!kind) throw E.notFound({ zh: `没有此导出文件：${ctx.params[1]!.slice(0, 80)}`, en: `No such export: ${ctx.params[1]!.slice(0, 80)}` });
    if (!roles.can(u.roles, 'export')) throw E.forbidden('forbidden', { zh: '只有投标专员可以导出客户文件', en: 'Only bid staff may export customer documents' });
    const p = await projectRow(db, ctx.params[0]!);
    const signed = await signedApprovals(db, p.id);
    const date = todayInChina(new Date());
    const project = withServerApprovals(p.content, signed, p.id);
    const url = new URL(ctx.req.url ?? '/', 'http://localhost');
    const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh';
    const { result } = await exec({ kind: 'export', project, now: new Date().toISOString(), date, lang, document: kind, keys: opts.publicKeys });
    if (!result.ok) {
      throw new HttpError(422, 'exportRefused', { zh: result.problems.map((x) => x.message.zh).join('；'), en: result.problems.map((x) => x.message.en).join('; ') }, { problems: result.problems });
    }
    const hash = `sha256:${createHash('sha256').update(result.bytes).digest('hex')}`;
    await db.transaction((tx) => appendAudit(tx, p.id, u.username, 'exported', { document: ctx.params[1]!, version: p.version, status: result.status, fileHash: hash }));
    const why = result.blockers.map((b) => b.message.en).join('; ');
    sendBytes(ctx.res, 200, result.bytes, {
      'Content-Type': result.mediaType,
      'Content-Disposition': `attachment; filename="${result.name}"`,
      'Cache-Control': 'no-store',
      'X-Document-Status': result.status,
      'X-Document-Hash': hash,
      ...(why ? { 'X-Draft-Reason': encodeURIComponent(why).slice(0, 2000) } : {}),
    });
  };

  async function reviewState(q: Queryable, projectId: string, revision: string) {
    const { rows } = await q.query<{ review_role: ReviewSeat; username: string; decision: 'approve' | 'reject'; comment: string; at: Date }>(
      'SELECT r.review_role, u.username, r.decision, r.comment, r.at FROM contract_reviews r JOIN users u ON u.id = r.user_id WHERE r.project_id = $1 AND r.revision = $2 ORDER BY r.id',
      [projectId, revision],
    );
    const seats = Object.fromEntries(REVIEW_SEATS.map((s) => [s, null])) as Record<ReviewSeat, null | { user: string; decision: string; comment: string; at: string }>;
    for (const r of rows) seats[r.review_role] = { user: r.username, decision: r.decision, comment: r.comment, at: new Date(r.at).toISOString() };
    const all = Object.values(seats);
    const status = all.some((s) => s?.decision === 'reject') ? 'rejected' : all.every((s) => s?.decision === 'approve') ? 'approved' : 'pending';
    return { revision, seats, status };
  }

  const getReview: Handler = async (ctx) => {
    must(ctx);
    const p = await projectRow(db, ctx.params[0]!);
    const revisions = (p.content.quote?.revisions ?? []).map((r) => r.letter);
    const rev = new URL(ctx.req.url ?? '/', 'http://localhost').searchParams.get('revision') ?? revisions[revisions.length - 1];
    if (!rev) return sendJson(ctx.res, 200, { revision: null, seats: null, status: 'noRevision' });
    sendJson(ctx.res, 200, await reviewState(db, p.id, rev));
  };

  const postReview: Handler = async (ctx) => {
    const u = must(ctx);
    const body = requireObject(await json(ctx.req));
    const seats = roles.reviewSeats(u.roles);
    if (seats.length === 0) throw E.forbidden('review.noRole', { zh: '您的角色不参加合同评审', en: 'Your roles take no part in contract review' });
    const seat = typeof body.seat === 'string' ? body.seat : seats.length === 1 ? seats[0] : undefined;
    if (!seat || !(seats as string[]).includes(seat)) throw E.forbidden('review.seat', { zh: `请用 seat 指明您代表的评审方（您可代表：${seats.join(', ')}）`, en: `Name the seat you sign for (yours: ${seats.join(', ')})` });
    const decision = body.decision;
    if (decision !== 'approve' && decision !== 'reject') throw new HttpError(400, 'decision', { zh: 'decision 须为 approve 或 reject', en: 'decision must be approve or reject' });
    const comment = typeof body.comment === 'string' ? body.comment.slice(0, 2000) : '';
    if (decision === 'reject' && comment.trim() === '') throw new HttpError(400, 'comment', { zh: '驳回须填写意见', en: 'A rejection needs a comment' });
    const state = await db.transaction(async (tx) => {
      const p = await projectRow(tx, ctx.params[0]!, true);
      const revisions = (p.content.quote?.revisions ?? []).map((r) => r.letter);
      const rev = typeof body.revision === 'string' ? body.revision : undefined;
      if (!rev || !revisions.includes(rev)) throw new HttpError(422, 'review.revision', { zh: `合同评审须针对已出版本（${revisions.join(', ') || '尚无'}）`, en: `Contract review is on an issued revision (${revisions.join(', ') || 'none yet'})` });
      await tx.query('INSERT INTO contract_reviews (project_id, revision, review_role, user_id, decision, comment) VALUES ($1, $2, $3, $4, $5, $6)', [p.id, rev, seat, u.id, decision, comment]);
      const s = await reviewState(tx, p.id, rev);
      await appendAudit(tx, p.id, u.username, 'contractReview', { revision: rev, seat, decision, comment, status: s.status });
      return s;
    });
    sendJson(ctx.res, 201, state);
  };

  /** Every role with its approval level and 合同评审 seat, so the app can say who may act (the server still decides). */
  const roleList: Handler = async (ctx) => {
    must(ctx);
    sendJson(ctx.res, 200, roles.list.map((r) => ({ id: r.id, name: r.name, approvalLevel: r.approvalLevel ?? null, contractReview: r.contractReview ?? null })));
  };

  const signingKeyText: Handler = async ({ res }) => {
    sendJson(res, 200, { keys: opts.publicKeys.map(formatPublicKey), current: opts.signingKey.id });
  };

  /**
   * GET /api/catalog — the catalog in force as the app prices with it, compiled as the app's bundled
   * knowledge is (src/core/knowledge-compiled.ts, rules included); its version in X-Catalog-Version
   * (URI-encoded) and, quoted, as the ETag; If-None-Match with it answers 304; the browser keeps the body and
   * revalidates (private, no-cache).
   */
  const catalogNowCompiled: Handler = async (ctx) => {
    must(ctx);
    const cat = await catalogNow();
    const etag = JSON.stringify(cat.version);
    const headers = { ETag: etag, 'X-Catalog-Version': encodeURIComponent(cat.version), 'Cache-Control': 'private, no-cache', Vary: 'Cookie' };
    const seen = ctx.req.headers['if-none-match'];
    if (typeof seen === 'string' && seen.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      ctx.res.writeHead(304, headers);
      return void ctx.res.end();
    }
    sendBytes(ctx.res, 200, compiledOf(cat).body, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  };

  const catalogVersions: Handler = async (ctx) => {
    must(ctx);
    sendJson(ctx.res, 200, { current: (await catalogNow()).version, versions: await listCatalogVersions(db) });
  };

  /**
   * POST /api/catalog/import?name=prices.xlsx[&sheet=…][&map=field=header …][&apply=1][&skipBadRows=1][&acceptExternalData=1]
   * with the price list as the body (admins only). Without apply: the same diff preview as `dcq catalog
   * import --json`. With apply and If-Match: "<catalog version the preview was made on>": a new catalog
   * version in the database (version bumped as `dcq catalog import --apply` does), audited as
   * "catalogImported". The limits of rules/limits (file size, uncompressed size, rows, columns) apply
   * before anything is parsed.
   */
  const importCatalog: Handler = async (ctx) => {
    const u = must(ctx);
    if (!roles.can(u.roles, 'manageCatalog')) throw E.forbidden('forbidden', { zh: '只有管理员可以导入价格表', en: 'Only administrators may import a price list' });
    const url = new URL(ctx.req.url ?? '/', 'http://localhost');
    const q = url.searchParams;
    const flag = (k: string) => q.get(k) === '1' || q.get(k) === 'true';
    const name = (q.get('name') ?? 'price-list.xlsx').replace(/[\\/]/g, '_').slice(0, 100);
    const map = parseMap(q.getAll('map'));
    if (typeof map === 'string') throw new HttpError(400, 'priceList.map', { zh: map, en: map });
    const cat = await catalogNow();
    const limits = cat.knowledge.limits.priceList;
    const bytes = await readBody(ctx.req, limits.maxFileBytes);
    const grid = await gridFromBytes(new Uint8Array(bytes), name, q.get('sheet') ?? undefined, limits);
    const refused = (problems: readonly Problem[]) =>
      new HttpError(422, 'priceList.refused', { zh: problems.slice(0, 5).map((x) => x.message.zh).join('；'), en: problems.slice(0, 5).map((x) => x.message.en).join('; ') }, { problems: problems.slice(0, 50) });
    if (!grid.ok) throw refused(grid.problems);
    const external = grid.warnings.filter((w) => w.code === 'priceList.externalData');
    if (external.length > 0 && !flag('acceptExternalData')) {
      throw new HttpError(422, 'priceList.externalData', { zh: '工作簿含外部链接或 WEBSERVICE 公式：核对缓存的价格后，加 acceptExternalData=1 确认导入', en: 'The workbook has external links or WEBSERVICE formulas: check the cached prices, then confirm with acceptExternalData=1' }, { problems: external });
    }
    const list = readPriceList(grid.value, { map });
    if (!list.ok) throw refused(list.problems);
    const diff = diffPriceList(cat.knowledge.catalog, list.value);
    if (!flag('apply')) return sendJson(ctx.res, 200, { catalogVersion: cat.version, diff, warnings: grid.warnings }, { ETag: JSON.stringify(cat.version) });

    const base = quotedIfMatch(ctx.req);
    if (base === null) throw new HttpError(428, 'ifMatchRequired', { zh: '写入须带 If-Match（预览时的物料库版本）', en: 'Applying needs If-Match: the catalog version the preview was made on' });
    if (base !== cat.version) throw new HttpError(409, 'stale', { zh: `物料库已更新为 ${cat.version}（预览基于 ${base}），请重新预览`, en: `The catalog is now ${cat.version} (the preview was of ${base}): preview again` }, { currentVersion: cat.version });
    if (diff.changed.length === 0) return sendJson(ctx.res, 200, { applied: false, catalogVersion: cat.version, diff });
    const { rows: srcRows } = await db.query<{ sources: CatalogSource[] }>('SELECT sources FROM catalog_versions WHERE version = $1', [cat.version]);
    const sources = srcRows[0]?.sources ?? [];
    const kc = await listKnownKcTables(DEFAULT_RULES_ROOT);
    const applied = applyPriceListDiff(sources, diff, { skipBadRows: flag('skipBadRows'), ...(kc ? { knownKcTables: kc } : {}) });
    if (!applied.ok) throw refused(applied.problems);
    const bumped = bumpCatalogVersion(applied.value.sources);
    if (!bumped.ok) throw refused(bumped.problems);
    const check = loadKnowledge({ catalog: bumped.value.sources, rules: ruleSources });
    if (!check.ok) throw refused(check.problems);
    const fileHash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('dcq-catalog'))`);
      const { rows } = await tx.query<{ version: string }>('SELECT version FROM catalog_versions ORDER BY id DESC LIMIT 1');
      if (rows[0]?.version !== cat.version) throw new HttpError(409, 'stale', { zh: '物料库刚被他人更新，请重新预览', en: 'Someone else just imported a price list: preview again' });
      const ins = await tx.query<{ id: number }>('INSERT INTO catalog_versions (version, sources, created_by) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING RETURNING id', [bumped.value.to, JSON.stringify(bumped.value.sources), u.username]);
      if (ins.rows.length === 0) throw new HttpError(409, 'catalogVersionExists', { zh: `物料库版本 ${bumped.value.to} 已存在`, en: `Catalog version ${bumped.value.to} already exists` });
      await appendAudit(tx, CATALOG_AUDIT, u.username, 'catalogImported', { from: bumped.value.from, to: bumped.value.to, file: name, fileHash, changed: diff.changed.length, skippedBadRows: diff.badRows.length });
    });
    sendJson(ctx.res, 201, { applied: true, from: bumped.value.from, to: bumped.value.to, changed: diff.changed.length }, { ETag: JSON.stringify(bumped.value.to) });
  };

  const catalogAudit: Handler = async (ctx) => {
    must(ctx);
    const entries = await readAudit(db, CATALOG_AUDIT);
    const brokenAt = auditChainBreak(entries);
    sendJson(ctx.res, 200, entries, { 'X-Audit-Chain': brokenAt === null ? 'intact' : `broken-at-${brokenAt}` });
  };

  // ---------- routing ----------
  const routes: { method: string; path: RegExp; handler: Handler; csrf?: false }[] = [
    { method: 'GET', path: /^\/api\/health$/, handler: health },
    { method: 'POST', path: /^\/api\/session$/, handler: login, csrf: false },
    { method: 'GET', path: /^\/api\/session$/, handler: whoami },
    { method: 'DELETE', path: /^\/api\/session$/, handler: logout },
    { method: 'GET', path: /^\/api\/signing-key$/, handler: signingKeyText },
    { method: 'GET', path: /^\/api\/roles$/, handler: roleList },
    { method: 'GET', path: /^\/api\/catalog$/, handler: catalogNowCompiled },
    { method: 'GET', path: /^\/api\/catalog\/versions$/, handler: catalogVersions },
    { method: 'POST', path: /^\/api\/catalog\/import$/, handler: importCatalog },
    { method: 'GET', path: /^\/api\/catalog\/audit$/, handler: catalogAudit },
    { method: 'GET', path: /^\/api\/projects$/, handler: listProjects },
    { method: 'POST', path: /^\/api\/projects$/, handler: createProject },
    { method: 'GET', path: /^\/api\/projects\/([^/]+)$/, handler: getProject },
    { method: 'PUT', path: /^\/api\/projects\/([^/]+)$/, handler: putProject },
    { method: 'POST', path: /^\/api\/projects\/([^/]+)\/editors$/, handler: addEditor },
    { method: 'DELETE', path: /^\/api\/projects\/([^/]+)\/editors\/([^/]+)$/, handler: removeEditor },
    { method: 'POST', path: /^\/api\/projects\/([^/]+)\/approvals$/, handler: approve },
    { method: 'GET', path: /^\/api\/projects\/([^/]+)\/audit$/, handler: audit },
    { method: 'GET', path: /^\/api\/projects\/([^/]+)\/export\/([^/]+)$/, handler: exportDoc },
    { method: 'GET', path: /^\/api\/projects\/([^/]+)\/contract-review$/, handler: getReview },
    { method: 'POST', path: /^\/api\/projects\/([^/]+)\/contract-review$/, handler: postReview },
  ];

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (!opts.distDir) throw E.notFound({ zh: '此服务器不提供网页', en: 'This server serves no web app' });
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method', { zh: '不支持的请求方法', en: 'Method not allowed' });
    const root = resolve(opts.distDir);
    let file = resolve(join(root, pathname));
    if (file !== root && !file.startsWith(root + sep)) throw E.notFound({ zh: '没有此文件', en: 'No such file' });
    let st = await stat(file).catch(() => null);
    if (!st || st.isDirectory()) {
      file = join(root, 'index.html');
      st = await stat(file).catch(() => null);
      if (!st) throw E.notFound({ zh: '网页尚未构建：请先运行 npm run build', en: 'The app is not built: run npm run build first' });
    }
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Length': st.size, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let pathname: string;
      try {
        pathname = decodeURIComponent(url.pathname);
      } catch {
        throw new HttpError(400, 'badPath', { zh: '请求路径无效', en: 'The request path is not valid' });
      }
      if (!url.pathname.startsWith('/api/')) return await serveStatic(req, res, pathname);
      const matching = routes.filter((r) => r.path.test(url.pathname));
      const route = matching.find((r) => r.method === req.method);
      if (!route) {
        if (matching.length > 0) throw new HttpError(405, 'method', { zh: '不支持的请求方法', en: 'Method not allowed' });
        throw E.notFound({ zh: '没有此接口', en: 'No such API endpoint' });
      }
      const params = (route.path.exec(url.pathname) ?? []).slice(1).map((raw) => {
        try {
          return decodeURIComponent(raw);
        } catch {
          throw new HttpError(400, 'badPath', { zh: '请求路径无效', en: 'The request path is not valid' });
        }
      });
      const user = await sessionUser(req);
      if (STATE_CHANGING.has(req.method ?? '') && route.csrf !== false) {
        if (!user) throw E.signIn();
        const header = req.headers['x-csrf-token'];
        if (typeof header !== 'string' || !safeEqual(header, user.csrfToken)) throw E.csrf();
      }
      await route.handler({ req, res, params, user });
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof HttpError) {
        sendJson(res, e.status, errorBody(e), e.status === 413 ? { Connection: 'close' } : {});
        return;
      }
      const id = randomUUID().slice(0, 8);
      log(`[dcq serve] error ${id} on ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
      const dbDown = /ECONNREFUSED|terminating connection|Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|57P01|the database system is (starting up|shutting down)/i.test(String((e as Error)?.message ?? ''));
      sendJson(res, dbDown ? 503 : 500, dbDown
        ? { code: 'databaseUnavailable', message: `The database is not reachable; try again shortly (ref ${id})`, messageZh: `数据库暂时无法连接，请稍后重试（编号 ${id}）` }
        : { code: 'internal', message: `Internal error (ref ${id})`, messageZh: `服务器内部错误（编号 ${id}）` });
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  return { server, handle };
}

