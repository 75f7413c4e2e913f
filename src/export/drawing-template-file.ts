import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDrawingTemplate, type DrawingTemplate } from '../core/drawing/template.ts';
import { fail, type Result } from '../core/problems.ts';

/** templates/drawing.yaml of a template folder, validated; a read failure is a `template.io` problem. */
export function readDrawingTemplate(dir: string): Result<DrawingTemplate> {
  const path = join(dir, 'drawing.yaml');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return fail([{ code: 'template.io', severity: 'error', path: '', location: { file: path }, message: { zh: `无法读取图纸模板：${path}（${code}）`, en: `cannot read the drawing template: ${path} (${code})` } }]);
  }
  return parseDrawingTemplate(text, path);
}
