/**
 * Export adapters on a 300-line quote-sized document (synthetic lines; the real document builders come
 * with phase 2 of issue #5 and will reuse this): xlsx < 0.5 s, PDF < 2 s in Node, PDF < 1 MB.
 *
 *   npx tsx scripts/bench/export.ts [lines]
 *
 * Exits 1 when a budget is exceeded.
 */
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { amountInWords } from '../../src/core/format/rmb-words.ts';
import { fn, formula, mul, num, range, ref, roundFen, text, type Cell, type WorkbookModel } from '../../src/core/export/sheet-model.ts';
import { formatMoney, money, roundToFen, sumMoney } from '../../src/core/money.ts';
import { nodeFontSet } from '../../src/export/pdf/node-fonts.ts';
import { renderPdf } from '../../src/export/pdf/render.ts';
import { writeWorkbook } from '../../src/export/xlsx/workbook-writer.ts';

const N = Number(process.argv[2] ?? 300);
const lines = Array.from({ length: N }, (_, i) => ({
  name: ['直流断路器', '高频开关充电模块', '阀控式密封铅酸蓄电池', '绝缘监测装置', '电缆'][i % 5] as string,
  model: `GM5B-63/2-${i}-C${(i * 7) % 63}A-ZHR22010-PCST`,
  brand: ['许继', '正泰', '施耐德'][i % 3] as string,
  unit: '台',
  qty: String((i % 9) + 1),
  price: money(100 + ((i * 37.31) % 9000)).toFixed(2),
}));

function workbook(): WorkbookModel {
  const rows: Cell[][] = [[text('报价清单')], ['名称', '型号规格', '品牌', '单位', '数量', '单价', '金额'].map((h) => text(h, { bold: true, border: true, fill: 'header' }))];
  const totals = lines.map((l) => roundToFen(money(l.qty).times(l.price)));
  lines.forEach((l, i) => {
    const r = rows.length;
    rows.push([
      text(l.name, { border: true }),
      text(l.model, { border: true }),
      text(l.brand, { border: true }),
      text(l.unit, { border: true }),
      num(l.qty, { border: true }),
      num(l.price, { border: true, format: 'money' }),
      formula(roundFen(mul(ref(r, 4), ref(r, 5))), totals[i] ?? 0, { border: true, format: 'money' }),
    ]);
  });
  rows.push([text('合计'), ...Array.from({ length: 5 }, () => text('')), formula(fn('SUM', range({ row: 2, col: 6 }, { row: rows.length - 1, col: 6 })), sumMoney(totals), { format: 'money', bold: true })]);
  return {
    audience: 'customer',
    properties: { title: 'bench', creator: 'dcq', created: new Date(0) },
    sheets: [{ name: '报价清单', columns: Array.from({ length: 7 }, () => ({})), rows, frozenRows: 2, printTitleRows: { first: 0, last: 1 } }],
  };
}

function pdfDoc(): TDocumentDefinitions {
  const body: TableCell[][] = [['序号', '名称', '型号规格', '品牌', '单位', '数量', '单价', '金额'].map((h) => ({ text: h, bold: true }))];
  const totals = lines.map((l) => roundToFen(money(l.qty).times(l.price)));
  lines.forEach((l, i) =>
    body.push([String(i + 1), l.name, { text: l.model, wordBreak: 'break-all' }, l.brand, l.unit, l.qty, formatMoney(l.price), formatMoney(totals[i] ?? 0)]),
  );
  const total = sumMoney(totals);
  const content: Content[] = [
    { text: '报价单', fontSize: 16, bold: true },
    { table: { headerRows: 1, widths: [24, 70, '*', 40, 24, 30, 60, 66], body }, fontSize: 8 },
    { text: `合计：¥${formatMoney(total)}（人民币大写：${amountInWords(total)}）`, margin: [0, 8, 0, 0] },
  ];
  return { pageSize: 'A4', pageMargins: [30, 30, 30, 40], content, info: { creationDate: new Date(0) } };
}

async function main() {
  const fonts = nodeFontSet();
  await renderPdf({ content: ['预热'] }, { fonts }); // load pdfmake and the font once, as a running CLI would
  let t = performance.now();
  const xlsx = await writeWorkbook(workbook());
  const xlsxMs = performance.now() - t;
  t = performance.now();
  const pdf = await renderPdf(pdfDoc(), { fonts, pageNumbers: { lang: 'zh' } });
  const pdfMs = performance.now() - t;
  const report = { lines: N, xlsxMs: Math.round(xlsxMs), xlsxKB: Math.round(xlsx.byteLength / 1024), pdfMs: Math.round(pdfMs), pdfKB: Math.round(pdf.byteLength / 1024) };
  console.log(JSON.stringify(report));
  const over = [xlsxMs > 500 && 'xlsx > 0.5 s', pdfMs > 2000 && 'PDF > 2 s', pdf.byteLength > 1024 * 1024 && 'PDF > 1 MB'].filter(Boolean);
  if (over.length) {
    console.error(`over budget: ${over.join(', ')}`);
    process.exitCode = 1;
  }
}

await main();
