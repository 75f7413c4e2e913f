import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError, createApi, detectServer, type Api, type FetchLike } from '../../src/app/server/api.ts';
import { diffJson, jsonEqual, merge3 } from '../../src/app/server/merge.ts';
import { SaveQueue, type Outbox, type OutboxEntry, type SyncStatus } from '../../src/app/server/sync.ts';
import { approvalView, editorsView, reviewView } from '../../src/app/server/who-may-act.ts';
import { knowledgeFromCompiled } from '../../src/core/knowledge-compiled.ts';
import { approvalLevels, levelRank } from '../../src/core/pricing/rules.ts';
import { readRoles } from '../../src/server/roles.ts';
import { PASSWORD, sampleProject, startTestServer, type TestServer } from '../server/helpers.ts';

/**
 * The app's server client and save queue against the real server (PGlite, loopback): sign-in with the
 * CSRF token, If-Match saves, a stale save giving a conflict that keeps the user's edit, reload and
 * re-apply, and an edit made offline sent on reconnect with its base version.
 */
vi.setConfig({ testTimeout: 60_000 });
let s: TestServer;

/** A browser's fetch: keeps the session cookie like the browser would; `down` simulates being offline. */
function browserFetch(base: string): FetchLike & { down: boolean } {
  let cookie = '';
  const f = (async (url: string, init: RequestInit = {}) => {
    if (f.down) throw new TypeError('Failed to fetch');
    const headers = { ...(init.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) };
    const r = await fetch(`${base}${url}`, { ...init, headers });
    const set = r.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return r;
  }) as FetchLike & { down: boolean };
  f.down = false;
  return f;
}

function memoryOutbox(): Outbox & { entries: Map<string, OutboxEntry> } {
  const entries = new Map<string, OutboxEntry>();
  return {
    entries,
    get: async (id) => entries.get(id),
    put: async (e) => void entries.set(e.id, structuredClone(e)),
    delete: async (id) => void entries.delete(id),
  };
}

const until = async (check: () => boolean, what: string) => {
  const end = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  s = await startTestServer({ eng: ['engineer'], sm: ['salesManager'], fin: ['finance', 'director'] });
}, 120_000);
afterAll(async () => s?.close());

async function signedIn(name: string): Promise<{ api: Api; f: ReturnType<typeof browserFetch> }> {
  const f = browserFetch(s.base);
  const api = createApi(f);
  expect(await api.session()).toBeNull();
  const user = await api.signIn(name, PASSWORD);
  expect(user.username).toBe(name);
  return { api, f };
}

describe('server client', () => {
  it('detects a server by /api/health and a static build by its absence', async () => {
    expect(await detectServer(browserFetch(s.base))).toBe(true);
    const staticSite: FetchLike = async () => new Response('<!doctype html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    expect(await detectServer(staticSite)).toBe(false);
    const down: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await detectServer(down)).toBe(false);
  });

  it('signs in, sends the CSRF token on saves, reports a wrong password in both languages, signs out', async () => {
    const bad = createApi(browserFetch(s.base));
    const err = await bad.signIn('eng', 'wrong').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect((err as ApiError).text.zh).toMatch(/密码/);

    const { api } = await signedIn('eng');
    expect(await api.session()).toMatchObject({ roles: ['engineer'], roleNames: { engineer: { zh: '售前工程师' } }, approvalLevel: 'engineer', reviewSeats: [], permissions: ['createProjects'] });
    const { id, version } = await api.createProject(sampleProject('0.12'));
    const got = await api.getProject(id);
    expect(got.version).toBe(version);
    const renamed = { ...(got.project as Record<string, unknown>), meta: { ...(got.project as { meta: object }).meta, name: 'renamed' } };
    expect((await api.saveProject(id, version, renamed)).version).toBe(version + 1);
    expect((await api.listProjects()).find((p) => p.id === id)?.name).toBe('renamed');
    const stale = await api.saveProject(id, version, renamed).catch((e: unknown) => e);
    expect((stale as ApiError).status).toBe(409);
    await api.signOut();
    expect(await api.session()).toBeNull();
    expect(((await api.listProjects().catch((e: unknown) => e)) as ApiError).status).toBe(401);
  });

  it('shows the server refusal of an approval (403 level / four eyes) with its message', async () => {
    const { api: eng } = await signedIn('eng');
    const { id, version } = await eng.createProject(sampleProject('0.02'));
    // The engineer created the priced content: four eyes refuses.
    const own = (await eng.decide(id, version, 'approve', '').catch((e: unknown) => e)) as ApiError;
    expect(own.status).toBe(403);
    expect(own.text.en.length).toBeGreaterThan(10);
    const audit = await eng.audit(id);
    expect(audit.chain).toBe('intact');
    expect(audit.entries.map((e) => e.action)).toContain('created');
  });
});

describe('save queue', () => {
  async function openBoth() {
    const a = await signedIn('eng');
    const b = await signedIn('eng');
    const { id } = await a.api.createProject(sampleProject('0.12'));
    return { a, b, id };
  }

  function queue(api: Api, outbox = memoryOutbox()) {
    const seen: SyncStatus[] = [];
    const q = new SaveQueue(api, outbox, (st) => seen.push(st), { delayMs: 10, retryMs: 50 });
    return { q, outbox, seen, last: () => seen[seen.length - 1] };
  }

  const named = (p: unknown, name: string) => ({ ...(p as Record<string, unknown>), meta: { ...(p as { meta: object }).meta, name } });
  const withCustomer = (p: unknown, customer: string) => ({ ...(p as Record<string, unknown>), meta: { ...(p as { meta: object }).meta, customer } });

  it('saves with If-Match, one save at a time, and ends saved with the outbox empty', async () => {
    const { a, id } = await openBoth();
    const got = await a.api.getProject(id);
    const t = queue(a.api);
    await t.q.open(id, got.version, got.project);
    await t.q.edit(named(got.project, 'one'));
    await t.q.edit(named(got.project, 'two'));
    await until(() => t.last()?.state === 'saved' && !t.q.unsaved, 'saved');
    expect(t.outbox.entries.size).toBe(0);
    const after = await a.api.getProject(id);
    expect((after.project as { meta: { name: string } }).meta.name).toBe('two');
    expect(t.last()?.version).toBe(after.version);
  });

  it('edits arriving while a save is on the wire never send two saves at once (no self-inflicted 409)', async () => {
    const { a, id } = await openBoth();
    const got = await a.api.getProject(id);
    let inFlight = 0;
    let most = 0;
    const slow: Api = {
      ...a.api,
      saveProject: async (...args: Parameters<Api['saveProject']>) => {
        most = Math.max(most, ++inFlight);
        try {
          await new Promise((r) => setTimeout(r, 120));
          return await a.api.saveProject(...args);
        } finally {
          inFlight--;
        }
      },
    };
    const t = queue(slow);
    await t.q.open(id, got.version, got.project);
    for (let i = 0; i < 12; i++) {
      await t.q.edit(named(got.project, `edit ${i}`));
      await new Promise((r) => setTimeout(r, 35));
    }
    await until(() => t.last()?.state === 'saved' && !t.q.unsaved, 'all saved');
    expect(most).toBe(1);
    expect(t.seen.some((st) => st.state === 'conflict')).toBe(false);
    expect(((await a.api.getProject(id)).project as { meta: { name: string } }).meta.name).toBe('edit 11');
  });

  it('a stale save is a conflict that keeps my edit; re-apply merges it onto theirs; reload takes theirs', async () => {
    const { a, b, id } = await openBoth();
    const got = await a.api.getProject(id);
    const ta = queue(a.api);
    const tb = queue(b.api);
    await ta.q.open(id, got.version, got.project);
    await tb.q.open(id, got.version, got.project);
    await ta.q.edit(withCustomer(got.project, 'Customer from tab A'));
    await until(() => ta.last()?.state === 'saved' && !ta.q.unsaved, 'A saved');
    await tb.q.edit(named(got.project, 'Name from tab B'));
    await until(() => tb.last()?.state === 'conflict', 'B conflict');
    const c = tb.last()!.conflict!;
    expect(c.theirVersion).toBe(got.version + 1);
    expect(diffJson(c.theirs, c.mine).map((d) => d.path).sort()).toEqual(['meta.customer', 'meta.name']);
    // Nothing lost: my edit is still in the outbox while the conflict stands.
    expect((tb.outbox.entries.get(id)?.project as { meta: { name: string } }).meta.name).toBe('Name from tab B');
    const r = await tb.q.reapply();
    expect(r?.overlaps).toEqual([]);
    await until(() => tb.last()?.state === 'saved' && !tb.q.unsaved, 'B saved');
    const merged = (await a.api.getProject(id)).project as { meta: { name: string; customer: string } };
    expect(merged.meta).toMatchObject({ name: 'Name from tab B', customer: 'Customer from tab A' });

    // Tab A is now stale: reload takes the server's version and empties the outbox.
    await ta.q.edit(named(got.project, 'A again'));
    await until(() => ta.last()?.state === 'conflict', 'A conflict');
    const reloaded = await ta.q.reload();
    expect((reloaded?.project as { meta: { name: string } }).meta.name).toBe('Name from tab B');
    expect(ta.outbox.entries.size).toBe(0);
    expect(ta.last()?.state).toBe('saved');
  });

  it('an edit made offline stays in the outbox and is sent on reconnect with its base version (409 when stale)', async () => {
    const { a, b, id } = await openBoth();
    const got = await a.api.getProject(id);
    const t = queue(a.api);
    await t.q.open(id, got.version, got.project);
    a.f.down = true;
    await t.q.edit(named(got.project, 'offline edit'));
    await until(() => t.last()?.state === 'offline', 'offline');
    expect(t.outbox.entries.get(id)?.baseVersion).toBe(got.version);

    // "Reload the page": a new queue on the same outbox picks the unsent edit up and shows it.
    const t2 = queue(a.api, t.outbox);
    t.q.close();
    const shown = await t2.q.open(id, got.version, got.project);
    expect((shown as { meta: { name: string } }).meta.name).toBe('offline edit');
    a.f.down = false;
    await until(() => t2.last()?.state === 'saved' && !t2.q.unsaved, 'sent on reconnect');
    expect(((await b.api.getProject(id)).project as { meta: { name: string } }).meta.name).toBe('offline edit');

    // Offline again while someone else saves: the edit goes with its old base and meets a 409.
    const cur = await a.api.getProject(id);
    a.f.down = true;
    await t2.q.edit(named(cur.project, 'second offline edit'));
    await until(() => t2.last()?.state === 'offline', 'offline again');
    await b.api.saveProject(id, cur.version, named(cur.project, 'saved by B meanwhile'));
    a.f.down = false;
    await until(() => t2.last()?.state === 'conflict', 'conflict after reconnect');
    expect((t2.outbox.entries.get(id)?.project as { meta: { name: string } }).meta.name).toBe('second offline edit');
  });
});

describe('three-way merge of project files', () => {
  const obj = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y')));
  it('takes one side when only the other is unchanged, and both sides of disjoint changes', () => {
    fc.assert(
      fc.property(obj, obj, obj, (base, mine, theirs) => {
        expect(jsonEqual(merge3(base, base, theirs).value, theirs)).toBe(true);
        expect(jsonEqual(merge3(base, mine, base).value, mine)).toBe(true);
        const m = merge3(base, mine, theirs);
        const out = m.value as Record<string, unknown>;
        for (const k of new Set([...Object.keys(base), ...Object.keys(mine), ...Object.keys(theirs)])) {
          const mineChanged = !jsonEqual(mine[k], base[k]);
          const theirsChanged = !jsonEqual(theirs[k], base[k]);
          // Every edit of mine survives; theirs survive wherever I did not touch the field.
          if (mineChanged) expect(jsonEqual(out[k], mine[k])).toBe(true);
          else if (theirsChanged) expect(jsonEqual(out[k], theirs[k])).toBe(true);
          if (mineChanged && theirsChanged && !jsonEqual(mine[k], theirs[k])) expect(m.overlaps).toContain(k);
        }
      }),
    );
  });

  it('merges lists of elements with ids element by element', () => {
    const base = { loads: [{ id: 'L1', kw: 1 }, { id: 'L2', kw: 2 }] };
    const mine = { loads: [{ id: 'L1', kw: 5 }, { id: 'L2', kw: 2 }, { id: 'L3', kw: 3 }] };
    const theirs = { loads: [{ id: 'L1', kw: 1 }, { id: 'L2', kw: 7 }] };
    expect(merge3(base, mine, theirs)).toEqual({ value: { loads: [{ id: 'L1', kw: 5 }, { id: 'L2', kw: 7 }, { id: 'L3', kw: 3 }] }, overlaps: [] });
    expect(diffJson(theirs, mine).map((d) => d.path)).toEqual(['loads[L1].kw', 'loads[L2].kw', 'loads[L3]']);
  });
});

describe('server panels: who may act, editors, the server catalog', () => {
  it('approval buttons only for roles reaching the level the quote needs; the rest are told who may act', async () => {
    const { api } = await signedIn('sm');
    const roles = await api.roles();
    const sm = { approvalLevel: 'salesManager' };
    expect(approvalView(sm, 'salesManager', roles)).toMatchObject({ canAct: true });
    expect(approvalView(sm, 'director', roles).canAct).toBe(false);
    expect(approvalView(sm, 'director', roles).whoMayAct.map((r) => r.id)).toEqual(['director', 'generalManager']);
    expect(approvalView({ approvalLevel: null }, 'engineer', roles)).toMatchObject({ canAct: false });
    expect(approvalView(null, 'engineer', roles).whoMayAct.map((r) => r.id)).toEqual(['engineer', 'salesManager', 'director', 'generalManager']);
    // Invariant against the server's own role logic: for any set of roles and any required level, the
    // buttons show exactly when one of the user's roles is among those said to be able to act.
    const server = readRoles();
    fc.assert(
      fc.property(fc.subarray(server.list.map((r) => r.id)), fc.constantFrom(...approvalLevels), (ids, required) => {
        const user = server.describe(ids);
        const view = approvalView(user, required, roles);
        const serverLevel = server.approvalLevel(ids);
        expect(view.canAct).toBe(view.whoMayAct.some((r) => ids.includes(r.id)));
        expect(view.canAct).toBe(serverLevel !== null && levelRank(serverLevel) >= levelRank(required));
      }),
    );
  });

  it('合同评审: sign-off buttons for the seats the user holds; everyone sees which roles sign each seat', async () => {
    const { api } = await signedIn('fin');
    const user = (await api.session())!;
    const roles = await api.roles();
    const view = reviewView(user, roles);
    expect(view.mySeats).toEqual(['finance']);
    expect(Object.fromEntries(Object.entries(view.holders).map(([seat, rs]) => [seat, rs.map((r) => r.id)]))).toEqual({ sales: ['sales'], finance: ['finance'], technical: ['technical'] });
    expect(reviewView({ reviewSeats: [] }, roles).mySeats).toEqual([]);
  });

  it('the owner adds and removes editors from the app; others see the list read-only and are refused', async () => {
    const eng = await signedIn('eng');
    const sm = await signedIn('sm');
    const { id } = await eng.api.createProject(sampleProject('30'));
    const added = await eng.api.addEditor(id, 'sm');
    expect(added).toMatchObject({ owner: 'eng', editors: ['sm'] });
    expect(editorsView('eng', added)).toEqual({ canManage: true, people: [{ name: 'eng', owner: true, removable: false }, { name: 'sm', owner: false, removable: true }] });
    expect(editorsView('sm', added)).toEqual({ canManage: false, people: [{ name: 'eng', owner: true, removable: false }, { name: 'sm', owner: false, removable: false }] });
    const refused = await sm.api.removeEditor(id, 'sm').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 403, code: 'notOwner', text: { zh: expect.stringContaining('负责人（eng）'), en: expect.stringContaining('owner (eng)') } });
    const unknown = await eng.api.addEditor(id, 'nobody').catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 422, text: { zh: expect.stringContaining('编辑者用户名'), en: expect.stringContaining('Editor user name') } });
    expect(await eng.api.removeEditor(id, 'sm')).toMatchObject({ owner: 'eng', editors: [] });
    expect((await eng.api.getProject(id)).editors).toEqual([]);
    const actions = (await eng.api.audit(id)).entries.map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('editor'))).toEqual(['editorAdded', 'editorRemoved']);
  });

  it('fetches the server catalog with its version, ready for the core', async () => {
    const { api, f } = await signedIn('eng');
    const { version, compiled } = await api.catalog();
    const current = ((await (await f('/api/catalog/versions')).json()) as { current: string }).current;
    expect(version).toBe(current);
    expect(knowledgeFromCompiled(compiled).knowledge.catalog.version).toBe(version);
  });
});
