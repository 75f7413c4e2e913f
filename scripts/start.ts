/**
 * `npm start`: the team server on an embedded PostgreSQL (PGlite) with no configuration — builds the app
 * when dist/ is missing or older than its sources, then runs the server on http://127.0.0.1:5173 with
 * its data in ./dcq-data (DCQ_DATA=DIR or DATABASE_URL=postgres://… choose otherwise; PORT the port).
 * On a first start it creates the administrator "admin" (administrator, presales engineer and bid
 * staff, so one person can try the whole flow up to the approval, which four eyes leaves to a second
 * account), prints the one-time password, and puts the sample projects on the server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { formatProblem } from '../src/core/problems.ts';
import { databaseChoice } from '../src/server/database-choice.ts';
import { DataFolderLockedError } from '../src/server/db.ts';
import { REPO_ROOT, startServer } from '../src/server/start.ts';

const root = REPO_ROOT;
const say = (l: string) => process.stdout.write(`${l}\n`);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), st.mtimeMs);
}

function buildIfNeeded(): void {
  const built = join(root, 'dist', 'index.html');
  const sources = ['src/app', 'src/core', 'src/export', 'catalog', 'rules', 'templates', 'index.html', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p));
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  if (builtAt > 0 && sources.every((p) => newestMtime(p) <= builtAt)) return;
  say('Building the app / 正在构建网页 (vite build)…');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function seedSamples(url: string, admin: { username: string; password: string }): Promise<string[]> {
  const login = await fetch(`${url}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(admin) });
  if (!login.ok) throw new Error(`sign-in as ${admin.username} failed: HTTP ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const dir = join(root, 'templates', 'projects');
  const names: string[] = [];
  // The 110 kV sample last, so it is the newest and the one the app opens first.
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json')).sort((a, b) => (a === 'sample-110kv.json' ? 1 : b === 'sample-110kv.json' ? -1 : a.localeCompare(b)))) {
    const body = readFileSync(join(dir, f), 'utf8');
    const r = await fetch(`${url}/api/projects`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrfToken }, body });
    if (r.status !== 201) throw new Error(`sample ${f}: HTTP ${r.status} ${await r.text()}`);
    names.push(f.replace(/\.json$/, ''));
  }
  await fetch(`${url}/api/session`, { method: 'DELETE', headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken } });
  return names;
}

async function main(): Promise<void> {
  buildIfNeeded();
  const port = Number(process.env.PORT ?? 5173);
  const choice = databaseChoice(process.env.DCQ_DATA);
  let started;
  try {
    started = await startServer({ ...choice, port, firstAdminRoles: ['admin', 'engineer', 'bidStaff'] });
  } catch (e) {
    if (e instanceof DataFolderLockedError) {
      say(`The data folder ${e.dir} is in use by another process (${e.holder}): is the server already running? / 数据目录正被另一个进程使用，服务器是否已在运行？`);
      process.exit(3);
    }
    throw e;
  }
  if (!started.ok) {
    for (const p of started.problems) say(formatProblem(p, 'zh'));
    process.exit(1);
  }
  const s = started.value;
  const rel = relative(process.cwd(), choice.dataDir);
  const dataArg = choice.url ? '' : ` --data ${rel && !rel.startsWith('..') ? rel : choice.dataDir}`;
  if (s.firstAdmin) {
    const samples = await seedSamples(s.url, s.firstAdmin);
    say(`  sample projects / 示例项目: ${samples.join(', ')} (owner / 负责人 admin)`);
    say('');
    say(`  Open ${s.url} and sign in as "admin" with the password above. / 打开 ${s.url}，以 admin 和上面的密码登录。`);
    say('  To add colleagues (a reviewer approves; four eyes: nobody approves their own changes), stop the server (Ctrl+C), then');
    say('  添加同事（审批人须为另一人：四眼原则），先停止服务器（Ctrl+C），再运行：');
    say(`    echo 'a long password' | npx dcq user add li --role salesManager${dataArg}`);
    say(`    echo 'new password' | npx dcq user reset admin${dataArg}      # change the admin password / 修改管理员密码`);
    say('  and npm start again. / 然后再次 npm start。');
  } else {
    say(`  Open ${s.url} and sign in. / 打开 ${s.url} 登录。`);
  }
  const stop = async () => {
    await s.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

await main();
