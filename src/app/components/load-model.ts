/**
 * Pure helpers behind the requirements screen's load table: immutable row edits (every one goes
 * through the store's editProject), number/period parsing that never throws, and the duty-cycle
 * preview computed from the DRAFT (so the chart follows the table even while another part of the
 * project is invalid: loads that do not validate are left out and counted).
 */
import type { Catalog } from '../../core/catalog/schema.ts';
import type { Problem } from '../../core/problems.ts';
import { loadSchema, requirementsSchema, type LoadInput, type ProjectFile, type Requirements } from '../../core/project/schema.ts';
import type { LoadKind, Rules } from '../../core/rules/schema.ts';
import { indexCatalog } from '../../core/sizing/index.ts';
import { sizeLoads, type LoadStatistics } from '../../core/sizing/loads.ts';
import type { SizingContext } from '../../core/sizing/context.ts';
import { parseNumberInput } from '../../core/number-input.ts';
import type { LocalText } from '../../core/text.ts';

export type CapacityMode = 'kW' | 'A' | 'kVA';

export function capacityMode(l: LoadInput): CapacityMode {
  if (l.apparentPowerKVA !== undefined) return 'kVA';
  if (l.currentA !== undefined) return 'A';
  return 'kW';
}

export function capacityValue(l: LoadInput): number | undefined {
  return l.powerKW ?? l.currentA ?? l.apparentPowerKVA;
}

/** The field a capacity mode writes to (and the problem path segment of that field). */
export const capacityField: Record<CapacityMode, 'powerKW' | 'currentA' | 'apparentPowerKVA'> = { kW: 'powerKW', A: 'currentA', kVA: 'apparentPowerKVA' };

/** Drops keys whose value is undefined, so an optional field the user cleared disappears from the file. */
function clean<T extends object>(o: T): T {
  const out = { ...o } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as T;
}

/** Switches kW / A / kVA, keeping the number; pf and η go away unless the new mode is kVA. */
export function withCapacityMode(l: LoadInput, mode: CapacityMode): LoadInput {
  if (capacityMode(l) === mode && [l.powerKW, l.currentA, l.apparentPowerKVA].filter((v) => v !== undefined).length <= 1) return l;
  const value = capacityValue(l);
  const next: LoadInput = { ...l, powerKW: undefined, currentA: undefined, apparentPowerKVA: undefined };
  next[capacityField[mode]] = value;
  if (mode !== 'kVA') {
    next.powerFactor = undefined;
    next.efficiency = undefined;
  }
  // rated/calculated belongs to amps only (validation refuses it elsewhere).
  if (mode !== 'A') next.currentBasis = undefined;
  return clean(next);
}

export function withCapacityValue(l: LoadInput, value: number | undefined): LoadInput {
  const mode = capacityMode(l);
  return clean({ ...l, [capacityField[mode]]: value });
}

/** Sets one optional field (undefined removes it). */
export function withField<K extends keyof LoadInput>(l: LoadInput, key: K, value: LoadInput[K]): LoadInput {
  if (l[key] === value) return l;
  return clean({ ...l, [key]: value });
}

export function mapLoads(p: ProjectFile, f: (loads: LoadInput[]) => LoadInput[]): ProjectFile {
  const loads = f(p.requirements.loads);
  return loads === p.requirements.loads ? p : { ...p, requirements: { ...p.requirements, loads } };
}

export function replaceLoad(p: ProjectFile, index: number, f: (l: LoadInput) => LoadInput): ProjectFile {
  return mapLoads(p, (loads) => {
    const old = loads[index];
    if (!old) return loads;
    const next = f(old);
    if (next === old) return loads;
    const copy = loads.slice();
    copy[index] = next;
    return copy;
  });
}

/** A load id not yet used in the list: L1, L2, … */
export function nextLoadId(loads: readonly LoadInput[], taken: Set<string> = new Set()): string {
  const used = new Set([...loads.map((l) => l.id).filter((x): x is string => Boolean(x)), ...taken]);
  let n = loads.length + 1;
  while (used.has(`L${n}`)) n++;
  return `L${n}`;
}

/** Appends loads (after `afterIndex` when given), giving each a fresh id. */
export function insertLoads(p: ProjectFile, rows: readonly LoadInput[], afterIndex?: number): ProjectFile {
  return mapLoads(p, (loads) => {
    const taken = new Set<string>();
    const fresh = rows.map((r) => {
      const id = nextLoadId(loads, taken);
      taken.add(id);
      return { ...r, id };
    });
    const at = afterIndex === undefined ? loads.length : afterIndex + 1;
    return [...loads.slice(0, at), ...fresh, ...loads.slice(at)];
  });
}

export function duplicateLoad(p: ProjectFile, index: number): ProjectFile {
  const row = p.requirements.loads[index];
  return row ? insertLoads(p, [row], index) : p;
}

export function removeLoad(p: ProjectFile, index: number): ProjectFile {
  return mapLoads(p, (loads) => (index >= 0 && index < loads.length ? loads.filter((_, i) => i !== index) : loads));
}

/**
 * Parses a number the way engineers type it, by the core's one number parser (src/core/number-input.ts):
 * "4.5", "1,500", "1 500", full-width digits. Empty → null (field cleared); anything refused (including
 * "4,5": a comma is only a thousands separator) → NaN; `numberInputReason` says why.
 */
export function parseNumber(text: string): number | null {
  const r = parseNumberInput(text);
  if (r.ok) return r.value.toNumber();
  return r.code === 'number.empty' ? null : Number.NaN;
}

/** Why `text` is not a number (null when it is one, or empty). */
export function numberInputReason(text: string): LocalText | null {
  const r = parseNumberInput(text);
  return r.ok || r.code === 'number.empty' ? null : r.reason;
}

/** "0-1; 60-120" → periods. Empty → null; a malformed part → an error with the part. */
export function parsePeriods(text: string): { ok: true; value: { startMin: number; endMin: number }[] | null } | { ok: false; part: string } {
  const t = text.trim();
  if (t === '') return { ok: true, value: null };
  const out: { startMin: number; endMin: number }[] = [];
  for (const raw of t.split(/[;；,，\s]+/).filter(Boolean)) {
    const m = /^(\d+(?:\.\d+)?)\s*[-–—~～]\s*(\d+(?:\.\d+)?)$/.exec(raw);
    if (!m) return { ok: false, part: raw };
    out.push({ startMin: Number(m[1]), endMin: Number(m[2]) });
  }
  return { ok: true, value: out };
}

export function formatPeriods(periods: readonly { startMin: number; endMin: number }[] | undefined): string {
  return periods ? periods.map((q) => `${q.startMin}-${q.endMin}`).join('; ') : '';
}

export interface DutyPreview {
  statistics: LoadStatistics | null;
  /** For each load of the draft, its row in the statistics (null when left out). */
  rowOf: (number | null)[];
  /** Indexes of loads left out because they do not validate yet. */
  skipped: number[];
  /** True when the project settings around the loads (site, voltage, duration) do not validate. */
  settingsInvalid: boolean;
}

const previewCache = new WeakMap<object, WeakMap<Rules, DutyPreview>>();

/**
 * The load statistics of the draft as it is, without the rest of the sizing: each load that validates on
 * its own and resolves (kind, K, size) counts; the others are listed as skipped. Cached per requirements
 * object, so re-rendering without an edit costs nothing.
 */
export function dutyPreview(req: unknown, rules: Rules, catalog: Catalog): DutyPreview {
  const key = (req && typeof req === 'object' ? req : {}) as object;
  const hit = previewCache.get(key)?.get(rules);
  if (hit) return hit;
  const result = computePreview(req, rules, catalog);
  const byRules = previewCache.get(key) ?? new WeakMap<Rules, DutyPreview>();
  byRules.set(rules, result);
  previewCache.set(key, byRules);
  return result;
}

function computePreview(req: unknown, rules: Rules, catalog: Catalog): DutyPreview {
  const r = (req ?? {}) as Partial<Requirements> & { loads?: unknown[] };
  const rawLoads = Array.isArray(r.loads) ? r.loads : [];
  const good: LoadInput[] = [];
  const rowOf: (number | null)[] = [];
  const skipped: number[] = [];
  rawLoads.forEach((raw, i) => {
    const parsed = loadSchema.safeParse(raw);
    const l = parsed.success ? parsed.data : null;
    const cls = l ? rules.loadClassById.get(l.kind) : undefined;
    const inputs = l ? [l.powerKW, l.currentA, l.apparentPowerKVA].filter((v) => v !== undefined).length : 0;
    const resolvable =
      l !== null &&
      cls !== undefined &&
      inputs === 1 &&
      (l.function ?? cls.function) !== undefined &&
      (l.loadFactor ?? cls.loadFactor?.value ?? (l.currentA !== undefined && l.currentBasis === 'calculated' ? 1 : undefined)) !== undefined &&
      (l.loadFactor === undefined || (l.loadFactor > 0 && l.loadFactor <= 1)) &&
      (l.apparentPowerKVA === undefined || (l.powerFactor !== undefined && l.efficiency !== undefined && l.powerFactor > 0 && l.powerFactor <= 1 && l.efficiency > 0 && l.efficiency <= 1)) &&
      (l.periods === undefined || l.periods.every((q) => q.endMin > q.startMin));
    if (resolvable && l) {
      rowOf.push(good.length);
      good.push(l);
    } else {
      rowOf.push(null);
      skipped.push(i);
    }
  });
  // The settings the load statistics read; a draft whose settings do not parse falls back to a
  // neutral frame (unattended substation at the entered voltage) so the table still shows.
  const settings = requirementsSchema.safeParse({ ...r, loads: good.length ? good : [{ name: 'x', kind: 'controlProtection', powerKW: 1 }] });
  let base: Requirements;
  let settingsInvalid = false;
  if (settings.success) base = { ...settings.data, loads: good };
  else {
    settingsInvalid = true;
    const un = r.nominalVoltageV === 110 || r.nominalVoltageV === 48 ? r.nominalVoltageV : 220;
    const duration = typeof r.dischargeDurationMin === 'number' && r.dischargeDurationMin > 0 ? r.dischargeDurationMin : undefined;
    const fallback = requirementsSchema.parse({
      site: { voltageLevel: 110, attended: false },
      systemKind: 'dcSystem',
      nominalVoltageV: un,
      dcLoadType: 'combined',
      battery: { unitVoltageV: 2 },
      loads: [{ name: 'x', kind: 'controlProtection', powerKW: 1 }],
      cables: { batteryToPanelM: 1 },
      ...(duration ? { dischargeDurationMin: duration } : {}),
    });
    base = { ...fallback, loads: good };
  }
  if (good.length === 0) return { statistics: null, rowOf, skipped, settingsInvalid };
  const ctx: SizingContext = { req: base, rules, cat: indexCatalog(catalog), trace: [], problems: [], traceOn: false };
  let statistics: LoadStatistics | null = null;
  try {
    statistics = sizeLoads(ctx)?.statistics ?? null;
  } catch {
    statistics = null;
  }
  return { statistics, rowOf, skipped, settingsInvalid };
}

/** The chart's steps from a statistics table. */
export function dutySteps(stats: LoadStatistics | null): { startMin: number; endMin: number; currentA: number }[] {
  if (!stats) return [];
  return stats.columns.map((c, i) => ({ startMin: c.startMin, endMin: c.endMin, currentA: stats.totals.periodsA[i] ?? 0 }));
}

/** The default load factor of a kind, or undefined where the rules give none. */
export function defaultLoadFactor(rules: Rules, kind: LoadKind): number | undefined {
  return rules.loadClassById.get(kind)?.loadFactor?.value;
}

export interface FieldProblems {
  /** Problems at exactly one field path (…loads[3].powerKW) keyed by the part after the row. */
  byField: Map<string, Problem[]>;
  /** Problems at the row itself (…loads[3]). */
  row: Problem[];
}

const rowIndexCache = new WeakMap<readonly Problem[], Map<number, Problem[]>>();

/** Problems of the load table grouped per row; computed once per problem list. */
export function problemsByLoadRow(problems: readonly Problem[]): Map<number, Problem[]> {
  const hit = rowIndexCache.get(problems);
  if (hit) return hit;
  const map = new Map<number, Problem[]>();
  for (const p of problems) {
    const m = /^requirements\.loads\[(\d+)\]/.exec(p.path);
    if (!m) continue;
    const i = Number(m[1]);
    const list = map.get(i) ?? [];
    list.push(p);
    map.set(i, list);
  }
  rowIndexCache.set(problems, map);
  return map;
}

/** Splits a row's problems by field: `powerKW`, `periods`, `loadFactor`… ('' = the row). */
export function rowFieldProblems(rowProblems: readonly Problem[] | undefined, index: number): FieldProblems {
  const byField = new Map<string, Problem[]>();
  const row: Problem[] = [];
  const prefix = `requirements.loads[${index}]`;
  for (const p of rowProblems ?? []) {
    const rest = p.path.slice(prefix.length);
    if (rest === '') {
      row.push(p);
      continue;
    }
    const field = /^\.([A-Za-z0-9]+)/.exec(rest)?.[1] ?? '';
    const list = byField.get(field) ?? [];
    list.push(p);
    byField.set(field, list);
  }
  return { byField, row };
}

/** A short stable signature of problems (for memo comparisons). */
export function problemSignature(problems: readonly Problem[] | undefined): string {
  return (problems ?? []).map((p) => `${p.severity}|${p.code}|${p.path}|${p.message.en}`).join('\n');
}
