/**
 * The real quote documents on a 300-line quote: the 220 kV sample (sized, BOM from the rules) topped up
 * with manual non-catalog lines spread over its panels, priced by the pipeline, then each document made
 * through the same exportDocuments the CLI uses. Budgets: each xlsx < 0.5 s, the quote PDF < 2 s in Node,
 * every PDF < 1 MB.
 *
 * Floors (issue #16), measured in the same run: the stack alone doing the same work. For the quote PDF,
 * bare pdfmake with the same font laying out the same 300 rows as one plain table (repeated heading, no
 * keep-together units, no page headers); target ≤ 1.2 ×. For each workbook, bare exceljs writing the same
 * sheets, cells, values and formulas with the same font and nothing else (no borders, fills, widths,
 * heights, print setup, checks); target ≤ 1.5 ×. Ratios are taken on CPU time of this process (the wall
 * clock on a shared machine also counts other people's work); both are printed. Document and floor runs
 * are interleaved (document, floor, floor, document, …; 15 pairs) so a change of machine load hits both alike; the
 * ratio printed is the median of the per-pair ratios, beside the medians of each, with the load average
 * at the start and the end.
 *
 *   npx tsx scripts/bench/export.ts [lines]      (BENCH_OUT=dir also writes the files there;
 *                                                 BENCH_RUNS=n pairs per document, default 15)
 *
 * Exits 1 when a budget is exceeded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { validateProject } from '../../src/core/project/index.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { quoteStateSchema } from '../../src/core/quote/schema.ts';
import ExcelJS from 'exceljs';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { customerWorkbook, quoteDocument, quoteDocumentTexts } from '../../src/core/export/customer-quote.ts';
import type { DocumentInput } from '../../src/core/export/export-input.ts';
import { internalWorkbook } from '../../src/core/export/internal-workbook.ts';
import { formulaText, type WorkbookModel } from '../../src/core/export/sheet-model.ts';
import { nodeFontSet } from '../../src/export/pdf/node-fonts.ts';
import { renderPdf } from '../../src/export/pdf/render.ts';
import { CJK_FONT } from '../../src/export/xlsx/workbook-writer.ts';
import { exportDocuments, readTemplates, type DocumentKind } from '../../src/export/node.ts';
import { readKnowledge } from '../../src/node/knowledge-files.ts';

const N = Number(process.argv[2] ?? 300);
const RUNS = 3;
/** Interleaved document/floor pairs per document for the ratios. */
// 15: one render of ours or the floor's can double when a major collection of earlier garbage falls in it,
// and with 7 pairs the median ratio of the same code swung 0.94–1.32 × within an hour (2026-12-01).
const PAIRS = Math.max(1, Number(process.env.BENCH_RUNS ?? '') || 15);
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');
const root = join(import.meta.dirname, '../..');

/** Bare exceljs: the same sheets, cells, values and formulas in the same font; no styling, no checks. */
async function bareWorkbook(model: WorkbookModel): Promise<void> {
  const wb = new ExcelJS.Workbook();
  for (const sheet of model.sheets) {
    const ws = wb.addWorksheet(sheet.name);
    sheet.rows.forEach((row, r) =>
      row.forEach((c, col) => {
        if (c.kind === 'empty') return;
        const cell = ws.getRow(r + 1).getCell(col + 1);
        cell.value = c.kind === 'text' ? c.text : c.kind === 'number' ? Number(c.value) : { formula: formulaText(c.formula, sheet.name), result: Number(c.result) };
        cell.font = { name: CJK_FONT, size: 10 };
      }),
    );
  }
  await wb.xlsx.writeBuffer();
}

/**
 * Bare pdfmake: the same table (heading, panel title rows, line rows, subtotal rows, bold where ours is
 * bold) as one plain table in the same font and size, then the document's other texts as plain
 * paragraphs, so both subset the same glyphs.
 */
function bareQuotePdf(input: DocumentInput): TDocumentDefinitions {
  const doc = quoteDocument(input);
  const n = doc.columns.length;
  const full = (text: string, bold: boolean) => [{ text, colSpan: n, bold }, ...Array.from({ length: n - 1 }, () => ({}))];
  const body = [
    doc.columns.map((c) => ({ text: c.label, bold: true })),
    ...doc.groups.flatMap((g) => [
      full(g.title, true),
      ...g.lines.map((l) => doc.columns.map((c) => String((l as unknown as Record<string, string | undefined>)[c.key] ?? ''))),
      full(`${g.subtotalLabel} — ${g.title} ${g.subtotal}`, true),
    ]),
  ];
  const lineTexts = new Set(doc.groups.flatMap((g) => g.lines.flatMap((l) => Object.values(l).map(String))));
  const others = quoteDocumentTexts(doc).filter((f) => !lineTexts.has(f.text)).map((f) => f.text);
  return {
    pageSize: 'A4',
    content: [{ text: doc.title, bold: true, fontSize: 20 }, { table: { headerRows: 1, widths: doc.columns.map((c) => (c.key === 'spec' ? '*' : 'auto')), body }, fontSize: 8 }, ...others.map((text) => ({ text }))],
    defaultStyle: { fontSize: 9 },
  };
}

/** CPU and wall-clock milliseconds of one run of `work`. */
async function measure(work: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await work();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: performance.now() - t0 };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

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

  // Floors: the same work done by the bare library, in this run.
  const input: DocumentInput = { project, knowledge: k.value, templates: templates.value, lang: 'zh', date: '2026-11-24', evaluation };
  const fonts = nodeFontSet();
  const floors: { kind: DocumentKind; target: number; floor: () => Promise<unknown> }[] = [
    { kind: 'quotePdf', target: 1.2, floor: () => renderPdf(bareQuotePdf(input), { fonts }) },
    { kind: 'internalBom', target: 1.5, floor: () => bareWorkbook(internalWorkbook(input)) },
    { kind: 'customerQuoteXlsx', target: 1.5, floor: () => bareWorkbook(customerWorkbook(input)) },
  ];
  console.log(`export: ${PAIRS} interleaved document/floor pairs each, load average ${load()} at the start`);
  for (const { kind, target, floor } of floors) {
    const ours = () => exportDocuments({ ...req, only: [kind] }).then((r) => {
      if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('; '));
    });
    await floor(); // warm the bare path too
    const doc: { cpu: number; wall: number }[] = [];
    const bare: { cpu: number; wall: number }[] = [];
    for (let i = 0; i < PAIRS; i++) {
      // ABBA order: neither side always runs first after the other's garbage
      if (i % 2 === 0) {
        doc.push(await measure(ours));
        bare.push(await measure(floor));
      } else {
        bare.push(await measure(floor));
        doc.push(await measure(ours));
      }
    }
    const ratio = median(doc.map((d, i) => d.cpu / (bare[i] as { cpu: number }).cpu));
    const verdict = ratio <= target ? 'ok' : 'OVER';
    const cpus = (xs: { cpu: number }[]) => xs.map((x) => x.cpu.toFixed(0)).join(' ');
    console.log(
      `${kind}: ${median(doc.map((d) => d.cpu)).toFixed(0)} ms CPU (wall ${median(doc.map((d) => d.wall)).toFixed(0)} ms) vs bare ${median(bare.map((b) => b.cpu)).toFixed(0)} ms CPU (wall ${median(bare.map((b) => b.wall)).toFixed(0)} ms) = ${ratio.toFixed(2)} × floor, median of ${PAIRS} pairs (target ≤ ${target} ×) ${verdict}  [ours ${cpus(doc)}; bare ${cpus(bare)}]`,
    );
    if (ratio > target) over.push(`${kind} ${ratio.toFixed(2)} × its floor`);
  }
  console.log(`export: load average ${load()} at the end`);
  if (lines < N) over.push(`only ${lines} lines`);
  if (over.length) {
    console.error(`over budget: ${over.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
