import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { artifactsDir, openApp, root, waitFor, type AppSession } from './harness.ts';

/**
 * Issue #13 in the browser, against `dcq serve` on loopback with a throwaway --data folder (PGlite):
 * an engineer signs in and prepares a quote; a sales manager signs in in another browser and approves
 * it on the server; bid staff exports the customer quote PDF, final. Then two tabs of one project: the
 * second save meets the first one's version, gets the conflict view, re-applies, and nothing is lost.
 */
const PASSWORD = 'e2e password 13';
const PROJECT = '服务器旅程 110 kV';
const FILES = join(artifactsDir, 'server');
const LONG = 90_000;

let data: string;
let serve: ChildProcess | undefined;
let url: string;
const apps: AppSession[] = [];

function dcq(args: string[], input: string): string {
  return execFileSync(process.execPath, [join(root, 'bin', 'dcq.mjs'), ...args], { cwd: root, input, encoding: 'utf8', timeout: 120_000 });
}

before(async () => {
  data = mkdtempSync(join(tmpdir(), 'dcq-e2e-data-'));
  mkdirSync(FILES, { recursive: true });
  for (const [name, role] of [['wang', 'engineer'], ['li', 'salesManager'], ['zhao', 'bidStaff'], ['ma', 'sales,finance,technical']] as const) dcq(['user', 'add', name, '--role', role, '--data', data], `${PASSWORD}\n`);
  const child = spawn(process.execPath, [join(root, 'bin', 'dcq.mjs'), 'serve', '--port', '0', '--data', data], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  serve = child;
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dcq serve did not start: ${out}`)), 120_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /dcq serve: (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => reject(new Error(`dcq serve exited ${code}: ${out}`)));
  });
});

after(async () => {
  for (const a of apps) await a.close().catch(() => {});
  if (serve && serve.exitCode === null) {
    const exited = new Promise((r) => serve!.once('exit', r));
    serve.kill('SIGTERM');
    await exited;
  }
  rmSync(data, { recursive: true, force: true });
});

const text = (l: Locator) => () => l.innerText();

async function commit(input: Locator, value: string) {
  await input.fill(value);
  await input.press('Enter');
}

async function signIn(name: string): Promise<AppSession> {
  const app = await openApp({ url });
  apps.push(app);
  const { page } = app;
  page.on('pageerror', (e) => console.error(`[${name}] page error:`, e));
  page.on('console', (m) => m.type() === 'error' && console.error(`[${name}] console:`, m.text()));
  await page.getByTestId('sign-in').waitFor({ timeout: LONG });
  assert.equal(await page.getByTestId('mode-badge').count(), 0, 'no local-mode badge on the server');
  await page.getByTestId('sign-in-user').fill(name);
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await waitFor(text(page.getByTestId('signed-in-user')), (t) => t.includes(name), 'signed in', LONG);
  return app;
}

async function saved(page: Page) {
  await waitFor(() => page.getByTestId('save-state').getAttribute('data-state'), (s) => s === 'saved', 'saved on the server', LONG);
}

async function openProject(page: Page) {
  await page.getByTestId('nav-projects').click();
  const row = page.getByTestId('project-row').filter({ hasText: PROJECT });
  await row.getByTestId('project-name').click();
  // Opening ends on the requirements screen; wait for that before going elsewhere.
  await waitFor(() => page.getByTestId('nav-requirements').getAttribute('aria-current'), (c) => c === 'page', 'opened', LONG);
  await waitFor(() => page.getByTestId('save-state').getAttribute('data-state'), (s) => s === 'saved', 'opened and saved', LONG);
}

describe('team server in the browser', { timeout: 15 * 60_000 }, () => {
  let projectId = '';

  // Every open browser's page as it stood after each test (the state to look at when one fails).
  afterEach(async () => {
    for (const [i, a] of apps.entries()) await a.screenshot(`server-after-${i}`).catch(() => {});
  });

  it('a wrong password is refused with the server message', async () => {
    const app = await openApp({ url });
    apps.push(app);
    const { page } = app;
    await page.getByTestId('sign-in').waitFor({ timeout: LONG });
    await page.getByTestId('sign-in-user').fill('wang');
    await page.getByTestId('sign-in-password').fill('not the password');
    await page.getByTestId('sign-in-submit').click();
    await waitFor(text(page.getByTestId('sign-in-error')), (t) => t.includes('用户名或密码错误'), 'refusal shown', LONG);
  });

  it('engineer prepares, reviewer approves elsewhere, bid staff exports the final quote PDF', async () => {
    const eng = await signIn('wang');
    let page = eng.page;
    assert.match(await page.getByTestId('signed-in-roles').innerText(), /售前工程师/);
    await page.getByTestId('new-name').fill(PROJECT);
    await page.getByTestId('create-from-sample').click();
    await waitFor(() => page.getByTestId('save-state').getAttribute('data-state'), (s) => s === 'saved', 'created on the server', LONG);
    projectId = (await page.getByTestId('project-row').filter({ hasText: PROJECT }).getAttribute('data-project-id')) ?? '';
    assert.ok(projectId);
    // The app prices with the server's catalog version, shown in the bar.
    assert.ok(await page.getByTestId('server-catalog').getAttribute('data-version'));
    // The owner adds an editor by user name, sees them listed, and removes them again.
    await page.getByTestId('editor-name').fill('zhao');
    await page.getByTestId('add-editor').click();
    await page.locator('[data-testid="project-editor"][data-user="zhao"]').waitFor({ timeout: LONG });
    await page.getByTestId('remove-editor-zhao').click();
    await waitFor(() => page.getByTestId('project-editor').count(), (n) => n === 0, 'editor removed', LONG);
    await page.getByTestId('nav-pricing').click();
    await commit(page.getByTestId('target-margin'), '18');
    await commit(page.getByTestId('terms-payment'), '预付30%，发货前付60%，质保金10%');
    await commit(page.getByTestId('terms-days'), '60');
    await page.getByTestId('terms-valid-until').fill('2027-03-31');
    await commit(page.getByTestId('terms-place'), '110 kV 旅程变电站现场');
    await saved(page);
    // An 18 % margin needs a sales manager: the engineer gets no approval buttons and is told who may act.
    await page.getByTestId('nav-review').click();
    await waitFor(text(page.getByTestId('server-decision-who')), (t) => t.includes('销售经理') && t.includes('总经理') && !t.includes('售前工程师'), 'who may approve', LONG);
    assert.equal(await page.getByTestId('server-approve').count(), 0);
    await page.getByTestId('server-decision-not-yours').waitFor({ timeout: LONG });
    await eng.screenshot('server-engineer-review');

    const rev = await signIn('li');
    page = rev.page;
    await openProject(page);
    await page.getByTestId('nav-review').click();
    await page.getByTestId('server-decision-comment').fill('价格合理，同意');
    await page.getByTestId('server-approve').click();
    await page.getByTestId('server-decision-done').waitFor({ timeout: LONG });
    await waitFor(() => page.getByTestId('approval-row-0').getAttribute('data-status'), (s) => s === 'valid', 'approval valid', LONG);
    await waitFor(() => page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))), (a) => a.includes('approved'), 'audit shows the approval', LONG);
    assert.match(await page.getByTestId('audit-chain').innerText(), /完整/);
    await rev.screenshot('server-reviewer-approved');
    // A reviewer's roles carry no export permission: the screen says so and makes no documents locally.
    await page.getByTestId('nav-exports').click();
    await page.getByTestId('export-not-permitted').waitFor({ timeout: LONG });
    assert.equal(await page.getByTestId('export-all').isDisabled(), true);

    const bid = await signIn('zhao');
    page = bid.page;
    await openProject(page);
    // Not the owner: the project's people are listed read-only.
    await page.getByTestId('nav-projects').click();
    await page.getByTestId('editors-read-only').waitFor({ timeout: LONG });
    assert.equal(await page.getByTestId('add-editor').count(), 0);
    await page.getByTestId('nav-exports').click();
    assert.equal(await page.getByTestId('export-not-permitted').count(), 0);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.getByTestId('server-export-quote.pdf').click()]);
    const file = join(FILES, download.suggestedFilename());
    await download.saveAs(file);
    assert.equal(readFileSync(file).subarray(0, 4).toString(), '%PDF');
    await waitFor(() => page.getByTestId('server-export-done').getAttribute('data-status'), (s) => s === 'final', 'final quote', LONG);
    const pdf = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    assert.doesNotMatch(pdf, /草稿|DRAFT/);
    await bid.screenshot('server-bid-export');

    // 合同评审 of revision A: the engineer issues it (reopening brings the server's signed approval),
    // then one user holding the three seats signs each off.
    page = eng.page;
    await openProject(page);
    await page.getByTestId('nav-revisions').click();
    await page.getByTestId('issuer').fill('王工');
    await page.getByTestId('issue-revision').click();
    await page.getByTestId('revision-A').waitFor({ timeout: LONG });
    await saved(page);
    const cr = await signIn('ma');
    page = cr.page;
    await openProject(page);
    await page.getByTestId('nav-review').click();
    await waitFor(() => page.getByTestId('review-status').getAttribute('data-status'), (s) => s === 'pending', 'review pending', LONG);
    // Review seats only, no approval level: no approval buttons.
    assert.equal(await page.getByTestId('server-approve').count(), 0);
    for (const seat of ['sales', 'finance', 'technical']) {
      await page.getByTestId('review-comment').fill(`${seat} 同意`);
      await page.getByTestId(`review-approve-${seat}`).click();
      await waitFor(() => page.getByTestId(`seat-${seat}`).getAttribute('data-decision'), (d) => d === 'approve', `${seat} signed off`, LONG);
    }
    await waitFor(() => page.getByTestId('review-status').getAttribute('data-status'), (s) => s === 'approved', 'contract review approved', LONG);
    await waitFor(() => page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))), (a) => a.filter((x) => x === 'contractReview').length === 3 && a.includes('revisionIssued') && a.includes('exported'), 'audit: revision, export, review', LONG);
    await cr.screenshot('server-contract-review');
  });

  it('two tabs of one project: the second save gets the conflict view, re-applies, nothing is lost', async () => {
    const eng = await signIn('wang');
    const tab1 = eng.page;
    await openProject(tab1);
    // Offline: the edit waits in the outbox, the bar says so, and it is sent when the connection is back.
    await tab1.getByTestId('nav-pricing').click();
    await eng.context.setOffline(true);
    await commit(tab1.getByTestId('terms-place'), '离线时填写的交货地点');
    await waitFor(() => tab1.getByTestId('save-state').getAttribute('data-state'), (s) => s === 'offline', 'offline shown', LONG);
    await eng.context.setOffline(false);
    await saved(tab1);
    const tab2 = await eng.context.newPage();
    await tab2.goto(url);
    await waitFor(text(tab2.getByTestId('signed-in-user')), (t) => t.includes('wang'), 'tab 2 signed in (same browser)', LONG);
    await openProject(tab2);

    await tab1.getByTestId('nav-pricing').click();
    await commit(tab1.getByTestId('terms-place'), '第一个标签页的交货地点');
    await saved(tab1);

    await tab2.getByTestId('nav-pricing').click();
    await commit(tab2.getByTestId('terms-days'), '75');
    await tab2.getByTestId('conflict-view').waitFor({ timeout: LONG });
    const paths = await tab2.getByTestId('conflict-fields').locator('tr[data-path]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')));
    assert.ok(paths.includes('quote.terms.deliveryPlace'), `their change listed: ${paths.join(', ')}`);
    assert.ok(paths.includes('quote.terms.deliveryDays'), `my change listed: ${paths.join(', ')}`);
    await tab2.getByTestId('conflict-view').screenshot({ path: join(artifactsDir, 'screenshots', 'server-conflict.png') });
    await tab2.getByTestId('conflict-reapply').click();
    await saved(tab2);
    await tab2.getByTestId('reapplied').waitFor({ timeout: LONG });

    const got = (await (await tab2.request.get(`${url}/api/projects/${projectId}`)).json()) as { project: { quote: { terms: { deliveryPlace: string; deliveryDays: number } } } };
    assert.equal(got.project.quote.terms.deliveryPlace, '第一个标签页的交货地点');
    assert.equal(got.project.quote.terms.deliveryDays, 75);
    assert.equal(await tab2.getByTestId('terms-days').inputValue(), '75');
    assert.equal(await tab2.getByTestId('terms-place').inputValue(), '第一个标签页的交货地点');
  });
});
