import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { evaluateProject } from '../../src/core/pipeline.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { drawingDownload } from '../../src/export/drawing-browser.ts';
import { subsetFontCoverage } from '../../src/export/pdf/fonts.ts';
import { nodeFontSet } from '../../src/export/pdf/node-fonts.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';
import { companyName, drawingOf, drawingTemplate } from './helpers.ts';

/**
 * The 系统图 screen's download buttons call drawingDownload(request, kind): one kind of file each, the same
 * files `dcq drawing` writes. The PDFs are checked against the browser's GB2312 subset font first.
 */
const k = await shippedKnowledge();
const base = await sampleProject('sample-220kv.json');
const request = (project: ProjectFile) => ({ project, evaluation: evaluateProject(project, k), template: drawingTemplate(), company: companyName(), lang: 'zh' as const, date: '2026-11-30', catalog: k.catalog });
/** The browser's font coverage (GB2312 subset) with the Node font files, so the PDF renders in Node. */
const browserLike = { ...nodeFontSet(), coverage: subsetFontCoverage() };
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('系统图 screen downloads (drawingDownload, what each button calls)', () => {
  test('SVG: one file per sheet, as image/svg+xml', async () => {
    const r = await drawingDownload(request(base), 'svg');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.map((f) => f.name)).toEqual(Array.from({ length: drawingOf(base, k).sheetCount }, (_, i) => `Q-SAMPLE220KV-D01-${i + 1}.svg`));
    for (const f of r.value) {
      expect(f.mediaType).toBe('image/svg+xml');
      expect(text(f.bytes)).toMatch(/^<svg /);
    }
  });

  test('DXF: one file with the labels in the CJK text style', async () => {
    const r = await drawingDownload(request(base), 'dxf');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.map((f) => [f.name, f.mediaType])).toEqual([['Q-SAMPLE220KV-D01.dxf', 'image/vnd.dxf']]);
    expect(text(r.value[0]!.bytes)).toContain('DCQ_CJK');
    expect(text(r.value[0]!.bytes)).toContain('直流系统图');
  });

  test('the drawing PDF and the 图纸确认函 PDF, one file each', async () => {
    const pdf = await drawingDownload(request(base), 'pdf', { fonts: browserLike });
    const letter = await drawingDownload(request(base), 'letter', { fonts: browserLike });
    if (!pdf.ok || !letter.ok) throw new Error('no PDF');
    expect(pdf.value.map((f) => [f.name, f.mediaType])).toEqual([['Q-SAMPLE220KV-D01.pdf', 'application/pdf']]);
    expect(letter.value.map((f) => [f.name, f.mediaType])).toEqual([['Q-SAMPLE220KV-D01-图纸确认函.pdf', 'application/pdf']]);
    for (const f of [...pdf.value, ...letter.value]) expect(text(f.bytes.slice(0, 5))).toBe('%PDF-');
  }, 60_000);

  test('a circuit name the browser font cannot draw refuses the PDFs, naming the field; SVG and DXF still download', async () => {
    const req = structuredClone(base.requirements);
    req.feeders.main[0] = { ...req.feeders.main[0]!, names: ['1# 主变保护', '王喆 屏'] };
    const p: ProjectFile = { ...base, requirements: req };
    for (const kind of ['pdf', 'letter'] as const) {
      const r = await drawingDownload(request(p), kind, { fonts: browserLike });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problems.map((x) => x.path)).toEqual(['requirements.feeders.main[0].names[1]']);
      expect(r.problems[0]!.message.zh).toContain('馈线第 1 行：回路名称 2');
      expect(r.problems[0]!.message.zh).toContain('喆');
    }
    expect((await drawingDownload(request(p), 'svg')).ok).toBe(true);
    expect((await drawingDownload(request(p), 'dxf')).ok).toBe(true);
  });

  test('the screen loads the drawing file code only when a button is pressed (no static import)', () => {
    const src = readFileSync(join(import.meta.dirname, '../../src/app/screens/DrawingScreen.tsx'), 'utf8');
    expect(src).toContain("await import('../../export/drawing-browser.ts')");
    const staticImports = [...src.matchAll(/^import (?!type )[^;]*from '([^']+)'/gm)].map((m) => m[1]);
    expect(staticImports.filter((m) => /export\/|pdfmake|dxf/.test(m!))).toEqual([]);
  });
});
