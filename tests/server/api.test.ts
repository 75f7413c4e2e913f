import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { evaluateProject, quoteCheckOf } from '../../src/core/pipeline.ts';
import { recordDecision } from '../../src/core/quote/approval.ts';
import { signingPolicy, verifySignedApproval, type SignedApproval } from '../../src/core/signing/approval-signature.ts';
import { shippedKnowledge } from '../fixtures/knowledge.ts';
import { auditChainBreak, type AuditEntry } from '../../src/server/audit.ts';
import { Client, ON_POSTGRES, sampleProject, startTestServer, type TestServer } from './helpers.ts';

/**
 * The HTTP contract of issue 13, end to end over loopback: sign-in, CSRF, versions and 409, edit
 * rights, approvals evaluated by the core and signed, four eyes, export status, audit chain.
 * Runs on PGlite, and on PostgreSQL under scripts/with-postgres.sh.
 */
// PDF rendering and scrypt on a busy two-core machine: generous per-test time.
vi.setConfig({ testTimeout: 90_000 });
let s: TestServer;
const users = {
  eng: ['engineer'],
  eng2: ['engineer'],
  engdir: ['engineer', 'director'],
  sm: ['salesManager'],
  dir: ['director'],
  gm: ['generalManager'],
  bid: ['bidStaff'],
  fin: ['finance'],
};
const c = (name?: keyof typeof users) => new Client(s.base);
let eng: Client, eng2: Client, engdir: Client, sm: Client, dir: Client, bid: Client;

beforeAll(async () => {
  s = await startTestServer(users, { bodyLimitBytes: 512 * 1024 });
  [eng, eng2, engdir, sm, dir, bid] = [c(), c(), c(), c(), c(), c()];
  for (const [client, name] of [[eng, 'eng'], [eng2, 'eng2'], [engdir, 'engdir'], [sm, 'sm'], [dir, 'dir'], [bid, 'bid']] as const) {
    expect((await client.login(name)).status).toBe(200);
  }
}, 120_000);
afterAll(async () => s?.close());

async function create(client: Client, marginPct: string, extra: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const r = await client.req('POST', '/api/projects', { ...sampleProject(marginPct), ...extra });
  expect(r.status, await r.clone().text()).toBe(201);
  return (await r.json()) as { id: string; version: number };
}

describe('health and sign-in', () => {
  it('reports the database kind', async () => {
    const r = await fetch(`${s.base}/api/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, database: ON_POSTGRES ? 'postgresql' : 'pglite' });
  });

  it('sets an HttpOnly SameSite session cookie with expiry and returns a CSRF token', async () => {
    const r = await c().login('eng');
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^dcq_session=[A-Za-z0-9_-]{40,}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+/);
    expect(((await r.json()) as { csrfToken: string }).csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses a wrong password with 401 and no detail about which part was wrong', async () => {
    const r = await c().login('eng', 'wrong password');
    expect(r.status).toBe(401);
    expect(await r.json()).toMatchObject({ code: 'badCredentials', message: 'Wrong user name or password' });
    expect((await c().login('nobody-here', 'wrong password')).status).toBe(401);
  });

  it('rate-limits failed sign-ins per user name (429), then even the right password waits', async () => {
    for (let i = 0; i < 5; i++) expect((await c().login('gm', 'not the password')).status).toBe(401);
    const r = await c().login('gm');
    expect(r.status).toBe(429);
    expect((await r.json()) as object).toMatchObject({ code: 'tooManyAttempts' });
  });

  it('reads the session back (the app reloads with an HttpOnly cookie) and logs out', async () => {
    const x = c();
    await x.login('eng2');
    const who = await x.req('GET', '/api/session');
    expect(await who.json()).toMatchObject({ csrfToken: x.csrf, user: { username: 'eng2', roles: ['engineer'] } });
    expect((await x.req('DELETE', '/api/session')).status).toBe(200);
    expect((await x.req('GET', '/api/projects')).status).toBe(401);
  });
});

describe('projects, versions and edit rights', () => {
  it('creates, lists, reads and saves with If-Match; a stale save gets 409 and loses nothing', async () => {
    const { id, version } = await create(eng, '30');
    expect(version).toBe(1);
    const list = (await (await dir.req('GET', '/api/projects')).json()) as { id: string; name: string; version: number }[];
    expect(list.find((p) => p.id === id)).toMatchObject({ version: 1, name: expect.any(String) });
    const got = (await (await dir.req('GET', `/api/projects/${id}`)).json()) as { project: { id: string; meta: { name: string } }; version: number };
    expect(got.version).toBe(1);
    expect(got.project.id).toBe(id);

    const tabA = { ...got.project, meta: { ...got.project.meta, name: 'Tab A' } };
    const tabB = { ...got.project, meta: { ...got.project.meta, name: 'Tab B' } };
    const a = await eng.req('PUT', `/api/projects/${id}`, tabA, { 'If-Match': '"1"' });
    expect(a.status).toBe(200);
    expect(await a.json()).toEqual({ version: 2 });
    const b = await eng.req('PUT', `/api/projects/${id}`, tabB, { 'If-Match': '"1"' });
    expect(b.status).toBe(409);
    expect(await b.json()).toMatchObject({ code: 'stale', currentVersion: 2, baseVersion: 1 });
    const now = (await (await eng.req('GET', `/api/projects/${id}`)).json()) as { project: { meta: { name: string } }; version: number };
    expect(now).toMatchObject({ version: 2, project: { meta: { name: 'Tab A' } } });
    expect((await eng.req('PUT', `/api/projects/${id}`, tabB)).status).toBe(428);
  });

  it("refuses another user's edit (403) until the owner adds them as editor", async () => {
    const { id } = await create(eng, '30');
    const body = { ...sampleProject('31') };
    expect((await eng2.req('PUT', `/api/projects/${id}`, body, { 'If-Match': '1' })).status).toBe(403);
    expect((await eng2.req('POST', `/api/projects/${id}/editors`, { username: 'eng2' })).status).toBe(403);
    expect((await eng.req('POST', `/api/projects/${id}/editors`, { username: 'eng2' })).status).toBe(201);
    expect((await eng2.req('PUT', `/api/projects/${id}`, body, { 'If-Match': '1' })).status).toBe(200);
  });

  it('the owner removes an editor (audited); the removed editor can no longer save; only the owner may remove', async () => {
    const { id } = await create(eng, '30');
    const added = await eng.req('POST', `/api/projects/${id}/editors`, { username: 'eng2' });
    expect(await added.json()).toMatchObject({ owner: 'eng', editors: ['eng2'] });
    expect((await eng.req('POST', `/api/projects/${id}/editors`, { username: 'engdir' })).status).toBe(201);
    expect((await eng.req('POST', `/api/projects/${id}/editors`, { username: 'eng' })).status).toBe(422);
    // An editor is not the owner: they may not remove anyone, themselves included.
    expect((await eng2.req('DELETE', `/api/projects/${id}/editors/engdir`)).status).toBe(403);
    expect((await eng.req('DELETE', `/api/projects/${id}/editors/eng2`, undefined, {}, { csrf: false })).status).toBe(403);
    const removed = await eng.req('DELETE', `/api/projects/${id}/editors/eng2`);
    expect(removed.status).toBe(200);
    expect(await removed.json()).toMatchObject({ owner: 'eng', editors: ['engdir'] });
    expect((await eng.req('DELETE', `/api/projects/${id}/editors/eng2`)).status).toBe(404);
    expect(await (await eng.req('GET', `/api/projects/${id}`)).json()).toMatchObject({ owner: 'eng', editors: ['engdir'] });
    expect((await eng2.req('PUT', `/api/projects/${id}`, sampleProject('32'), { 'If-Match': '1' })).status).toBe(403);
    const log = await eng.req('GET', `/api/projects/${id}/audit`);
    expect(log.headers.get('x-audit-chain')).toBe('intact');
    const entries = (await log.json()) as AuditEntry[];
    expect(entries.filter((e) => e.action.startsWith('editor')).map((e) => [e.user, e.action, e.detail.editor])).toEqual([
      ['eng', 'editorAdded', 'eng2'],
      ['eng', 'editorAdded', 'engdir'],
      ['eng', 'editorRemoved', 'eng2'],
    ]);
  });

  it('only roles that create projects may create them; an invalid file gets 422 with problems', async () => {
    expect((await dir.req('POST', '/api/projects', sampleProject('30'))).status).toBe(403);
    const r = await eng.req('POST', '/api/projects', { schemaVersion: 1, meta: {} });
    expect(r.status).toBe(422);
    expect(((await r.json()) as { problems: unknown[] }).problems.length).toBeGreaterThan(0);
  });
});

describe('approvals signed by the server', () => {
  it('approves at the right level only, signs, and lets bid staff export a final quote', async () => {
    const { id } = await create(eng, '12'); // gross margin 12 % → director (rules/pricing/approval.yaml)
    const bad = await sm.req('POST', `/api/projects/${id}/approvals`, { decision: 'approve', comment: '' }, { 'If-Match': '1' });
    expect(bad.status).toBe(403);
    expect(await bad.json()).toMatchObject({ code: 'approval.roleTooLow' });

    const draft = await bid.req('GET', `/api/projects/${id}/export/quote.pdf`);
    expect(draft.status).toBe(200);
    expect(draft.headers.get('x-document-status')).toBe('draft');

    const r = await dir.req('POST', `/api/projects/${id}/approvals`, { decision: 'approve', comment: 'ok' }, { 'If-Match': '1' });
    expect(r.status, await r.clone().text()).toBe(201);
    const { signed } = (await r.json()) as { signed: SignedApproval };
    expect(signed.record).toMatchObject({ approverName: 'dir', role: 'director', requiredLevel: 'director', decision: 'approve' });
    expect(verifySignedApproval(signed, s.publicKeys, id)).toEqual({ ok: true });
    expect(verifySignedApproval({ ...signed, record: { ...signed.record, role: 'generalManager' } }, s.publicKeys, id)).toEqual({ ok: false, reason: 'badSignature' });

    expect((await eng.req('GET', `/api/projects/${id}/export/quote.pdf`)).status).toBe(403);
    const pdf = await bid.req('GET', `/api/projects/${id}/export/quote.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('x-document-status')).toBe('final');
    const bytes = new Uint8Array(await pdf.arrayBuffer());
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');

    // A priced change after the approval voids it: the export is a draft again.
    const cur = (await (await eng.req('GET', `/api/projects/${id}`)).json()) as { project: Record<string, unknown> & { quote: { approvals: unknown[] } } };
    expect(cur.project.quote.approvals).toHaveLength(1);
    expect((await eng.req('PUT', `/api/projects/${id}`, sampleProject('13'), { 'If-Match': '1' })).status).toBe(200);
    expect((await bid.req('GET', `/api/projects/${id}/export/quote.pdf`)).headers.get('x-document-status')).toBe('draft');
  });

  it('takes the level from the user record, never from the request body (role escalation)', async () => {
    const { id } = await create(eng, '5'); // below 10 % → general manager
    const r = await dir.req('POST', `/api/projects/${id}/approvals`, { decision: 'approve', comment: '', role: 'generalManager', approverName: 'gm', roles: ['generalManager'] }, { 'If-Match': '1' });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ code: 'approval.roleTooLow' });
  });

  it('four eyes: who changed the priced content since the last approval may not approve it', async () => {
    const { id } = await create(engdir, '12');
    const own = await engdir.req('POST', `/api/projects/${id}/approvals`, { decision: 'approve', comment: '' }, { 'If-Match': '1' });
    expect(own.status).toBe(403);
    expect(await own.json()).toMatchObject({ code: 'approval.ownChanges' });
    expect((await dir.req('POST', `/api/projects/${id}/approvals`, { decision: 'approve', comment: '' }, { 'If-Match': '1' })).status).toBe(201);
  });

  it('an approval carries the version reviewed: content saved after it gets 409', async () => {
    const { id } = await create(eng, '12');
    expect((await eng.req('PUT', `/api/projects/${id}`, sampleProject('11'), { 'If-Match': '1' })).status).toBe(200);
    const r = await dir.req('POST', `/api/projects/${id}/approvals`, { decision: 'approve', comment: '' }, { 'If-Match': '1' });
    expect(r.status).toBe(409);
    expect((await dir.req('POST', `/api/projects/${id}/approvals`, { decision: 'approve', comment: '' })).status).toBe(428);
  });

  it('a forged approval in an imported file is dropped: nothing approved, the export is DRAFT', async () => {
    const { id } = await create(eng, '12');
    // The forger computes the exact content hash (it is not secret: dcq quote --json prints it) and
    // writes a well-formed director's approval of it into the file.
    const got = (await (await eng.req('GET', `/api/projects/${id}`)).json()) as { project: Parameters<typeof evaluateProject>[0] };
    const knowledge = await shippedKnowledge();
    const check = quoteCheckOf(evaluateProject(got.project, knowledge), knowledge)!;
    const forged = recordDecision(check, { approverName: 'dir', role: 'director', time: new Date().toISOString(), decision: 'approve', comment: '' });
    expect(forged.ok).toBe(true);
    if (!forged.ok) return;
    expect(evaluateProject({ ...got.project, quote: forged.value }, knowledge).quote?.canIssueFinal).toBe(true); // locally it would print final
    const r = await eng.req('PUT', `/api/projects/${id}`, { ...got.project, quote: forged.value }, { 'If-Match': '1' });
    expect(r.status).toBe(200);
    const again = (await (await bid.req('GET', `/api/projects/${id}`)).json()) as { project: { quote: { approvals: unknown[] } } };
    expect(again.project.quote.approvals).toEqual([]);
    expect((await bid.req('GET', `/api/projects/${id}/export/quote.pdf`)).headers.get('x-document-status')).toBe('draft');
    const imported = await eng.req('POST', '/api/projects', { ...got.project, quote: forged.value });
    expect(((await imported.json()) as { droppedApprovals: number }).droppedApprovals).toBe(1);
  });

  it('even a quote that needs no approval level is DRAFT until the server signed its release', async () => {
    const { id } = await create(eng, '30');
    expect((await bid.req('GET', `/api/projects/${id}/export/quote.pdf`)).headers.get('x-document-status')).toBe('draft');
    expect((await eng2.req('POST', `/api/projects/${id}/approvals`, { decision: 'approve', comment: '' }, { 'If-Match': '1' })).status).toBe(201);
    expect((await bid.req('GET', `/api/projects/${id}/export/quote.pdf`)).headers.get('x-document-status')).toBe('final');
  });

  it('the project file the server hands out carries its signed approvals, which verify outside the server', async () => {
    const { id } = await create(eng, '12');
    expect((await dir.req('POST', `/api/projects/${id}/approvals`, { decision: 'approve', comment: 'ok' }, { 'If-Match': '1' })).status).toBe(201);
    const file = ((await (await bid.req('GET', `/api/projects/${id}`)).json()) as { project: Parameters<typeof evaluateProject>[0] & { quote: { signed: SignedApproval[] } } }).project;
    expect(file.quote.signed).toHaveLength(1);
    const knowledge = await shippedKnowledge();
    // The CLI and the app with the company key kept with the templates: final, on the signatures alone.
    const local = { signing: signingPolicy('whenKeyConfigured', s.publicKeys), now: new Date().toISOString() };
    expect(evaluateProject(file, knowledge, local).quote?.canIssueFinal).toBe(true);
    // The same file edited (a lower margin) or with a typed approval instead: DRAFT outside the server too.
    const edited = { ...file, quote: { ...file.quote, settings: { ...file.quote.settings, marginPct: '3' } } } as typeof file;
    expect(evaluateProject(edited, knowledge, local).quote?.canIssueFinal).toBe(false);
    const typedOnly = { ...file, quote: { ...file.quote, signed: [] } } as typeof file;
    expect(evaluateProject(typedOnly, knowledge).quote?.canIssueFinal).toBe(true); // a key-less local install trusts the typed record
    expect(evaluateProject(typedOnly, knowledge, local).quote?.canIssueFinal).toBe(false);
    // Saving the file back does not let its signed list in: the server's own record stands.
    const back = await eng.req('PUT', `/api/projects/${id}`, { ...file, quote: { ...file.quote, signed: [...file.quote.signed, { forged: true }] } }, { 'If-Match': '1' });
    expect(back.status).toBe(200);
    const again = ((await (await bid.req('GET', `/api/projects/${id}`)).json()) as { project: { quote: { signed: unknown[] } } }).project;
    expect(again.quote.signed).toEqual(file.quote.signed);
  });
});

describe('audit log', () => {
  it('records who did what, chained; the database refuses to change it', async () => {
    const { id } = await create(eng, '12');
    await eng.req('PUT', `/api/projects/${id}`, sampleProject('12.5'), { 'If-Match': '1' });
    await dir.req('POST', `/api/projects/${id}/approvals`, { decision: 'reject', comment: 'margin too thin' }, { 'If-Match': '2' });
    await bid.req('GET', `/api/projects/${id}/export/quote.pdf`);
    const r = await sm.req('GET', `/api/projects/${id}/audit`);
    expect(r.headers.get('x-audit-chain')).toBe('intact');
    const entries = (await r.json()) as AuditEntry[];
    expect(entries.map((e) => [e.user, e.action])).toEqual([['eng', 'created'], ['eng', 'edited'], ['dir', 'rejected'], ['bid', 'exported']]);
    expect(entries[2]!.detail).toMatchObject({ comment: 'margin too thin' });
    expect(entries[3]!.detail.fileHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(auditChainBreak(entries)).toBeNull();
    const edited = entries.map((e, i) => (i === 1 ? { ...e, detail: { ...e.detail, summary: 'nothing' } } : e));
    expect(auditChainBreak(edited)).toBe(2);
    expect(auditChainBreak(entries.filter((_, i) => i !== 1))).toBe(2);
    await expect(s.db.query('DELETE FROM audit WHERE project_id = $1', [id])).rejects.toThrow(/append-only/);
    await expect(s.db.query(`UPDATE audit SET username = 'x' WHERE project_id = $1`, [id])).rejects.toThrow(/append-only/);
    expect((await eng.req('DELETE', `/api/projects/${id}/audit`)).status).toBe(405);
  });
});

describe('refused requests', () => {
  it('state-changing requests without the CSRF token get 403, and signed-out ones 401', async () => {
    const r = await eng.req('POST', '/api/projects', sampleProject('30'), {}, { csrf: false });
    expect(r.status).toBe(403);
    expect(await r.json()).toMatchObject({ code: 'csrf' });
    expect((await eng.req('POST', '/api/projects', sampleProject('30'), { 'X-CSRF-Token': 'x'.repeat(43) }, { csrf: false })).status).toBe(403);
    expect((await new Client(s.base).req('POST', '/api/projects', sampleProject('30'))).status).toBe(401);
  });

  it('an expired session is refused', async () => {
    const x = new Client(s.base);
    await x.login('eng2');
    expect((await x.req('GET', '/api/projects')).status).toBe(200);
    await s.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second'`);
    expect((await x.req('GET', '/api/projects')).status).toBe(401);
    for (const client of [eng, eng2, engdir, sm, dir, bid]) await client.login(Object.entries({ eng, eng2, engdir, sm, dir, bid }).find(([, v]) => v === client)![0]);
  });

  it('SQL-injection strings are data, not SQL', async () => {
    const evil = `x'); DROP TABLE users; --`;
    expect((await c().login(`admin' OR '1'='1`, `' OR '1'='1`)).status).toBe(401);
    const { id } = await create(eng, '30', { meta: { ...(sampleProject('30').meta as object), name: evil, customer: evil } });
    const got = (await (await eng.req('GET', `/api/projects/${id}`)).json()) as { project: { meta: { name: string } } };
    expect(got.project.meta.name).toBe(evil);
    expect((await eng.req('GET', `/api/projects/${encodeURIComponent(`' OR '1'='1`)}`)).status).toBe(404);
    expect((await eng.req('POST', `/api/projects/${id}/editors`, { username: evil })).status).toBe(422);
    expect((await dir.req('POST', `/api/projects/${id}/approvals`, { decision: `approve'--`, comment: evil }, { 'If-Match': '1' })).status).toBe(400);
    expect((await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]!.n).toBe(Object.keys(users).length);
  });

  it('oversized bodies get 413 with a JSON message', async () => {
    const big = { ...sampleProject('30'), meta: { name: 'x'.repeat(600 * 1024) } };
    const r = await eng.req('POST', '/api/projects', big);
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ code: 'bodyTooLarge' });
  });

  it('export names are a fixed list: path traversal gets 404', async () => {
    const { id } = await create(eng, '30');
    for (const name of ['..%2F..%2F..%2Fetc%2Fpasswd', '..%2Fquote.pdf', 'quote.pdf%00.txt', '%2E%2E']) {
      const r = await bid.req('GET', `/api/projects/${id}/export/${name}`);
      expect(r.status, name).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/json/);
    }
  });

  it('errors are JSON with a message, never a stack trace', async () => {
    const r = await eng.req('POST', '/api/projects', '{"broken', { 'Content-Type': 'application/json' });
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(JSON.parse(text)).toMatchObject({ code: 'badJson', message: expect.any(String) });
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    expect((await eng.req('GET', '/api/nothing-here')).status).toBe(404);
  });
});
