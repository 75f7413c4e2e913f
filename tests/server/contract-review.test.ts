import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, sampleProject, startTestServer, type TestServer } from './helpers.ts';

/** 合同评审 on an issued revision: sales, finance and technical each sign off or reject with a comment. */
// PDF rendering and scrypt on a busy two-core machine: generous per-test time.
vi.setConfig({ testTimeout: 90_000 });
let s: TestServer;
const login = async (name: string) => {
  const c = new Client(s.base);
  expect((await c.login(name)).status).toBe(200);
  return c;
};
beforeAll(async () => {
  s = await startTestServer({ eng: ['engineer'], sal: ['sales'], fin: ['finance'], tec: ['technical'], dir: ['director'] });
}, 120_000);
afterAll(async () => s?.close());

describe('contract review', () => {
  it('needs an issued revision, takes each seat from the user roles, and is audited', async () => {
    const eng = await login('eng');
    const base = sampleProject('30') as { quote: Record<string, unknown> };
    const created = (await (await eng.req('POST', '/api/projects', base)).json()) as { id: string };
    const id = created.id;
    const fin = await login('fin');
    const none = await fin.req('POST', `/api/projects/${id}/contract-review`, { revision: 'A', decision: 'approve', comment: '' });
    expect(none.status).toBe(422);

    // Issue revision A through the core's own function, as the app does, then save it.
    const { issueRevision } = await import('../../src/core/quote/revisions.ts');
    const { evaluateProject, quoteCheckOf } = await import('../../src/core/pipeline.ts');
    const { shippedKnowledge } = await import('../fixtures/knowledge.ts');
    const got = (await (await eng.req('GET', `/api/projects/${id}`)).json()) as { project: Parameters<typeof evaluateProject>[0] };
    const knowledge = await shippedKnowledge();
    const check = quoteCheckOf(evaluateProject(got.project, knowledge), knowledge)!;
    const issued = issueRevision({ ...check, issuedBy: 'eng', issuedAt: '2026-11-30T10:00:00+08:00' });
    expect(issued.ok, JSON.stringify(!issued.ok && issued.problems)).toBe(true);
    if (!issued.ok) return;
    expect((await eng.req('PUT', `/api/projects/${id}`, { ...got.project, quote: issued.value }, { 'If-Match': '1' })).status).toBe(200);

    expect((await eng.req('POST', `/api/projects/${id}/contract-review`, { revision: 'A', decision: 'approve', comment: '' })).status).toBe(403);
    expect((await fin.req('POST', `/api/projects/${id}/contract-review`, { revision: 'A', decision: 'approve', comment: '', seat: 'technical' })).status).toBe(403);
    expect((await fin.req('POST', `/api/projects/${id}/contract-review`, { revision: 'A', decision: 'reject', comment: '' })).status).toBe(400);
    const r1 = await fin.req('POST', `/api/projects/${id}/contract-review`, { revision: 'A', decision: 'approve', comment: '付款条件可接受' });
    expect(r1.status).toBe(201);
    expect(await r1.json()).toMatchObject({ status: 'pending', seats: { finance: { user: 'fin', decision: 'approve' }, sales: null, technical: null } });
    await (await login('sal')).req('POST', `/api/projects/${id}/contract-review`, { revision: 'A', decision: 'approve', comment: 'ok' });
    const tec = await login('tec');
    const r2 = await tec.req('POST', `/api/projects/${id}/contract-review`, { revision: 'A', decision: 'approve', comment: '技术参数满足' });
    expect(await r2.json()).toMatchObject({ status: 'approved' });
    const r3 = await tec.req('POST', `/api/projects/${id}/contract-review`, { revision: 'A', decision: 'reject', comment: '蓄电池品牌须改为招标指定品牌' });
    expect(await r3.json()).toMatchObject({ status: 'rejected', seats: { technical: { decision: 'reject' } } });
    expect(await (await eng.req('GET', `/api/projects/${id}/contract-review`)).json()).toMatchObject({ revision: 'A', status: 'rejected' });
    const audit = (await (await eng.req('GET', `/api/projects/${id}/audit`)).json()) as { action: string; user: string; detail: object }[];
    expect(audit.filter((e) => e.action === 'contractReview').map((e) => e.user)).toEqual(['fin', 'sal', 'tec', 'tec']);
    expect(audit.filter((e) => e.action === 'revisionIssued')).toMatchObject([{ user: 'eng', detail: { revision: 'A' } }]);
  });
});
