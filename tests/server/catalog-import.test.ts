import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { knowledgeFromCompiled } from '../../src/core/knowledge-compiled.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { shippedKnowledge } from '../fixtures/knowledge.ts';
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
let admin: Client, eng: Client, bid: Client;

beforeAll(async () => {
  s = await startTestServer({ root: ['admin'], eng: ['engineer'], bid: ['bidStaff'] });
  [admin, eng, bid] = [new Client(s.base), new Client(s.base), new Client(s.base)];
  expect((await admin.login('root')).status).toBe(200);
  expect((await eng.login('eng')).status).toBe(200);
  expect((await bid.login('bid')).status).toBe(200);
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

  it('GET /api/catalog gives the catalog in force; priced with it, the app agrees with the server export to the fen', async () => {
    // A price list that changes a cost the sample project uses (a battery charger module).
    const cur = ((await (await admin.req('GET', '/api/catalog/versions')).json()) as { current: string }).current;
    const list = '编码,成本价\nZHR22010-4,2987.65\n';
    const applied = await upload(admin, 'name=dearer.csv&apply=1', list, { 'If-Match': JSON.stringify(cur) });
    expect(applied.status, await applied.clone().text()).toBe(201);
    const { to } = (await applied.json()) as { to: string };

    const r = await eng.req('GET', '/api/catalog');
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe(JSON.stringify(to));
    expect(decodeURIComponent(r.headers.get('x-catalog-version') ?? '')).toBe(to);
    expect(r.headers.get('cache-control')).toBe('private, no-cache');
    const { knowledge } = knowledgeFromCompiled(await r.text());
    expect(String(knowledge.catalog.byCode.get('ZHR22010-4')?.costPrice)).toBe('2987.65');
    // Unchanged since: 304 with no body; not signed in: 401.
    const again = await eng.req('GET', '/api/catalog', undefined, { 'If-None-Match': JSON.stringify(to) });
    expect(again.status).toBe(304);
    expect((await fetch(`${s.base}/api/catalog`)).status).toBe(401);

    const { id } = (await (await eng.req('POST', '/api/projects', sampleProject('20'))).json()) as { id: string };
    const project = ((await (await eng.req('GET', `/api/projects/${id}`)).json()) as { project: ProjectFile }).project;
    const now = new Date().toISOString();
    const app = evaluateProject(project, knowledge, { now });
    const bundled = evaluateProject(project, await shippedKnowledge(), { now });
    expect(app.priced?.catalogVersion).toBe(to);
    // The app's own bundled catalog would price it differently: the fetched one is what agrees.
    expect(bundled.priced!.totals.totalCost.toFixed(2)).not.toBe(app.priced!.totals.totalCost.toFixed(2));

    const { rows } = await s.db.query<{ catalog_version: string; content_hash: string }>('SELECT catalog_version, content_hash FROM project_versions WHERE project_id = $1', [id]);
    expect(rows).toEqual([{ catalog_version: to, content_hash: app.quote!.contentHash }]);

    const xlsx = await bid.req('GET', `/api/projects/${id}/export/internal-bom.xlsx`);
    expect(xlsx.status, await xlsx.clone().text()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as ArrayBuffer);
    const figures = new Map<string, string>();
    wb.eachSheet((sheet) =>
      sheet.eachRow((row) => {
        const [label, value] = [row.getCell(1).value, row.getCell(2).value];
        if (typeof label !== 'string' || figures.has(label)) return;
        const v = value && typeof value === 'object' && 'result' in value ? value.result : value;
        figures.set(label, typeof v === 'number' ? v.toFixed(2) : String(v));
      }),
    );
    const T = app.priced!.totals;
    expect(figures.get('总成本')).toBe(T.totalCost.toFixed(2));
    expect(figures.get('售价（不含税）')).toBe(T.netAmountExVat.toFixed(2));
    expect(figures.get('增值税')).toBe(T.vat.toFixed(2));
    expect(figures.get('含税价')).toBe(T.amountIncVat.toFixed(2));
    expect(figures.get('物料库版本')).toMatch(new RegExp(`^${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
