/**
 * App budgets (issue #6), measured in headless Chromium against the production build (dist/):
 *  - first load's JavaScript ≤ 150 KB gzipped (issue #16; the catalog and rules come as preloaded JSON data, reported beside it)
 *  - interactive within 1.5 s on localhost (first project open and sized)
 *  - an edit to a 200-load project re-sized and re-drawn within one frame: median ≤ 16 ms, p90 ≤ 33 ms (issue #16),
 *    each edit at a random point of the frame interval, as a keystroke comes
 *  - every screen switch ≤ 100 ms median with that project open (issue #16)
 *  - JS heap < 150 MB after exporting a 300-line quote (when the export entry exists)
 *  - no heap growth over 100 edit-and-undo cycles
 * Run: npm run bench (builds dist/ first if it is missing).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { SCREENS } from '../../src/app/store/ui-slice.ts';
import { openApp, root, stopServer } from '../../tests/e2e/harness.ts';

// Always the current sources: a dist/ left from before a change would measure the old app.
const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (b.status !== 0 || !existsSync(join(root, 'dist/index.html'))) throw new Error('vite build failed');
console.log(`app: measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);

const results: { name: string; value: string; ok: boolean }[] = [];
const report = (name: string, value: string, ok: boolean) => {
  results.push({ name, value, ok });
  console.log(`app: ${name}: ${value} ${ok ? 'OK' : 'OVER BUDGET'}`);
};

// 1. First-load JavaScript: the scripts index.html loads, plus what they import statically.
const html = readFileSync(join(root, 'dist/index.html'), 'utf8');
const entryScripts = [...html.matchAll(/<script[^>]+src="\.?\/?([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\.?\/?([^"]+)"/g)].map((m) => m[1] as string);
const firstLoadBytes = [...new Set(entryScripts)].reduce((sum, f) => sum + gzipSync(readFileSync(join(root, 'dist', f))).length, 0);
// The floor: a bare React app (react + react-dom rendering one element), built by the same Vite.
const floorDir = join(root, '.tmp/bench/first-load-floor');
mkdirSync(floorDir, { recursive: true });
writeFileSync(join(floorDir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="./main.js"></script>');
writeFileSync(join(floorDir, 'main.js'), "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')).render(createElement('p', null, 'floor'));\n");
await build({ configFile: false, root: floorDir, logLevel: 'warn', resolve: { alias: { react: join(root, 'node_modules/react'), 'react-dom': join(root, 'node_modules/react-dom') } }, build: { outDir: join(floorDir, 'dist'), emptyOutDir: true } });
const floorBytes = readdirSync(join(floorDir, 'dist/assets'))
  .filter((f) => f.endsWith('.js'))
  .reduce((sum, f) => sum + gzipSync(readFileSync(join(floorDir, 'dist/assets', f))).length, 0);
report(
  'first-load JavaScript (gzip)',
  `${(firstLoadBytes / 1024).toFixed(1)} KB (target ≤ 150 KB; floor: a bare React app ${(floorBytes / 1024).toFixed(1)} KB, ratio ${(firstLoadBytes / floorBytes).toFixed(2)}×)`,
  firstLoadBytes <= 150 * 1024,
);
const preloadedData = [...html.matchAll(/<link[^>]+rel="preload"[^>]+href="\.?\/?([^"]+)"[^>]+as="fetch"/g)].map((m) => m[1] as string);
const dataBytes = preloadedData.reduce((sum, f) => sum + gzipSync(readFileSync(join(root, 'dist', f))).length, 0);
console.log(`app: catalog and rules data preloaded in parallel (gzip): ${(dataBytes / 1024).toFixed(1)} KB`);

const app = await openApp();
const { page } = app;
try {
  // tsx compiles this file with keepNames, which wraps functions sent to the page in __name(…); the
  // interactive measure below installs the stand-in.
  // 2. Interactive: navigation start → the project is open and its sizing is on screen. A browser's second
  // load of the app (the first start saved the project it reopens), in this browser and in two more fresh
  // ones: one cold start swings by ±40 % with the machine's load, so the median of three is reported.
  const interactive = async (session: { page: typeof page; context: typeof app.context }) => {
    await session.context.addInitScript('window.__name = (f) => f');
    await session.page.reload();
    // The time is read in the animation frame that first finds the project sized (waitForFunction polls
    // once per frame), not by a later round trip, which queued behind the screen chunks the app starts
    // compiling once the project is open and added 0.2–0.5 s that no user waits for.
    const at = await session.page.waitForFunction(() => {
      const s = (window as unknown as { __dcq?: { store: { getState: () => { evaluation: unknown } } } }).__dcq?.store.getState();
      return s?.evaluation ? performance.now() : false;
    });
    return (await at.jsonValue()) as number;
  };
  const interactiveRuns = [await interactive(app)];
  for (let i = 0; i < 2; i++) {
    const other = await openApp();
    try {
      interactiveRuns.push(await interactive(other));
    } finally {
      await other.close();
    }
  }
  const interactiveMs = interactiveRuns.slice().sort((a, b) => a - b)[1] as number;
  report('interactive (project open and sized)', `${interactiveMs.toFixed(0)} ms median of 3 fresh browsers (${interactiveRuns.map((ms) => ms.toFixed(0)).join(', ')})`, interactiveMs <= 1500);

  // 3. Edit latency on a 200-load project: store edit → re-validate → re-size → re-price → React commit → next frame.
  await page.evaluate(() => {
    const store = (window as any).__dcq.store;
    store.getState().setScreen('requirements');
    store.getState().editProject((p: any) => {
      const kinds = ['controlProtection', 'breakerTrip', 'ups', 'emergencyLighting', 'dcdc', 'restoringClosing'];
      const loads = Array.from({ length: 200 }, (_, i) => {
        const kind = kinds[i % kinds.length];
        const base: any = { id: `b${i}`, name: `负荷 ${i + 1}`, kind };
        if (kind === 'ups') return { ...base, apparentPowerKVA: 0.5, powerFactor: 0.8, efficiency: 0.9 };
        return { ...base, powerKW: 0.05 + (i % 7) * 0.01, ...(kind === 'dcdc' ? { durationMin: 240 } : kind === 'emergencyLighting' ? { durationMin: 60 } : {}) };
      });
      return { ...p, requirements: { ...p.requirements, loads } };
    });
  });
  await page.waitForTimeout(500);
  // The edit runs with the requirements screen showing its 200-row load table. A user's keystroke comes at
  // any point of the 16.7 ms between two frames, and what they wait for is the first frame that shows it.
  // So each edit starts at a random point of the frame interval (a fixed-seed sequence: the same points in
  // every run), and the time runs from the edit to the end of the frame that shows it (rAF, then a task
  // after that frame). Each edit is paired with a frame without an edit started the same way (the floor:
  // on average half an interval of waiting plus what a frame costs on this machine now), in alternating
  // order, so a change of machine load hits both alike. Until 2026-12-01 every edit and floor started right
  // after a frame: half of them waited a whole interval by construction, so even an edit costing nothing
  // measured ≈ 17 ms; those frame-aligned figures are printed as well.
  const EDITS = 60;
  type Sample = { edit: number; store: number; floor: number; phase: number };
  const runEdits = (aligned: boolean) =>
    page.evaluate(
      async ({ n, aligned, seed }) => {
        const store = (window as any).__dcq.store;
        let state = seed >>> 0; // mulberry32
        const random = () => {
          state = (state + 0x6d2b79f5) >>> 0;
          let t = state;
          t = Math.imul(t ^ (t >>> 15), t | 1);
          t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
          return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
        const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        // The frame interval of this browser, from 20 frames.
        const stamps: number[] = [];
        for (let k = 0; k < 21; k++) stamps.push(await new Promise<number>((r) => requestAnimationFrame(r)));
        const gaps = stamps.slice(1).map((t, k) => t - (stamps[k] as number)).sort((a, b) => a - b);
        const interval = gaps[gaps.length >> 1] as number;
        // Start at a point of the interval: from a frame's rAF, wait that share of the interval (a task after
        // the frame it is in, when the share is shorter than that frame's own work).
        const startAt = (phase: number) =>
          aligned ? frame() : new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, phase * interval)));
        const emptyFrame = async (phase: number) => {
          await startAt(phase);
          const t0 = performance.now();
          await frame();
          return performance.now() - t0;
        };
        const out: { edit: number; store: number; floor: number; phase: number }[] = [];
        for (let i = 0; i < n; i++) {
          const editPhase = random();
          const floorPhase = random();
          const floorFirst = i % 2 === 1;
          const floor0 = floorFirst ? await emptyFrame(floorPhase) : 0;
          await startAt(editPhase);
          const t0 = performance.now();
          store.getState().editProject((p: any) => {
            const loads = p.requirements.loads.slice();
            loads[i % loads.length] = { ...loads[i % loads.length], name: `负荷 ${i} 改` };
            loads[0] = { ...loads[0], powerKW: 0.05 + (i % 5) * 0.01 };
            return { ...p, requirements: { ...p.requirements, loads } };
          });
          const t1 = performance.now();
          await frame();
          const edit = performance.now() - t0;
          const floor = floorFirst ? floor0 : await emptyFrame(floorPhase);
          out.push({ edit, store: t1 - t0, floor, phase: editPhase });
        }
        return out;
      },
      { n: EDITS, aligned, seed: 16 },
    ) as Promise<Sample[]>;
  const measured = await runEdits(false);
  const alignedRun = await runEdits(true);
  const sorted = (xs: number[]) => xs.slice().sort((a, b) => a - b);
  const medianOf = (xs: number[]) => sorted(xs)[xs.length >> 1] as number;
  const editTimes = sorted(measured.map((m) => m.edit));
  const median = editTimes[editTimes.length >> 1] as number;
  const p90 = editTimes[Math.floor(editTimes.length * 0.9)] as number;
  const storeMedian = medianOf(measured.map((m) => m.store));
  const floorMedian = medianOf(measured.map((m) => m.floor));
  // Frame-aligned (the old way): in the pairs that measure the floor first, both start just after a frame
  // without an edit and wait almost a whole interval; their difference is what the edit adds.
  const samePhase = alignedRun.filter((_, i) => i % 2 === 1);
  const alignedMedian = medianOf(alignedRun.map((m) => m.edit));
  const added = medianOf(samePhase.map((m) => m.edit - m.floor));
  report(
    'edit of a 200-load project, re-sized and re-drawn (median)',
    `${median.toFixed(1)} ms, p90 ${p90.toFixed(1)} ms over ${EDITS} edits at random points of the frame interval (target ≤ 16 ms, p90 ≤ 33 ms); of which validation + sizing in the store ${storeMedian.toFixed(1)} ms median; floor: a frame without an edit, started the same way, interleaved, ${floorMedian.toFixed(1)} ms median. Frame-aligned (every start just after a frame, the measure until 2026-12-01): edit ${alignedMedian.toFixed(1)} ms median, p90 ${sorted(alignedRun.map((m) => m.edit))[Math.floor(EDITS * 0.9)]!.toFixed(1)} ms; after a frame without an edit the edit adds ${added.toFixed(1)} ms (median of ${samePhase.length} pairs)`,
    median <= 16 && p90 <= 33,
  );

  // 3b. Screen switches with the 200-load project open: click → the screen rendered (no loading placeholder) → next frame.
  const switchTimes: Record<string, number[]> = {};
  for (let round = 0; round < 5; round++) {
    for (const screen of SCREENS) {
      const ms: number = await page.evaluate(async (id) => {
        const frame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const t0 = performance.now();
        (document.querySelector(`[data-testid="nav-${id}"]`) as HTMLButtonElement).click();
        await frame();
        while (document.querySelector('[data-testid="screen-loading"]') && performance.now() - t0 < 10_000) await frame();
        return performance.now() - t0;
      }, screen);
      (switchTimes[screen] ??= []).push(ms);
    }
  }
  const switchMedians = Object.entries(switchTimes).map(([screen, times]) => [screen, times.sort((x, y) => x - y)[times.length >> 1] as number] as const);
  const slowest = Math.max(...switchMedians.map(([, m]) => m));
  report(
    'screen switch, 200-load project (median per screen)',
    `${switchMedians.map(([screen, m]) => `${screen} ${m.toFixed(0)}`).join(', ')} ms; slowest ${slowest.toFixed(0)} ms (target ≤ 100 ms each)`,
    slowest <= 100,
  );
  await page.evaluate(() => (window as any).__dcq.store.getState().setScreen('requirements'));

  // 4. Heap over 100 edit-and-undo cycles (after GC, before vs after).
  const client = await page.context().newCDPSession(page);
  const heap = async () => {
    await client.send('HeapProfiler.collectGarbage');
    return (await client.send('Runtime.getHeapUsage')).usedSize as number;
  };
  const before = await heap();
  await page.evaluate(async () => {
    const store = (window as any).__dcq.store;
    for (let i = 0; i < 100; i++) {
      store.getState().editProject((p: any) => ({ ...p, meta: { ...p.meta, notes: `cycle ${i}` } }));
      store.getState().undo();
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 0));
    }
  });
  const after = await heap();
  const growthMb = (after - before) / 1024 / 1024;
  report('heap growth over 100 edit-and-undo cycles', `${growthMb.toFixed(2)} MB (${(before / 1048576).toFixed(1)} → ${(after / 1048576).toFixed(1)} MB)`, growthMb < 2);
  report('heap after the cycles', `${(after / 1048576).toFixed(1)} MB`, after < 150 * 1048576);

  // 5. Export a 300-line quote from the app (all four documents through the export screen), then the heap.
  const lineCount = await page.evaluate(() => {
    const store = (window as any).__dcq.store;
    const s = store.getState();
    const bom = s.evaluation.bom;
    const panelId = bom.panels[0].id;
    const codes = bom.lines.filter((l: any) => l.item.kind === 'catalog').map((l: any) => l.item.code);
    const missing = Math.max(0, 300 - bom.lines.length);
    const edits = Array.from({ length: missing }, (_, i) => ({
      type: 'addManualLine',
      line: { id: `manual:bench${i}`, panelId, item: { kind: 'catalog', code: codes[i % codes.length] }, quantity: String(1 + (i % 5)), note: 'bench' },
    }));
    s.editQuote((q: any) => ({ ...q, edits: [...q.edits, ...edits] }));
    return store.getState().evaluation.priced.lines.length;
  });
  await page.evaluate(() => (window as any).__dcq.store.getState().setScreen('exports'));
  const t0 = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.getByTestId('export-all').click()]);
  await page.getByTestId('export-saved').waitFor({ timeout: 180_000 });
  const exportSeconds = (Date.now() - t0) / 1000;
  const heapAfterExport = await heap();
  report(
    `heap after exporting a ${lineCount}-line quote (four documents, ${exportSeconds.toFixed(1)} s, first file ${download.suggestedFilename()})`,
    `${(heapAfterExport / 1048576).toFixed(1)} MB`,
    lineCount >= 300 && heapAfterExport < 150 * 1048576,
  );
} finally {
  await app.close();
  await stopServer();
}
console.log(`app: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
if (results.some((r) => !r.ok)) process.exitCode = 1;
