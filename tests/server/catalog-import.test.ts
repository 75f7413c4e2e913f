import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { zipBomb } from '../hostile/corpus.ts';
import { Client, sampleProject, startTestServer, type TestServer } from './helpers.ts';

/**
 * Catalog import through the server API (issue 13): admins only; the same diff preview as `dcq catalog
 * import`; apply with If-Match → a new catalog version in the database, audited; priced saves record
 * the version they used; the price-list limits of rules/limits apply. PGlite, and PostgreSQL under
 * scripts/with-postgres.sh.
 */
vi.setConfig({ testTimeout: 120_000 });
let s: TestServer;
let admin: Client, eng: Client;

beforeAll(async () => {
  s = await startTestServer({ root: ['admin'], eng: ['engineer'] });
  [admin, eng] = [new Client(s.base), new Client(s.base)];
  expect((await admin.login('root')).status).toBe(200);
  expect((await eng.login('eng')).status).toBe(200);
}, 120_000);
afterAll(async () => s?.close());

function upload(c: Client, query: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${s.base}/api/catalog/import?${query}`, { method: 'POST', headers: { Cookie: c.cookie, 'X-CSRF-Token': c.csrf, 'Content-Type': 'application/octet-stream', ...headers }, body: typeof body === 'string' ? body : Buffer.from(body) });
}

const CSV = '\uFEFF编码,成本价,销售价\nZHR22010-4,"¥2,250.00",３３００\n';

describe('catalog import through the API', () => {
  it('only admins import; the preview is the diff of dcq catalog import and changes nothing', async () => {
    expect((await upload(eng, 'name=prices.csv', CSV)).status).toBe(403);
    const before = (await (await admin.req('GET', '/api/catalog/versions')).json()) as { current: string; versions: unknown[] };
    const r = await upload(admin, 'name=prices.csv', CSV);
    expect(r.status, await r.clone().text()).toBe(200);
    const body = (await r.json()) as { catalogVersion: string; diff: { changed: { code: string; costPrice?: { old: string; new: string } }[]; badRows: unknown[] } };
    expect(body.catalogVersion).toBe(before.current);
    expect(body.diff.changed).toHaveLength(1);
    expect(body.diff.changed[0]).toMatchObject({ code: 'ZHR22010-4', costPrice: { old: '2150.00', new: '2250.00' } });
    const after = (await (await admin.req('GET', '/api/catalog/versions')).json()) as { current: string; versions: unknown[] };
    expect(after).toEqual(before);
  });

  it('apply needs the version previewed; it stores a new catalog version, audits it, and later priced saves record it', async () => {
    const { id } = (await (await eng.req('POST', '/api/projects', sampleProject('20'))).json()) as { id: string };
    const { rows: v1 } = await s.db.query<{ catalog_version: string }>('SELECT catalog_version FROM project_versions WHERE project_id = $1 AND version = 1', [id]);
    const base = (await (await admin.req('GET', '/api/catalog/versions')).json()) as { current: string; versions: unknown[] };
    expect(v1[0]!.catalog_version).toBe(base.current);

    expect((await upload(admin, 'name=prices.csv&apply=1', CSV)).status).toBe(428);
    expect((await upload(admin, 'name=prices.csv&apply=1', CSV, { 'If-Match': '"not-the-version"' })).status).toBe(409);
    const r = await upload(admin, 'name=prices.csv&apply=1', CSV, { 'If-Match': JSON.stringify(base.current) });
    expect(r.status, await r.clone().text()).toBe(201);
    const applied = (await r.json()) as { from: string; to: string; changed: number };
    expect(applied).toMatchObject({ from: base.current, changed: 1 });
    expect(applied.to).not.toBe(base.current);

    const now = (await (await eng.req('GET', '/api/catalog/versions')).json()) as { current: string; versions: { version: string; createdBy: string }[] };
    expect(now.current).toBe(applied.to);
    expect(now.versions.at(-1)).toMatchObject({ version: applied.to, createdBy: 'root' });
    // The same file again: nothing changes, no new version.
    const again = await upload(admin, 'name=prices.csv&apply=1', CSV, { 'If-Match': JSON.stringify(applied.to) });
    expect(((await again.json()) as { applied: boolean }).applied).toBe(false);

    const audit = await eng.req('GET', '/api/catalog/audit');
    expect(audit.headers.get('x-audit-chain')).toBe('intact');
    const entries = (await audit.json()) as { user: string; action: string; detail: { from: string; to: string; fileHash: string } }[];
    expect(entries.at(-1)).toMatchObject({ user: 'root', action: 'catalogImported', detail: { from: base.current, to: applied.to } });
    expect(entries.at(-1)!.detail.fileHash).toMatch(/^sha256:[0-9a-f]{64}$/);

    // The next priced save uses and records the new version; its cost reflects the new price.
    expect((await eng.req('PUT', `/api/projects/${id}`, sampleProject('20'), { 'If-Match': '1' })).status).toBe(200);
    const { rows: v2 } = await s.db.query<{ catalog_version: string; content_hash: string }>('SELECT catalog_version, content_hash FROM project_versions WHERE project_id = $1 ORDER BY version', [id]);
    expect(v2.map((v) => v.catalog_version)).toEqual([base.current, applied.to]);
    expect(v2[1]!.content_hash).not.toBe(v2[0]!.content_hash);
  });

  it('bad rows block the apply unless skipped; the limits of rules/limits apply (rows, zip guard, size)', async () => {
    const bad = await upload(admin, 'name=bad.csv', 'code,cost\nZHR22010-4,lots\nZHR11010-4,1700\n');
    expect(bad.status).toBe(200);
    expect(((await bad.json()) as { diff: { badRows: unknown[] } }).diff.badRows.length).toBeGreaterThan(0);
    const cur = ((await (await admin.req('GET', '/api/catalog/versions')).json()) as { current: string }).current;
    const blocked = await upload(admin, 'name=bad.csv&apply=1', 'code,cost\nZHR22010-4,lots\nZHR11010-4,1700\n', { 'If-Match': JSON.stringify(cur) });
    expect(blocked.status).toBe(422);

    const rows = await upload(admin, 'name=many.csv', `code,cost\n${'X,1\n'.repeat(50_001)}`);
    expect(rows.status).toBe(422);
    expect(((await rows.json()) as { message: string }).message).toMatch(/50[,.]?000/);

    const bomb = await upload(admin, 'name=bomb.xlsx', zipBomb(120));
    expect(bomb.status).toBe(422);
    const big = await upload(admin, 'name=big.csv', new Uint8Array(20_000_001));
    expect(big.status).toBe(413);
    expect((await big.json()) as { code: string }).toMatchObject({ code: 'bodyTooLarge' });
    expect((await upload(admin, 'name=p.csv&map=nonsense', CSV)).status).toBe(400);
  });
});
