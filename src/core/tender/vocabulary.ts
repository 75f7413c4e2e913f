import { parse } from 'yaml';
import { z } from 'zod';
import { fail, ok, type Problem, type Result } from '../problems.ts';
import { normalizeCell } from './requirement.ts';

/**
 * rules/tender/vocabulary.yaml: tender parameter names and their synonyms → a catalog family and
 * technical parameter, with the parameter's unit and the requirement units that convert to it.
 * Data, not code: a company adds the names its tenders use.
 */
export const VOCABULARY_PATH = 'tender/vocabulary.yaml';

const localText = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export const conversionViaSchema = z.enum(['percentOfRatedCurrent', 'perCell', 'scale']);
export type ConversionVia = z.infer<typeof conversionViaSchema>;

const entrySchema = z.strictObject({
  id: z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-zA-Z0-9]+)*$/),
  label: localText,
  names: z.array(z.string().min(1)).min(1),
  family: z.enum(['rectifierModule', 'monitor', 'insulationMonitor', 'battery', 'breaker']).optional(),
  param: z.string().min(1).optional(),
  unit: z.string().optional(),
  convert: z.array(z.strictObject({ from: z.string().min(1), via: conversionViaSchema })).default([]),
  /** Only the configured items whose fields have these values (e.g. `currentType: dc` for the DC breakers). */
  only: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  manual: localText.optional(),
}).refine((e) => (e.manual !== undefined) !== (e.family !== undefined && e.param !== undefined && e.unit !== undefined), {
  message: 'an entry either names family, param and unit, or is manual (with the reason)',
});
export type VocabularyEntry = z.infer<typeof entrySchema>;

const fileSchema = z.strictObject({
  source: z.string().min(1),
  confidence: z.string().min(1),
  parameters: z.array(entrySchema).min(1),
});

export interface Vocabulary {
  source: string;
  entries: VocabularyEntry[];
  byName: ReadonlyMap<string, VocabularyEntry>;
}

/** The form names are compared in: full-width → ASCII, no spaces, a trailing unit in brackets dropped, lower case. */
export function nameKey(name: string): string {
  return normalizeCell(name).replace(/^[★☆*]/, '').replace(/[(（][^()（）]*[)）]$/, '').toLowerCase();
}

export function loadVocabulary(source: { path: string; text: string } | undefined): Result<Vocabulary> {
  const path = `rules/${VOCABULARY_PATH}`;
  const problem = (zh: string, en: string, at = ''): Problem => ({ code: 'tender.vocabulary', severity: 'error', path: at, location: { file: path }, message: { zh, en } });
  if (!source) return fail([problem(`缺少参数词汇表 ${path}`, `the parameter vocabulary ${path} is missing`)]);
  let json: unknown;
  try {
    json = parse(source.text);
  } catch (e) {
    return fail([problem(`参数词汇表不是有效的 YAML：${(e as Error).message}`, `the parameter vocabulary is not valid YAML: ${(e as Error).message}`)]);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => problem(`参数词汇表 ${i.path.join('.')}：${i.message}`, `parameter vocabulary ${i.path.join('.')}: ${i.message}`, i.path.join('.'))));
  const byName = new Map<string, VocabularyEntry>();
  const problems: Problem[] = [];
  for (const e of parsed.data.parameters) {
    for (const n of [...e.names, e.label.zh]) {
      const key = nameKey(n);
      const prior = byName.get(key);
      if (prior && prior.id !== e.id) problems.push(problem(`名称“${n}”同时属于 ${prior.id} 和 ${e.id}`, `the name "${n}" belongs to both ${prior.id} and ${e.id}`, e.id));
      byName.set(key, e);
    }
  }
  if (problems.length > 0) return fail(problems);
  return ok({ source: parsed.data.source, entries: parsed.data.parameters, byName });
}

export function lookupParameter(vocabulary: Vocabulary, name: string): VocabularyEntry | undefined {
  return vocabulary.byName.get(nameKey(name));
}
