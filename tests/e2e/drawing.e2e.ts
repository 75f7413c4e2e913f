import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openApp, stopServer, waitFor } from './harness.ts';

after(stopServer);

describe('the drawing screen', () => {
  it('shows the open sample project as a one-line drawing; clicking a breaker shows its calculation and BOM line', async () => {
    const app = await openApp();
    try {
      const { page } = app;
      // The first start opens the 110 kV sample.
      await page.getByTestId('nav-drawing').and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
      await page.getByTestId('nav-drawing').click();
      await page.getByTestId('drawing-viewport').locator('svg').waitFor({ timeout: 30_000 });
      const feeder = page.locator('g[data-id="brk.main.0#1"]');
      assert.match(await feeder.innerHTML(), /10 A/);
      await feeder.locator('text').first().click();
      const trace = await waitFor(() => page.getByTestId('drawing-trace').innerText().catch(() => ''), (t) => t.includes('Appendix A'), 'trace entry of the feeder breaker', 15_000);
      assert.match(trace, /10/);
      const bom = await page.getByTestId('drawing-bom').innerText();
      assert.match(bom, /SCH-C65HDC-2P-C10/);
      assert.equal(await page.locator('g.changed[data-id="brk.main.0#1"]').count(), 1);
      await app.screenshot('drawing-screen');
    } finally {
      await app.close();
    }
  });
});
