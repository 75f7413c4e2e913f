/**
 * Load and fault bench of the team server (not a timed test): simulated users on loopback edit, price,
 * approve and export for a bounded time against a `dcq serve` child process, then the figures:
 * p50/p95 per request type, 5xx outside fault windows, acknowledged saves lost (must be 0).
 * Faults: the server is killed (SIGKILL) mid-run and restarted; with DATABASE_URL from
 * scripts/with-postgres.sh, PostgreSQL itself is restarted mid-run too (requests fail cleanly with 503
 * and recover).
 *   npm run bench:server -- [--users 50] [--seconds 60]        (PGlite in a temporary folder)
 *   bash scripts/with-postgres.sh npm run bench:server          (PostgreSQL)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addUser } from '../src/server/users.ts';
import { openMigrated } from '../src/server/database-choice.ts';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const arg = (name: string, dflt: number, max: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i > 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(v) || v < 1) throw new Error(`--${name} must be a positive number`);
  return Math.min(v, max);
};
const USERS = arg('users', 50, 50);
const SECONDS = arg('seconds', 60, 120);
const PASSWORD = 'bench password 1';
const url = process.env.DATABASE_URL;
const dataDir = url ? null : mkdtempSync(join(tmpdir(), 'dcq-bench-'));
let dbUrl = url;

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

const sample = JSON.parse(readFileSync(join(root, 'templates/projects/sample-110kv.json'), 'utf8')) as Record<string, unknown>;
const projectBody = (name: string, marginPct: string) => ({
  ...sample,
  meta: { ...(sample.meta as object), name },
  quote: { settings: { mode: 'targetMargin', marginPct, allocateBy: 'cost' }, terms: { paymentTerms: '30/60/10', deliveryDays: 45, validUntil: '2027-06-30' } },
});

// ---- set-up: a database of its own, users ----
if (url) {
  const { openDatabase } = await import('../src/server/db.ts');
  const admin = await openDatabase({ url, poolSize: 1 });
  const name = `dcq_bench_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  dbUrl = url.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
}
const reviewers = Math.max(1, Math.round(USERS * 0.16));
const bidders = Math.max(1, Math.round(USERS * 0.04));
const engineers = USERS - reviewers - bidders;
{
  const db = await openMigrated(dbUrl ? { url: dbUrl, dataDir: '' } : { dataDir: dataDir! });
  const names: [string, string[]][] = [
    ...Array.from({ length: engineers }, (_, i) => [`eng${i}`, ['engineer']] as [string, string[]]),
    ...Array.from({ length: reviewers }, (_, i) => [`dir${i}`, ['director']] as [string, string[]]),
    ...Array.from({ length: bidders }, (_, i) => [`bid${i}`, ['bidStaff']] as [string, string[]]),
  ];
  await Promise.all(names.map(([n, r]) => addUser(db, n, r, PASSWORD)));
  await db.close();
}

// ---- the server child ----
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let child: ChildProcess | null = null;
async function startServer(): Promise<void> {
  const args = [join(root, 'bin/dcq.mjs'), 'serve', '--port', String(port), ...(dataDir ? ['--data', dataDir] : [])];
  const env = { ...process.env, ...(dbUrl ? { DATABASE_URL: dbUrl } : {}) };
  if (!dbUrl) delete env.DATABASE_URL;
  child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((res, rej) => {
    let out = '';
    child!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('dcq serve: http')) res();
    });
    child!.once('exit', (c) => rej(new Error(`server exited ${c}`)));
  });
}

// ---- measurement ----
const times = new Map<string, number[]>();
const statuses = new Map<string, number>();
let fault: string | null = null;
let fiveXX = 0;
let fiveXXInFault = 0;
let failedCleanly = 0;
async function call(kind: string, c: { cookie: string; csrf: string }, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response | null> {
  const t0 = performance.now();
  try {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { Cookie: c.cookie, ...(method !== 'GET' ? { 'X-CSRF-Token': c.csrf } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const buf = await r.arrayBuffer();
    void buf;
    const ms = performance.now() - t0;
    (times.get(kind) ?? times.set(kind, []).get(kind)!).push(ms);
    statuses.set(`${kind} ${r.status}`, (statuses.get(`${kind} ${r.status}`) ?? 0) + 1);
    if (r.status >= 500) {
      if (fault) fiveXXInFault++;
      else fiveXX++;
    }
    return new Response(buf, { status: r.status, headers: r.headers });
  } catch {
    failedCleanly++;
    return null;
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function login(name: string): Promise<{ cookie: string; csrf: string }> {
  for (let tries = 0; tries < 240; tries++) {
    const r = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: name, password: PASSWORD }) }).catch(() => null);
    if (r?.status === 200) return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
    await sleep(500);
  }
  throw new Error(`cannot sign in as ${name}`);
}

interface Owned {
  id: string;
  acked: { version: number; name: string }[];
}
const owned: Owned[] = [];
const deadline = () => performance.now() > end;
let end = 0;

async function engineer(i: number): Promise<void> {
  const c = await login(`eng${i}`);
  let created: Response | null = null;
  while (!created || created.status !== 201) {
    if (deadline()) return;
    created = await call('create', c, 'POST', '/api/projects', projectBody(`bench ${i} #0`, '12'));
    if (created?.status !== 201) await sleep(500);
  }
  const p: Owned = { id: ((await created.json()) as { id: string }).id, acked: [{ version: 1, name: `bench ${i} #0` }] };
  owned.push(p);
  let n = 0;
  while (!deadline()) {
    await call('list', c, 'GET', '/api/projects');
    const got = await call('get', c, 'GET', `/api/projects/${p.id}`);
    if (!got || got.status !== 200) {
      await sleep(300);
      continue;
    }
    const { version } = (await got.json()) as { version: number };
    n++;
    const name = `bench ${i} #${n}`;
    const r = await call('save', c, 'PUT', `/api/projects/${p.id}`, projectBody(name, String(10 + (n % 9))), { 'If-Match': String(version) });
    if (r?.status === 200) p.acked.push({ version: ((await r.json()) as { version: number }).version, name });
    // Think time: a person edits for a moment between saves.
    await sleep(500 + Math.random() * 1000);
  }
}

async function reviewer(i: number): Promise<void> {
  const c = await login(`dir${i}`);
  while (!deadline()) {
    const p = owned[Math.floor(Math.random() * owned.length)];
    if (!p) {
      await sleep(200);
      continue;
    }
    const got = await call('get', c, 'GET', `/api/projects/${p.id}`);
    if (got?.status === 200) {
      const { version } = (await got.json()) as { version: number };
      await call('approve', c, 'POST', `/api/projects/${p.id}/approvals`, { decision: 'approve', comment: 'bench' }, { 'If-Match': String(version) });
    }
    await sleep(500 + Math.random() * 1000);
  }
}

async function bidder(i: number): Promise<void> {
  const c = await login(`bid${i}`);
  while (!deadline()) {
    const p = owned[Math.floor(Math.random() * owned.length)];
    if (p) await call('export', c, 'GET', `/api/projects/${p.id}/export/quote.pdf`);
    // A bid clerk exports now and then; a PDF render holds the event loop for a while.
    await sleep(2000);
  }
}

async function faults(): Promise<void> {
  await sleep(SECONDS * 400);
  fault = 'server killed';
  console.log(`  fault: server SIGKILL at ${(SECONDS * 0.4).toFixed(0)} s, restarted`);
  child!.kill('SIGKILL');
  await new Promise((r) => child!.once('exit', r));
  const t0 = performance.now();
  await startServer();
  console.log(`  server back (listening, workers ready) ${((performance.now() - t0) / 1000).toFixed(1)} s after the kill`);
  fault = null;
  if (dbUrl && process.env.DCQ_PG_CTL && process.env.DCQ_PG_DATA) {
    await sleep(SECONDS * 200);
    fault = 'postgres restarted';
    console.log(`  fault: PostgreSQL restarted`);
    const asPg = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
    const cmd = [...asPg, process.env.DCQ_PG_CTL, '-D', process.env.DCQ_PG_DATA, '-m', 'fast', '-w', 'restart'];
    spawnSync(cmd[0]!, cmd.slice(1), { stdio: 'ignore' });
    // Requests that were in flight when the connections dropped answer during the next seconds.
    await sleep(10_000);
    fault = null;
  }
}

try {
  await startServer();
  console.log(`server bench: ${USERS} users (${engineers} engineers, ${reviewers} directors, ${bidders} bid staff), ${SECONDS} s, ${dbUrl ? 'PostgreSQL' : 'PGlite'}`);
  end = performance.now() + SECONDS * 1000;
  await Promise.all([
    ...Array.from({ length: engineers }, (_, i) => engineer(i)),
    ...Array.from({ length: reviewers }, (_, i) => reviewer(i)),
    ...Array.from({ length: bidders }, (_, i) => bidder(i)),
    faults(),
  ]);

  // ---- checks: no acknowledged save lost, no half-written project ----
  const admin = await login('dir0');
  let lost = 0;
  let halfWritten = 0;
  for (const p of owned) {
    const r = await call('get', admin, 'GET', `/api/projects/${p.id}`);
    const { version, project } = (await r!.json()) as { version: number; project: { meta: { name: string } } };
    const last = p.acked[p.acked.length - 1]!;
    if (version < last.version) lost++;
    else if (version === last.version && project.meta.name !== last.name) halfWritten++;
    const audit = await call('audit', admin, 'GET', `/api/projects/${p.id}/audit`);
    if (audit?.headers.get('x-audit-chain') !== 'intact') halfWritten++;
  }
  const pct = (xs: number[], q: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(0);
  console.log('| request | count | p50 ms | p95 ms |\n|---|---|---|---|');
  for (const [k, xs] of [...times.entries()].sort()) console.log(`| ${k} | ${xs.length} | ${pct(xs, 0.5)} | ${pct(xs, 0.95)} |`);
  console.log(`statuses: ${[...statuses.entries()].sort().map(([k, v]) => `${k}×${v}`).join(', ')}`);
  const acked = owned.reduce((s, p) => s + p.acked.length - 1, 0);
  console.log(`acknowledged saves ${acked}, lost ${lost}, half-written or broken chains ${halfWritten}; 5xx outside faults ${fiveXX} (must be 0), 5xx during faults ${fiveXXInFault}, connection failures (server down) ${failedCleanly}`);
  process.exitCode = lost + halfWritten + fiveXX > 0 ? 1 : 0;
} finally {
  (child as ChildProcess | null)?.kill('SIGTERM');
  await sleep(1000);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
