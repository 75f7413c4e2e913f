import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { calcBookAppendix } from '../../src/export/drawing-book.ts';
import { drawingFiles } from '../../src/export/drawing-files.ts';
import { exportDocuments } from '../../src/export/node.ts';
import { nodeFontSet } from '../../src/export/pdf/node-fonts.ts';
import { SAMPLE_PROJECTS, sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';
import { hasTool, pdfPageCount, pdfToText, rasterizePage, writeArtifact } from '../export/helpers/poppler.ts';
import { DATE, shippedTemplates } from '../export/helpers/documents.ts';
import { companyName, drawingTemplate } from './helpers.ts';

const TEMPLATES = join(import.meta.dirname, '../../templates');
const k = await shippedKnowledge();

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
    expect(pdfToText(file)).toContain('直流系统图');
  });

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
