import { parse, stringify } from 'yaml';
import { z } from 'zod';
import type { GridCell, SheetGrid } from '../catalog/grid.ts';
import { fail, ok, type Problem, type Result } from '../problems.ts';
import type { LocalText } from '../text.ts';
import { requirementsFromGrid } from './import.ts';
import type { Requirement } from './requirement.ts';

/**
 * The library of requirement sets a company reuses (issue #15): named, versioned lists of tender
 * requirements kept as data in rules/tender/requirement-sets/*.yaml (file-based; a team server may
 * keep them later). A set's rows are read by the same parser as an imported requirement table, so a
 * bad row is reported the same way: the field as the user sees it and the 1-based row of the set.
 */
export const REQUIREMENT_SETS_FOLDER = 'tender/requirement-sets';

export interface RequirementSet {
  /** The name `dcq tender --set` takes: lower-case letters, digits and hyphens. */
  id: string;
  version: number;
  name: LocalText;
  source: string;
  confidence: string;
  /** Where the set was read from (rules/tender/requirement-sets/….yaml, or an uploaded file's name). */
  path: string;
  requirements: Requirement[];
}

const localText = z.object({ zh: z.string().trim().min(1), en: z.string().trim().min(1) }).strict();
const cell = z.union([z.string(), z.number()]).optional();
const rowSchema = z.strictObject({ no: cell, name: cell, requirement: cell, star: z.boolean().optional() });
export const SET_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const fileSchema = z.strictObject({
  id: z.string().regex(SET_ID, 'lower-case letters, digits and single hyphens, e.g. sgcc-220v-dc'),
  version: z.number().int().min(1),
  name: localText,
  source: z.string().trim().min(1),
  confidence: z.string().trim().min(1),
  requirements: z.array(rowSchema).min(1),
});

const FIELD: Record<string, LocalText> = {
  id: { zh: '编号', en: 'id' }, version: { zh: '版本', en: 'version' }, name: { zh: '名称', en: 'name' },
  source: { zh: '来源', en: 'source' }, confidence: { zh: '可信度', en: 'confidence' }, requirements: { zh: '要求', en: 'requirements' },
};

/** One set file → a set, or the problems (the set's rows through the requirement-table parser). */
export function loadRequirementSet(source: { path: string; text: string }): Result<RequirementSet> {
  const file = source.path;
  const problem = (path: string, zh: string, en: string): Problem => ({ code: 'tender.requirementSet', severity: 'error', path, location: { file }, message: { zh: `要求集 ${file}：${zh}`, en: `requirement set ${file}: ${en}` } });
  let json: unknown;
  try {
    json = parse(source.text);
  } catch (e) {
    const reason = (e as Error).message.split('\n')[0] ?? '';
    return fail([problem('', `不是有效的 YAML（${reason}）`, `not valid YAML (${reason})`)]);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((i) => {
      const [top, index, field] = i.path;
      const label = FIELD[String(top)] ?? { zh: String(top ?? ''), en: String(top ?? '') };
      const row = top === 'requirements' && typeof index === 'number' ? { zh: `第 ${index + 1} 行${field ? `“${String(field)}”` : ''}`, en: `row ${index + 1}${field ? ` "${String(field)}"` : ''}` } : undefined;
      const where = row ? { ...problem(i.path.join('.'), '', ''), location: { file, row: (index as number) + 1 } } : problem(i.path.join('.'), '', '');
      return { ...where, message: { zh: `要求集 ${file}：${row ? row.zh : `“${label.zh}”`}：${i.message}`, en: `requirement set ${file}: ${row ? row.en : `"${label.en}"`}: ${i.message}` } };
    }));
  }
  const d = parsed.data;
  const text = (c: string | number | undefined): GridCell => (c === undefined ? null : String(c));
  const grid: SheetGrid = {
    name: file,
    rows: [
      { rowNumber: 0, cells: ['序号', '参数名称', '招标要求', '★'] },
      ...d.requirements.map((r, i) => ({ rowNumber: i + 1, cells: [text(r.no), text(r.name), text(r.requirement), r.star ? '★' : null] })),
    ],
  };
  const rows = requirementsFromGrid(grid);
  if (rows.problems.length > 0) return fail(rows.problems);
  return ok({ id: d.id, version: d.version, name: d.name, source: d.source, confidence: d.confidence, path: file, requirements: rows.requirements });
}

/** Every set file; two files with the same id and version are an error. Sorted by id, then version. */
export function loadRequirementSets(sources: readonly { path: string; text: string }[]): Result<RequirementSet[]> {
  const problems: Problem[] = [];
  const sets: RequirementSet[] = [];
  for (const s of sources) {
    const r = loadRequirementSet(s);
    if (r.ok) sets.push(r.value);
    else problems.push(...r.problems);
  }
  const seen = new Map<string, string>();
  for (const s of sets) {
    const key = `${s.id}@${s.version}`;
    const prior = seen.get(key);
    if (prior) problems.push({ code: 'tender.requirementSetDuplicate', severity: 'error', path: 'id', location: { file: s.path }, message: { zh: `要求集 ${key} 在 ${prior} 和 ${s.path} 中重复`, en: `requirement set ${key} is in both ${prior} and ${s.path}` } });
    seen.set(key, s.path);
  }
  if (problems.length > 0) return fail(problems);
  return ok(sets.sort((a, b) => (a.id === b.id ? a.version - b.version : a.id < b.id ? -1 : 1)));
}

/** `NAME` → the set's highest version; `NAME@N` → version N. Unknown: a problem listing the sets there are. */
export function findRequirementSet(sets: readonly RequirementSet[], wanted: string): Result<RequirementSet> {
  const m = /^([^@]+)(?:@(\d+))?$/.exec(wanted.trim());
  const id = m?.[1] ?? '';
  const versions = sets.filter((s) => s.id === id);
  const found = m?.[2] ? versions.find((s) => s.version === Number(m[2])) : versions[versions.length - 1];
  if (found) return ok(found);
  const known = sets.map((s) => `${s.id}@${s.version}`).join(', ') || '—';
  // Echo what was typed, but not a pasted page of it: the message stays one readable line.
  const chars = Array.from(wanted);
  const shown = chars.length > 60 ? `${chars.slice(0, 59).join('')}…` : wanted;
  return fail([{
    code: 'tender.unknownSet', severity: 'error', path: '--set', value: wanted,
    message: { zh: `没有要求集“${shown}”（现有：${known}；见 dcq tender-sets）`, en: `no requirement set "${shown}" (there are: ${known}; see dcq tender-sets)` },
  }]);
}

/** The next version number for a set id (1 for a new id). */
export function nextSetVersion(sets: readonly RequirementSet[], id: string): number {
  return Math.max(0, ...sets.filter((s) => s.id === id).map((s) => s.version)) + 1;
}

/** A set as the YAML file the library keeps (what the app downloads to add to rules/tender/requirement-sets/). */
export function requirementSetYaml(set: Omit<RequirementSet, 'path'>): string {
  const doc = {
    id: set.id, version: set.version, name: set.name, source: set.source, confidence: set.confidence,
    requirements: set.requirements.map((r) => ({ no: r.no, name: r.name, requirement: r.text, ...(r.starred ? { star: true } : {}) })),
  };
  return `# Requirement set (技术要求集, issue #15): put this file in rules/tender/requirement-sets/ to share it.\n${stringify(doc, { lineWidth: 0 })}`;
}
