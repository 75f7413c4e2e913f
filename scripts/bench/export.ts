/**
 * The real quote documents on a 300-line quote: the 220 kV sample (sized, BOM from the rules) topped up
 * with manual non-catalog lines spread over its panels, priced by the pipeline, then each document made
 * through the same exportDocuments the CLI uses. Budgets: each xlsx < 0.5 s, the quote PDF < 2 s in Node,
 * every PDF < 1 MB.
 *
 *   npx tsx scripts/bench/export.ts [lines]      (BENCH_OUT=dir also writes the files there)
 *
 * Exits 1 when a budget is exceeded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { validateProject } from '../../src/core/project/index.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { quoteStateSchema } from '../../src/core/quote/schema.ts';
import { exportDocuments, readTemplates, type DocumentKind } from '../../src/export/node.ts';
import { readKnowledge } from '../../src/node/knowledge-files.ts';

const N = Number(process.argv[2] ?? 300);
const RUNS = 3;
const root = join(import.meta.dirname, '../..');

async function main() {
  const k = await readKnowledge();
  if (!k.ok) throw new Error('knowledge does not load');
  const templates = readTemplates();
  if (!templates.ok) throw new Error('templates do not load');
  const json = JSON.parse(readFileSync(join(root, 'templates/projects/sample-220kv.json'), 'utf8'));
  const v = validateProject(json, k.value.sizingRules);
  if (!v.ok) throw new Error('sample does not validate');
  const base = evaluateProject(v.value, k.value);
  const panels = base.bom!.panels.map((p) => p.id);
  const ruleLines = base.bom!.lines.length;
  const names = ['直流断路器', '高频开关充电模块', '阀控式密封铅酸蓄电池', '绝缘监测装置', '电缆'];
  const edits = Array.from({ length: Math.max(0, N - ruleLines) }, (_, i) => ({
    type: 'addManualLine' as const,
    line: {
      id: `manual:${i + 1}`,
      panelId: panels[i % panels.length]!,
      quantity: String((i % 9) + 1),
      note: 'bench',
      item: {
        kind: 'custom' as const,
        item: {
          name: { zh: `${names[i % names.length]} ${i + 1}`, en: `Bench item ${i + 1}` },
          spec: `GM5B-63/2-${i}-C${(i * 7) % 63}A-ZHR22010-PCST-LONG-PART-NUMBER-${i}`,
          unit: 'pcs' as const,
          brand: 'bench',
          costPrice: (100 + ((i * 37.31) % 9000)).toFixed(2),
          listPrice: (150 + ((i * 41.17) % 12000)).toFixed(2),
        },
      },
    },
  }));
  const terms = { paymentTerms: '预付 30%，到货 60%，质保金 10%', deliveryDays: 60, validUntil: '2026-12-31' };
  const project: ProjectFile = { ...v.value, quote: quoteStateSchema.parse({ edits, terms }) };
  let t = performance.now();
  const evaluation = evaluateProject(project, k.value);
  const evalMs = performance.now() - t;
  const lines = evaluation.priced?.lines.length ?? 0;
  const req = { project, knowledge: k.value, templates: templates.value, lang: 'zh' as const, date: '2026-11-24', evaluation };
  await exportDocuments({ ...req, only: ['internalBom', 'calculationReportPdf'] }); // load pdfmake, exceljs and the font once, as a running CLI would
  const report: Record<string, number> = { lines, evaluateMs: Math.round(evalMs) };
  const over: string[] = [];
  for (const kind of ['internalBom', 'customerQuoteXlsx', 'quotePdf', 'calculationReportPdf'] as DocumentKind[]) {
    // median of RUNS: the machine is shared, one run says little
    const times: number[] = [];
    const cpu: number[] = [];
    let bytes = 0;
    for (let run = 0; run < RUNS; run++) {
      t = performance.now();
      const c0 = process.cpuUsage();
      const r = await exportDocuments({ ...req, only: [kind] });
      times.push(performance.now() - t);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('; '));
      bytes = r.value[0]!.bytes.byteLength;
      if (run === 0 && process.env.BENCH_OUT) writeFileSync(join(process.env.BENCH_OUT, r.value[0]!.name), r.value[0]!.bytes);
    }
    const ms = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
    report[`${kind}Ms`] = Math.round(ms);
    // CPU time of this process: on a shared machine wall time also counts other people's work
    report[`${kind}CpuMs`] = Math.round(cpu.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!);
    report[`${kind}KB`] = Math.round(bytes / 1024);
    const isPdf = kind.endsWith('Pdf');
    if (!isPdf && ms > 500) over.push(`${kind} > 0.5 s`);
    if (kind === 'quotePdf' && ms > 2000) over.push('quote PDF > 2 s');
    if (isPdf && bytes > 1024 * 1024) over.push(`${kind} > 1 MB`);
  }
  console.log(JSON.stringify(report));
  if (lines < N) over.push(`only ${lines} lines`);
  if (over.length) {
    console.error(`over budget: ${over.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
