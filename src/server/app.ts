import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { todayInChina } from '../cli/export-command.ts';
import type { Templates } from '../core/export/templates.ts';
import type { Knowledge } from '../core/knowledge.ts';
import { quoteCheckOf, evaluateProject } from '../core/pipeline.ts';
import { openProjectJson } from '../core/project/index.ts';
import type { ProjectFile } from '../core/project/schema.ts';
import { recordDecision } from '../core/quote/approval.ts';
import type { ApprovalRecord, QuoteState } from '../core/quote/schema.ts';
import { evaluateWithSignedApprovals, signApproval, signedOnlyState, formatPublicKey, verifySignedApproval, type PublicKey, type SignedApproval } from '../core/signing/approval-signature.ts';
import { exportDocuments, type DocumentKind } from '../export/node.ts';
import { appendAudit, auditChainBreak, readAudit } from './audit.ts';
import { listCatalogVersions } from './catalog-store.ts';
import type { Db, Queryable } from './db.ts';
import { errorBody, HttpError, ifMatchVersion, parseCookies, readJson, requireObject, sendBytes, sendJson } from './http.ts';
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
  /** Built app folder (dist/); null serves the API only. */
  distDir: string | null;
  sessionTtlSeconds?: number;
  bodyLimitBytes?: number;
  /** Failed sign-ins per user name within the window before 429. */
  loginLimit?: { attempts: number; windowSeconds: number };
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
  const ttl = opts.sessionTtlSeconds ?? 8 * 3600;
  const bodyLimit = opts.bodyLimitBytes ?? 2 * 1024 * 1024;
  const loginLimit = opts.loginLimit ?? { attempts: 5, windowSeconds: 15 * 60 };
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

  /** The project as the server vouches for it: approvals are exactly the signed ones that verify. */
  function withServerApprovals(content: ProjectFile, signed: readonly SignedApproval[], projectId: string): ProjectFile {
    const verified = signed.filter((s) => verifySignedApproval(s, opts.publicKeys, projectId).ok).map((s) => s.record);
    const quote = content.quote ? signedOnlyState(content.quote as QuoteState, verified) : undefined;
    return { ...content, ...(quote ? { quote } : {}) };
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
    return { project: project.quote ? { ...project, quote: { ...project.quote, approvals: [] } } : project, droppedApprovals: dropped };
  }

  function pricedFacts(project: ProjectFile): { contentHash: string | null; catalogVersion: string | null } {
    const ev = evaluateProject(project, opts.knowledge, { now: new Date().toISOString() });
    return { contentHash: ev.quote?.contentHash ?? null, catalogVersion: ev.priced ? opts.catalogVersion : null };
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
    const recent = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM login_failures WHERE username = $1 AND at > now() - make_interval(secs => $2)`, [username, loginLimit.windowSeconds]);
    if (recent.rows[0]!.n >= loginLimit.attempts) {
      throw new HttpError(429, 'tooManyAttempts', { zh: '登录失败次数过多，请稍后再试', en: 'Too many failed sign-ins; try again later' }, { retryAfterSeconds: loginLimit.windowSeconds });
    }
    const { rows } = await db.query<{ id: number; password_hash: string; disabled: boolean; roles: string[] }>('SELECT id, password_hash, disabled, roles FROM users WHERE username = $1', [username]);
    const u = rows[0];
    const good = await verifyPassword(password, u?.password_hash ?? DUMMY_HASH);
    if (!u || !good || u.disabled) {
      await db.query('INSERT INTO login_failures (username) VALUES ($1)', [username]);
      throw new HttpError(401, 'badCredentials', { zh: '用户名或密码错误', en: 'Wrong user name or password' });
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    await db.query(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`, [tokenHash(token), u.id, csrfToken, ttl]);
    await db.query('DELETE FROM sessions WHERE expires_at < now()');
    sendJson(res, 200, { csrfToken, user: { username, roles: u.roles, ...roles.describe(u.roles) } }, { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${ttl}` });
  };

  const whoami: Handler = async (ctx) => {
    const u = must(ctx);
    sendJson(ctx.res, 200, { csrfToken: u.csrfToken, user: { username: u.username, roles: u.roles, ...roles.describe(u.roles) } });
  };

  const logout: Handler = async (ctx) => {
    const u = must(ctx);
    await db.query('DELETE FROM sessions WHERE token_hash = $1', [u.tokenHash]);
    sendJson(ctx.res, 200, { ok: true }, { 'Set-Cookie': `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` });
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
    const facts = pricedFacts(project);
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
    const { rows: editors } = await db.query<{ username: string }>('SELECT u.username FROM project_editors e JOIN users u ON u.id = e.user_id WHERE e.project_id = $1 ORDER BY u.username', [p.id]);
    sendJson(ctx.res, 200, { project: withServerApprovals(p.content, signed, p.id), version: p.version, owner: p.owner, editors: editors.map((e) => e.username), signedApprovals: signed }, { ETag: `"${p.version}"` });
  };

  const putProject: Handler = async (ctx) => {
    const u = must(ctx);
    const base = ifMatchVersion(ctx.req);
    if (base === null) throw new HttpError(428, 'ifMatchRequired', { zh: '保存须带 If-Match（所基于的版本号）', en: 'A save must carry If-Match: the version it started from' });
    const id = ctx.params[0]!;
    const { project, droppedApprovals } = incomingProject(await json(ctx.req), id);
    const facts = pricedFacts(project);
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

  const addEditor: Handler = async (ctx) => {
    const u = must(ctx);
    const body = requireObject(await json(ctx.req));
    const name = typeof body.username === 'string' ? body.username : '';
    await db.transaction(async (tx) => {
      const p = await projectRow(tx, ctx.params[0]!, true);
      if (p.owner_id !== u.id) throw E.forbidden('notOwner', { zh: '只有项目负责人可以添加编辑者', en: 'Only the owner may add editors' });
      const { rows } = await tx.query<{ id: number }>('SELECT id FROM users WHERE username = $1 AND NOT disabled', [name]);
      if (!rows[0]) throw new HttpError(422, 'unknownUser', { zh: `没有此用户：${name}`, en: `No such user: ${name}` });
      await tx.query('INSERT INTO project_editors (project_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [p.id, rows[0].id]);
      await appendAudit(tx, p.id, u.username, 'editorAdded', { editor: name });
    });
    sendJson(ctx.res, 201, { ok: true });
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
    const signed = await db.transaction(async (tx) => {
      const p = await projectRow(tx, id, true);
      if (p.version !== seen) {
        throw new HttpError(409, 'stale', { zh: `您审阅的是版本 ${seen}，之后已保存了版本 ${p.version}，请重新审阅`, en: `You reviewed version ${seen}; version ${p.version} was saved since: review it again` }, { currentVersion: p.version });
      }
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
      const existing = await signedApprovals(tx, id);
      const project = withServerApprovals(p.content, existing, id);
      const evaluation = evaluateProject(project, opts.knowledge, { now: new Date().toISOString() });
      const check = quoteCheckOf(evaluation, opts.knowledge);
      if (!check) throw new HttpError(422, 'notPriced', { zh: '项目未能完成报价，无法审批', en: 'The project cannot be priced, so it cannot be approved' }, { problems: evaluation.problems.filter((x) => x.severity === 'error').slice(0, 20) });
      const result = recordDecision(check, { approverName: u.username, role: level, time: new Date().toISOString(), decision, comment });
      if (!result.ok) {
        const tooLow = result.problems.some((x) => x.code === 'approval.roleTooLow');
        const msg = result.problems.map((x) => x.message);
        if (tooLow) throw E.forbidden('approval.roleTooLow', { zh: msg.map((m) => m.zh).join('；'), en: msg.map((m) => m.en).join('; ') });
        throw new HttpError(422, 'approval.refused', { zh: msg.map((m) => m.zh).join('；'), en: msg.map((m) => m.en).join('; ') }, { problems: result.problems });
      }
      const record = result.value.approvals[result.value.approvals.length - 1] as ApprovalRecord;
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
    const date = todayInChina();
    const { evaluation } = evaluateWithSignedApprovals(p.content, opts.knowledge, signed, opts.publicKeys, p.id, { now: new Date().toISOString(), quoteDate: date });
    const project = withServerApprovals(p.content, signed, p.id);
    const url = new URL(ctx.req.url ?? '/', 'http://localhost');
    const lang = url.searchParams.get('lang') === 'en' ? 'en' : 'zh';
    const result = await exportDocuments({ project, knowledge: opts.knowledge, templates: opts.templates, lang, date, evaluation, only: [kind] });
    if (!result.ok) {
      throw new HttpError(422, 'exportRefused', { zh: result.problems.map((x) => x.message.zh).join('；'), en: result.problems.map((x) => x.message.en).join('; ') }, { problems: result.problems.slice(0, 20) });
    }
    const file = result.value[0]!;
    const status = evaluation.quote?.canIssueFinal ? 'final' : 'draft';
    const hash = `sha256:${createHash('sha256').update(file.bytes).digest('hex')}`;
    await db.transaction((tx) => appendAudit(tx, p.id, u.username, 'exported', { document: ctx.params[1]!, version: p.version, status, fileHash: hash }));
    const why = status === 'draft' ? (evaluation.quote?.blockers ?? []).map((b) => b.message.en).join('; ') : '';
    sendBytes(ctx.res, 200, file.bytes, {
      'Content-Type': file.mediaType,
      'Content-Disposition': `attachment; filename="${file.name}"`,
      'Cache-Control': 'no-store',
      'X-Document-Status': status,
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

  const signingKeyText: Handler = async ({ res }) => {
    sendJson(res, 200, { keys: opts.publicKeys.map(formatPublicKey), current: opts.signingKey.id });
  };

  const catalogVersions: Handler = async (ctx) => {
    must(ctx);
    sendJson(ctx.res, 200, { current: opts.catalogVersion, versions: await listCatalogVersions(db) });
  };

  // ---------- routing ----------
  const routes: { method: string; path: RegExp; handler: Handler; csrf?: false }[] = [
    { method: 'GET', path: /^\/api\/health$/, handler: health },
    { method: 'POST', path: /^\/api\/session$/, handler: login, csrf: false },
    { method: 'GET', path: /^\/api\/session$/, handler: whoami },
    { method: 'DELETE', path: /^\/api\/session$/, handler: logout },
    { method: 'GET', path: /^\/api\/signing-key$/, handler: signingKeyText },
    { method: 'GET', path: /^\/api\/catalog\/versions$/, handler: catalogVersions },
    { method: 'GET', path: /^\/api\/projects$/, handler: listProjects },
    { method: 'POST', path: /^\/api\/projects$/, handler: createProject },
    { method: 'GET', path: /^\/api\/projects\/([^/]+)$/, handler: getProject },
    { method: 'PUT', path: /^\/api\/projects\/([^/]+)$/, handler: putProject },
    { method: 'POST', path: /^\/api\/projects\/([^/]+)\/editors$/, handler: addEditor },
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

