import ExcelJS from 'exceljs';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { parseCsv } from '../../src/core/catalog/csv.ts';
import { gridLimitProblems } from '../../src/core/catalog/grid.ts';
import { REQUIREMENTS_DOCUMENT } from '../../src/core/tender/import.ts';
import { readPriceListWorkbook } from '../../src/export/xlsx/price-list-workbook.ts';

/**
 * A tender's requirement table goes through the price list's hardened readers; its refusals must name
 * the document the user gave (技术要求表 / requirements table), never a 价格表.
 */
async function run(args: string[]) {
  let err = '';
  const code = await main(args, { out: () => {}, err: (s) => (err += `${s}\n`) });
  return { code, err };
}
const root = join(import.meta.dirname, '../..');
const sample = join(root, 'templates/projects/sample-110kv.json');
const EXAMPLE = join(root, 'tests/fixtures/tender/example-220v.csv');
const limits = { maxFileBytes: 1_000_000, maxUncompressedBytes: 10_000_000, maxRows: 3, maxColumns: 3 };

describe('requirement-table import refusals name the requirements table (issue #15)', () => {
  it('dcq tender: a requirement table over the row limit (rules with maxRows 3), in zh and en; an .xlsx that is not a workbook', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-tender-msg-'));
    const rules = join(dir, 'rules');
    cpSync(join(root, 'rules'), rules, { recursive: true });
    const limitsFile = join(rules, 'limits/input-limits.yaml');
    writeFileSync(limitsFile, readFileSync(limitsFile, 'utf8').replace(/^(\s+maxRows:) 50000$/m, '$1 3'));
    const zh = await run(['tender', sample, EXAMPLE, '--out', join(dir, 'out'), '--rules', rules]);
    expect(zh.code).toBe(1);
    expect(zh.err).toContain('技术要求表行数为 14，超过上限 3');
    const en = await run(['--lang', 'en', 'tender', sample, EXAMPLE, '--out', join(dir, 'out'), '--rules', rules]);
    expect(en.err).toContain('The number of rows of the requirements table is 14');
    writeFileSync(join(dir, 'req.xlsx'), 'not a zip');
    const bad = await run(['tender', sample, join(dir, 'req.xlsx'), '--out', join(dir, 'out')]);
    for (const r of [zh, en, bad]) {
      expect(r.err).not.toMatch(/价格表|price list/i);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    expect(bad.code).toBe(1);
  }, 60_000);

  it('rows and columns over the limits, in .csv and .xlsx, in zh and en', async () => {
    const csv = parseCsv('序号,参数名称,招标要求,★,备注\n1,稳压精度,≤±0.3%,★,x\n2,效率,≥90%,,\n3,噪声,<45dB,,\n', 'req.csv');
    const fromCsv = gridLimitProblems(csv, limits, REQUIREMENTS_DOCUMENT);
    expect(fromCsv.map((p) => p.code).sort()).toEqual(['priceList.tooManyColumns', 'priceList.tooManyRows']);
    for (const p of fromCsv) {
      expect(p.message.zh).toContain('技术要求表');
      expect(p.message.en).toContain('requirements table');
      expect(`${p.message.zh} ${p.message.en}`).not.toMatch(/价格表|price list/i);
    }
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    for (const r of [['序号', '参数名称', '招标要求'], ['1', '稳压精度', '≤±0.3%'], ['2', '效率', '≥90%'], ['3', '噪声', '<45dB']]) ws.addRow(r);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const fromXlsx = await readPriceListWorkbook(bytes, { name: 'req.xlsx', limits, document: REQUIREMENTS_DOCUMENT });
    expect(fromXlsx.ok).toBe(false);
    if (!fromXlsx.ok) {
      expect(fromXlsx.problems[0]?.message.zh).toBe('技术要求表行数为 4，超过上限 3（rules/limits/input-limits.yaml）');
      expect(fromXlsx.problems[0]?.message.en).toContain('rows of the requirements table');
    }
    const tooBig = await readPriceListWorkbook(bytes, { name: 'req.xlsx', limits: { ...limits, maxFileBytes: 10 }, document: REQUIREMENTS_DOCUMENT });
    expect(tooBig.ok ? '' : tooBig.problems[0]?.message.zh).toContain('技术要求表文件');
  });

  it('the price list keeps its own word', () => {
    const csv = parseCsv('a,b,c,d\n1,2,3,4\n', 'prices.csv');
    expect(gridLimitProblems(csv, limits)[0]?.message.zh).toContain('价格表');
  });
});
