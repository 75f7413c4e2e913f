import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openApp, stopServer, waitFor } from './harness.ts';

after(stopServer);


const text = (l: Locator) => () => l.innerText();
const value = (l: Locator) => () => l.inputValue();
const num = (s: string) => Number.parseFloat(s.replace(/[^\d.-]/g, ''));
const loadRows = (page: Page) => page.locator('[data-testid^="load-row-"]');

/** A project made from the 110 kV sample (6 loads) under `name`, its requirements screen showing. */
async function newFromSample(page: Page, name: string): Promise<void> {
  await page.getByTestId('sample-select').waitFor();
  await page.getByTestId('sample-select').selectOption('sample-110kv');
  await page.getByTestId('new-name').fill(name);
  await page.getByTestId('create-from-sample').click();
  await waitFor(text(page.locator('.topbar .subtitle')), (t) => t === name, 'project opened');
  await page.getByTestId('nav-requirements').click();
  await page.getByRole('heading', { name: '需求', exact: true }).waitFor();
}

/** The designers' 直流负荷统计表 as Excel copies it: two header rows (merged cells come over blank), a summary row, and a column nobody asked for. */
const STATISTICS_PASTE = [
  '序号\t负荷名称\t装置容量(kW)\t负荷系数\t计算电流(A)\t经常负荷电流(A)\t初期\t持续\t\t\t随机\t备注',
  '\t\t\t\t\t\t1min\t0.5h\t1h\t2h\t5s\t',
  '1\t主变冷却控制\t3\t0.6\t8.18\t8.18\t8.18\t8.18\t8.18\t8.18\t\t新增',
  '2\t备自投合闸\t2.2\t1\t10\t\t\t\t\t\t10\t',
  '\t电流统计\t\t\t\tI0=8.18\tI1\tI2\tI3\tI4\tIR\t',
].join('\n');

describe('requirements and sizing', () => {
  it('edits the load table (add, kW, paste from Excel, library, duplicate/delete), shows field errors without losing input, undoes/redoes, survives a reload; sizing follows', async () => {
    const app = await openApp();
    const { page } = app;
    try {
      // A new user starts from a sample and names the project.
      await newFromSample(page, '新建一体化电源项目');

      // Rename from the form (commits on Enter).
      await page.getByTestId('meta-name').fill('110 kV 某站一体化电源');
      await page.getByTestId('meta-name').press('Enter');
      await waitFor(text(page.locator('.topbar .subtitle')), (t) => t === '110 kV 某站一体化电源', 'renamed');

      assert.equal(await loadRows(page).count(), 6);
      const i1Before = num(await page.getByTestId('total-I1').innerText());
      assert.ok(Math.abs(i1Before - 37.58) < 0.01, `I1 of the sample is 37.58 A, got ${i1Before}`);
      const chartPath = () => page.getByTestId('duty-chart').locator('svg path').first().getAttribute('d');
      const pathBefore = await chartPath();
      await page.getByTestId('nav-sizing').click();
      const requiredBefore = num(await page.getByTestId('battery-required').innerText());
      await page.getByTestId('nav-requirements').click();

      // Add a row: it has no size yet, so the draft is invalid (stale banner) and the row says why.
      await page.getByTestId('add-load').click();
      await waitFor(() => loadRows(page).count(), (n) => n === 7, 'row added');
      await page.getByTestId('stale-banner').waitFor();
      assert.match(await page.getByTestId('load-row-6').locator('..').innerText(), /缺少容量/);
      // The chart still follows the table while the draft is invalid: the new row is listed as skipped.
      await waitFor(text(page.getByTestId('preview-skipped')), (t) => t.includes('7'), 'skipped row listed');

      // kW = 10 (control and protection, K 0.6 by default): I = 10 × 1000 × 0.6 / 220 = 27.27 A.
      await page.getByTestId('load-6-value').fill('10');
      await page.getByTestId('load-6-value').press('Enter');
      await waitFor(text(page.getByTestId('load-6-current')), (t) => t === '27.27', 'row current');
      const i1After = await waitFor(async () => num(await page.getByTestId('total-I1').innerText()), (v) => Math.abs(v - (i1Before + 27.27)) < 0.02, 'I1 follows the new row');
      assert.ok(i1After > i1Before);
      assert.notEqual(await chartPath(), pathBefore, 'the duty chart is redrawn');
      assert.equal(await page.getByTestId('stale-banner').count(), 0);
      await page.getByTestId('nav-sizing').click();
      const requiredAfter = await waitFor(async () => num(await page.getByTestId('battery-required').innerText()), (v) => v > requiredBefore + 1, 'battery capacity grows');
      assert.ok(requiredAfter > requiredBefore);
      await page.getByTestId('nav-requirements').click();

      // Negative kW: the error is shown at the field, the typed text stays, the sizing is marked stale.
      const kw = page.getByTestId('load-6-value');
      await kw.fill('-5');
      await kw.press('Enter');
      await waitFor(() => kw.getAttribute('aria-invalid'), (v) => v === 'true', 'field marked invalid');
      assert.equal(await kw.inputValue(), '-5');
      await waitFor(text(page.getByTestId('load-row-6')), (t) => /> 0|必须/.test(t), 'message at the field');
      await page.getByTestId('stale-banner').waitFor();
      // Text that is not a number is kept locally with its reason and never reaches the project.
      const k = page.getByTestId('load-0-k');
      await k.fill('0,6x');
      await k.press('Enter');
      await waitFor(text(page.getByTestId('load-row-0')), (t) => t.includes('不是有效数字'), 'not-a-number message');
      assert.equal(await k.inputValue(), '0,6x');
      await k.press('Escape');
      assert.equal(await k.inputValue(), '');

      // Undo returns to 10 kW, redo to -5, undo again.
      await page.getByTestId('undo').click();
      await waitFor(value(kw), (v) => v === '10', 'undo');
      assert.equal(await page.getByTestId('stale-banner').count(), 0);
      await page.getByTestId('redo').click();
      await waitFor(value(kw), (v) => v === '-5', 'redo');
      await page.getByTestId('undo').click();
      await waitFor(value(kw), (v) => v === '10', 'undo again');

      // Paste from Excel in the load statistics layout.
      await page.getByTestId('paste-open').click();
      await page.getByTestId('paste-area').fill(STATISTICS_PASTE);
      await waitFor(text(page.getByTestId('paste-unknown')), (t) => t.includes('备注'), 'unknown column reported');
      await waitFor(text(page.getByTestId('paste-skipped')), (t) => t.includes('电流统计'), 'summary row reported');
      const preview = await page.getByTestId('paste-preview').innerText();
      assert.match(preview, /主变冷却控制/);
      assert.match(preview, /备自投合闸/);
      const irBefore = num(await page.getByTestId('total-IR').innerText());
      await page.getByTestId('paste-add').click();
      await waitFor(() => loadRows(page).count(), (n) => n === 9, 'two rows pasted');
      assert.equal(await page.getByTestId('load-7-name').inputValue(), '主变冷却控制');
      assert.equal(await page.getByTestId('load-7-value').inputValue(), '3');
      assert.equal(await page.getByTestId('load-7-duration').inputValue(), '120');
      assert.equal(await page.getByTestId('load-8-random').isChecked(), true);
      await waitFor(async () => num(await page.getByTestId('total-IR').innerText()), (v) => Math.abs(v - (irBefore + 10)) < 0.01, 'IR includes the pasted random load');

      // The simple name · kW · K layout; an extra column is reported, not guessed.
      await page.getByTestId('paste-open').click();
      await page.getByTestId('paste-area').fill('事故照明（增）\t0.8\t1\t额外');
      await waitFor(text(page.getByTestId('paste-unknown')), (t) => t.includes('#4'), 'extra column reported');
      await page.getByTestId('paste-add').click();
      await waitFor(() => loadRows(page).count(), (n) => n === 10, 'simple row pasted');
      assert.equal(await page.getByTestId('load-9-kind').inputValue(), 'emergencyLighting');

      // From the library of typical loads, then duplicate and delete.
      await page.getByTestId('load-library').locator('summary').click();
      await page.getByTestId('library-dcdc').click();
      await waitFor(() => loadRows(page).count(), (n) => n === 11, 'library row');
      assert.equal(await page.getByTestId('load-10-kind').inputValue(), 'dcdc');
      await page.getByTestId('load-10-remove').click();
      await waitFor(() => loadRows(page).count(), (n) => n === 10, 'row deleted');
      await page.getByTestId('load-0-duplicate').click();
      await waitFor(() => loadRows(page).count(), (n) => n === 11, 'row duplicated');
      assert.equal(await page.getByTestId('load-1-name').inputValue(), await page.getByTestId('load-0-name').inputValue());
      await page.getByTestId('load-1-remove').click();
      await waitFor(() => loadRows(page).count(), (n) => n === 10, 'duplicate removed');

      await app.screenshot('requirements-zh');

      // Reload: the project reopens with every edit.
      await page.waitForTimeout(400);
      await page.reload();
      await page.getByTestId('nav-requirements').click();
      await page.getByRole('heading', { name: '需求', exact: true }).waitFor();
      await waitFor(() => loadRows(page).count(), (n) => n === 10, 'rows after reload');
      assert.equal(await page.getByTestId('load-6-value').inputValue(), '10');
      assert.equal(await page.getByTestId('load-7-name').inputValue(), '主变冷却控制');
      assert.equal(await page.locator('.topbar .subtitle').innerText(), '110 kV 某站一体化电源');
      assert.equal(await page.getByTestId('meta-name').inputValue(), '110 kV 某站一体化电源');

      // Sizing: results, the load statistics in the designers' layout, the trace with search and links.
      await page.getByTestId('nav-sizing').click();
      await page.getByTestId('statistics-table').waitFor();
      const stats = await page.getByTestId('statistics-table').innerText();
      for (const h of ['序号', '负荷名称', '装置容量', '负荷系数', '计算电流', '经常负荷电流', '初期 1 min', '随机 5 s', '容量计算', '叠加随机负荷', '容量取值']) assert.ok(stats.includes(h), `statistics table has ${h}`);
      assert.match(stats, /主变冷却控制/);
      assert.match(await page.getByTestId('charger-alternatives').innerText(), /ZHR22010-4[\s\S]*ZHR22020-4/);
      assert.match(await page.getByTestId('trace-legend').innerText(), /尚未按标准印刷版确认/);
      const total = num((await page.getByTestId('trace-count').innerText()).split('/')[1] ?? '');
      await page.getByTestId('trace-search').fill('Kc');
      const filtered = await waitFor(async () => num((await page.getByTestId('trace-count').innerText()).split('/')[0] ?? ''), (v) => v > 0 && v < total, 'search narrows the trace');
      assert.ok(filtered < total);
      await page.getByTestId('trace-search').fill('');
      const c10 = page.locator('[data-trace-id="loads.I1"]');
      await c10.locator('details.inputs summary').click();
      await c10.locator('a.ref').first().click();
      await waitFor(async () => page.locator('.trace-entry.highlight').count(), (n) => n === 1, 'link goes to the referenced entry');
      await app.screenshot('sizing-zh');

      await page.getByTestId('toggle-lang').click();
      await page.getByRole('heading', { name: 'Sizing', exact: true }).waitFor();
      assert.match(await page.getByTestId('trace-legend').innerText(), /not yet confirmed against the printed standard/);
      await app.screenshot('sizing-en');
      await page.getByTestId('nav-requirements').click();
      await page.getByRole('heading', { name: 'Requirements', exact: true }).waitFor();
      await waitFor(text(page.getByTestId('loads-section')), (t) => t.includes('Load factor K'), 'English load table');
      await app.screenshot('requirements-en');
    } finally {
      await app.close();
    }
  });

  it('shows a 200-load table through a scroll window: the rows in the scroller and at least 4 below them, at any scroll position', async () => {
    const app = await openApp();
    const { page } = app;
    try {
      await newFromSample(page, '200 路负荷');
      await page.getByTestId('paste-open').click();
      await page.getByTestId('paste-area').fill(Array.from({ length: 194 }, (_, i) => `保护测控 ${i + 1}\t0.${(i % 9) + 1}`).join('\n'));
      await page.getByTestId('paste-add').click();
      await waitFor(text(page.getByTestId('loads-section').locator('legend')), (t) => t.includes('200'), '200 loads');
      // Rows in the scroller's box (below its header), rendered rows below that box, and the highest index rendered.
      // `to` scrolls first, in the same task, so the rows are those rendered before the scroll event.
      const view = (to?: number) =>
        page.getByTestId('load-table').evaluate((table, y) => {
          const wrap = table.parentElement as HTMLElement;
          if (y !== undefined) wrap.scrollTop = y;
          const top = wrap.getBoundingClientRect().top + (table.querySelector('thead') as HTMLElement).getBoundingClientRect().height;
          const bottom = wrap.getBoundingClientRect().bottom;
          const rows = [...table.querySelectorAll('tbody tr[data-testid^="load-row-"]')].map((r) => ({ i: Number(r.getAttribute('data-testid')?.slice(9)), box: r.getBoundingClientRect() }));
          const shown = rows.filter((r) => r.box.bottom > top + 1 && r.box.top < bottom - 1).map((r) => r.i);
          // Pixels of the box that no rendered row covers (a blank gap while scrolling).
          const covered = rows.filter((r) => r.box.bottom > top && r.box.top < bottom).reduce((sum, r) => sum + Math.min(r.box.bottom, bottom) - Math.max(r.box.top, top), 0);
          return { scrollTop: wrap.scrollTop, rowHeight: rows[0]?.box.height ?? 0, rendered: rows.length, shown, below: rows.filter((r) => r.box.top >= bottom).length, last: Math.max(...rows.map((r) => r.i)), uncovered: bottom - top - covered };
        }, to);
      const settle = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
      await waitFor(view, (v) => v.rendered > 0 && v.below >= 4, 'the window below the rows in view');
      const rowHeight = (await view()).rowHeight;
      for (const y of [0, 40 * rowHeight, 120 * rowHeight]) {
        await view(y);
        await settle();
        const v = await view();
        assert.ok(v.uncovered < 4, `no gap at ${y}px: ${JSON.stringify(v)}`);
        assert.ok(v.below >= 4, `at least 4 rows below those in view at ${y}px: ${JSON.stringify(v)}`);
        assert.ok(v.rendered < 40, `a window, not the whole table, at ${y}px: ${v.rendered} rows`);
        // Less than the 4 rows that move the window: the rows rendered before the scroll still fill the box.
        const moved = await view(y + 3.9 * rowHeight);
        assert.ok(moved.uncovered < 4, `no gap 3.9 rows further before the window moves: ${JSON.stringify(moved)}`);
      }
      await view(1e6);
      await settle();
      const end = await view();
      assert.equal(end.last, 199, 'the last row at the end');
      assert.ok(end.uncovered < 4, `no gap at the end: ${JSON.stringify(end)}`);
    } finally {
      await app.close();
    }
  });
});
