import { z } from 'zod';
import type { Problem } from './problems.ts';

/**
 * Input limits as data (rules/limits/input-limits.yaml): file sizes, rows, the columns actually used,
 * loads, periods per load, distinct time boundaries, list entries, lines, edits, revisions. Each check
 * here runs on the raw input, before the expensive work, and refuses with a message naming the limit.
 */

const count = z.number().int().positive();
export const inputLimitsSchema = z
  .object({
    source: z.string().min(1),
    confidence: z.string().min(1),
    project: z.object({ maxFileBytes: count, maxNestingDepth: count, maxLoads: count, maxPeriodsPerLoad: count, maxTimeBoundaries: count, maxListEntries: count, maxEdits: count, maxRevisions: count, maxLines: count }).strict(),
    priceList: z.object({ maxFileBytes: count, maxUncompressedBytes: count, maxRows: count, maxColumns: count }).strict(),
    terms: z.object({ maxDeliveryDays: count }).strict(),
  })
  .strict();
export type InputLimits = z.infer<typeof inputLimitsSchema>;

export const LIMITS_PATH = 'limits/input-limits.yaml';

export function limitProblem(code: string, path: string, what: { zh: string; en: string }, value: number, limit: number): Problem {
  return {
    code,
    severity: 'error',
    path,
    value,
    limit,
    message: { zh: `${what.zh}为 ${value}，超过上限 ${limit}（rules/limits/input-limits.yaml）`, en: `${what.en} is ${value}, above the limit of ${limit} (rules/limits/input-limits.yaml)` },
  };
}

export function fileTooLarge(kind: { zh: string; en: string }, bytes: number, limit: number, file?: string): Problem {
  return { ...limitProblem('input.fileTooLarge', '', { zh: `${kind.zh}大小（字节）`, en: `The ${kind.en} size in bytes` }, bytes, limit), ...(file ? { location: { file } } : {}) };
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * Counts of a project file's raw JSON against the limits, before validation and sizing. Only what is
 * present is counted (a malformed file is left to the schema to explain).
 */
export function projectLimitProblems(json: unknown, limits: InputLimits['project']): Problem[] {
  const out: Problem[] = [];
  if (!isObj(json)) return out;
  const req = isObj(json.requirements) ? json.requirements : {};
  const loads = arr(req.loads);
  if (loads.length > limits.maxLoads) out.push(limitProblem('input.tooManyLoads', 'requirements.loads', { zh: '负荷数', en: 'The number of loads' }, loads.length, limits.maxLoads));
  const boundaries = new Set<unknown>();
  loads.forEach((l, i) => {
    if (!isObj(l)) return;
    const periods = arr(l.periods);
    if (periods.length > limits.maxPeriodsPerLoad) out.push(limitProblem('input.tooManyPeriods', `requirements.loads[${i}].periods`, { zh: `负荷 ${i + 1} 的时段数`, en: `The number of periods of load ${i + 1}` }, periods.length, limits.maxPeriodsPerLoad));
    if (l.durationMin !== undefined) boundaries.add(l.durationMin);
    for (const q of periods) if (isObj(q)) boundaries.add(q.startMin).add(q.endMin);
  });
  if (boundaries.size > limits.maxTimeBoundaries) out.push(limitProblem('input.tooManyBoundaries', 'requirements.loads', { zh: '不同的时段起止时刻数（负荷统计表的列数）', en: 'The number of distinct period boundaries (columns of the load statistics)' }, boundaries.size, limits.maxTimeBoundaries));
  const feeders = isObj(req.feeders) ? req.feeders : {};
  const lists: [string, unknown][] = [
    ['requirements.feeders.main', feeders.main],
    ['requirements.feeders.subPanels', feeders.subPanels],
    ['requirements.cables.circuits', isObj(req.cables) ? req.cables.circuits : undefined],
    ['requirements.integrated.acFeeders', isObj(req.integrated) ? req.integrated.acFeeders : undefined],
  ];
  arr(feeders.subPanels).forEach((s, i) => isObj(s) && lists.push([`requirements.feeders.subPanels[${i}].feeders`, s.feeders]));
  for (const [path, list] of lists) {
    const n = arr(list).length;
    if (n > limits.maxListEntries) out.push(limitProblem('input.tooManyEntries', path, { zh: '条目数', en: 'The number of entries' }, n, limits.maxListEntries));
  }
  const quote = isObj(json.quote) ? json.quote : {};
  const edits = arr(quote.edits).length;
  if (edits > limits.maxEdits) out.push(limitProblem('input.tooManyEdits', 'quote.edits', { zh: 'BOM 修改数', en: 'The number of BOM edits' }, edits, limits.maxEdits));
  const revisions = arr(quote.revisions);
  if (revisions.length > limits.maxRevisions) out.push(limitProblem('input.tooManyRevisions', 'quote.revisions', { zh: '版本数', en: 'The number of revisions' }, revisions.length, limits.maxRevisions));
  else
    revisions.forEach((r, i) => {
      if (!isObj(r)) return;
      const lines = arr(isObj(r.snapshot) ? r.snapshot.lines : undefined).length;
      if (lines > limits.maxLines) out.push(limitProblem('input.tooManyLines', `quote.revisions[${i}].snapshot.lines`, { zh: '报价行数', en: 'The number of quote lines' }, lines, limits.maxLines));
      const e = arr(r.edits).length;
      if (e > limits.maxEdits) out.push(limitProblem('input.tooManyEdits', `quote.revisions[${i}].edits`, { zh: 'BOM 修改数', en: 'The number of BOM edits' }, e, limits.maxEdits));
    });
  return out;
}

/** The deepest nesting of [ and { in a JSON text (outside strings), stopping as soon as it passes `limit`. */
export function jsonNestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
