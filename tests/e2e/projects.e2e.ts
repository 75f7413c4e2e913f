import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openApp, stopServer } from './harness.ts';

after(stopServer);

/** Polls until the locator's text satisfies the check (the store saves and re-renders asynchronously). */
async function waitText(locator: Locator, check: (t: string) => boolean, what: string, timeout = 8000): Promise<string> {
  const end = Date.now() + timeout;
  let last = '';
  while (Date.now() < end) {
    last = (await locator.innerText().catch(() => '')) ?? '';
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: last text was ${JSON.stringify(last)}`);
}

async function waitCount(page: Page, selector: string, n: number, what: string): Promise<void> {
  const end = Date.now() + 8000;
  let c = -1;
  while (Date.now() < end) {
    c = await page.locator(selector).count();
    if (c === n) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: expected ${n}, found ${c}`);
}

const rows = '[data-testid="project-row"]';
const subtitle = (page: Page) => page.locator('.topbar .subtitle');

describe('projects', () => {
  it('creates from a sample, renames inline, copies, deletes with undo, saves to a file and opens it again; a broken file changes nothing', async () => {
    const app = await openApp();
    const { page } = app;
    try {
      await page.getByRole('heading', { name: '项目', exact: true }).waitFor();
      // First start: the 110 kV sample is created and opened.
      await waitCount(page, rows, 1, 'first-start project');
      await waitText(page.getByTestId('projects-table'), (t) => t.includes('当前打开'), 'open marker');

      // New from the 220 kV sample with a name.
      await page.getByTestId('sample-select').selectOption('sample-220kv');
      await page.getByTestId('new-name').fill('华东 220 kV 站直流');
      await page.getByTestId('create-from-sample').click();
      await waitCount(page, rows, 2, 'after create');
      await waitText(subtitle(page), (t) => t === '华东 220 kV 站直流', 'the new project is open');
      const openRow = page.locator(`${rows}[aria-current="true"]`);
      assert.match(await openRow.innerText(), /华东 220 kV 站直流/);

      // Rename inline (Enter confirms; Escape would cancel).
      await openRow.getByTestId('rename-project').click();
      await openRow.getByTestId('rename-input').fill('华东 220 kV 站直流 改');
      await openRow.getByTestId('rename-input').press('Enter');
      await waitText(subtitle(page), (t) => t === '华东 220 kV 站直流 改', 'renamed in the title bar');
      await waitText(page.getByTestId('projects-table'), (t) => t.includes('华东 220 kV 站直流 改'), 'renamed in the list');
      // Escape cancels a rename.
      await openRow.getByTestId('rename-project').click();
      await openRow.getByTestId('rename-input').fill('不要这个名字');
      await openRow.getByTestId('rename-input').press('Escape');
      assert.doesNotMatch(await page.getByTestId('projects-table').innerText(), /不要这个名字/);

      // Copy → a third project, opened, named as a copy.
      await openRow.getByTestId('copy-project').click();
      await waitCount(page, rows, 3, 'after copy');
      await waitText(subtitle(page), (t) => t.includes('副本'), 'the copy is open');

      // Delete the copy, then undo the delete.
      const copyRow = page.locator(rows, { hasText: '副本' });
      await copyRow.getByTestId('delete-project').click();
      await waitCount(page, rows, 2, 'after delete');
      await waitText(page.getByTestId('undo-banner'), (t) => t.includes('副本'), 'undo banner names the deleted project');
      await page.getByTestId('undo-delete').click();
      await waitCount(page, rows, 3, 'after undo delete');
      assert.equal(await page.getByTestId('undo-banner').count(), 0);

      await app.screenshot('projects-zh');

      // Open the renamed project and save it to a file.
      await page.locator(rows, { hasText: '华东 220 kV 站直流 改' }).filter({ hasNotText: '副本' }).getByTestId('open-project').click();
      await waitText(subtitle(page), (t) => t === '华东 220 kV 站直流 改', 'opened');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-file').click()]);
      assert.match(download.suggestedFilename(), /^华东 220 kV 站直流 改\.dcq\.json$/);
      const path = await download.path();
      const saved = JSON.parse(readFileSync(path, 'utf8')) as { meta: { name: string }; requirements: { loads: unknown[] }; id: string };
      assert.equal(saved.meta.name, '华东 220 kV 站直流 改');
      assert.ok(saved.requirements.loads.length > 0);

      // A file with a negative load: refused naming the field as the user sees it (row from 1), never the
      // code path; the open project is untouched.
      const broken = structuredClone(saved) as { requirements: { loads: { powerKW?: number }[] } };
      (broken.requirements.loads[0] as { powerKW?: number }).powerKW = -3;
      await page.getByTestId('open-file-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
      const problems = await waitText(page.getByTestId('file-problems'), (t) => t.includes('负荷第 1 行：功率 (kW)'), 'problem naming the field');
      assert.match(problems, /broken\.json/);
      assert.doesNotMatch(problems, /requirements\.loads/);
      await waitCount(page, rows, 3, 'nothing added by a broken file');
      assert.equal(await subtitle(page).innerText(), '华东 220 kV 站直流 改');

      // Not JSON at all.
      await page.getByTestId('open-file-input').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{ this is not json') });
      await waitText(page.getByTestId('file-problems'), (t) => t.includes('notes.json') && t.includes('JSON'), 'not-JSON error');

      // The saved file opens as a project of its own (its id exists here, so it gets a new one).
      await page.getByTestId('open-file-input').setInputFiles({ name: 'saved.dcq.json', mimeType: 'application/json', buffer: readFileSync(path) });
      await waitCount(page, rows, 4, 'the file opened as a project');
      await waitText(page.getByTestId('file-opened'), (t) => t.includes('saved.dcq.json'), 'opened-file notice');
      assert.equal(await page.getByTestId('file-problems').count(), 0);

      // Everything survives a reload.
      await page.waitForTimeout(300);
      await page.reload();
      await waitCount(page, rows, 4, 'after reload');
      assert.match(await page.getByTestId('projects-table').innerText(), /华东 220 kV 站直流 改/);

      await page.getByTestId('toggle-lang').click();
      await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();
      await waitText(page.getByTestId('projects-table'), (t) => t.includes('Open now') && t.includes('Copy as new project'), 'English list');
      await app.screenshot('projects-en');
    } finally {
      await app.close();
    }
  });
});
