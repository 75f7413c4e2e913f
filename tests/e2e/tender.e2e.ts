import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Download, Page } from 'playwright-core';
import { main } from '../../src/cli/main.ts';
import { todayInChina } from '../../src/core/quote/dates.ts';
import { openApp, root, stopServer, waitFor } from './harness.ts';

after(stopServer);

const EXAMPLE = join(root, 'tests/fixtures/tender/example-220v.csv');
const FILES = ['table-1.2-technical-parameters', 'table-2.2-components', 'table-9-deviations'].flatMap((b) => [`${b}.xlsx`, `${b}.pdf`]).sort();

async function cells(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: string[][] = [];
  wb.worksheets[0]?.eachRow((row) => { const r: string[] = []; row.eachCell((c, i) => { r[i - 1] = String(c.value); }); rows.push(r); });
  return rows;
}

/** Clicks an export button (the 技术标 screen's or the 导出 screen's) and saves the six files it downloads into a fresh folder. */
async function exportTables(page: Page, button = 'tender-export'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'dcq-e2e-tender-'));
  const downloads: Download[] = [];
  const onDownload = (d: Download) => downloads.push(d);
  page.on('download', onDownload);
  await page.getByTestId(button).click();
  await waitFor(async () => downloads.length, (n) => n === 6, 'six downloaded files', 60_000);
  page.off('download', onDownload);
  assert.deepEqual(downloads.map((d) => d.suggestedFilename()).sort(), FILES);
  for (const d of downloads) await d.saveAs(join(dir, d.suggestedFilename()));
  return dir;
}

describe('the 技术标 screen', () => {
  it('typed requirements are answered; deviations shown; each negative acknowledged; the exported tables are those of dcq tender; a library set loads', async () => {
    const app = await openApp();
    try {
      const { page } = app;
      // The first start opens the 110 kV sample.
      await page.getByTestId('nav-tender').and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
      await page.getByTestId('nav-tender').click();
      await page.getByTestId('tender-screen').waitFor({ timeout: 30_000 });

      // No requirements kept yet: the 导出 screen points to this screen instead of offering the tables.
      await page.getByTestId('nav-exports').click();
      assert.match(await page.getByTestId('export-tender-none').innerText(), /技术标/);
      assert.equal(await page.getByTestId('export-tender').count(), 0);
      await page.getByTestId('nav-tender').click();
      await page.getByTestId('tender-screen').waitFor({ timeout: 30_000 });

      // A row without its requirement is refused with the field and the 1-based row.
      await page.locator('summary', { hasText: '粘贴 CSV' }).click();
      await page.getByTestId('tender-paste').fill('序号,参数名称,招标要求\n1,效率,≥90%\n2,噪声,\n');
      await page.getByRole('button', { name: '读取粘贴内容' }).click();
      await waitFor(() => page.locator('.screen').innerText(), (t) => t.includes('第 3 行缺少“招标要求”'), 'the bad row named');

      // Typed (pasted) requirements: the public 220 V example with its ★ marks.
      await page.getByTestId('tender-paste').fill(readFileSync(EXAMPLE, 'utf8'));
      await page.getByRole('button', { name: '读取粘贴内容' }).click();
      await page.getByTestId('tender-save').click();
      const summary = await waitFor(() => page.getByTestId('tender-summary').innerText(), (t) => t.includes('负偏离 3'), 'answered');
      assert.equal(summary, '无偏离 1 项，正偏离 1 项，负偏离 3 项，需人工确认 8 项');
      const rows = page.getByTestId('tender-answers').locator('tbody tr');
      assert.equal(await rows.count(), 13);
      assert.match(await rows.nth(6).innerText(), /★充电电压调节范围[\s\S]*负偏离（★ 否决项）/);
      assert.match(await rows.nth(0).innerText(), /需人工确认[\s\S]*样本数据/);
      await app.screenshot('tender-answers');

      // Before any acknowledgement: the files equal what dcq tender writes for the same project and table.
      const exported = await exportTables(page);
      const cli = mkdtempSync(join(tmpdir(), 'dcq-e2e-tender-cli-'));
      // Both date the tables with today in China (the CLI's default; the app whatever the browser's time zone).
      await main(['tender', join(root, 'templates/projects/sample-110kv.json'), EXAMPLE, '--out', cli, '--date', todayInChina(new Date())], { out: () => {}, err: () => {} });
      for (const f of FILES.filter((x) => x.endsWith('.xlsx'))) assert.deepEqual(await cells(join(exported, f)), await cells(join(cli, f)), f);
      for (const f of FILES.filter((x) => x.endsWith('.pdf'))) assert.equal(readFileSync(join(exported, f)).subarray(0, 5).toString(), '%PDF-');

      // The 导出 screen offers the same tables (same path): the same cells as dcq tender.
      await page.getByTestId('nav-exports').click();
      assert.equal(await page.getByTestId('export-tender-none').count(), 0);
      const fromExports = await exportTables(page, 'export-tender');
      for (const f of FILES.filter((x) => x.endsWith('.xlsx'))) assert.deepEqual(await cells(join(fromExports, f)), await cells(join(cli, f)), `导出 screen ${f}`);
      for (const f of FILES.filter((x) => x.endsWith('.pdf'))) assert.equal(readFileSync(join(fromExports, f)).subarray(0, 5).toString(), '%PDF-');
      await waitFor(() => page.getByTestId('export-saved').innerText(), (t) => t.includes('table-9-deviations.pdf'), 'the 导出 screen lists the files');
      await app.screenshot('export-tender');
      await page.getByTestId('nav-tender').click();
      await page.getByTestId('tender-answers').waitFor({ timeout: 30_000 });

      // A reviewer acknowledges each negative deviation; the table and the export say who.
      await page.getByTestId('tender-reviewer').fill('李总工');
      const ackButtons = page.getByRole('button', { name: '确认此负偏离' });
      for (let n = 3; n > 0; n--) {
        await waitFor(() => ackButtons.count(), (c) => c === n, `${n} to acknowledge`);
        await ackButtons.first().click();
      }
      await waitFor(() => page.getByTestId('tender-answers').innerText(), (t) => (t.match(/已由 李总工 确认/g) ?? []).length === 3, 'three acknowledgements');
      const after = await exportTables(page);
      const deviations = (await cells(join(after, 'table-9-deviations.xlsx'))).flat().join('|');
      assert.match(deviations, /已由 李总工 于 \d{4}-\d{2}-\d{2} 确认/);
      await app.screenshot('tender-acknowledged');

      // The library: the 220 V set loads and can be kept instead.
      await page.getByTestId('tender-set').selectOption('sgcc-220v-dc@1');
      await page.getByTestId('tender-load-set').click();
      await waitFor(() => page.locator('[role="status"]').innerText(), (t) => t.includes('sgcc-220v-dc@1（13 条要求）'), 'set loaded');
      await page.getByTestId('tender-save').click();
      await waitFor(() => page.getByTestId('tender-summary').innerText(), (t) => t.includes('需人工确认'), 'answered from the set');
      assert.doesNotMatch(await page.getByTestId('tender-answers').innerText(), /★/);

      // Saving the requirements as a set downloads a .yaml the library reads.
      await page.locator('summary', { hasText: '另存为要求集' }).click();
      await page.getByTestId('tender-set-id').fill('my-220v');
      await page.getByTestId('tender-set-name').fill('本公司 220V 常用要求');
      const [yaml] = await Promise.all([page.waitForEvent('download'), page.getByTestId('tender-save-set').click()]);
      assert.equal(yaml.suggestedFilename(), 'my-220v-v1.yaml');
      const saved = join(mkdtempSync(join(tmpdir(), 'dcq-e2e-set-')), 'my-220v-v1.yaml');
      await yaml.saveAs(saved);
      const { loadRequirementSet } = await import('../../src/core/tender/requirement-sets.ts');
      const back = loadRequirementSet({ path: saved, text: readFileSync(saved, 'utf8') });
      assert.ok(back.ok);
      assert.equal(back.value.requirements.length, 13);
    } finally {
      await app.close();
    }
  });
});
