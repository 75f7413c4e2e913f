import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

/**
 * Serves the production build (dist/, built by scripts/test.sh) on loopback and drives Debian's
 * Chromium through playwright-core. Each context gets a fresh profile so tests never share storage.
 */
export const root = resolve(import.meta.dirname, '../..');
export const artifactsDir = join(root, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface AppSession {
  url: string;
  context: BrowserContext;
  page: Page;
  /** Saves a full-page PNG under test-artifacts/screenshots/. */
  screenshot: (name: string) => Promise<string>;
  close: () => Promise<void>;
}

let server: PreviewServer | undefined;

export async function startServer(): Promise<string> {
  if (!server) {
    server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  }
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return url;
}

export async function stopServer(): Promise<void> {
  await server?.close();
  server = undefined;
}

export async function openApp(options: { locale?: string; url?: string } = {}): Promise<AppSession> {
  const url = options.url ?? (await startServer());
  const profile = mkdtempSync(join(tmpdir(), 'dcq-chromium-'));
  const context = await chromium.launchPersistentContext(join(profile, 'data'), {
    executablePath: CHROMIUM,
    headless: true,
    locale: options.locale ?? 'zh-CN',
    viewport: { width: 1440, height: 900 },
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    env: { ...process.env, XDG_CONFIG_HOME: join(profile, 'config'), XDG_CACHE_HOME: join(profile, 'cache') },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  const shotsDir = join(artifactsDir, 'screenshots');
  mkdirSync(shotsDir, { recursive: true });
  return {
    url,
    context,
    page,
    screenshot: async (name) => {
      const path = join(shotsDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (consoleErrors.length) throw new Error(`page errors: ${consoleErrors.join('\n')}`);
    },
  };
}

/** Polls `read` until `check` holds (the UI updates asynchronously); fails with the last value seen. */
export async function waitFor<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string, timeout = 10_000): Promise<T> {
  const end = Date.now() + timeout;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read().catch(() => undefined as T);
    if (last !== undefined && check(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: last value ${JSON.stringify(last)}`);
}
