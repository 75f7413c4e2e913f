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
  const d = projectDrawing({ project, evaluation, template, company: companyName(), lang, date: '2026-11-30' });
  if (!d) throw new Error(`no drawing: ${evaluation.problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message.en}`).join('; ')}`);
  return d;
}
