/**
 * Battery capacity by the step method (阶梯计算法) — DL/T 5044-2014 Appendix C, dlt5044.md §3.
 *   Cc_k = Krel · Σ_{i=1..k} (I_i − I_{i−1}) / Kc(t_k − t_{i−1})          (every stage shown)
 *   C_R  = I_R / Kc(5 s)                                                 (no Krel)
 *   C_c  = max(Cc_1, max_{k≥2} Cc_k + C_R)   — rule `largestStageExcludingFirst` [R-hi], switchable to
 *          `everyStage` (C_R added to every stage, W1) — product decision 3
 * Kc: from the rules table column chosen by voltage.ts (rounded up, product decision 2), interpolated
 * linearly between table times, never extrapolated; or, when the catalog battery carries the maker's
 * constant-current discharge table for a final voltage ≥ the required one, Kc = I(t)/C10 from it
 * (takes precedence). Each battery group carries the whole load (§2.3). Then the standard capacity
 * (§3.4, practice), the catalog battery per brand, banks and units; parallel strings only if the rules allow.
 */
import type { ItemOf } from '../catalog/schema.ts';
import { brandName } from '../catalog/query.ts';
import type { Confidence } from '../provenance.ts';
import type { LocalText } from '../text.ts';
import type { RandomLoadPlacement } from '../rules/schema.ts';
import { addEntry, addProblem, brandRank, EPS, fmt, nextInSeries, uniqueTags, type SizingContext } from './context.ts';
import type { DutyCycle } from './loads.ts';
import { chooseColumn, type VoltageResult } from './voltage.ts';

type Battery = ItemOf<'battery'>;

export type KcLookup = { ok: true; kc: number; from: 'rules' | 'maker' } | { ok: false; reason: 'outside'; minMin: number; maxMin: number };

/** A Kc source: a rules column or a maker table, with the function that reads it. */
export interface KcSource {
  key: string;
  kind: 'rules' | 'maker';
  label: string;
  /** The source as the calculation book names it (no file paths). */
  text: LocalText;
  finalVoltageV: number;
  confidence: Confidence[];
  kc(tMin: number): KcLookup;
}

/** Linear interpolation in an ascending table; never extrapolates. */
export function interpolate(points: readonly { x: number; y: number }[], x: number): number | null {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || x < first.x - 1e-9 || x > last.x + 1e-9) return null;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as { x: number; y: number };
    const b = points[i] as { x: number; y: number };
    if (x <= b.x + 1e-9) {
      if (Math.abs(x - b.x) <= 1e-9) return b.y;
      if (Math.abs(x - a.x) <= 1e-9) return a.y;
      return a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
    }
  }
  return last.y;
}

/** The Kc tables of rules/dlt5044/kc as a reader names them. */
const KC_TABLE_NAMES: Record<string, LocalText> = {
  'vrla-2v': { zh: '阀控式密封铅酸蓄电池 2 V 单体', en: 'VRLA 2 V cells' },
  'vrla-12v': { zh: '阀控式密封铅酸蓄电池 12 V 组合', en: 'VRLA 12 V blocks' },
};

export function rulesKcSource(tableId: string, finalVoltageV: number, points: readonly { minutes: number; kc: number }[], confidence: Confidence): KcSource {
  const pts = points.map((p) => ({ x: p.minutes, y: p.kc }));
  const minMin = pts[0]?.x ?? 0;
  const maxMin = pts[pts.length - 1]?.x ?? 0;
  return {
    key: `rules:${tableId}:${finalVoltageV}`,
    kind: 'rules',
    label: `rules/dlt5044/kc/${tableId}.yaml @ ${finalVoltageV} V`,
    text: {
      zh: `DL/T 5044-2014 附录 C 容量换算系数表（${KC_TABLE_NAMES[tableId]?.zh ?? tableId}，终止电压 ${finalVoltageV} V）`,
      en: `DL/T 5044-2014 Appendix C capacity factor table (${KC_TABLE_NAMES[tableId]?.en ?? tableId}, final voltage ${finalVoltageV} V)`,
    },
    finalVoltageV,
    confidence: [confidence],
    kc(t) {
      const v = interpolate(pts, t);
      return v === null ? { ok: false, reason: 'outside', minMin, maxMin } : { ok: true, kc: v, from: 'rules' };
    },
  };
}

export function makerKcSource(b: Battery, table: NonNullable<Battery['dischargeTables']>[number], fallback: KcSource | null): KcSource {
  const pts = [...table.points].sort((a, c) => a.minutes - c.minutes).map((p) => ({ x: p.minutes, y: p.currentA / b.capacityAh }));
  const minMin = pts[0]?.x ?? 0;
  const maxMin = pts[pts.length - 1]?.x ?? 0;
  return {
    key: `maker:${b.code}:${table.finalVoltageV}`,
    kind: 'maker',
    label: `${b.code} maker table @ ${table.finalVoltageV} V (${table.source})`,
    text: { zh: `${b.code} 厂家恒流放电数据（终止电压 ${table.finalVoltageV} V）`, en: `${b.code} maker's constant-current discharge data (final voltage ${table.finalVoltageV} V)` },
    finalVoltageV: table.finalVoltageV,
    confidence: uniqueTags('P', fallback?.confidence),
    kc(t) {
      const v = interpolate(pts, t);
      if (v !== null) return { ok: true, kc: v, from: 'maker' };
      if (fallback) {
        const f = fallback.kc(t);
        if (f.ok) return f;
      }
      return { ok: false, reason: 'outside', minMin, maxMin };
    },
  };
}

export interface StageTerm {
  i: number;
  deltaA: number;
  tMin: number;
  kc: number;
  kcFrom: 'rules' | 'maker';
}
export interface Stage {
  k: number;
  endMin: number;
  terms: StageTerm[];
  capacityAh: number;
  withRandomAh: number | null;
}
export interface StepResult {
  stages: Stage[];
  randomAh: number;
  randomKc: number | null;
  requiredAh: number;
  governing: { stage: number; withRandom: boolean };
  placement: RandomLoadPlacement;
}
export type StepOutcome = { ok: true; value: StepResult } | { ok: false; tMin: number; minMin: number; maxMin: number };

/** The step method, pure: steps (end times, currents), I_R, Kc source, Krel, random-load placement. */
export function stepMethod(steps: readonly { endMin: number; currentA: number }[], iRandomA: number, src: KcSource, krel: number, placement: RandomLoadPlacement, randomMin: number): StepOutcome {
  const stages: Stage[] = [];
  for (let k = 0; k < steps.length; k++) {
    const tk = (steps[k] as { endMin: number }).endMin;
    const terms: StageTerm[] = [];
    let sum = 0;
    for (let i = 0; i <= k; i++) {
      const prevI = i === 0 ? 0 : (steps[i - 1] as { currentA: number }).currentA;
      const tPrev = i === 0 ? 0 : (steps[i - 1] as { endMin: number }).endMin;
      const delta = (steps[i] as { currentA: number }).currentA - prevI;
      const t = tk - tPrev;
      if (Math.abs(delta) <= EPS) continue;
      const r = src.kc(t);
      if (!r.ok) return { ok: false, tMin: t, minMin: r.minMin, maxMin: r.maxMin };
      terms.push({ i: i + 1, deltaA: delta, tMin: t, kc: r.kc, kcFrom: r.from });
      sum += delta / r.kc;
    }
    stages.push({ k: k + 1, endMin: tk, terms, capacityAh: krel * sum, withRandomAh: null });
  }
  let randomAh = 0;
  let randomKc: number | null = null;
  if (iRandomA > EPS) {
    const r = src.kc(randomMin);
    if (!r.ok) return { ok: false, tMin: randomMin, minMin: r.minMin, maxMin: r.maxMin };
    randomKc = r.kc;
    randomAh = iRandomA / r.kc;
  }
  let requiredAh: number;
  let governing: StepResult['governing'];
  const s1 = stages[0] as Stage;
  if (placement === 'everyStage') {
    requiredAh = -Infinity;
    governing = { stage: 1, withRandom: true };
    for (const s of stages) {
      s.withRandomAh = s.capacityAh + randomAh;
      if (s.withRandomAh > requiredAh + EPS) {
        requiredAh = s.withRandomAh;
        governing = { stage: s.k, withRandom: randomAh > 0 };
      }
    }
  } else {
    let largest: Stage | null = null;
    for (const s of stages.slice(1)) if (!largest || s.capacityAh > largest.capacityAh + EPS) largest = s;
    if (largest) largest.withRandomAh = largest.capacityAh + randomAh;
    const other = largest ? (largest.withRandomAh as number) : randomAh;
    if (s1.capacityAh >= other - EPS && (s1.capacityAh > other || !largest)) {
      requiredAh = s1.capacityAh;
      governing = { stage: 1, withRandom: false };
    } else {
      requiredAh = other;
      governing = { stage: largest ? largest.k : 1, withRandom: randomAh > 0 };
    }
    if (!largest && randomAh > 0) {
      // A single-step cycle: the random load can only join stage 1.
      s1.withRandomAh = s1.capacityAh + randomAh;
      requiredAh = s1.withRandomAh;
      governing = { stage: 1, withRandom: true };
    }
  }
  return { ok: true, value: { stages, randomAh, randomKc, requiredAh, governing, placement } };
}

export interface BatteryCandidate {
  brand: string;
  itemCode: string | null;
  capacityAh: number | null;
  strings: number;
  requiredAh: number | null;
  kcSource: string | null;
  reason: { zh: string; en: string };
}

export interface BatteryResult {
  item: Battery;
  groups: number;
  stringsPerGroup: number;
  unitsPerString: number;
  unitsPerGroup: number;
  totalUnits: number;
  capacityAh: number;
  /** C10 of one group (all its strings). */
  groupCapacityAh: number;
  i10A: number;
  requiredAh: number;
  standardCapacityAh: number | null;
  finalVoltageV: number;
  kcSource: { kind: 'rules' | 'maker'; label: string };
  step: StepResult;
  candidates: BatteryCandidate[];
  shortCircuit: { currentA: number; basis: 'maker' | 'internalResistance'; confidence: Confidence[] } | null;
  confidence: Confidence[];
}

function kcProblem(ctx: SizingContext, out: { tMin: number; minMin: number; maxMin: number }, label: string): void {
  addProblem(
    ctx,
    'KC_OUT_OF_TABLE',
    'error',
    'requirements.loads',
    `Kc 表 ${label} 覆盖 ${fmt(out.minMin, 3)}–${fmt(out.maxMin)} min，所需时间 ${fmt(out.tMin, 3)} min 在表外（不外推）`,
    `Kc table ${label} covers ${fmt(out.minMin, 3)}–${fmt(out.maxMin)} min; ${fmt(out.tMin, 3)} min is outside it (no extrapolation)`,
    { value: out.tMin, limit: [out.minMin, out.maxMin], clause: 'DL/T 5044-2014 Appendix C; product decision 2' },
  );
}

/** Final voltages the sizing could use: rules columns of the battery family plus maker tables. */
export function availableFinalVoltages(ctx: SizingContext): number[] {
  // Depends on the catalog, the rules and the battery kind only: memoized per catalog and rules object.
  const key = `finals|${ctx.req.battery.technology}|${ctx.req.battery.unitVoltageV}`;
  let perRules = ctx.cat.memo.get(key) as WeakMap<object, number[]> | undefined;
  if (!perRules) {
    perRules = new WeakMap();
    ctx.cat.memo.set(key, perRules);
  }
  const hit = perRules.get(ctx.rules);
  if (hit) return hit;
  const res = availableFinalVoltagesUncached(ctx);
  perRules.set(ctx.rules, res);
  return res;
}

function availableFinalVoltagesUncached(ctx: SizingContext): number[] {
  const out = new Set<number>();
  for (const b of ctx.cat.byFamily.battery) {
    if (b.technology !== ctx.req.battery.technology || b.unitVoltageV !== ctx.req.battery.unitVoltageV) continue;
    for (const c of ctx.rules.kcTables.get(b.kcTable)?.columns ?? []) out.add(c.finalVoltageV);
    for (const t of b.dischargeTables ?? []) out.add(t.finalVoltageV);
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * When no Kc column exists at all for the chosen battery family, says which table is missing or empty
 * (e.g. rules/dlt5044/kc/vrla-12v.yaml), instead of a generic final-voltage error. Returns true if it reported.
 */
export function reportMissingKcTables(ctx: SizingContext): boolean {
  const ids = new Set<string>();
  for (const b of ctx.cat.byFamily.battery) {
    if (b.technology === ctx.req.battery.technology && b.unitVoltageV === ctx.req.battery.unitVoltageV && !(b.dischargeTables?.length)) ids.add(b.kcTable);
  }
  if (ids.size === 0) return false;
  for (const id of ids) {
    const t = ctx.rules.kcTables.get(id);
    if (!t) addProblem(ctx, 'KC_TABLE_UNKNOWN', 'error', 'requirements.battery.unitVoltageV', `规则中没有 Kc 表 ${id}（rules/dlt5044/kc/${id}.yaml）`, `no Kc table ${id} in the rules (rules/dlt5044/kc/${id}.yaml)`, { value: id, clause: 'DL/T 5044-2014 Appendix C' });
    else
      addProblem(
        ctx,
        'KC_TABLE_EMPTY',
        'error',
        'requirements.battery.unitVoltageV',
        `无法计算 ${ctx.req.battery.unitVoltageV} V 蓄电池容量：Kc 表 ${id}（rules/dlt5044/kc/${id}.yaml）尚未录入任何终止电压列，且目录中该类蓄电池没有厂家恒流放电数据`,
        `cannot size ${ctx.req.battery.unitVoltageV} V batteries: Kc table ${id} (rules/dlt5044/kc/${id}.yaml) has no transcribed column and no catalog battery of this kind carries the maker's discharge table`,
        { value: id, clause: 'DL/T 5044-2014 Appendix C; product decision 2' },
      );
  }
  return true;
}

/** Batteries of one kind grouped by brand, brands in the given order (memoized per battery list and order). */
const groupsMemo = new WeakMap<readonly Battery[], WeakMap<readonly string[], { brand: string; own: Battery[] }[]>>();
function brandGroups(batteries: readonly Battery[], order: readonly string[]): { brand: string; own: Battery[] }[] {
  let perOrder = groupsMemo.get(batteries);
  if (!perOrder) {
    perOrder = new WeakMap();
    groupsMemo.set(batteries, perOrder);
  }
  let g = perOrder.get(order);
  if (!g) {
    const brands = [...new Set(batteries.map((b) => b.brand))].sort((a, b) => brandRank(order, a) - brandRank(order, b));
    g = brands.map((brand) => ({ brand, own: batteries.filter((b) => b.brand === brand) }));
    perOrder.set(order, g);
  }
  return g;
}

export function sizeBattery(ctx: SizingContext, duty: DutyCycle, volt: VoltageResult, groups: number): BatteryResult | null {
  const { req, rules, cat } = ctx;
  const krel = rules.stepMethod.krel;
  const placement = req.options.randomLoadPlacement ?? rules.stepMethod.randomLoadPlacement.value;
  const randomMin = rules.loadClasses.randomDurationS.value / 60;
  const um = volt.requiredFinalVoltageV;
  const bkey = `batteries|${req.battery.technology}|${req.battery.unitVoltageV}`;
  let batteries = cat.memo.get(bkey) as Battery[] | undefined;
  if (!batteries) {
    batteries = cat.byFamily.battery.filter((b) => b.technology === req.battery.technology && b.unitVoltageV === req.battery.unitVoltageV);
    cat.memo.set(bkey, batteries);
  }
  if (batteries.length === 0) {
    addProblem(ctx, 'CATALOG_NO_BATTERY', 'error', 'requirements.battery', `目录中没有 ${req.battery.unitVoltageV} V ${req.battery.technology} 蓄电池`, `The catalog has no ${req.battery.unitVoltageV} V ${req.battery.technology} battery`);
    return null;
  }

  // Kc source per battery (cached by key), and step-method result per source.
  const sourceByKey = new Map<string, KcSource>();
  const outcomeByKey = new Map<string, StepOutcome>();
  const rulesSource = (tableId: string): KcSource | { error: string; zh: string; en: string } => {
    const table = rules.kcTables.get(tableId);
    if (!table) return { error: 'KC_TABLE_UNKNOWN', zh: `规则中没有 Kc 表 ${tableId}`, en: `no Kc table ${tableId} in the rules` };
    if (table.columns.length === 0) return { error: 'KC_TABLE_EMPTY', zh: `Kc 表 ${tableId}（rules/dlt5044/kc/${tableId}.yaml）尚未录入任何终止电压列`, en: `Kc table ${tableId} (rules/dlt5044/kc/${tableId}.yaml) has no transcribed column` };
    const col = chooseColumn(um, table.columns.map((c) => c.finalVoltageV));
    if (col === null) return { error: 'FINAL_VOLTAGE_ABOVE_TABLES', zh: `Kc 表 ${tableId} 缺少 ≥ ${fmt(um, 3)} V 的终止电压列`, en: `Kc table ${tableId} has no column at or above ${fmt(um, 3)} V` };
    const c = table.columns.find((x) => x.finalVoltageV === col) as (typeof table.columns)[number];
    const key = `rules:${tableId}:${col}`;
    let s = sourceByKey.get(key);
    if (!s) {
      s = rulesKcSource(tableId, col, c.points, c.confidence);
      sourceByKey.set(key, s);
    }
    return s;
  };
  const plainByTable = new Map<string, KcSource | { error: string; zh: string; en: string }>();
  const sourceFor = (b: Battery): KcSource | { error: string; zh: string; en: string } => {
    if (!b.dischargeTables || b.dischargeTables.length === 0) {
      let r = plainByTable.get(b.kcTable);
      if (!r) {
        r = rulesSource(b.kcTable);
        plainByTable.set(b.kcTable, r);
      }
      return r;
    }
    const rs = rulesSource(b.kcTable);
    const maker = (b.dischargeTables ?? []).filter((t) => t.finalVoltageV >= um - EPS).sort((a, c) => a.finalVoltageV - c.finalVoltageV)[0];
    if (maker) {
      const key = `maker:${b.code}:${maker.finalVoltageV}`;
      let s = sourceByKey.get(key);
      if (!s) {
        s = makerKcSource(b, maker, 'kc' in rs ? rs : null);
        sourceByKey.set(key, s);
      }
      return s;
    }
    return rs;
  };
  const outcome = (s: KcSource): StepOutcome => {
    let o = outcomeByKey.get(s.key);
    if (!o) {
      o = stepMethod(duty.steps, duty.iRandomA, s, krel.value, placement, randomMin);
      outcomeByKey.set(s.key, o);
    }
    return o;
  };

  const series = rules.batteryCapacities.series.find((s) => s.unitVoltageV === req.battery.unitVoltageV);
  const parallel = rules.batteryCapacities.parallelStrings;
  const maxStrings = parallel.allowed ? parallel.maxStrings : 1;
  const order = cat.brandOrder('battery', req.battery.brandPreference);
  const groupsByBrand = brandGroups(batteries, order);

  const candidates: BatteryCandidate[] = [];
  type Pick = { b: Battery; strings: number; src: KcSource; res: StepResult; target: number; std: number | null };
  let chosen: Pick | null = null as Pick | null;
  const firstErrors: { code: string; zh: string; en: string }[] = [];
  let kcOut: { o: { tMin: number; minMin: number; maxMin: number }; label: string } | null = null;
  for (const { brand, own } of groupsByBrand) {
    let found: Pick | null = null as Pick | null;
    let lastReq: number | null = null;
    let lastSrc: string | null = null;
    // Why the brand has no fit: the last reason met, its text built once at the end.
    let whyKind: 'none' | 'error' | 'kc' | 'small' = 'none';
    let whyError: { zh: string; en: string } | null = null;
    let whyTMin = 0;
    for (let strings = 1; strings <= maxStrings && !found; strings++) {
      // Batteries of a brand mostly share one Kc source: the standard capacity is computed once per source.
      let prevSrc: KcSource | null = null;
      let std: number | null = null;
      let target = 0;
      for (const b of own) {
        const s = sourceFor(b);
        if (!('kc' in s)) {
          firstErrors.push({ code: s.error, zh: s.zh, en: s.en });
          whyKind = 'error';
          whyError = s;
          continue;
        }
        const o = outcome(s);
        if (!o.ok) {
          kcOut ??= { o, label: s.label };
          whyKind = 'kc';
          whyTMin = o.tMin;
          continue;
        }
        if (s !== prevSrc) {
          const perString = o.value.requiredAh / strings;
          std = series ? (nextInSeries(series.capacitiesAh, perString) ?? null) : null;
          target = std ?? perString;
          prevSrc = s;
        }
        lastReq = o.value.requiredAh;
        lastSrc = s.label;
        if (b.capacityAh >= target - EPS) {
          found = { b, strings, src: s, res: o.value, target, std };
          break;
        }
        whyKind = 'small';
      }
    }
    if (found) {
      candidates.push({
        brand,
        itemCode: found.b.code,
        capacityAh: found.b.capacityAh,
        strings: found.strings,
        requiredAh: found.res.requiredAh,
        kcSource: found.src.label,
        reason: found.strings > 1 ? { zh: `${found.strings} 组并联`, en: `${found.strings} strings in parallel` } : { zh: '满足', en: 'meets the requirement' },
      });
      chosen ??= found;
    } else {
      let why: { zh: string; en: string };
      if (whyKind === 'error') why = { zh: (whyError as { zh: string }).zh, en: (whyError as { en: string }).en };
      else if (whyKind === 'kc') why = { zh: `Kc 表外：${fmt(whyTMin, 3)} min`, en: `outside the Kc table at ${fmt(whyTMin, 3)} min` };
      else if (whyKind === 'small') why = { zh: `最大容量 ${fmt(own[own.length - 1]?.capacityAh ?? 0)} Ah 不足`, en: `largest unit ${fmt(own[own.length - 1]?.capacityAh ?? 0)} Ah is too small` };
      else why = { zh: '', en: '' };
      candidates.push({ brand, itemCode: null, capacityAh: null, strings: 0, requiredAh: lastReq, kcSource: lastSrc, reason: why });
    }
  }

  if (!chosen) {
    if (kcOut) kcProblem(ctx, kcOut.o, kcOut.label);
    const e = firstErrors[0];
    if (e && !kcOut) {
      addProblem(ctx, e.code, 'error', 'requirements.battery', `无法计算蓄电池容量：${e.zh}；若目录蓄电池带有厂家恒流放电数据，可据此计算`, `cannot size the battery: ${e.en}; a catalog battery carrying the maker's constant-current discharge data would allow it`, { value: um, clause: 'DL/T 5044-2014 Appendix C; product decision 2' });
    }
    if (!e && !kcOut) {
      const largest = batteries[batteries.length - 1] as Battery;
      const reqAh = candidates.find((c) => c.requiredAh !== null)?.requiredAh ?? null;
      addProblem(
        ctx,
        'BATTERY_TOO_LARGE',
        'error',
        'requirements.loads',
        `所需容量 ${reqAh === null ? '?' : fmt(reqAh, 1)} Ah 超过目录最大蓄电池 ${fmt(largest.capacityAh)} Ah${parallel.allowed ? `（最多并联 ${parallel.maxStrings} 组仍不足）` : '；规则不允许蓄电池并联（rules/dlt5044/battery-capacities.yaml parallelStrings）'}`,
        `required ${reqAh === null ? '?' : fmt(reqAh, 1)} Ah exceeds the largest catalog battery ${fmt(largest.capacityAh)} Ah${parallel.allowed ? ` (even with ${parallel.maxStrings} strings in parallel)` : '; the rules do not allow parallel strings (rules/dlt5044/battery-capacities.yaml parallelStrings)'}`,
        { value: reqAh, limit: largest.capacityAh, clause: 'DL/T 5044-2014 Appendix C' },
      );
    }
    return null;
  }

  const { b, strings, src, res, std } = chosen;
  if (src.kind === 'rules' && Math.abs(src.finalVoltageV - um) > EPS) {
    addProblem(ctx, 'FINAL_VOLTAGE_COLUMN_ABOVE', 'info', 'requirements.battery', `所需终止电压 ${fmt(um, 2)} V 无对应 Kc 列，采用较高的 ${fmt(src.finalVoltageV, 2)} V 列（偏保守，容量偏大）`, `no Kc column at ${fmt(um, 2)} V; the next column above, ${fmt(src.finalVoltageV, 2)} V, is used (conservative: a larger battery)`, { value: um, limit: src.finalVoltageV, clause: 'product decision 2' });
  }
  const kcTags = src.confidence;
  const krelTags: Confidence[] = [krel.confidence];
  const stageTags = uniqueTags(duty.confidence, kcTags, krelTags);
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'battery.kcSource',
    quantity: { zh: '容量换算系数来源', en: 'Kc source' },
    symbol: 'Kc',
    value: src.label,
    valueText: src.text,
    unit: '',
    formula:
      src.kind === 'maker'
        ? { zh: 'Kc(t) = I(t) / C10（厂家数据，点间线性插值）', en: "Kc(t) = I(t) / C10 (maker's data, linear between points)" }
        : { zh: 'Kc(t) 查表，表列时间之间线性插值，不外推', en: 'Kc(t) from the table, linear between table times, no extrapolation' },
    substituted: { zh: `终止电压 ${fmt(src.finalVoltageV, 2)} V/只（要求 ${fmt(um, 2)} V）`, en: `final voltage ${fmt(src.finalVoltageV, 2)} V/cell (required ${fmt(um, 2)} V)` },
    inputs: [{ symbol: 'Um', value: um, unit: 'V', ref: 'voltage.UmRequired' }],
    clause: 'DL/T 5044-2014 Appendix C; product decision 2',
    confidence: kcTags,
    note: src.kind === 'maker' ? { zh: '采用目录中蓄电池厂家的恒流放电数据（优先于规则表）', en: "the maker's constant-current discharge data from the catalog is used (takes precedence over the rules table)" } : undefined,
  }));
  const stepIds = ctx.traceOn ? duty.steps.map((s) => s.traceId) : [];
  if (ctx.traceOn) for (const s of res.stages) {
    const parts = s.terms.map((t) => `${fmt(t.deltaA, 2)}/${fmt(t.kc, 4)}`);
    addEntry(ctx, () => ({
      id: `battery.stage.${s.k}`,
      quantity: { zh: `第 ${s.k} 阶段计算容量（${fmt(s.endMin)} min）`, en: `Stage ${s.k} capacity (${fmt(s.endMin)} min)` },
      symbol: `Cc${s.k}`,
      value: s.capacityAh,
      unit: 'Ah',
      formula: `Cc${s.k} = Krel · Σ (I_i − I_(i−1)) / Kc(t${s.k} − t_(i−1))`,
      substituted: `Cc${s.k} = ${fmt(krel.value)} × [${parts.join(' + ') || '0'}] = ${fmt(s.capacityAh, 2)} Ah`,
      inputs: [
        { symbol: 'Krel', value: krel.value, unit: '' },
        ...s.terms.map((t) => ({ symbol: `ΔI${t.i}`, value: t.deltaA, unit: 'A', ref: stepIds[t.i - 1] as string })),
        ...s.terms.map((t) => ({ symbol: `Kc(${fmt(t.tMin, 3)} min)`, value: t.kc, unit: '1/h', ref: 'battery.kcSource' })),
      ],
      clause: 'DL/T 5044-2014 Appendix C (step method)',
      confidence: stageTags,
    }));
  }
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'battery.CR',
    quantity: { zh: '随机负荷容量', en: 'Random load capacity' },
    symbol: 'CR',
    value: res.randomAh,
    unit: 'Ah',
    formula: 'CR = IR / Kc(5 s)',
    substituted: res.randomKc === null ? { zh: 'CR = 0（无随机负荷）', en: 'CR = 0 (no random load)' } : `CR = ${fmt(duty.iRandomA, 2)} / ${fmt(res.randomKc)} = ${fmt(res.randomAh, 2)} Ah`,
    inputs: [{ symbol: 'IR', value: duty.iRandomA, unit: 'A', ref: 'loads.IR' }],
    clause: 'DL/T 5044-2014 Appendix C (random load, no Krel)',
    confidence: uniqueTags(duty.confidence, kcTags, rules.stepMethod.randomLoadUsesKrel.confidence),
  }));
  const pl = rules.stepMethod.randomLoadPlacement;
  const stageList = ctx.traceOn ? res.stages.map((s) => fmt(s.capacityAh, 2)) : [];
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'battery.Cc',
    quantity: { zh: '蓄电池计算容量', en: 'Required battery capacity' },
    symbol: 'Cc',
    value: res.requiredAh,
    unit: 'Ah',
    formula: placement === 'everyStage' ? 'Cc = max_k (Cc_k + CR)' : 'Cc = max(Cc1, max_{k≥2} Cc_k + CR)',
    substituted:
      placement === 'everyStage'
        ? `Cc = max(${res.stages.map((s) => `${fmt(s.capacityAh, 2)} + ${fmt(res.randomAh, 2)}`).join(', ')}) = ${fmt(res.requiredAh, 2)} Ah`
        : {
            zh: `Cc = max(${stageList[0]}, max(${stageList.slice(1).join(', ') || '—'}) + ${fmt(res.randomAh, 2)}) = ${fmt(res.requiredAh, 2)} Ah（第 ${res.governing.stage} 阶段${res.governing.withRandom ? ' + CR' : ''}）`,
            en: `Cc = max(${stageList[0]}, max(${stageList.slice(1).join(', ') || '—'}) + ${fmt(res.randomAh, 2)}) = ${fmt(res.requiredAh, 2)} Ah (stage ${res.governing.stage}${res.governing.withRandom ? ' + CR' : ''})`,
          },
    inputs: [...res.stages.map((s) => ({ symbol: `Cc${s.k}`, value: s.capacityAh, unit: 'Ah', ref: `battery.stage.${s.k}` })), { symbol: 'CR', value: res.randomAh, unit: 'Ah', ref: 'battery.CR' }],
    clause: pl.clause ?? 'DL/T 5044-2014 Appendix C',
    confidence: uniqueTags(stageTags, req.options.randomLoadPlacement ? [] : [pl.confidence]),
    note: {
      zh: `随机负荷${placement === 'everyStage' ? '叠加于每一阶段' : '叠加于第 2 阶段及以后容量最大的阶段'}${req.options.randomLoadPlacement ? '（项目选择）' : '（默认）'}`,
      en: `random load added ${placement === 'everyStage' ? 'to every stage' : 'to the largest of stages 2 and later'}${req.options.randomLoadPlacement ? ' (project choice)' : ' (default)'}`,
    },
  }));
  const seriesTags: Confidence[] = series ? [series.confidence] : [];
  const perString = res.requiredAh / strings;
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'battery.C10',
    quantity: { zh: '蓄电池选用容量', en: 'Chosen battery capacity' },
    symbol: 'C10',
    value: b.capacityAh,
    unit: 'Ah',
    formula:
      std !== null
        ? { zh: 'C10 = 目录产品容量 ≥ 标称容量系列值 ≥ Cc / 并联串数', en: 'C10 = catalog unit ≥ standard capacity ≥ Cc / strings' }
        : { zh: 'C10 = 目录中不小于 Cc / 并联串数的最小产品容量', en: 'C10 = smallest catalog unit ≥ Cc / strings' },
    substituted: {
      zh: `${fmt(perString, 2)} Ah${std !== null ? ` → 系列值 ${fmt(std)} Ah` : ''} → ${b.code} ${fmt(b.capacityAh)} Ah × ${strings} 串 × ${groups} 组`,
      en: `${fmt(perString, 2)} Ah${std !== null ? ` → standard ${fmt(std)} Ah` : ''} → ${b.code} ${fmt(b.capacityAh)} Ah × ${strings} string(s) × ${groups} group(s)`,
    },
    inputs: [{ symbol: 'Cc', value: res.requiredAh, unit: 'Ah', ref: 'battery.Cc' }],
    clause: 'DL/T 5044-2014 Appendix C; capacity series: practice',
    confidence: uniqueTags(seriesTags, rules.arrangements.eachGroupCarriesWholeLoad.confidence),
    note: { zh: `品牌：${brandName(ctx.cat.catalog, b.brand, 'zh')}；每组蓄电池按全部负荷计算`, en: `brand ${brandName(ctx.cat.catalog, b.brand, 'en')}; each battery group carries the whole load` },
  }));
  if (strings > 1) {
    addProblem(ctx, 'BATTERY_PARALLEL_STRINGS', 'warning', 'requirements.loads', `所需容量超过单只最大蓄电池，采用 ${strings} 组并联（规则允许，须确认）`, `the required capacity exceeds the largest single unit: ${strings} strings in parallel (allowed by the rules; confirm)`, { value: strings, limit: parallel.maxStrings });
  }
  const groupCapacityAh = b.capacityAh * strings;
  const i10A = groupCapacityAh / 10;
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'battery.I10',
    quantity: { zh: '10 h 放电率电流', en: '10-hour-rate current' },
    symbol: 'I10',
    value: i10A,
    unit: 'A',
    formula: 'I10 = C10 / 10',
    substituted: `I10 = ${fmt(groupCapacityAh)} / 10 = ${fmt(i10A, 2)} A`,
    inputs: [{ symbol: 'C10', value: groupCapacityAh, unit: 'Ah', ref: 'battery.C10' }],
    clause: 'DL/T 5044-2014 Appendix D',
    confidence: [],
  }));

  // Short-circuit current at the battery terminals (for breaking capacity).
  let shortCircuit: BatteryResult['shortCircuit'] = null;
  if (b.shortCircuitCurrentA !== undefined) {
    const isc = b.shortCircuitCurrentA * strings;
    shortCircuit = { currentA: isc, basis: 'maker', confidence: [] };
    if (ctx.traceOn) addEntry(ctx, () => ({
      id: 'battery.Isc',
      quantity: { zh: '蓄电池短路电流', en: 'Battery short-circuit current' },
      symbol: 'Isc',
      value: isc,
      unit: 'A',
      formula: { zh: 'Isc = Isc（单只，厂家数据）× 并联串数', en: 'Isc = Isc(unit, maker) × strings' },
      substituted: `Isc = ${fmt(b.shortCircuitCurrentA ?? 0)} × ${strings} = ${fmt(isc, 0)} A`,
      clause: 'DL/T 5044-2014 (short-circuit annex, R-med); maker data',
      confidence: ['D'],
      note: { zh: '串联单体的短路电流等于单只短路电流（电压与内阻同比增加）', en: 'a series string has the short-circuit current of one unit (voltage and resistance scale together)' },
    }));
  } else if (b.internalResistanceMilliohm !== undefined) {
    const perUnitV = volt.floatVoltagePerCellV * b.cellsPerUnit;
    const isc = ((perUnitV / (b.internalResistanceMilliohm / 1000)) * strings);
    shortCircuit = { currentA: isc, basis: 'internalResistance', confidence: ['D'] };
    if (ctx.traceOn) addEntry(ctx, () => ({
      id: 'battery.Isc',
      quantity: { zh: '蓄电池短路电流（估算）', en: 'Battery short-circuit current (ESTIMATE)' },
      symbol: 'Isc',
      value: isc,
      unit: 'A',
      formula: { zh: 'Isc ≈ n·Uf / (n·r) × 并联串数 = Uunit / r × 并联串数（忽略连接条与电缆：偏大）', en: 'Isc ≈ n·Uf / (n·r) × strings = Uunit / r × strings (connections and cables neglected: overestimate)' },
      substituted: `Isc ≈ ${fmt(perUnitV, 3)} / ${fmt((b.internalResistanceMilliohm ?? 0) / 1000, 5)} × ${strings} = ${fmt(isc, 0)} A`,
      clause: 'DL/T 5044-2014 short-circuit annex (R-med); IEC 61660-1 principle',
      confidence: ['D'],
      note: { zh: '估算值：以浮充电压为电动势、仅计电池内阻（偏大、偏安全）', en: 'ESTIMATE: float voltage as EMF, internal resistance only (errs high, i.e. safe for breaking capacity)' },
    }));
  } else {
    addProblem(ctx, 'BATTERY_ISC_MISSING', 'warning', `catalog.items[${b.code}]`, `蓄电池 ${b.code} 无短路电流或内阻数据，断路器分断能力未校验`, `battery ${b.code} has neither short-circuit current nor internal resistance: breaker breaking capacity is NOT checked`, { location: { itemCode: b.code } });
  }

  const unitsPerString = volt.unitsPerString;
  const capStats = duty.statistics;
  capStats.capacity = {
    stagesAh: res.stages.map((s) => s.capacityAh),
    withRandomAh: res.stages.map((s) => s.withRandomAh),
    randomAh: res.randomAh,
    requiredAh: res.requiredAh,
    chosenAh: groupCapacityAh,
  };
  return {
    item: b,
    groups,
    stringsPerGroup: strings,
    unitsPerString,
    unitsPerGroup: unitsPerString * strings,
    totalUnits: unitsPerString * strings * groups,
    capacityAh: b.capacityAh,
    groupCapacityAh,
    i10A,
    requiredAh: res.requiredAh,
    standardCapacityAh: std,
    finalVoltageV: src.finalVoltageV,
    kcSource: { kind: src.kind, label: src.label },
    step: res,
    candidates,
    shortCircuit,
    confidence: uniqueTags(stageTags, seriesTags),
  };
}
