import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { openApp, stopServer } from './harness.ts';

after(stopServer);

const QTY_LINE = 'cfg.breakers.main.0#breaker@feederPanel-1';
const SWAP_LINE = 'cfg.breakers.main.1#breaker@feederPanel-1';
const SWAP_TO = 'ABB-S202MUC-C16';

/** Full-page screenshot from the top (a scrolled page would show sticky table headers mid-table). */
async function shot(app: { page: Page; screenshot: (name: string) => Promise<string> }, name: string) {
  await app.page.evaluate(() => window.scrollTo(0, 0));
  await app.screenshot(name);
}

async function go(page: Page, screen: string) {
  await page.getByTestId(`nav-${screen}`).click();
}

async function setQuantity(page: Page, lineId: string, qty: string) {
  const input = page.getByTestId(`qty-${lineId}`);
  await input.fill(qty);
  await input.press('Enter');
}

async function decide(page: Page, name: string, role: string, decision: 'approve' | 'reject', comment = '') {
  await page.getByTestId('approver-name').fill(name);
  await page.getByTestId('approver-role').selectOption(role);
  await page.getByTestId('approver-comment').fill(comment);
  await page.getByTestId(decision).click();
}

async function downloadOf(page: Page, kind: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByTestId(`export-${kind}`).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/** The figure as a whole token (so "45.00" is not found inside "1,245.00"). */
function showsFigure(html: string, figure: string): boolean {
  const esc = figure.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\d,.])${esc}(?![\\d])`).test(html);
}

describe('quote workflow: BOM → price → review → revisions → exports', () => {
  it('edits the BOM, prices, approves, issues A and B, compares them, hides costs for bid staff and exports the four documents', { timeout: 300_000 }, async () => {
    const app = await openApp();
    const { page } = app;
    try {
      // The first start opens the 110 kV sample project.
      await page.getByTestId('nav-bom').and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
      await go(page, 'bom');
      await page.getByRole('heading', { name: '物料清单', exact: true }).waitFor();
      assert.equal(await page.getByTestId('deviation-count').innerText(), '0');

      // A bad quantity keeps the typed text and says why, at the field; nothing is committed.
      await setQuantity(page, QTY_LINE, '2x');
      await page.getByTestId(`qty-${QTY_LINE}-error`).waitFor();
      assert.equal(await page.getByTestId(`qty-${QTY_LINE}`).inputValue(), '2x');
      assert.equal(await page.getByTestId('deviation-count').innerText(), '0');

      // Quantity 24 → 26: a quantity deviation, highlighted on the line and listed with its cost delta.
      await setQuantity(page, QTY_LINE, '26');
      await page.getByTestId(`deviation-quantity-${QTY_LINE}`).waitFor();
      assert.match((await page.getByTestId(`bom-line-${QTY_LINE}`).getAttribute('data-deviation')) ?? '', /quantity/);
      assert.match(await page.getByTestId(`deviation-quantity-${QTY_LINE}`).innerText(), /\+\d/);

      // Swap the 16 A breaker for another brand of the same rating; the picker shows the cost delta first.
      await page.getByTestId(`swap-${SWAP_LINE}`).click();
      const candidate = page.getByTestId(`candidate-${SWAP_TO}`);
      await candidate.waitFor();
      assert.match(await candidate.innerText(), /[+-]?\d[\d,]*\.\d{2}/);
      await shot(app, 'bom-swap-zh');
      await page.getByTestId(`use-${SWAP_TO}`).click();
      await page.getByTestId(`deviation-swap-${SWAP_LINE}`).waitFor();
      assert.equal(await page.getByTestId('deviation-count').innerText(), '2');
      assert.match(await page.getByTestId(`bom-line-${SWAP_LINE}`).innerText(), new RegExp(SWAP_TO));

      // The source links to the sizing step the quantity came from.
      await page.getByTestId(`trace-link-${QTY_LINE}`).click();
      await page.locator('[data-trace-id="breakers.main.0"]').waitFor();
      assert.equal(await page.locator('[data-trace-id="breakers.main.0"]').isVisible(), true);
      await go(page, 'bom');

      // A non-catalog line: a bad cost is refused at its field and nothing typed is lost; then it is added, flagged.
      await page.getByTestId('add-line-open').click();
      await page.getByTestId('add-panel').selectOption('feederPanel-1');
      await page.getByTestId('add-mode-custom').check();
      await page.getByTestId('add-name-zh').fill('防火封堵材料');
      await page.getByTestId('add-spec').fill('有机堵料 10 kg');
      await page.getByTestId('add-cost').fill('12,0.5');
      await page.getByTestId('add-list').fill('¥180');
      await page.getByTestId('add-line-submit').click();
      await page.getByTestId('add-error-costPrice').waitFor();
      assert.equal(await page.getByTestId('add-name-zh').inputValue(), '防火封堵材料');
      await page.getByTestId('add-cost').fill('120.50');
      await page.getByTestId('add-line-submit').click();
      await page.getByTestId('bom-line-manual:1').waitFor();
      assert.match(await page.getByTestId('bom-line-manual:1').innerText(), /非目录/);
      await page.getByTestId('deviation-added-manual:1').waitFor();
      assert.match(await page.getByTestId('deviation-added-manual:1').innerText(), /\+120\.50/);
      assert.equal(await page.getByTestId('deviation-count').innerText(), '3');
      // …and removed again, which takes its deviation with it.
      await page.getByTestId('remove-manual:1').click();
      await page.getByTestId('bom-line-manual:1').waitFor({ state: 'detached' });

      // Brand alternatives priced side by side.
      await page.getByTestId('alternatives').locator('summary').click();
      await page.getByTestId('alternatives-table').waitFor();
      assert.ok((await page.getByTestId('alternatives-table').locator('tbody tr').count()) >= 2);
      await shot(app, 'bom-zh');

      // Target margin 18 % → a sales manager must approve.
      await go(page, 'pricing');
      await page.getByTestId('mode-targetMargin').check();
      const margin = page.getByTestId('target-margin');
      await margin.fill('120');
      await margin.press('Enter');
      await page.getByTestId('target-margin-error').waitFor();
      await margin.fill('18');
      await margin.press('Enter');
      await page.getByTestId('gross-margin').filter({ hasText: '18.00%' }).waitFor();
      assert.equal(await page.getByTestId('required-level').innerText(), '销售经理');
      assert.match(await page.getByTestId('approval-level').innerText(), /毛利率 18\.00% ≥ 15%/);

      // Without commercial terms the reviewer's approval is refused, with the missing terms named.
      await go(page, 'review');
      await decide(page, '王经理', 'salesManager', 'approve');
      await page.getByTestId('decision-problems').filter({ hasText: '请填写付款方式' }).waitFor();
      assert.match(await page.getByTestId('decision-problems').innerText(), /请填写交货期/);
      assert.match(await page.getByTestId('approval-history').innerText(), /尚无审批记录/);
      await go(page, 'revisions');
      await page.getByTestId('issuer').fill('李工');
      await page.getByTestId('issue-revision').click();
      await page.getByTestId('revision-problems').filter({ hasText: '请填写报价有效期' }).waitFor();
      assert.equal(await page.getByTestId('revision-A').count(), 0);
      await go(page, 'pricing');

      // Commercial terms.
      await page.getByTestId('terms-payment').fill('预付30%，发货前付60%，质保金10%');
      await page.getByTestId('terms-payment').press('Enter');
      await page.getByTestId('terms-days').fill('四十');
      await page.getByTestId('terms-days').press('Enter');
      await page.getByTestId('terms-days-error').waitFor();
      await page.getByTestId('terms-days').fill('45');
      await page.getByTestId('terms-days').press('Enter');
      await page.getByTestId('terms-valid-until').fill('2027-01-31');
      await page.getByTestId('terms-place').fill('示例 110 kV 变电站现场');
      await page.getByTestId('terms-place').press('Enter');
      await shot(app, 'pricing-zh');

      // Bid staff: the price-only view shows no cost or margin figure anywhere in the DOM.
      const screen = page.getByTestId('pricing-screen');
      const costFigures = [
        await page.getByTestId('total-cost').innerText(),
        await page.getByTestId('gross-profit').innerText(),
        '18.00%',
        ...(await page.getByTestId('cost-build-up').locator('td.num').allInnerTexts()).filter((t) => /\d/.test(t) && !t.endsWith('%')),
      ];
      // Per line: its unit cost, total cost and margin (columns 4, 5 and the last), read while costs are shown.
      const rows = page.locator('[data-testid^="price-line-"]');
      const lineCosts = new Map<string, string[]>();
      for (const row of await rows.all()) {
        const cells = await row.locator('td').allInnerTexts();
        lineCosts.set((await row.getAttribute('data-testid'))!, [cells[3]!, cells[4]!, cells[cells.length - 1]!]);
      }
      assert.ok(lineCosts.size > 20, 'the lines table lists every line with its cost');
      await page.getByTestId('price-only-toggle').check();
      await page.getByTestId('approval-state-only').waitFor();
      const html = await screen.innerHTML();
      const text = await screen.innerText();
      for (const f of costFigures) assert.ok(!showsFigure(html, f), `the price-only view still shows the cost/margin figure ${f}`);
      for (const [testId, figures] of lineCosts) {
        const rowHtml = await page.getByTestId(testId).innerHTML();
        for (const f of figures) assert.ok(!showsFigure(rowHtml, f), `${testId} still shows its cost/margin figure ${f} in the price-only view`);
      }
      assert.equal(await page.getByTestId('total-cost').count(), 0);
      assert.equal(await page.getByTestId('cost-build-up').count(), 0);
      assert.equal(await page.getByTestId('target-margin').count(), 0);
      const headers = await page.getByTestId('pricing-table').locator('thead').innerText();
      assert.doesNotMatch(headers, /成本|毛利/);
      assert.doesNotMatch(text, /毛利率 \d|\d+\.\d{2}%/);
      assert.match(await page.getByTestId('total-inc-vat').innerText(), /\d/);
      await shot(app, 'pricing-price-only-zh');
      await page.getByTestId('price-only-toggle').uncheck();
      await page.getByTestId('total-cost').waitFor();

      // Review: an engineer may not approve a quote that needs a sales manager.
      await go(page, 'review');
      await decide(page, '张工', 'engineer', 'approve');
      await page.getByTestId('decision-problems').filter({ hasText: '无此权限' }).waitFor();
      await decide(page, '王经理', 'salesManager', 'approve', '同意');
      await page.locator('[data-testid="approval-row-1"], [data-testid="approval-row-0"]').first().waitFor();
      assert.equal(await page.getByTestId('approval-row-0').getAttribute('data-status'), 'valid');
      await page.getByTestId('review-deviations').getByTestId(`deviation-swap-${SWAP_LINE}`).waitFor();
      await shot(app, 'review-zh');

      // Issue revision A.
      await go(page, 'revisions');
      await page.getByTestId('issuer').fill('李工');
      await page.getByTestId('issue-revision').click();
      await page.getByTestId('revision-A').waitFor();
      await page.getByTestId('issue-unchanged').filter({ hasText: '版本 A' }).waitFor();
      assert.equal(await page.getByTestId('issue-revision').isDisabled(), true);

      // Change a quantity after A: the approval given on A's content is void.
      await go(page, 'bom');
      await setQuantity(page, QTY_LINE, '28');
      await page.getByTestId(`deviation-quantity-${QTY_LINE}`).filter({ hasText: '28' }).waitFor();
      await go(page, 'review');
      await page.getByTestId('approval-history').getByText('尚无审批记录').waitFor();

      // Reload in the middle: everything is as it was.
      await page.reload();
      await page.getByTestId('nav-bom').and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
      await go(page, 'bom');
      assert.equal(await page.getByTestId(`qty-${QTY_LINE}`).inputValue(), '28');
      assert.equal(await page.getByTestId('deviation-count').innerText(), '2');
      await go(page, 'pricing');
      assert.equal(await page.getByTestId('target-margin').inputValue(), '18');
      assert.equal(await page.getByTestId('terms-days').inputValue(), '45');
      await go(page, 'revisions');
      await page.getByTestId('revision-A').waitFor();
      assert.match(await page.getByTestId('working-state').innerText(), /不同/);

      // B cannot be issued before a new approval.
      await page.getByTestId('issue-revision').click();
      await page.getByTestId('revision-problems').filter({ hasText: '审批' }).waitFor();

      // Approve again, and a stale approval shows void once content changes again.
      await go(page, 'review');
      await decide(page, '王经理', 'salesManager', 'approve', '数量调整后同意');
      await page.getByTestId('approval-row-0').waitFor();
      assert.equal(await page.getByTestId('approval-row-0').getAttribute('data-status'), 'valid');
      await go(page, 'bom');
      await setQuantity(page, QTY_LINE, '30');
      await go(page, 'review');
      assert.equal(await page.getByTestId('approval-row-0').getAttribute('data-status'), 'void');
      assert.match(await page.getByTestId('approval-row-0').innerText(), /已失效/);
      await page.getByTestId('undo').click();
      assert.equal(await page.getByTestId('approval-row-0').getAttribute('data-status'), 'valid');

      // Exports: terms complete and the approval valid, so customer documents are final.
      await go(page, 'exports');
      assert.equal(await page.getByTestId('document-status').innerText(), '正式版');
      for (const kind of ['internalBom', 'customerQuoteXlsx', 'quotePdf', 'calculationReportPdf']) {
        const file = await downloadOf(page, kind);
        assert.ok(file.bytes.length > 1000, `${kind}: ${file.name} is ${file.bytes.length} bytes`);
        if (kind.endsWith('Pdf')) assert.equal(file.bytes.subarray(0, 5).toString('latin1'), '%PDF-', `${file.name} is a PDF`);
        else assert.equal(file.bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', `${file.name} is an xlsx (zip)`);
      }
      await page.getByTestId('export-saved').waitFor();
      // The PDFs were checked against the font: the section lists missing characters by field, or says none are.
      const glyphs = await page.getByTestId('glyph-warnings').innerText();
      assert.doesNotMatch(glyphs, /生成 PDF 时检查/);
      assert.match(glyphs, /所有文字均可由 PDF 字体显示|缺少以下字符/);

      // Issue B and compare A with B line by line.
      await go(page, 'revisions');
      await page.getByTestId('issue-revision').click();
      await page.getByTestId('revision-B').waitFor();
      await page.getByTestId('compare-from').selectOption('A');
      await page.getByTestId('compare-to').selectOption('B');
      const diffLine = page.getByTestId(`diff-line-${QTY_LINE}`);
      await diffLine.waitFor();
      // Revisions compare by item: this breaker's item (the same code on other lines too) went up by the 2
      // added on this line (26 → 28).
      const moved = /(\d+) → (\d+)/.exec(await diffLine.innerText());
      assert.ok(moved, 'the item shows its quantity change');
      assert.equal(Number(moved[2]) - Number(moved[1]), 2);
      assert.match(await page.getByTestId('diff-totals').innerText(), /\+\d/);
      await shot(app, 'revisions-zh');
      await go(page, 'exports');
      await shot(app, 'exports-zh');

      // English: every screen of the workflow.
      await page.getByTestId('toggle-lang').click();
      for (const [screen, heading] of [
        ['bom', 'Bill of materials'],
        ['pricing', 'Cost and price'],
        ['review', 'Price review'],
        ['revisions', 'Quote revisions'],
        ['exports', 'Exports'],
      ] as const) {
        await go(page, screen);
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        if (screen === 'revisions') {
          await page.getByTestId('compare-from').selectOption('A');
          await page.getByTestId('compare-to').selectOption('B');
        }
        await shot(app, `${screen}-en`);
      }

      // Start the working quote again from revision A: A's edits and settings are back, and it is A again.
      await go(page, 'revisions');
      await page.getByTestId('start-from-A').click();
      await page.getByTestId('working-state').filter({ hasText: 'revision A' }).waitFor();
      await go(page, 'bom');
      assert.equal(await page.getByTestId(`qty-${QTY_LINE}`).inputValue(), '26');
    } finally {
      await app.close();
    }
  });

  it('prices by list price with line discounts, typed unit prices and a header discount, and by an entered total incl. VAT; bad amounts stay at their field', { timeout: 120_000 }, async () => {
    const app = await openApp();
    const { page } = app;
    try {
      await page.getByTestId('nav-pricing').and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
      await go(page, 'pricing');
      await page.getByTestId('mode-listPrice').check();
      const line = 'cfg.charger.modules#rectifierModule@chargerPanel-1';
      const row = page.getByTestId(`price-line-${line}`);
      await row.waitFor();
      const listUnit = (await row.locator('td').nth(5).innerText()).trim();

      // A discount over 100 % is refused at the field; the text stays, nothing changes.
      const discount = page.getByTestId(`discount-${line}`);
      await discount.fill('150');
      await discount.press('Enter');
      await page.getByTestId(`discount-${line}-error`).waitFor();
      assert.equal(await discount.inputValue(), '150');
      await discount.fill('10');
      await discount.press('Enter');
      await row.filter({ hasText: '2,880.00' }).waitFor();
      assert.equal(listUnit, '3,200.00');

      // A typed unit price takes the place of list and discount; "abc" is refused, "2,950" is read.
      const typed = page.getByTestId(`unit-price-${line}`);
      await typed.fill('abc');
      await typed.press('Enter');
      await page.getByTestId(`unit-price-${line}-error`).waitFor();
      assert.equal(await typed.inputValue(), 'abc');
      await typed.fill('2,950');
      await typed.press('Enter');
      await row.filter({ hasText: '14,750.00' }).waitFor();

      // A header discount as an amount, shared over the lines.
      await page.getByTestId('header-discount-kind').selectOption('amount');
      const amount = page.getByTestId('header-discount-amount');
      await amount.fill('5000.005');
      await amount.press('Enter');
      await page.getByTestId('header-discount-amount-error').waitFor();
      await amount.fill('¥5,000');
      await amount.press('Enter');
      await page.getByTestId('total-header-discount').filter({ hasText: '5,000.00' }).waitFor();
      await shot(app, 'pricing-list-zh');

      // An entered total incl. VAT: the core finds the ex-VAT price whose total is exactly that.
      await page.getByTestId('mode-enteredTotal').check();
      await page.getByTestId('entered-basis').selectOption('incVat');
      const total = page.getByTestId('entered-total');
      await total.fill('300000');
      await total.press('Enter');
      await page.getByTestId('total-inc-vat').filter({ hasText: '300,000.00' }).waitFor();
      await page.getByTestId('toggle-lang').click();
      await page.getByRole('heading', { name: 'Cost and price', exact: true }).waitFor();
      await shot(app, 'pricing-entered-en');
    } finally {
      await app.close();
    }
  });
});
