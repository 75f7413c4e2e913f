import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDrawingTemplate, projectDrawing, type Drawing, type DrawingTemplate } from '../../src/core/drawing/index.ts';
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
