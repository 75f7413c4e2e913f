import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, darkPixels, hasTool, pdfToText, rasterizePage, writeArtifact } from './helpers/poppler.ts';

/**
 * The app's path: pdfmake's browser build, fonts fetched lazily from the committed WOFF2 subset through
 * Vite `?url` imports made absolute. Runs in Debian's Chromium against a Vite dev server.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = resolve(__dirname, '../..');
const ready = existsSync(CHROMIUM) && hasTool('pdftotext');

let server: ViteDevServer | undefined;
afterAll(async () => {
  await server?.close();
});

describe('PDF export in the browser', () => {
  it.skipIf(!ready)('renders Chinese with the lazily fetched WOFF2 subset and reports characters outside it', async () => {
    server = await createServer({ root, logLevel: 'error', server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false } });
    await server.listen();
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('no dev server URL');
    const profile = mkdtempSync(join(tmpdir(), 'dcq-export-chromium-'));
    const context = await chromium.launchPersistentContext(join(profile, 'data'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      env: { ...process.env, XDG_CONFIG_HOME: join(profile, 'config'), XDG_CACHE_HOME: join(profile, 'cache') },
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const fontRequests: string[] = [];
      page.on('request', (r) => {
        // the font files themselves, not Vite's `?url` module requests that only name them
        if (/\.woff2$/.test(r.url())) fontRequests.push(r.url());
      });
      await page.goto(`${base}tests/export/browser-fixture/index.html`);
      await page.waitForFunction(() => typeof window.renderSample === 'function');
      expect(fontRequests).toEqual([]); // nothing fetched before the export is asked for
      const text = '直流电源系统 220V ±5% ≥ 2×95mm² 45℃ Ω 王喆';
      const out = await page.evaluate((t) => window.renderSample(t), text);
      expect(out.fontUrls.every((u) => u.startsWith('http://127.0.0.1'))).toBe(true);
      expect(fontRequests.sort()).toEqual([...out.fontUrls].sort());
      expect(out.missing).toEqual(['喆']);
      const file = writeArtifact('pdf', 'browser-sample.pdf', Buffer.from(out.base64, 'base64'));
      const extracted = pdfToText(file).replace(/\s+/g, '');
      expect(extracted).toContain('直流电源系统220V±5%≥2×95mm²45℃Ω王');
      expect(extracted).toContain('粗体标题Bold');
      const img = rasterizePage(file, 1, join(ARTIFACTS, 'pdf', 'browser-sample-p1'));
      expect(darkPixels(img, { x0: 0.05, y0: 0.03, x1: 0.8, y1: 0.12 })).toBeGreaterThan(300);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 90_000);
});
