/**
 * Shared plumbing of the sizing functions: the trace/problem collector, number formatting for the
 * substituted formulas, and the catalog index (built once per catalog object and memoized).
 * No clause lives here.
 */
import type { Catalog, CatalogItem, ItemOf, Family } from '../catalog/schema.ts';
import type { Confidence } from '../provenance.ts';
import type { Problem } from '../problems.ts';
import type { Requirements } from '../project/schema.ts';
import type { Rules } from '../rules/schema.ts';
import type { LocalText } from '../text.ts';
import type { TraceEntry, TraceInput, TraceText } from '../trace.ts';

export interface SizingContext {
  req: Requirements;
  rules: Rules;
  cat: CatalogIndex;
  trace: TraceEntry[];
  problems: Problem[];
  /** False in batch mode: trace entries are not built at all (their specs are thunks). */
  traceOn: boolean;
}

/** Formats a number for a substituted formula: up to 4 decimals, trailing zeros dropped. */
export function fmt(n: number, decimals = 4): string {
  const f = POW10[decimals];
  // Fast path: the rounded value m / 10^d written digit by digit from the integer m. For |m| < 2e9 the
  // exact decimal is the shortest string that round-trips to the double m / 10^d, i.e. exactly what
  // String(m / f) prints (no exponent form: |value| ≥ 1e-6 or 0); checked against it on millions of values.
  if (f !== undefined && n < 2e9 / f && n > -2e9 / f) {
    const m = Math.round(n * f);
    if (m === 0) return '0';
    const a = m < 0 ? -m : m;
    const q = Math.floor(a / f);
    let rem = a - q * f;
    const int = m < 0 ? `-${q}` : `${q}`;
    if (rem === 0) return int;
    let d = decimals;
    while (rem % 10 === 0) {
      rem /= 10;
      d--;
    }
    let frac = `${rem}`;
    while (frac.length < d) frac = `0${frac}`;
    return `${int}.${frac}`;
  }
  return fmtSlow(n, decimals);
}
function fmtSlow(n: number, decimals: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) < 1e12) {
    const f = POW10[decimals] ?? 10 ** decimals;
    const r = Math.round(n * f) / f;
    return String(r === 0 ? 0 : r);
  }
  const s = n.toFixed(decimals);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/** Rounds for display-stable values in configuration fields (never used inside the calculation). */
export function round(n: number, decimals = 4): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

export function uniqueTags(...tags: (Confidence | readonly Confidence[] | undefined)[]): Confidence[] {
  const out: Confidence[] = [];
  for (const t of tags) {
    if (t === undefined) continue;
    for (const c of typeof t === 'string' ? [t] : t) if (!out.includes(c)) out.push(c);
  }
  return out;
}

export interface EntrySpec {
  id: string;
  quantity: LocalText;
  symbol: string;
  value: number | string;
  valueText?: LocalText;
  verdict?: 'pass' | 'fail';
  unit: TraceText;
  formula: TraceText;
  /** The substituted formula (a thunk is evaluated at once; kept for call-site convenience). */
  substituted?: TraceText | (() => TraceText);
  inputs?: TraceInput[];
  clause: string;
  confidence: Confidence[];
  note?: LocalText;
}

/** The count unit of trace results, per language. */
export const PCS: LocalText = { zh: '只', en: 'pcs' };

export function addEntry(ctx: SizingContext, spec: EntrySpec | (() => EntrySpec)): void {
  if (!ctx.traceOn) return;
  const e = typeof spec === 'function' ? spec() : spec;
  const entry: TraceEntry = {
    id: e.id,
    quantity: e.quantity,
    symbol: e.symbol,
    value: typeof e.value === 'number' ? e.value : e.value,
    unit: e.unit,
    formula: e.formula,
    inputs: e.inputs ?? [],
    clause: e.clause,
    confidence: e.confidence,
  };
  const sub = e.substituted;
  if (sub !== undefined) entry.substituted = typeof sub === 'function' ? sub() : sub;
  if (e.note !== undefined) entry.note = e.note;
  if (e.valueText !== undefined) entry.valueText = e.valueText;
  if (e.verdict !== undefined) entry.verdict = e.verdict;
  ctx.trace.push(entry);
}

export function addProblem(
  ctx: SizingContext,
  code: string,
  severity: Problem['severity'],
  path: string,
  zh: string,
  en: string,
  extra: Partial<Pick<Problem, 'value' | 'limit' | 'clause' | 'location'>> = {},
): void {
  const p: Problem = { code, severity, path, message: { zh, en } };
  if (extra.value !== undefined) p.value = extra.value;
  if (extra.limit !== undefined) p.limit = extra.limit;
  if (extra.clause !== undefined) p.clause = extra.clause;
  if (extra.location !== undefined) p.location = extra.location;
  ctx.problems.push(p);
}

/** The catalog, indexed once: items by family (active only, sorted by the main rating) and brand ranks. */
export interface CatalogIndex {
  catalog: Catalog;
  byFamily: { [F in Family]: ItemOf<F>[] };
  /** Brand order for a policy key (family or family.qualifier), preferred brands first. */
  brandOrder(key: string, preferred?: string): string[];
  /** Per-catalog memo for selections that depend only on the catalog and their key. */
  memo: Map<string, unknown>;
  /** Codes the brand policy names as default items for a key (and its family). */
  defaultItems(key: string): readonly string[];
}

const cache = new WeakMap<Catalog, CatalogIndex>();

/** Every catalog family (the compiler checks the list is complete; no runtime import of the zod schema). */
const FAMILIES: Record<Family, true> = {
  rectifierModule: true,
  dcdcModule: true,
  telecomRectifier: true,
  inverter: true,
  monitor: true,
  insulationMonitor: true,
  samplingBox: true,
  batteryInspection: true,
  auxPowerSupply: true,
  battery: true,
  breaker: true,
  fuse: true,
  disconnector: true,
  shunt: true,
  dropper: true,
  meter: true,
  transducer: true,
  contactor: true,
  surgeArrester: true,
  cable: true,
  busbar: true,
  cabinet: true,
  sundry: true,
};

function mainRating(i: CatalogItem): number {
  switch (i.family) {
    case 'battery':
      return i.capacityAh;
    case 'cable':
      return i.sectionMm2;
    case 'inverter':
      return i.ratedKVA;
    default:
      return 'ratedCurrentA' in i ? (i as { ratedCurrentA: number }).ratedCurrentA : 0;
  }
}

/**
 * Item codes in code-point order. It was localeCompare, which follows the machine's language (a Czech
 * collation puts "CH" after "H"), so the app and the CLI could pick different items of equal rating,
 * and whose collation data took 8–13 ms of every `dcq` start to set up. The shipped catalog's order is
 * the same either way (each family compared).
 */
const compareCodes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function indexCatalog(catalog: Catalog): CatalogIndex {
  const hit = cache.get(catalog);
  if (hit) return hit;
  // A plain object with every family (empty list when the catalog has none): no Proxy on the hot path.
  const byFamily = {} as { [F in Family]: CatalogItem[] };
  for (const f of Object.keys(FAMILIES) as Family[]) byFamily[f] = [];
  for (const item of catalog.items) {
    if (item.status !== 'active') continue;
    (byFamily[item.family] ??= []).push(item);
  }
  for (const k of Object.keys(byFamily) as Family[]) byFamily[k].sort((a, b) => mainRating(a) - mainRating(b) || compareCodes(a.code, b.code));
  const allBrands = catalog.brands.map((b) => b.id);
  // key → preferred brand ('' for none) → order. Nested maps: no key string is built per call.
  const orderCache = new Map<string, Map<string, string[]>>();
  const defaultsCache = new Map<string, string[]>();
  const index: CatalogIndex = {
    catalog,
    byFamily: byFamily as CatalogIndex['byFamily'],
    brandOrder(key: string, preferred?: string): string[] {
      let perKey = orderCache.get(key);
      if (!perKey) {
        perKey = new Map();
        orderCache.set(key, perKey);
      }
      const pk = preferred ?? '';
      const c = perKey.get(pk);
      if (c) return c;
      const out: string[] = [];
      const push = (b: string) => {
        if (!out.includes(b)) out.push(b);
      };
      if (preferred) push(preferred);
      const family = key.split('.')[0] as string;
      for (const k of [key, family]) for (const b of catalog.brandPolicy.find((p) => p.key === k)?.preferredBrands ?? []) push(b);
      for (const b of allBrands) push(b);
      perKey.set(pk, out);
      return out;
    },
    memo: new Map(),
    defaultItems(key: string): readonly string[] {
      let d = defaultsCache.get(key);
      if (!d) {
        const family = key.split('.')[0] as string;
        d = [key, family].flatMap((k) => catalog.brandPolicy.find((p) => p.key === k)?.defaultItems ?? []);
        defaultsCache.set(key, d);
      }
      return d;
    },
  };
  cache.set(catalog, index);
  return index;
}

/** Rank of a brand in an order (unknown brands last). */
export function brandRank(order: readonly string[], brand: string): number {
  const i = order.indexOf(brand);
  return i < 0 ? order.length : i;
}

/** Picks the item of the first brand (in order) that has one satisfying `ok`, smallest rating first. */
export function pickByBrand<T extends CatalogItem>(items: readonly T[], order: readonly string[], ok: (i: T) => boolean): T | undefined {
  let best: T | undefined;
  let bestRank = Infinity;
  for (const i of items) {
    if (!ok(i)) continue;
    const r = brandRank(order, i.brand);
    if (r < bestRank) {
      best = i;
      bestRank = r;
      if (r === 0) break; // nothing can rank better than the first brand
    }
  }
  return best;
}

/** Smallest value of an ascending series ≥ x, or undefined. */
export function nextInSeries(series: readonly number[], x: number): number | undefined {
  for (const v of series) if (v >= x - 1e-9) return v;
  return undefined;
}

export const EPS = 1e-9;

/** Like pickByBrand, but an item the brand policy names as a default wins when it qualifies. */
export function pickPreferred<T extends CatalogItem>(cat: CatalogIndex, key: string, items: readonly T[], ok: (i: T) => boolean): T | undefined {
  const defaults = cat.defaultItems(key);
  if (defaults.length > 0) {
    for (const code of defaults) {
      const hit = items.find((i) => i.code === code && ok(i));
      if (hit) return hit;
    }
  }
  return pickByBrand(items, cat.brandOrder(key), ok);
}
