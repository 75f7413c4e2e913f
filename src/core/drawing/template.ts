import { parse } from 'yaml';
import { z } from 'zod';
import { fail, ok, type Problem, type Result } from '../problems.ts';

/**
 * templates/drawing.yaml: the company's drawing practice (designation style, drawing number pattern, title
 * block signatures, notes, the texts of the 图纸确认函). Data, not code: a company that draws with ZK/RD
 * switches `designationStyle`, not the program.
 */
const text = z.string().trim().min(1, 'must not be empty');
const codes = z.object({ breaker: text, acBreaker: text, fuse: text, battery: text, charger: text, shunt: text, ats: text, dcdc: text, inverter: text, dropper: text, monitor: text, insulationMonitor: text }).strict();
const confirmation = z.object({ title: text, intro: text, drawings: text, columns: z.array(text).length(5), contractNo: text, project: text, customer: text, comments: text, confirm: text, fields: z.array(text).min(1), quoteRevision: text }).strict();

export const drawingTemplateSchema = z
  .object({
    templateVersion: z.literal(1, { message: 'templateVersion must be 1' }),
    designationStyle: z.enum(['gb', 'legacy']),
    designations: z.object({ gb: codes, legacy: codes }).strict(),
    drawingNumber: text.refine((s) => s.includes('{project}'), { message: 'must contain {project}' }),
    names: z.object({ zh: text, en: text }).strict(),
    signatures: z.object({ zh: z.array(text).length(4), en: z.array(text).length(4) }).strict(),
    notes: z.object({ zh: z.array(text), en: z.array(text) }).strict(),
    confirmation: z.object({ zh: confirmation, en: confirmation }).strict(),
  })
  .strict();

export type DrawingTemplate = z.infer<typeof drawingTemplateSchema>;
export type DesignationCodes = z.infer<typeof codes>;

export function parseDrawingTemplate(source: string, path = 'templates/drawing.yaml'): Result<DrawingTemplate> {
  let raw: unknown;
  try {
    raw = parse(source);
  } catch (e) {
    return fail([{ code: 'template.yaml', severity: 'error', path, message: { zh: `${path} 不是有效的 YAML：${(e as Error).message}`, en: `${path} is not valid YAML: ${(e as Error).message}` } } as Problem]);
  }
  const r = drawingTemplateSchema.safeParse(raw);
  if (r.success) return ok(r.data);
  return fail(r.error.issues.map((i) => ({ code: 'template.invalid', severity: 'error', path: `${path}: ${i.path.join('.')}`, message: { zh: `${path} 字段 ${i.path.join('.')}：${i.message}`, en: `${path} field ${i.path.join('.')}: ${i.message}` } }) as Problem));
}
