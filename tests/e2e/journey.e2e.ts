import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { artifactsDir, openApp, stopServer, waitFor } from './harness.ts';

after(stopServer);

/**
 * Issue #6, end to end, as one new user in a fresh browser profile: create a project, enter loads, size,
 * adjust the BOM, price, reload, approve, issue A, change a load, approve again, issue B, compare, and
 * download the four documents, which are then opened here. Issue #7: screen, Excel and PDF show the same total.
 */

const PROJECT = '旅程测试 220 kV';
const NEW_LOAD = '旅程新增照明';
const QTY_LINE = 'cfg.breakers.main.0#breaker@feederPanel-1';
const SWAP_LINE = 'cfg.breakers.main.1#breaker@feederPanel-1';
const FILES = join(artifactsDir, 'journey');


const text = (l: Locator) => () => l.innerText();
const num = (s: string) => Number.parseFloat(s.replace(/[^\d.-]/g, ''));
/** "1,234,567.89" / "¥ 1 234 567.89" → "1234567.89" */
const plain = (s: string) => s.replace(/[^\d.-]/g, '');

async function go(page: Page, screen: string) {
  await page.getByTestId(`nav-${screen}`).click();
}

async function shot(app: { page: Page; screenshot: (name: string) => Promise<string> }, name: string) {
  await app.page.evaluate(() => window.scrollTo(0, 0));
  await app.screenshot(`journey-${name}`);
}

async function commit(input: Locator, value: string) {
  await input.fill(value);
  await input.press('Enter');
}

async function decide(page: Page, name: string, role: string, comment: string) {
  await page.getByTestId('approver-name').fill(name);
  await page.getByTestId('approver-role').selectOption(role);
  await page.getByTestId('approver-comment').fill(comment);
  await page.getByTestId('approve').click();
}

async function download(page: Page, kind: string): Promise<{ name: string; file: string }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId(`export-${kind}`).click()]);
  const name = d.suggestedFilename();
  const file = join(FILES, `${kind}-${name}`);
  await d.saveAs(file);
  return { name, file };
}

function pdfText(file: string): string {
  const t = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  writeFileSync(`${file}.txt`, t);
  return t;
}

/** Every cell of a workbook as text (formula cells by their cached result). */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('result' in v) return cellText((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text);
    if (v instanceof Date) return v.toISOString();
  }
  return String(v);
}

function cellNumber(v: ExcelJS.CellValue): number | undefined {
  if (typeof v === 'number') return v;
  if (v && typeof v === 'object' && 'result' in v && typeof (v as ExcelJS.CellFormulaValue).result === 'number') return (v as ExcelJS.CellFormulaValue).result as number;
  return undefined;
}

/** The numbers in the first row (of any sheet, in sheet order) whose label cell reads `label`. */
function labelledNumbers(wb: ExcelJS.Workbook, label: string, sheet?: string): { where: string; values: number[] } | undefined {
  for (const ws of wb.worksheets) {
    if (sheet && ws.name !== sheet) continue;
    let found: { where: string; values: number[] } | undefined;
    ws.eachRow((row, r) => {
      if (found) return;
      const cells: ExcelJS.CellValue[] = [];
      row.eachCell({ includeEmpty: true }, (c) => cells.push(c.value));
      if (cells.some((c) => cellText(c).replace(/\s+/g, '') === label.replace(/\s+/g, ''))) {
        found = { where: `${ws.name}!row ${r}`, values: cells.map(cellNumber).filter((n): n is number => n !== undefined) };
      }
    });
    if (found) return found;
  }
  return undefined;
}

function allText(wb: ExcelJS.Workbook): string[] {
  const out: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => out.push(cellText(c.value))));
  return out;
}

describe('issue #6: the whole journey of a new user', () => {
  it('project → loads → sizing → BOM → price → reload → approve → A → load change → approve → B → compare → four documents opened and checked', { timeout: 420_000 }, async () => {
    mkdirSync(FILES, { recursive: true });
    const started = Date.now();
    const app = await openApp();
    const { page } = app;
    try {
      // ── 1. Projects: the first start made the 110 kV sample; create a second from the 220 kV sample.
      await page.getByRole('heading', { name: '项目', exact: true }).waitFor({ timeout: 30_000 });
      await waitFor(() => page.locator('[data-testid="project-row"]').count(), (n) => n === 1, 'first-start project');
      await page.getByTestId('sample-select').selectOption('sample-220kv');
      await page.getByTestId('new-name').fill(PROJECT);
      await page.getByTestId('create-from-sample').click();
      await waitFor(() => page.locator('[data-testid="project-row"]').count(), (n) => n === 2, 'second project listed');
      await waitFor(text(page.locator('.topbar .subtitle')), (t) => t === PROJECT, 'the new project is open');
      assert.match(await page.locator('[data-testid="project-row"][aria-current="true"]').innerText(), new RegExp(PROJECT));
      await shot(app, '01-projects');

      // ── 2. Requirements: edit a kW, add a row with name, kind and kW; the statistics and the chart follow.
      await go(page, 'requirements');
      await page.getByRole('heading', { name: '需求', exact: true }).waitFor();
      const loadRows = page.locator('[data-testid^="load-row-"]');
      assert.equal(await loadRows.count(), 6);
      assert.equal(await page.getByTestId('load-0-value').inputValue(), '9');
      const i0Before = num(await page.getByTestId('total-I0').innerText());
      const i1Before = num(await page.getByTestId('total-I1').innerText());
      const chartPath = () => page.getByTestId('duty-chart').locator('svg path').first().getAttribute('d');
      const pathBefore = await chartPath();

      // 9 kW → 12 kW on the first (control, K 0.6 by default) row: +3 × 1000 × 0.6 / 220 = +8.18 A on I0 and I1.
      await commit(page.getByTestId('load-0-value'), '12');
      await waitFor(async () => num(await page.getByTestId('total-I0').innerText()), (v) => Math.abs(v - (i0Before + 8.18)) < 0.02, 'I0 follows the edited kW');
      await waitFor(text(page.getByTestId('load-0-current')), (t) => t === '32.73', 'row current of the edited row');

      await page.getByTestId('add-load').click();
      await waitFor(() => loadRows.count(), (n) => n === 7, 'row added');
      await commit(page.getByTestId('load-6-name'), NEW_LOAD);
      await page.getByTestId('load-6-kind').selectOption('emergencyLighting');
      await commit(page.getByTestId('load-6-value'), '2');
      await waitFor(async () => num(await page.getByTestId('load-6-current').innerText()), (v) => v > 0, 'the new row has a current');
      const newRowA = num(await page.getByTestId('load-6-current').innerText());
      const i1Edited = await waitFor(
        async () => num(await page.getByTestId('total-I1').innerText()),
        (v) => Math.abs(v - (i1Before + 8.18 + newRowA)) < 0.03,
        'I1 follows the edit and the new row',
      );
      assert.notEqual(await chartPath(), pathBefore, 'the duty chart is redrawn');
      assert.equal(await page.getByTestId('stale-banner').count(), 0);
      assert.equal(await page.getByTestId('load-6-name').inputValue(), NEW_LOAD);
      await shot(app, '02-requirements');

      // ── 3. Sizing: the chosen battery and the modules, as the screen shows them.
      await go(page, 'sizing');
      await page.getByTestId('battery-chosen').waitFor();
      const batteryText = (await page.getByTestId('battery-chosen').innerText()).trim();
      const batteryAh = /^(\d+(?:\.\d+)?)\s*Ah/.exec(batteryText)?.[1];
      assert.ok(batteryAh, `battery capacity on the sizing screen: ${batteryText}`);
      const chargerText = (await page.getByTestId('charger-chosen').innerText()).trim();
      const ch = /(\d+)\s*×\s*\((\d+)\+(\d+)\)\s*×\s*(\d+)\s*A/.exec(chargerText);
      assert.ok(ch, `charger on the sizing screen: ${chargerText}`);
      const [sets, base, spare] = [Number(ch[1]), Number(ch[2]), Number(ch[3])];
      const modulesPerSet = base + spare;
      assert.match(await page.getByTestId('stats-totals').innerText(), new RegExp(`I1 ${i1Edited.toFixed(2)}`));
      assert.match(await page.getByTestId('statistics-table').innerText(), new RegExp(NEW_LOAD));
      await shot(app, '03-sizing');

      // ── 4. BOM: the modules match sizing; change a quantity and swap a brand.
      await go(page, 'bom');
      await page.getByRole('heading', { name: '物料清单', exact: true }).waitFor();
      for (let s = 1; s <= sets; s++) {
        assert.equal(await page.getByTestId(`qty-cfg.charger.modules#rectifierModule@chargerPanel-${s}`).inputValue(), String(modulesPerSet), `modules in charger panel ${s}`);
      }
      assert.equal(await page.getByTestId('deviation-count').innerText(), '0');
      const qtyBefore = await page.getByTestId(`qty-${QTY_LINE}`).inputValue();
      const qtyAfter = String(Number(qtyBefore) + 2);
      await commit(page.getByTestId(`qty-${QTY_LINE}`), qtyAfter);
      await page.getByTestId(`deviation-quantity-${QTY_LINE}`).waitFor();

      await page.getByTestId(`swap-${SWAP_LINE}`).click();
      const candidate = page.locator('[data-testid^="candidate-"]').first();
      await candidate.waitFor();
      const swapTo = (await candidate.getAttribute('data-testid'))!.replace(/^candidate-/, '');
      assert.match(await candidate.innerText(), /[+-]?\d[\d,]*\.\d{2}/, 'the picker shows the cost delta');
      await shot(app, '04-bom-swap');
      await page.getByTestId(`use-${swapTo}`).click();
      await page.getByTestId(`deviation-swap-${SWAP_LINE}`).waitFor();
      assert.equal(await page.getByTestId('deviation-count').innerText(), '2');
      assert.match(await page.getByTestId(`bom-line-${SWAP_LINE}`).innerText(), new RegExp(swapTo.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      await shot(app, '05-bom');

      // ── 5. Pricing: 18 % target margin needs a sales manager; commercial terms.
      await go(page, 'pricing');
      await page.getByTestId('mode-targetMargin').check();
      await commit(page.getByTestId('target-margin'), '18');
      await page.getByTestId('gross-margin').filter({ hasText: '18.00%' }).waitFor();
      assert.equal(await page.getByTestId('required-level').innerText(), '销售经理');
      await commit(page.getByTestId('terms-payment'), '预付30%，发货前付60%，质保金10%');
      await commit(page.getByTestId('terms-days'), '60');
      await page.getByTestId('terms-valid-until').fill('2027-03-31');
      await commit(page.getByTestId('terms-place'), '220 kV 旅程变电站现场');
      const totalBeforeReload = (await page.getByTestId('total-inc-vat').innerText()).trim();
      assert.match(totalBeforeReload, /\d/);
      await shot(app, '06-pricing');

      // ── 6. Reload in the middle: nothing is lost.
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByTestId('nav-bom').and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
      await waitFor(text(page.locator('.topbar .subtitle')), (t) => t === PROJECT, 'the same project reopens');
      await go(page, 'projects');
      await waitFor(() => page.locator('[data-testid="project-row"]').count(), (n) => n === 2, 'both projects after reload');
      await go(page, 'requirements');
      await waitFor(() => loadRows.count(), (n) => n === 7, 'rows after reload');
      assert.equal(await page.getByTestId('load-0-value').inputValue(), '12');
      assert.equal(await page.getByTestId('load-6-name').inputValue(), NEW_LOAD);
      assert.equal(await page.getByTestId('load-6-kind').inputValue(), 'emergencyLighting');
      assert.equal(await page.getByTestId('load-6-value').inputValue(), '2');
      await go(page, 'bom');
      assert.equal(await page.getByTestId(`qty-${QTY_LINE}`).inputValue(), qtyAfter);
      assert.equal(await page.getByTestId('deviation-count').innerText(), '2');
      await page.getByTestId(`deviation-swap-${SWAP_LINE}`).waitFor();
      await go(page, 'pricing');
      assert.equal(await page.getByTestId('mode-targetMargin').isChecked(), true);
      assert.equal(await page.getByTestId('target-margin').inputValue(), '18');
      assert.equal(await page.getByTestId('terms-payment').inputValue(), '预付30%，发货前付60%，质保金10%');
      assert.equal(await page.getByTestId('terms-days').inputValue(), '60');
      assert.equal(await page.getByTestId('terms-valid-until').inputValue(), '2027-03-31');
      assert.equal(await page.getByTestId('terms-place').inputValue(), '220 kV 旅程变电站现场');
      assert.equal((await page.getByTestId('total-inc-vat').innerText()).trim(), totalBeforeReload);
      await shot(app, '07-after-reload');

      // ── 7. Review: approve as the required role.
      await go(page, 'review');
      await decide(page, '王经理', 'salesManager', '同意按 18% 毛利报价');
      await page.getByTestId('approval-row-0').waitFor();
      assert.equal(await page.getByTestId('approval-row-0').getAttribute('data-status'), 'valid');
      assert.match(await page.getByTestId('approval-row-0').innerText(), /王经理/);
      await shot(app, '08-review');

      // ── 8. Revisions: issue A.
      await go(page, 'revisions');
      await page.getByTestId('issuer').fill('李工');
      await page.getByTestId('issue-revision').click();
      await page.getByTestId('revision-A').waitFor();
      await page.getByTestId('issue-unchanged').filter({ hasText: '版本 A' }).waitFor();
      await shot(app, '09-revision-a');

      // The review screen now says the content is revision A, approved by 王经理 with it.
      await go(page, 'review');
      await waitFor(text(page.getByTestId('issued-as')), (t) => t.includes('版本 A') && t.includes('王经理'), 'the content is issued revision A');
      assert.notEqual(await page.getByTestId('approval-state').innerText(), '待审批');

      // ── 9. A load changes after A (2 kW → 30 kW of emergency lighting): A's approval no longer covers the
      // content. Issuing A moved its approval into A (core/quote/revisions.ts), so the working quote shows
      // no approval of its own: awaiting approval, with the blocker, and B cannot be issued.
      await go(page, 'requirements');
      await commit(page.getByTestId('load-6-value'), '30');
      await waitFor(async () => num(await page.getByTestId('load-6-current').innerText()), (v) => v > newRowA * 10, 'the raised load draws more current');
      await go(page, 'review');
      await waitFor(text(page.getByTestId('approval-state')), (t) => t === '待审批', 'A\'s approval does not cover the changed content');
      assert.equal(await page.getByTestId('issued-as').count(), 0, 'the content is no longer revision A');
      assert.match(await page.getByTestId('review-blockers').innerText(), /须经销售经理或以上审批/);
      assert.match(await page.getByTestId('approval-history').innerText(), /尚无审批记录/);
      await shot(app, '10-review-after-load-change');
      await go(page, 'revisions');
      assert.match(await page.getByTestId('working-state').innerText(), /不同/);
      await page.getByTestId('issue-revision').click();
      await page.getByTestId('revision-problems').filter({ hasText: '审批' }).waitFor();
      assert.equal(await page.getByTestId('revision-B').count(), 0);

      // Approve again; a further load change (30 → 40 kW) voids that approval on the review screen; undo restores it.
      // (A change that leaves the priced content alone, e.g. 30 → 32 kW, does not void it: the approval covers the price.)
      await go(page, 'review');
      await decide(page, '王经理', 'salesManager', '负荷调整后同意');
      await waitFor(() => page.getByTestId('approval-row-0').getAttribute('data-status'), (s) => s === 'valid', 'the new approval is valid');
      await waitFor(text(page.getByTestId('approval-state')), (t) => t !== '待审批', 'approved');
      await go(page, 'requirements');
      await commit(page.getByTestId('load-6-value'), '40');
      await go(page, 'review');
      await waitFor(() => page.getByTestId('approval-row-0').getAttribute('data-status'), (s) => s === 'void', 'a load change voids the approval');
      assert.match(await page.getByTestId('approval-row-0').innerText(), /已失效/);
      await shot(app, '11-review-void');
      await page.getByTestId('undo').click();
      await waitFor(() => page.getByTestId('approval-row-0').getAttribute('data-status'), (s) => s === 'valid', 'undo brings back the approved content');
      await go(page, 'requirements');
      assert.equal(await page.getByTestId('load-6-value').inputValue(), '30');
      await go(page, 'revisions');
      await page.getByTestId('issue-revision').click();
      await page.getByTestId('revision-B').waitFor();

      // ── 10. Compare A and B: changed lines and the change of the total.
      await page.getByTestId('compare-from').selectOption('A');
      await page.getByTestId('compare-to').selectOption('B');
      await page.getByTestId('diff-totals').waitFor();
      const changed = page.locator('[data-testid^="diff-line-"]');
      await waitFor(() => changed.count(), (n) => n > 0, 'the comparison lists changed lines');
      const diffTotals = await page.getByTestId('diff-totals').innerText();
      const incVatRow = diffTotals.split('\n').find((l) => l.startsWith('合计（含税）') || /含税/.test(l));
      assert.ok(incVatRow, `a total incl. VAT row in ${JSON.stringify(diffTotals)}`);
      assert.match(incVatRow, /\+\d/, `the total rises: ${incVatRow}`);
      await shot(app, '12-compare');

      // The figures the documents must repeat, read from the screens.
      await go(page, 'sizing');
      const batteryTextB = (await page.getByTestId('battery-chosen').innerText()).trim();
      const batteryAhB = /^(\d+(?:\.\d+)?)\s*Ah/.exec(batteryTextB)?.[1]!;
      await go(page, 'pricing');
      const screenTotal = (await page.getByTestId('total-inc-vat').innerText()).trim();
      assert.notEqual(screenTotal, totalBeforeReload, 'revision B is priced differently from A');

      // ── 11. Exports: final documents, downloaded and opened.
      await go(page, 'exports');
      await waitFor(text(page.getByTestId('document-status')), (t) => t === '正式版', 'documents are final');
      const internal = await download(page, 'internalBom');
      const customer = await download(page, 'customerQuoteXlsx');
      const quotePdf = await download(page, 'quotePdf');
      const reportPdf = await download(page, 'calculationReportPdf');
      assert.match(internal.name, /\.xlsx$/);
      assert.match(customer.name, /\.xlsx$/);
      assert.match(quotePdf.name, /\.pdf$/);
      assert.match(reportPdf.name, /\.pdf$/);
      await page.getByTestId('export-saved').waitFor();
      await shot(app, '13-exports');

      // Internal workbook: the grand total incl. VAT to the fen.
      const wbInternal = new ExcelJS.Workbook();
      await wbInternal.xlsx.readFile(internal.file);
      const internalTotal = labelledNumbers(wbInternal, '含税价', 'PCST 成本构成');
      assert.ok(internalTotal && internalTotal.values.length > 0, 'the internal workbook has a 含税价 total');
      const internalFigure = internalTotal.values[internalTotal.values.length - 1]!.toFixed(2);
      assert.equal(internalFigure, plain(screenTotal), `internal workbook ${internalTotal.where}`);

      // Customer workbook: the same total, and no cost or margin heading anywhere.
      const wbCustomer = new ExcelJS.Workbook();
      await wbCustomer.xlsx.readFile(customer.file);
      const customerTotal = labelledNumbers(wbCustomer, '合计（含税）');
      assert.ok(customerTotal && customerTotal.values.length > 0, 'the customer workbook has a 合计（含税） total');
      const xlsxFigure = customerTotal.values[customerTotal.values.length - 1]!.toFixed(2);
      const customerCells = allText(wbCustomer);
      for (const word of ['成本', '毛利', '利润', 'cost', 'margin']) {
        const hit = customerCells.find((c) => c.toLowerCase().includes(word.toLowerCase()));
        assert.equal(hit, undefined, `the customer workbook shows "${word}" in ${JSON.stringify(hit)}`);
      }
      assert.ok(customerCells.some((c) => c.includes(NEW_LOAD) || c.includes(PROJECT)), 'the customer workbook is this project');

      // Quote PDF: the total as on screen, in words, and no draft mark.
      const quote = pdfText(quotePdf.file);
      const quoteFlat = quote.replace(/\s+/g, '');
      assert.ok(quoteFlat.includes(screenTotal.replace(/\s+/g, '')), `the quote PDF shows the total ${screenTotal}`);
      assert.match(quoteFlat, /人民币大写[壹贰叁肆伍陆柒捌玖拾佰仟万亿零元角分整]+/, 'the quote PDF has the amount in words');
      assert.ok(!quoteFlat.includes('草稿'), 'an approved, issued quote is not marked 草稿');
      const quoteNo = /报价编号(Q[\w-]+-B)/.exec(quoteFlat)?.[1];
      assert.ok(quoteNo, 'the quote PDF carries the quote number of revision B');
      assert.ok(quotePdf.name.startsWith(quoteNo), `${quotePdf.name} is named by ${quoteNo}`);
      const pdfTotalMatch = /合计（含税）[^\d]{0,12}([\d,]+\.\d{2})/.exec(quoteFlat);
      assert.ok(pdfTotalMatch, 'the quote PDF labels its total incl. VAT');
      const pdfFigure = pdfTotalMatch[1]!;

      // Issue #7: screen, Excel and PDF show the same total.
      assert.deepEqual([plain(screenTotal), plain(xlsxFigure), plain(pdfFigure)], [plain(screenTotal), plain(screenTotal), plain(screenTotal)], 'screen, Excel and PDF totals');

      // Calculation report: 计算书 headings, the new load and the battery capacity of the sizing screen.
      const report = pdfText(reportPdf.file).replace(/\s+/g, '');
      for (const h of ['设计输入', '直流负荷统计表', '负荷名称', '计算过程', '设备选择']) assert.ok(report.includes(h), `the report has ${h}`);
      assert.ok(report.includes(NEW_LOAD), 'the report lists the load added in the browser');
      assert.ok(report.includes(`${batteryAhB}Ah`), `the report names the ${batteryAhB} Ah battery of the sizing screen`);
      assert.ok(Number(batteryAhB) > Number(batteryAh), `30 kW of emergency lighting needs a larger battery than A's ${batteryAh} Ah, got ${batteryAhB} Ah`);

      console.info(`journey: ${((Date.now() - started) / 1000).toFixed(1)} s; internal total at ${internalTotal.where}; battery A ${batteryText}, B ${batteryTextB}; total ${screenTotal}`);
    } finally {
      await app.close();
    }
  });
});
