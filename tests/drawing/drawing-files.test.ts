import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';
import { haveSoffice } from '../export/helpers/libreoffice.ts';
import { hasTool, pdfPageCount, pdfToText } from '../export/helpers/poppler.ts';
import { issueDrawingRevision } from '../../src/core/drawing/index.ts';
import { drawingOf } from './helpers.ts';

const PROJECTS = join(import.meta.dirname, '../../templates/projects');
const haveEzdxf = spawnSync('/usr/bin/python3', ['-c', 'import ezdxf'], { stdio: 'ignore' }).status === 0;

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

describe('dcq drawing: SVG, PDF, DXF and the 图纸确认函', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dcq-drawing-'));
  let files: string[] = [];
  beforeAll(async () => {
    const r = await run(['drawing', join(PROJECTS, 'sample-220kv.json'), '--out', dir, '--date', '2026-11-30']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    files = readdirSync(dir).sort();
  }, 120_000);

  test('writes one SVG per sheet, the PDF, the DXF and the confirmation letter', async () => {
    const d = drawingOf(await sampleProject('sample-220kv.json'), await shippedKnowledge());
    expect(files).toEqual([...Array.from({ length: d.sheetCount }, (_, i) => `Q-SAMPLE220KV-D01-${i + 1}.svg`), 'Q-SAMPLE220KV-D01-图纸确认函.pdf', 'Q-SAMPLE220KV-D01.dxf', 'Q-SAMPLE220KV-D01.pdf'].sort());
  });

  test.skipIf(!hasTool('pdfinfo'))('the drawing PDF has one A3 landscape page per sheet with the Chinese labels; the letter one A4 page', () => {
    const pdf = join(dir, 'Q-SAMPLE220KV-D01.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+1190\.\d+ x 841\.\d+ pts/);
    expect(pdfPageCount(pdf)).toBe(2);
    const text = pdfToText(pdf);
    for (const s of ['1#、2# 交流进线 380 V', 'GB1 2 V 300 Ah × 104 只', '直流系统图', '第 2 张 共 2 张']) expect(text).toContain(s);
    const letter = join(dir, 'Q-SAMPLE220KV-D01-图纸确认函.pdf');
    expect(pdfPageCount(letter)).toBe(1);
    const lt = pdfToText(letter);
    for (const s of ['图纸确认函', 'Q-SAMPLE220KV-D01', '图纸修改意见', '用户确认']) expect(lt).toContain(s);
  });

  test.skipIf(!haveEzdxf)('an independent reader (ezdxf) opens the DXF: audit clean, every label a TEXT in the CJK style, Chinese intact', async () => {
    const r = JSON.parse(execFileSync('/usr/bin/python3', [join(import.meta.dirname, 'read-dxf.py'), join(dir, 'Q-SAMPLE220KV-D01.dxf')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as { recoverErrors: string[]; auditErrors: string[]; version: string; texts: string[]; textStyles: string[]; mtexts: number; style: { font: string; bigfont: string } };
    expect(r.recoverErrors).toEqual([]);
    expect(r.auditErrors).toEqual([]);
    expect(r.version).toBe('AC1021');
    expect(r.mtexts).toBe(0);
    expect(r.textStyles).toEqual(['DCQ_CJK']);
    expect(r.style).toEqual({ font: 'gbenor.shx', bigfont: 'gbcbig.shx' });
    const d = drawingOf(await sampleProject('sample-220kv.json'), await shippedKnowledge());
    expect(r.texts.sort()).toEqual(d.elements.flatMap((e) => e.labels.map((l) => l.text)).sort());
    expect(r.texts).toContain('GB1 2 V 300 Ah × 104 只');
  });

  test.skipIf(!haveSoffice || !hasTool('pdftotext'))('LibreOffice Draw converts the DXF to PDF with the texts', () => {
    const profile = mkdtempSync(join(tmpdir(), 'lo-dxf-'));
    const out = mkdtempSync(join(tmpdir(), 'lo-dxf-pdf-'));
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, join(dir, 'Q-SAMPLE220KV-D01.dxf')], { stdio: 'pipe', timeout: 180_000 });
    // pdftotext lays the page out with spaces of its own and splits Latin from Chinese runs: compared
    // without white space, by runs.
    const text = pdfToText(join(out, 'Q-SAMPLE220KV-D01.pdf')).replace(/\s+/g, '');
    for (const s of ['QF2100A', '直流系统图', '控制回路', 'GB12V300Ah×104只', '继保室分电屏', 'QF10710A24']) expect(text).toContain(s);
  }, 200_000);

  test('the same project and date give byte-identical SVG and DXF', async () => {
    const again = mkdtempSync(join(tmpdir(), 'dcq-drawing-'));
    expect((await run(['drawing', join(PROJECTS, 'sample-220kv.json'), '--out', again, '--date', '2026-11-30'])).code).toBe(0);
    for (const f of files.filter((n) => /\.(svg|dxf)$/.test(n))) expect(readFileSync(join(again, f), 'utf8')).toBe(readFileSync(join(dir, f), 'utf8'));
  }, 120_000);

  test('bad input: a wrong date is exit 2, a project that cannot be sized exit 1 naming the field, a missing file exit 3; never a stack trace', async () => {
    const bad = await run(['drawing', join(PROJECTS, 'sample-220kv.json'), '--out', dir, '--date', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain('--date');
    const p = JSON.parse(readFileSync(join(PROJECTS, 'sample-220kv.json'), 'utf8'));
    p.requirements.feeders.main[0].names = Array.from({ length: 31 }, (_, i) => `回路 ${i}`);
    const file = join(mkdtempSync(join(tmpdir(), 'dcq-bad-')), 'p.json');
    writeFileSync(file, JSON.stringify(p));
    const invalid = await run(['--lang', 'en', 'drawing', file, '--out', mkdtempSync(join(tmpdir(), 'dcq-none-'))]);
    expect(invalid.code).toBe(1);
    // the field as the user sees it (issue 11)
    expect(invalid.err.join('\n')).toContain('Feeder row 1: circuit names');
    const missing = await run(['drawing', join(PROJECTS, 'no-such.json'), '--out', dir]);
    expect(missing.code).toBe(3);
    for (const r of [bad, invalid, missing]) expect(r.err.join('\n')).not.toMatch(/\n\s+at /);
  }, 120_000);

  test('--compare LETTER writes the sheets with the changes since that drawing revision highlighted; an unknown letter is refused', async () => {
    const project = await sampleProject('sample-220kv.json');
    const drawing = issueDrawingRevision({ revisions: [] }, drawingOf(project, await shippedKnowledge()), { date: '2026-11-30', description: '首次提交', quoteRevision: null });
    const p = JSON.parse(readFileSync(join(PROJECTS, 'sample-220kv.json'), 'utf8'));
    p.drawing = drawing;
    p.requirements.feeders.main[2].ratingA = 40;
    const folder = mkdtempSync(join(tmpdir(), 'dcq-cmp-'));
    const file = join(folder, 'p.json');
    writeFileSync(file, JSON.stringify(p));
    const out = join(folder, 'out');
    const r = await run(['drawing', file, '--out', out, '--date', '2026-12-02', '--compare', 'A']);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    const svg = readdirSync(out).filter((n) => n.includes('-compare-A-')).sort().map((n) => readFileSync(join(out, n), 'utf8')).join('');
    const marked = [...svg.matchAll(/<g data-id="([^"]+)"[^>]*class="changed"/g)].map((m) => m[1]).sort();
    expect(marked).toEqual(['brk.main.2#1', 'brk.main.2#2', 'brk.main.2#3', 'brk.main.2#4']);
    const unknown = await run(['drawing', file, '--out', join(folder, 'x'), '--compare', 'C']);
    expect(unknown.code).toBe(1);
    expect(unknown.err.join('\n')).toContain('--compare');
  }, 120_000);

  test('--issue records the next drawing revision in the project file (after award, without a new quote); the next issue compares against it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'dcq-issue-'));
    const file = join(folder, 'p.json');
    const p = JSON.parse(readFileSync(join(PROJECTS, 'sample-110kv.json'), 'utf8'));
    writeFileSync(file, JSON.stringify(p, null, 2));
    const first = await run(['drawing', file, '--out', join(folder, 'a'), '--date', '2026-12-01', '--issue', '首次提交']);
    expect(first.code).toBe(0);
    const a = JSON.parse(readFileSync(file, 'utf8'));
    expect(a.drawing.revisions.map((r: { letter: string; description: string; date: string }) => [r.letter, r.description, r.date])).toEqual([['A', '首次提交', '2026-12-01']]);
    expect(Object.keys(a.drawing.revisions[0].elements).length).toBeGreaterThan(10);
    // Nothing else in the file changed.
    expect({ ...a, drawing: undefined }).toEqual({ ...p, drawing: undefined });

    // The customer's comments change a feeder; revision B is issued and its sheets print B in the title block.
    a.requirements.feeders.main[0].ratingA = 40;
    writeFileSync(file, JSON.stringify(a, null, 2));
    const second = await run(['drawing', file, '--out', join(folder, 'b'), '--date', '2026-12-05', '--issue', '按图纸修改意见修改馈线', '--compare', 'A']);
    expect(second.code).toBe(0);
    const b = JSON.parse(readFileSync(file, 'utf8'));
    expect(b.drawing.revisions.map((r: { letter: string }) => r.letter)).toEqual(['A', 'B']);
    const sheet1 = readFileSync(join(folder, 'b', readdirSync(join(folder, 'b')).find((n) => /-1\.svg$/.test(n) && !n.includes('compare'))!), 'utf8');
    expect(sheet1).toContain('按图纸修改意见修改馈线');
    const marked = readdirSync(join(folder, 'b')).filter((n) => n.includes('-compare-A-')).map((n) => readFileSync(join(folder, 'b', n), 'utf8')).join('');
    expect(marked).toMatch(/class="changed"/);

    // A character the PDF font cannot draw is refused, naming the field; nothing is issued or written.
    const emoji = await run(['drawing', file, '--out', join(folder, 'e'), '--issue', '修改😀']);
    expect(emoji.code).toBe(1);
    expect(emoji.err.join('\n')).toContain('图纸版本说明');
    expect(JSON.parse(readFileSync(file, 'utf8')).drawing.revisions).toHaveLength(2);

    // A blank description is refused before anything is written.
    const blank = await run(['drawing', file, '--out', join(folder, 'c'), '--issue', '  ']);
    expect(blank.code).toBe(2);
    expect(blank.err.join('\n')).toContain('--issue');
    expect(JSON.parse(readFileSync(file, 'utf8')).drawing.revisions).toHaveLength(2);
  }, 180_000);
});
