import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, test } from 'vitest';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { calcBookAppendix } from '../../src/export/drawing-book.ts';
import { drawingFiles } from '../../src/export/drawing-files.ts';
import { exportDocuments } from '../../src/export/node.ts';
import { nodeFontSet } from '../../src/export/pdf/node-fonts.ts';
import { SAMPLE_PROJECTS, sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';
import { hasTool, pdfPageCount, pdfToText, rasterizePage, writeArtifact } from '../export/helpers/poppler.ts';
import { DATE, shippedTemplates } from '../export/helpers/documents.ts';
import { largestProject } from './generated.ts';
import { companyName, drawingOf, drawingTemplate } from './helpers.ts';

const TEMPLATES = join(import.meta.dirname, '../../templates');
const k = await shippedKnowledge();

/** The words of one PDF page with their boxes as fractions of the page (pdftotext -bbox). */
function wordsOf(file: string, page: number): { text: string; x: number; y: number }[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
  const size = /<page width="([\d.]+)" height="([\d.]+)"/.exec(html);
  if (!size) throw new Error('no page size');
  const [w, h] = [Number(size[1]), Number(size[2])];
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({ text: m[5] as string, x: (Number(m[1]) + Number(m[3])) / 2 / w, y: (Number(m[2]) + Number(m[4])) / 2 / h }));
}

describe('the drawing PDF and the font files', () => {
  it('a document with text and drawings opens each font once, however many texts the drawings have', async () => {
    // pdfmake's text has the fonts as bytes, the drawings' SVG text asks for them by file path; pdfkit found
    // the font again by name but never kept it under the path, so every SVG text opened and parsed the 8 MB
    // file again: 389 times in the calculation book with its drawing appendix, and the largest project's
    // export took 19 s instead of 8 (src/export/pdf/pdfkit-font-key.ts). pdfkit numbers each font it opens.
    const project = await sampleProject('sample-220kv.json');
    const evaluation = evaluateProject(project, k);
    const appendix = calcBookAppendix(project, evaluation, TEMPLATES, companyName(), 'zh', DATE);
    if (!appendix.ok) throw new Error('appendix');
    nodeFontSet(); // installs our pdfkit mends before the spy below wraps pdfkit
    const pdfkit = createRequire(import.meta.url)('pdfkit') as { prototype: { font: (...a: unknown[]) => unknown } };
    const docs = new Set<{ _fontCount: number }>();
    const font = pdfkit.prototype.font;
    pdfkit.prototype.font = function (this: { _fontCount: number }, ...a: unknown[]) {
      docs.add(this);
      return font.apply(this, a);
    };
    try {
      const r = await exportDocuments({ project, knowledge: k, templates: shippedTemplates(), lang: 'zh', date: DATE, evaluation, only: ['calculationReportPdf'], reportAppendix: appendix.value });
      if (!r.ok) throw new Error('export');
    } finally {
      pdfkit.prototype.font = font;
    }
    expect(docs.size).toBe(1);
    // regular and bold, each opened at most twice: from its bytes by pdfmake, from its path by the first SVG text
    for (const doc of docs) expect(doc._fontCount).toBeLessThanOrEqual(4);
  }, 60_000);
});

describe.skipIf(!hasTool('pdfinfo') || !hasTool('pdftoppm'))('the drawing PDF and the calculation book appendix', () => {
  const pdfs = new Map<string, string>();
  beforeAll(async () => {
    for (const name of SAMPLE_PROJECTS) {
      const project = await sampleProject(name);
      const r = await drawingFiles({ project, evaluation: evaluateProject(project, k), template: drawingTemplate(), company: companyName(), lang: 'zh', date: DATE }, nodeFontSet());
      if (!r.ok) throw new Error('no drawing');
      const f = r.value.find((x) => /-D01\.pdf$/.test(x.name))!;
      pdfs.set(name, writeArtifact('drawing', f.name, f.bytes));
    }
  }, 120_000);

  test.each(SAMPLE_PROJECTS)('%s: the visual reference — A3 landscape sheets, rasterized (tests/drawing/reference/*.png, looked at)', (name) => {
    const file = pdfs.get(name)!;
    // Reference sheets rasterized and looked at: 110 kV integrated on 2 sheets (station AC continues), 220 kV on 2 (sub-panels).
    const expected: Record<string, number> = { 'sample-110kv.json': 2, 'sample-220kv.json': 2 };
    expect(pdfPageCount(file)).toBe(expected[name]);
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', '9', file], { encoding: 'utf8' });
    for (const m of info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)) expect([Math.round(Number(m[1])), Math.round(Number(m[2]))]).toEqual([1191, 842]);
    for (let p = 1; p <= expected[name]!; p++) rasterizePage(file, p, file.replace(/\.pdf$/, `-p${p}`));
    // sheet 2 continues from the left edge (section II's continuation started mid-sheet, the left half empty)
    const words2 = wordsOf(file, 2);
    expect(Math.min(...words2.filter((w) => /^QF\d+$/.test(w.text)).map((w) => w.x))).toBeLessThan(0.2);
    expect(pdfToText(file)).toContain('直流系统图');
  });

  test('the largest realistic system (2 groups, 3 charger sets, 60 feeders, 12 sub-panels): 3 A3 sheets (the continued sections share sheets 2 and 3 from the left edge; they took 4 with each section in its half), title block bottom right on each, bus tie mid-sheet on 1, feeders in order (tests/drawing/reference/largest-2b3c-D01-p*.png, looked at)', async () => {
    const project = largestProject(await sampleProject('sample-220kv.json'));
    const r = await drawingFiles({ project, evaluation: evaluateProject(project, k), template: drawingTemplate(), company: companyName(), lang: 'zh', date: DATE, catalog: k.catalog, only: ['pdf'] }, nodeFontSet());
    if (!r.ok) throw new Error('no drawing');
    const file = writeArtifact('drawing', 'largest-2b3c-D01.pdf', r.value[0]!.bytes);
    const SHEETS = 3;
    expect(drawingOf(project, k).sheetCount).toBe(SHEETS);
    expect(pdfPageCount(file)).toBe(SHEETS);
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', String(SHEETS), file], { encoding: 'utf8' });
    expect([...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))])).toEqual(Array(SHEETS).fill([1191, 842]));
    for (let p = 1; p <= SHEETS; p++) {
      const words = wordsOf(file, p);
      const title = words.find((w) => w.text === '直流系统图');
      expect(title && title.x > 0.55 && title.y > 0.85).toBe(true);
      // 第 p 张 共 3 张 in the title block's last row.
      expect(words.filter((w) => w.y > 0.93).map((w) => w.text).join(' ')).toContain(`第 ${p} 张 共 ${SHEETS} 张`);
      // a continuation sheet is filled from the left edge: its first column of breakers is in the left fifth
      if (p > 1) expect(Math.min(...words.filter((w) => /^QF\d+$/.test(w.text)).map((w) => w.x)), `sheet ${p}`).toBeLessThan(0.2);
      rasterizePage(file, p, file.replace(/\.pdf$/, `-p${p}`));
    }
    const one = wordsOf(file, 1);
    const tie = one.find((w) => w.text === '母联');
    expect(tie && tie.x > 0.4 && tie.x < 0.6 && tie.y > 0.3 && tie.y < 0.45).toBe(true);
    // Feeder panel 1 of section I starts at the top left under the bus, its breakers numbered down the column.
    const qf = one.filter((w) => /^QF\d+$/.test(w.text) && w.x < 0.2).sort((a, b) => a.y - b.y).map((w) => Number(w.text.slice(2)));
    expect(qf.length).toBeGreaterThan(20);
    expect(qf).toEqual([...qf].sort((a, b) => a - b));
    expect(one.find((w) => w.text === '馈线屏')!.y).toBeGreaterThan(tie!.y);
    // Designations run section by section in drawing order: every breaker under bus section I (left) is numbered
    // before every one under section II (right), so no sub panel's numbers jump ahead of the next panel's.
    const under = one.filter((w) => /^QF\d+$/.test(w.text) && w.y > tie!.y).map((w) => ({ n: Number(w.text.slice(2)), left: w.x < tie!.x }));
    expect(Math.max(...under.filter((w) => w.left).map((w) => w.n))).toBeLessThan(Math.min(...under.filter((w) => !w.left).map((w) => w.n)));
  }, 120_000);

  test('the calculation book ends with the drawing on landscape pages', async () => {
    const project = await sampleProject('sample-220kv.json');
    const evaluation = evaluateProject(project, k);
    const appendix = calcBookAppendix(project, evaluation, TEMPLATES, companyName(), 'zh', DATE);
    if (!appendix.ok) throw new Error('appendix');
    expect(appendix.value.length).toBe(2);
    const base = { project, knowledge: k, templates: shippedTemplates(), lang: 'zh' as const, date: DATE, evaluation, only: ['calculationReportPdf'] as const };
    const without = await exportDocuments(base);
    const withDrawing = await exportDocuments({ ...base, reportAppendix: appendix.value });
    if (!without.ok || !withDrawing.ok) throw new Error('export');
    const a = writeArtifact('drawing', 'report-without.pdf', without.value[0]!.bytes);
    const b = writeArtifact('drawing', 'report-with-drawing.pdf', withDrawing.value[0]!.bytes);
    const n = pdfPageCount(a);
    expect(pdfPageCount(b)).toBe(n + 2);
    const info = execFileSync('pdfinfo', ['-f', String(n + 1), '-l', String(n + 2), b], { encoding: 'utf8' });
    expect([...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)/g)].map((m) => Number(m[1]) > Number(m[2]))).toEqual([true, true]);
    expect(pdfToText(b)).toContain('直流系统图');
  }, 120_000);
});
