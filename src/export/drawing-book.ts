import type { Content } from 'pdfmake/interfaces';
import { projectDrawing, type ProjectDrawingArgs } from '../core/drawing/project-drawing.ts';
import { ok, type Result } from '../core/problems.ts';
import { readDrawingTemplate } from './drawing-template-file.ts';
import { drawingAppendix } from './pdf/drawing-doc.ts';

/**
 * The drawing pages appended to the calculation book; none when the project has no configuration (the
 * report says why). A broken drawing template is a problem, not a silent omission.
 */
export function calcBookAppendix(project: ProjectDrawingArgs['project'], evaluation: ProjectDrawingArgs['evaluation'], templatesDir: string, company: { zh: string; en: string }, lang: ProjectDrawingArgs['lang'], date: string, catalog?: ProjectDrawingArgs['catalog']): Result<Content[]> {
  const template = readDrawingTemplate(templatesDir);
  if (!template.ok) return template;
  const d = projectDrawing({ project, evaluation, template: template.value, company, lang, date, ...(catalog ? { catalog } : {}) });
  return ok(d ? drawingAppendix(d) : []);
}
