import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}
const root = join(import.meta.dirname, '../..');
const sample = (name: string) => join(root, 'templates/projects', name);
const EXAMPLE = join(root, 'tests/fixtures/tender/example-220v.csv');
const FILES = ['table-1.2-technical-parameters', 'table-2.2-components', 'table-9-deviations'].flatMap((b) => [`${b}.xlsx`, `${b}.pdf`]);
const hasPoppler = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function firstSheetText(file: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cells: string[] = [];
  wb.worksheets[0]?.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
  return cells.join('|');
}

describe('dcq tender', () => {
  it.each(['sample-110kv.json', 'sample-220kv.json'])('%s with the public 220 V example writes the three tables (xlsx + PDF); the ★ negative deviation exits 1 and is named', async (name) => {
    const out = mkdtempSync(join(tmpdir(), 'dcq-tender-'));
    const r = await run(['tender', sample(name), EXAMPLE, '--out', out, '--date', '2026-11-30']);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/tender\.disqualifying.*第 8 行: 充电电压调节范围/);
    expect(readdirSync(out).sort()).toEqual([...FILES].sort());
    const params = await firstSheetText(join(out, 'table-1.2-technical-parameters.xlsx'));
    expect(params).toContain('表 1.2 技术参数响应表');
    expect(params).toContain('负偏离（★ 否决项）');
    expect(params).toContain('需人工确认');
    expect(await firstSheetText(join(out, 'table-9-deviations.xlsx'))).toContain('表 9 技术偏离表');
    expect(await firstSheetText(join(out, 'table-2.2-components.xlsx'))).toMatch(/理士.*国产/);
    if (hasPoppler) {
      for (const f of FILES.filter((x) => x.endsWith('.pdf'))) {
        const text = execFileSync('pdftotext', ['-layout', join(out, f), '-'], { encoding: 'utf8' });
        expect(text).toMatch(/表 (1\.2|2\.2|9)/);
        execFileSync('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '1', join(out, f), join(out, f.replace('.pdf', ''))]);
        expect(statSync(join(out, f.replace('.pdf', '-1.png'))).size).toBeGreaterThan(3000);
      }
    }
  }, 120_000);

  it('English with --lang en; --json lists every answer', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dcq-tender-'));
    const r = await run(['--lang', 'en', 'tender', sample('sample-110kv.json'), EXAMPLE, '--out', out, '--json']);
    const json = JSON.parse(r.out) as { counts: Record<string, number>; answers: Array<{ no: string; status: string }> };
    expect(json.counts).toEqual({ none: 1, positive: 1, negative: 3, manual: 8 });
    expect(json.answers.map((a) => a.status)).toHaveLength(13);
    expect(await firstSheetText(join(out, 'table-1.2-technical-parameters.xlsx'))).toContain('Table 1.2 Technical parameter response');
  }, 120_000);

  it('a bad requirement table names the field and the 1-based row; nothing is written, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-tender-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, '序号,参数名称,招标要求\n1,稳压精度,≤±0.5%\n2,,≥0.90\n');
    const out = join(dir, 'out');
    const r = await run(['tender', sample('sample-110kv.json'), bad, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('第 3 行');
    expect(r.err).toContain('缺少“参数名称”');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it('an unreadable requirement file exits 3; a wrong file type exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-tender-'));
    expect((await run(['tender', sample('sample-110kv.json'), join(dir, 'missing.csv'), '--out', dir])).code).toBe(3);
    writeFileSync(join(dir, 'x.pdf'), 'x');
    const r = await run(['tender', sample('sample-110kv.json'), join(dir, 'x.pdf'), '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('tender.fileType');
  });

  it('an .xlsx requirement table in the tender layout reads like the CSV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-tender-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('技术参数');
    ws.addRow(['表1.2 技术参数表']);
    for (const line of readFileSync(EXAMPLE, 'utf8').trim().split('\n')) ws.addRow(line.split(','));
    await wb.xlsx.writeFile(join(dir, 'req.xlsx'));
    const r = await run(['tender', sample('sample-110kv.json'), join(dir, 'req.xlsx'), '--out', join(dir, 'out'), '--json']);
    expect(JSON.parse(r.out).counts).toEqual({ none: 1, positive: 1, negative: 3, manual: 8 });
  }, 120_000);

  it('--save keeps the requirements in the project; tender-ack records a reviewer per negative deviation, and the tables say who acknowledged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-tender-'));
    const project = join(dir, 'p.json');
    writeFileSync(project, readFileSync(sample('sample-110kv.json')));
    const first = await run(['tender', project, EXAMPLE, '--out', join(dir, 'a'), '--save']);
    expect(first.code).toBe(1);
    const savedJson = JSON.parse(readFileSync(project, 'utf8'));
    expect(savedJson.quote.tender.requirements).toHaveLength(13);
    expect(savedJson.meta).toEqual(JSON.parse(readFileSync(sample('sample-110kv.json'), 'utf8')).meta);
    expect((await run(['tender-ack', project, '--item', '99', '--reviewer', '李总工'])).code).toBe(1);
    expect((await run(['tender-ack', project, '--item', '7', '--reviewer', '\u3000'])).code).toBe(1);
    for (const item of ['6', '7', '12']) expect((await run(['tender-ack', project, '--item', item, '--reviewer', '李总工', '--comment', '已沟通'])).code).toBe(0);
    const second = await run(['tender', project, EXAMPLE, '--out', join(dir, 'b')]);
    expect(second.code).toBe(0);
    expect(await firstSheetText(join(dir, 'b', 'table-9-deviations.xlsx'))).toContain('已由 李总工');
  }, 120_000);
});
