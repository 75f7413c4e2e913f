import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Download } from 'playwright-core';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';
import { openApp, stopServer, waitFor } from './harness.ts';

after(stopServer);

/** The app on the 系统图 screen; the first start opens the 110 kV sample. */
async function openDrawing() {
  const app = await openApp();
  const { page } = app;
  try {
    await page.getByTestId('nav-drawing').and(page.locator(':not([disabled])')).waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-drawing').click();
    await page.getByTestId('drawing-viewport').locator('svg').waitFor({ timeout: 30_000 });
  } catch (e) {
    await app.close().catch(() => {});
    throw e;
  }
  return app;
}

describe('the drawing screen', () => {
  it('shows the open sample project as a one-line drawing; clicking a breaker shows its calculation and BOM line', async () => {
    const app = await openDrawing();
    try {
      const { page } = app;
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

  it('downloads the drawing PDF, the DXF (breaker ratings as TEXT), the SVG sheets and the 图纸确认函 PDF from the 系统图 screen', async () => {
    // The open project is the 110 kV sample: its breaker ratings, as the configuration sizes them.
    const k = await shippedKnowledge();
    const configuration = evaluateProject(await sampleProject('sample-110kv.json'), k).sizing.configuration;
    assert.ok(configuration);
    const ratings = [...new Set([...configuration.breakers, ...configuration.acBreakers].flatMap((b) => (b.ratingA === null ? [] : [b.ratingA])))].sort((a, b) => a - b);
    assert.ok(ratings.length >= 5, `ratings ${ratings.join(', ')}`);
    const app = await openDrawing();
    try {
      const { page } = app;
      const dir = mkdtempSync(join(tmpdir(), 'dcq-e2e-drawing-'));
      /** Clicks one download button and saves the files it downloads (the SVG button: one per sheet). */
      const save = async (kind: string, count: number): Promise<string[]> => {
        const downloads: Download[] = [];
        const onDownload = (d: Download) => downloads.push(d);
        page.on('download', onDownload);
        await page.getByTestId(`drawing-download-${kind}`).click();
        await waitFor(async () => downloads.length, (n) => n === count, `${kind}: ${count} file(s) downloaded`, 120_000);
        await waitFor(() => page.getByTestId(`drawing-download-${kind}`).isEnabled(), (e) => e, `${kind} done`);
        page.off('download', onDownload);
        const files: string[] = [];
        for (const d of downloads) {
          const file = join(dir, d.suggestedFilename());
          await d.saveAs(file);
          files.push(file);
        }
        return files;
      };
      const [pdf] = await save('pdf', 1);
      assert.match(pdf!, /\.pdf$/);
      assert.equal(readFileSync(pdf!).subarray(0, 5).toString(), '%PDF-');
      const [letter] = await save('letter', 1);
      assert.match(letter!, /图纸确认函\.pdf$/);
      assert.equal(readFileSync(letter!).subarray(0, 5).toString(), '%PDF-');
      const sheets = await page.locator('[data-testid^="drawing-sheet-"]').count();
      const svgs = await save('svg', sheets);
      for (const f of svgs) assert.match(readFileSync(f, 'utf8'), /^<svg /);
      const [dxf] = await save('dxf', 1);
      assert.match(dxf!, /\.dxf$/);
      const texts = dxfTexts(readFileSync(dxf!, 'utf8'));
      assert.ok(texts.some((t) => t.includes('直流系统图')), 'the title block as TEXT');
      for (const r of ratings) assert.ok(texts.some((t) => new RegExp(`(^| )${r} A( |$)`).test(t)), `breaker rating ${r} A as a TEXT entity`);
      assert.match(await page.getByTestId('drawing-saved').innerText(), /\.dxf/);
      await app.screenshot('drawing-downloads');
    } finally {
      await app.close();
    }
  });
});

/** The strings of the DXF's TEXT entities (group code 1 of each TEXT), read from the group code / value pairs. */
function dxfTexts(dxf: string): string[] {
  const lines = dxf.split(/\r?\n/);
  const texts: string[] = [];
  let entity = '';
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const code = lines[i]!.trim();
    const value = lines[i + 1]!;
    if (code === '0') entity = value.trim();
    else if (code === '1' && entity === 'TEXT') texts.push(value);
  }
  return texts;
}
