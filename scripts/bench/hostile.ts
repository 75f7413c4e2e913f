/**
 * Issue #12, bounded time and memory on the hostile corpus (tests/hostile/corpus.ts). Each case runs
 * in its own child process through the real CLI entry (`main`), measured in process after start-up
 * (modules loaded): CPU time of the command (wall time on a shared machine measures the neighbours)
 * and resident-memory growth; each child runs with its heap
 * capped at the case's memory target (--max-old-space-size), so a case that needs more dies and fails.
 * Targets: a refused input answered in < 2 s and < 300 MB; the largest project the limits accept sized
 * in < 1 s and exported in < 10 s under 500 MB.
 *
 *   npx tsx scripts/bench/hostile.ts            (all cases; exit 1 when a target is missed)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { main } from '../../src/cli/main.ts';
import { writePriceListWorkbook } from '../../src/export/xlsx/price-list-workbook.ts';
import { openProjectText } from '../../src/core/project/index.ts';
import { size } from '../../src/core/sizing/index.ts';
import { readKnowledge } from '../../src/node/knowledge-files.ts';
import { hostileProjects, largestAcceptedProject, zipBomb } from '../../tests/hostile/corpus.ts';

interface Case {
  name: string;
  args: string[];
  maxMs: number;
  maxMB: number;
  /** Expected exit code. */
  exit: number;
}

const root = join(import.meta.dirname, '../..');

/** CPU time (user + system) since `t0`: on a shared 2-core machine wall time measures the neighbours. */
function cpuMs(t0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
}

/**
 * One case, after start-up (modules imported). `sizeOnly`: the catalog and rules are loaded first
 * (start-up of the app or a batch run) and only opening + sizing the project is measured.
 */
async function child(args: string[]): Promise<void> {
  const silent = { out: () => undefined, err: () => undefined };
  let code: number;
  let ms: number;
  let rss0: number;
  if (args[0] === '--size-only') {
    const k = await readKnowledge();
    if (!k.ok) throw new Error('knowledge does not load');
    const text = readFileSync(args[1]!, 'utf8');
    rss0 = process.memoryUsage().rss;
    const t0 = process.cpuUsage();
    const opened = openProjectText(text, k.value.sizingRules, k.value.limits);
    const result = opened.ok ? size(opened.value.requirements, k.value.catalog, k.value.sizingRules) : null;
    ms = cpuMs(t0);
    code = result?.ok ? 0 : 1;
  } else {
    rss0 = process.memoryUsage().rss;
    const t0 = process.cpuUsage();
    code = await main(args, silent);
    ms = cpuMs(t0);
  }
  // Resident growth over the case (after start-up); the heap cap of the parent's spawn bounds the peak.
  const peakMB = Math.max(0, process.memoryUsage().rss - rss0) / 1024 / 1024;
  process.stdout.write(JSON.stringify({ code, ms, peakMB }));
}

async function parent(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dcq-bench-hostile-'));
  const k = await readKnowledge();
  if (!k.ok) throw new Error('knowledge does not load');
  const write = (name: string, data: string | Uint8Array) => {
    const f = join(dir, name);
    writeFileSync(f, data);
    return f;
  };
  const projects = hostileProjects();
  const refused = ['loads-1180-distinct.json', 'loads-10000-distinct.json', 'periods-20000.json', 'over-4mb.json', 'edits-10000.json', 'deep-nesting.json', 'truncated.json'];
  const cases: Case[] = [];
  for (const name of refused) {
    const f = write(name, projects[name]!);
    cases.push({ name: `size ${name}`, args: ['size', f], maxMs: 2000, maxMB: 300, exit: 1 });
    cases.push({ name: `export ${name}`, args: ['export', f, '--out', join(dir, 'out-refused')], maxMs: 2000, maxMB: 300, exit: 1 });
  }
  // The tool's own price list plus one cell in XFD1 (was 18 s, 3.3 GB), and a 9 MB → 392 MB zip bomb, honest and lying.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await writePriceListWorkbook(k.value.catalog)).buffer as ArrayBuffer);
  wb.worksheets[0]!.getCell('XFD1').value = 'x';
  const xfd = write('xfd.xlsx', new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  const bomb = write('bomb.xlsx', zipBomb(392));
  // The same bomb with a directory that declares the sheet 4 KB: refused by inflating with a budget.
  const lying = write('bomb-lying.xlsx', zipBomb(392, true));
  for (const [name, f] of [['xfd.xlsx', xfd], ['bomb.xlsx', bomb], ['bomb-lying.xlsx', lying]] as const) {
    cases.push({ name: `catalog import ${name}`, args: ['catalog', 'import', f, '--dir', join(root, 'catalog'), '--rules', join(root, 'rules')], maxMs: 2000, maxMB: 300, exit: 1 });
  }
  const largest = write('largest.json', JSON.stringify(largestAcceptedProject(k.value)));
  cases.push({ name: `size largest accepted (${k.value.limits.project.maxLoads} loads, ${k.value.limits.project.maxTimeBoundaries} boundaries)`, args: ['--size-only', largest], maxMs: 1000, maxMB: 500, exit: 0 });
  cases.push({ name: 'dcq size largest accepted (incl. loading catalog and rules)', args: ['size', largest], maxMs: 10_000, maxMB: 500, exit: 0 });
  cases.push({ name: 'export largest accepted', args: ['export', largest, '--out', join(dir, 'out-largest'), '--date', '2026-03-01'], maxMs: 10_000, maxMB: 500, exit: 0 });

  let failed = 0;
  for (const c of cases) {
    // The heap is capped at the target: a case that needed more would die, not pass.
    const r = spawnSync(process.execPath, [`--max-old-space-size=${c.maxMB}`, '--import', 'tsx', join(import.meta.dirname, 'hostile.ts'), '--child', ...c.args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    let m: { code: number; ms: number; peakMB: number };
    try {
      m = JSON.parse(r.stdout);
    } catch {
      console.log(`FAIL ${c.name}: no result (exit ${r.status}) ${r.stderr.slice(0, 300)}`);
      failed++;
      continue;
    }
    const ok = m.code === c.exit && m.ms < c.maxMs && m.peakMB < c.maxMB;
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${c.name}: exit ${m.code} (want ${c.exit}), ${m.ms.toFixed(0)} ms CPU (< ${c.maxMs}), +${m.peakMB.toFixed(0)} MB (< ${c.maxMB})`);
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

const at = process.argv.indexOf('--child');
if (at >= 0) await child(process.argv.slice(at + 1));
else await parent();
