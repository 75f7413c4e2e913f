import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifySignedApproval, type SignedApproval } from '../../src/core/signing/approval-signature.ts';
import { workerCount } from '../../src/server/start.ts';
import { Client, sampleProject, startTestServer, type TestServer } from './helpers.ts';

/**
 * The server with a worker pool (as `dcq serve` runs): saves, approvals and exports give the same
 * answers as inline, and the event loop answers other requests while a PDF renders.
 */
vi.setConfig({ testTimeout: 180_000 });
let s: TestServer;
let eng: Client, dir: Client, bid: Client;

beforeAll(async () => {
  s = await startTestServer({ eng: ['engineer'], dir: ['director'], bid: ['bidStaff'] }, { workers: 1 });
  [eng, dir, bid] = [new Client(s.base), new Client(s.base), new Client(s.base)];
  for (const [c, n] of [[eng, 'eng'], [dir, 'dir'], [bid, 'bid']] as const) expect((await c.login(n)).status).toBe(200);
  // Until a worker has started the server works inline; this test is about the worker.
  while (!s.pool?.ready) await new Promise((r) => setTimeout(r, 100));
}, 180_000);
afterAll(async () => s?.close());

describe('worker threads', () => {
  it('DCQ_WORKERS chooses the pool size (0 = inline); one per core by default', () => {
    expect(workerCount('0')).toBe(0);
    expect(workerCount('3')).toBe(3);
    expect(workerCount(undefined)).toBeGreaterThanOrEqual(1);
    expect(workerCount('lots')).toBeGreaterThanOrEqual(1);
  });

  it('prices on save, evaluates and signs an approval, renders the PDF — on the worker — while the loop stays free', async () => {
    const created = await eng.req('POST', '/api/projects', sampleProject('12'));
    expect(created.status, await created.clone().text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const { rows } = await s.db.query<{ content_hash: string | null }>('SELECT content_hash FROM project_versions WHERE project_id = $1', [id]);
    expect(rows[0]!.content_hash).toMatch(/^sha256:/);
    const r = await dir.req('POST', `/api/projects/${id}/approvals`, { decision: 'approve', comment: 'ok' }, { 'If-Match': '1' });
    expect(r.status, await r.clone().text()).toBe(201);
    expect(verifySignedApproval(((await r.json()) as { signed: SignedApproval }).signed, s.publicKeys, id)).toEqual({ ok: true });

    const pdf = bid.req('GET', `/api/projects/${id}/export/quote.pdf`);
    // While the PDF renders on the worker, a health check is answered at once.
    await new Promise((res) => setTimeout(res, 300));
    const t0 = performance.now();
    expect((await fetch(`${s.base}/api/health`)).status).toBe(200);
    const healthMs = performance.now() - t0;
    const done = await pdf;
    expect(done.status).toBe(200);
    expect(done.headers.get('x-document-status')).toBe('final');
    expect(new TextDecoder().decode(new Uint8Array(await done.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    expect(healthMs).toBeLessThan(2000);
  });
});
