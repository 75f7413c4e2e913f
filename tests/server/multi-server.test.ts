import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainBreak, type AuditEntry } from '../../src/server/audit.ts';
import { migrate } from '../../src/server/migrations.ts';
import { addUser } from '../../src/server/users.ts';
import { Client, freshDb, ON_POSTGRES, PASSWORD, sampleProject } from './helpers.ts';

/**
 * Two `dcq serve` processes on one PostgreSQL (only under scripts/with-postgres.sh): a session made on
 * one is valid on the other, and saves racing through both keep one version sequence and one unbroken
 * audit chain — no acknowledged save lost.
 */
const repo = join(__dirname, '../..');
let drop: () => Promise<void> = async () => {};
const children: ChildProcess[] = [];
const bases: string[] = [];

function serve(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repo, 'bin/dcq.mjs'), 'serve', '--port', '0'], { cwd: repo, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /dcq serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => reject(new Error(`dcq serve exited ${code}: ${err}`)));
  });
}

describe.skipIf(!ON_POSTGRES)('several servers on one PostgreSQL', () => {
  beforeAll(async () => {
    const fresh = await freshDb();
    drop = fresh.drop;
    await migrate(fresh.db);
    await addUser(fresh.db, 'eng', ['engineer'], PASSWORD);
    bases.push(...(await Promise.all([serve(fresh.url!), serve(fresh.url!)])));
  }, 180_000);
  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await drop();
  });

  it('share sessions and keep one version sequence and one audit chain under racing saves', async () => {
    const a = new Client(bases[0]!);
    expect((await a.login('eng')).status).toBe(200);
    const b = new Client(bases[1]!);
    b.cookie = a.cookie;
    b.csrf = a.csrf;
    expect((await b.req('GET', '/api/session')).status).toBe(200);

    const created = (await (await a.req('POST', '/api/projects', sampleProject('30'))).json()) as { id: string };
    const id = created.id;
    let acknowledged = 0;
    let conflicts = 0;
    const writer = async (client: Client, n: number, tag: string) => {
      for (let i = 0; i < n; i++) {
        for (;;) {
          const cur = (await (await client.req('GET', `/api/projects/${id}`)).json()) as { version: number; project: { meta: Record<string, unknown> } };
          const body = { ...sampleProject(String(20 + (i % 7))), meta: { ...cur.project.meta, name: `${tag}-${i}` } };
          const r = await client.req('PUT', `/api/projects/${id}`, body, { 'If-Match': String(cur.version) });
          if (r.status === 200) {
            acknowledged++;
            break;
          }
          expect(r.status).toBe(409);
          conflicts++;
        }
      }
    };
    await Promise.all([writer(a, 8, 'a'), writer(b, 8, 'b'), writer(a, 8, 'c'), writer(b, 8, 'd')]);
    const final = (await (await a.req('GET', `/api/projects/${id}`)).json()) as { version: number };
    expect(acknowledged).toBe(32);
    expect(final.version).toBe(1 + acknowledged);
    const audit = (await (await b.req('GET', `/api/projects/${id}/audit`)).json()) as AuditEntry[];
    expect(audit.map((e) => e.seq)).toEqual(Array.from({ length: 1 + acknowledged }, (_, i) => i + 1));
    expect(auditChainBreak(audit)).toBeNull();
    expect(conflicts).toBeGreaterThan(0);
  }, 300_000);
});
