import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openApp, stopServer } from './harness.ts';

after(stopServer);

describe('catalog browser', () => {
  it('opens in Chinese on the bundled catalog, searches, filters and shows details; switches to English', async () => {
    const app = await openApp();
    const { page } = app;
    try {
      await page.getByTestId('nav-catalog').click();
      await page.getByRole('heading', { name: '元件目录' }).waitFor();
      const meta = await page.getByTestId('catalog-meta').innerText();
      assert.match(meta, /目录版本/);

      await page.getByRole('searchbox').fill('ZHR22010');
      await page.getByRole('cell', { name: 'ZHR22010-4', exact: true }).click();
      const details = await page.getByTestId('item-details').innerText();
      assert.match(details, /额定电流/);
      assert.match(details, /10/);
      await app.screenshot('catalog-zh');

      await page.getByRole('searchbox').fill('');
      await page.getByLabel('全部类别').selectOption('battery');
      const rows = await page.getByTestId('catalog-table').locator('tbody tr').count();
      assert.ok(rows >= 42, `expected ≥ 42 battery rows, got ${rows}`);

      await page.getByTestId('toggle-lang').click();
      await page.getByRole('heading', { name: 'Component catalog' }).waitFor();
      await app.screenshot('catalog-en');
    } finally {
      await app.close();
    }
  });
});
