import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDrawingTemplate, projectDrawing, SHEET, TEXT_MM, type Box, type Drawing, type DrawingTemplate } from '../../src/core/drawing/index.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import type { Knowledge } from '../../src/core/knowledge.ts';
import { readTemplates } from '../../src/export/node.ts';

/** The company name of the shipped templates/company.yaml (what the CLI prints). */
export function companyName(): { zh: string; en: string } {
  const r = readTemplates();
  if (!r.ok) throw new Error('templates do not load');
  return r.value.company.name;
}

export function drawingTemplate(): DrawingTemplate {
  const r = parseDrawingTemplate(readFileSync(join(import.meta.dirname, '../../templates/drawing.yaml'), 'utf8'));
  if (!r.ok) throw new Error(r.problems.map((p) => p.message.en).join('; '));
  return r.value;
}

export function drawingOf(project: ProjectFile, k: Knowledge, lang: 'zh' | 'en' = 'zh', template = drawingTemplate()): Drawing {
  const evaluation = evaluateProject(project, k);
  const d = projectDrawing({ project, evaluation, template, company: companyName(), lang, date: '2026-11-30', catalog: k.catalog });
  if (!d) throw new Error(`no drawing: ${evaluation.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message.en}`).join('; ')}`);
  return d;
}

const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

export interface SvgGroup {
  texts: string[];
  /** data-panel, data-trace, data-item of the element's group. */
  panel?: string;
  trace?: string;
  item?: string;
}

/** Reads the SVG back the way a reviewer reads the drawing: each element group's texts and attributes, by element id. */
export function svgGroups(svgs: string[]): Map<string, SvgGroup> {
  const out = new Map<string, SvgGroup>();
  for (const svg of svgs) {
    for (const g of svg.matchAll(/<g data-id="([^"]+)"([^>]*)>(.*?)<\/g>/g)) {
      const attr = (name: string) => {
        const m = new RegExp(` data-${name}="([^"]*)"`).exec(g[2] as string);
        return m ? unescape(m[1] as string) : undefined;
      };
      const texts = [...(g[3] as string).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1] as string));
      out.set(unescape(g[1] as string), { texts, panel: attr('panel'), trace: attr('trace'), item: attr('item') });
    }
  }
  return out;
}

/** The texts of each element group, by element id. */
export function svgTexts(svgs: string[]): Map<string, string[]> {
  return new Map([...svgGroups(svgs)].map(([id, g]) => [id, g.texts]));
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w - 0.01 && b.x < a.x + a.w - 0.01 && a.y < b.y + b.h - 0.01 && b.y < a.y + a.h - 0.01;

/** Every pair of label boxes on a sheet, and every label inside the sheet frame. */
export function layoutFaults(d: Drawing): string[] {
  const faults: string[] = [];
  for (let s = 1; s <= d.sheetCount; s++) {
    const labels = d.elements.filter((e) => e.sheet === s).flatMap((e) => e.labels.map((l) => ({ id: e.id, l })));
    labels.sort((a, b) => a.l.box.x - b.l.box.x);
    for (let i = 0; i < labels.length; i++) {
      const a = labels[i]!;
      if (a.l.size < TEXT_MM) faults.push(`${a.id} "${a.l.text}" is ${a.l.size} mm`);
      if (a.l.box.x < SHEET.left || a.l.box.x + a.l.box.w > SHEET.right || a.l.box.y < SHEET.top || a.l.box.y + a.l.box.h > SHEET.bottom) faults.push(`sheet ${s}: ${a.id} "${a.l.text}" leaves the frame`);
      for (let j = i + 1; j < labels.length && labels[j]!.l.box.x < a.l.box.x + a.l.box.w; j++) {
        const b = labels[j]!;
        if (overlaps(a.l.box, b.l.box)) faults.push(`sheet ${s}: ${a.id} "${a.l.text}" overlaps ${b.id} "${b.l.text}"`);
      }
    }
  }
  return faults;
}
