/**
 * DC cable sections — DL/T 5044-2014 Appendix E; dlt5044.md §6; product decision 6.
 *   S = ρ·2L·I / ΔU   (ρ = 0.0184 Ω·mm²/m, L one-way)   and   Iz(catalog ampacity) ≥ I
 *   and, where the project links the protecting breaker (battery outlet, sub-panel feeder), Iz ≥ In
 *   take the larger section, then the next standard section (parallel runs above ~300 mm², practice).
 *   Battery circuit: I = max(I1h, initial 1-min current), ΔU = 1 % Un (S-04).
 *   Other circuits: entered length and current; allowed drop = per-circuit override, else the rules
 *   table (R-low), else the remaining path budget (battery end-of-discharge floor − load-terminal floor,
 *   minus the upstream drops) [D].
 * Also the end-of-discharge check: bus voltage after the battery cable vs the lowest load voltage after
 * the downstream drops (§1.1).
 */
import type { ItemOf } from '../catalog/schema.ts';
import type { CircuitKind } from '../rules/schema.ts';
import type { Confidence } from '../provenance.ts';
import type { LocalText } from '../text.ts';
import { addEntry, addProblem, brandRank, EPS, fmt, nextInSeries, uniqueTags, type SizingContext } from './context.ts';

const NO_TEXT: LocalText = { zh: '', en: '' };

type Cable = ItemOf<'cable'>;

export interface CableSelection {
  id: string;
  kind: 'battery' | CircuitKind;
  name: { zh: string; en: string };
  lengthM: number;
  currentA: number;
  allowedDropV: number;
  voltageDropSectionMm2: number;
  ampacitySectionMm2: number | null;
  sectionMm2: number;
  runs: number;
  cores: number;
  itemCode: string | null;
  actualDropV: number;
  /** Conductor metres to order: length × runs × (2 for single-core, 1 for multi-core) × circuits. */
  orderLengthM: number;
  quantity: number;
  loadFunction: 'control' | 'power' | null;
  traceId: string;
  confidence: Confidence[];
  /** Ampacity of the chosen cable, all runs together (Iz). */
  ampacityA: number;
  /** The breaker protecting this cable and its rating: Iz ≥ In (null where the project links none). */
  protectedBy: string | null;
  protectedByA: number | null;
}

export interface CablesResult {
  selections: CableSelection[];
  batteryDropV: number;
  endOfDischarge: { busV: number; checks: { loadFunction: 'control' | 'power'; loadV: number; minV: number; ok: boolean }[] } | null;
}

interface SizeArgs {
  id: string;
  kind: CableSelection['kind'];
  name: { zh: string; en: string };
  lengthM: number;
  currentA: number;
  allowedDropV: number;
  preferCores: number;
  quantity: number;
  loadFunction: 'control' | 'power' | null;
  path: string;
  tags: Confidence[];
  dropBasis: LocalText;
  /** Rated current of the breaker protecting this cable (In ≤ Iz), when the project links one. */
  protectedByA?: number | null;
  protectedBy?: string | null;
}

/**
 * pickByBrand over the catalog cables without a closure per call: the first brand in order having a cable
 * with the given cores (any when null), section ≥ minSection and ampacity ≥ minAmp; its smallest such cable.
 */
function pickCable(cables: readonly Cable[], order: readonly string[], cores: number | null, minSection: number, minAmp: number): Cable | undefined {
  let best: Cable | undefined;
  let bestRank = Infinity;
  for (const c of cables) {
    if (!((cores === null || c.cores === cores) && c.sectionMm2 >= minSection && c.ampacityA >= minAmp)) continue;
    const r = brandRank(order, c.brand);
    if (r < bestRank) {
      best = c;
      bestRank = r;
      if (r === 0) break;
    }
  }
  return best;
}

function sizeOne(ctx: SizingContext, a: SizeArgs): CableSelection | null {
  const { rules, cat } = ctx;
  const rho = rules.cables.resistivityCu.value;
  const sections = rules.cableSections.sectionsMm2;
  const parallelAbove = rules.cableSections.parallelAboveMm2.value;
  const sVd = (rho * 2 * a.lengthM * a.currentA) / a.allowedDropV;
  const cables = cat.byFamily.cable;
  const order = cat.brandOrder('cable');
  const wantCores = a.preferCores;
  let chosen: { runs: number; section: number; item: Cable | undefined; ampSection: number | null } | null = null;
  // In ≤ Iz: the ampacity must cover the circuit current and the rating of the breaker protecting it.
  const ampNeed = Math.max(a.currentA, a.protectedByA ?? 0);
  for (let runs = 1; runs <= 8 && !chosen; runs++) {
    const sRun = sVd / runs;
    const minAmp = ampNeed / runs - EPS;
    const ampItem = pickCable(cables, order, wantCores, -Infinity, minAmp) ?? pickCable(cables, order, null, -Infinity, minAmp);
    const ampSection = ampItem?.sectionMm2 ?? null;
    if (ampSection === null) continue;
    const need = Math.max(sRun, ampSection);
    const std = nextInSeries(sections, need);
    if (std === undefined) continue;
    // Above the parallel threshold, try more runs first (practice).
    if (std > parallelAbove + EPS && runs < 8) continue;
    const minSection = std - EPS;
    const item = pickCable(cables, order, wantCores, minSection, minAmp) ?? pickCable(cables, order, null, minSection, minAmp);
    if (!item) continue;
    chosen = { runs, section: item.sectionMm2, item, ampSection };
  }
  if (!chosen) {
    addProblem(ctx, 'CABLE_NOT_IN_CATALOG', 'error', a.path, `${a.name.zh}：目录中没有满足 ${fmt(sVd, 1)} mm²、${fmt(ampNeed, 1)} A 的电缆（最多 8 根并联）`, `${a.name.en}: no catalog cable for ${fmt(sVd, 1)} mm² and ${fmt(ampNeed, 1)} A (up to 8 parallel runs)`, { value: sVd });
    return null;
  }
  const item = chosen.item as Cable;
  const actual = (rho * 2 * a.lengthM * a.currentA) / (chosen.section * chosen.runs);
  const cores = item.cores;
  const orderLengthM = a.lengthM * chosen.runs * (cores === 1 ? 2 : 1) * a.quantity;
  const traceId = `cables.${a.id}`;
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: traceId,
    quantity: { zh: `电缆截面：${a.name.zh}`, en: `Cable section: ${a.name.en}` },
    symbol: 'S',
    value: chosen.section * chosen.runs,
    unit: 'mm²',
    formula:
      a.protectedByA != null
        ? { zh: 'S = ρ·2L·I / ΔU；Iz ≥ max(I, 保护断路器 In)；S 取两者较大值的上一档标准截面', en: 'S = ρ·2L·I / ΔU; Iz ≥ max(I, In of the protecting breaker); S = next standard ≥ max of both' }
        : { zh: 'S = ρ·2L·I / ΔU；Iz ≥ I；S 取两者较大值的上一档标准截面', en: 'S = ρ·2L·I / ΔU; Iz ≥ I; S = next standard ≥ max of both' },
    substituted: (() => {
      const head = `S = ${fmt(rho)} × 2 × ${fmt(a.lengthM)} × ${fmt(a.currentA, 2)} / ${fmt(a.allowedDropV, 3)} = ${fmt(sVd, 1)} mm²`;
      const iz = a.protectedByA != null ? `Iz ≥ max(${fmt(a.currentA, 2)}, In ${fmt(a.protectedByA)}) = ${fmt(ampNeed, 2)} A` : '';
      const amp = chosen.ampSection === null ? '—' : `${fmt(chosen.ampSection)} mm²`;
      const pick = `${chosen.runs > 1 ? `${chosen.runs} × ` : ''}${fmt(chosen.section)} mm² ${item.code} (Iz ${fmt(item.ampacityA * chosen.runs)} A); ΔU = ${fmt(actual, 2)} V`;
      return {
        zh: `${head}；${iz ? `${iz}；` : ''}按载流量 → ${amp}${chosen.runs > 1 ? `（每根，${chosen.runs} 根并联）` : ''} → ${pick.replace('; ', '；')}`,
        en: `${head}; ${iz ? `${iz}; ` : ''}ampacity → ${amp}${chosen.runs > 1 ? ` per run (${chosen.runs} runs)` : ''} → ${pick}`,
      };
    })(),
    inputs: [
      { symbol: 'ρ', value: rho, unit: 'Ω·mm²/m' },
      { symbol: 'L', value: a.lengthM, unit: 'm' },
      { symbol: 'I', value: a.currentA, unit: 'A' },
      { symbol: 'ΔU', value: a.allowedDropV, unit: 'V' },
    ],
    clause: 'DL/T 5044-2014 Appendix E',
    confidence: uniqueTags(rules.cables.resistivityCu.confidence, a.tags, rules.cableSections.confidence, chosen.runs > 1 ? [rules.cableSections.parallelAboveMm2.confidence] : []),
    note: { zh: `允许压降依据：${a.dropBasis.zh}`, en: `allowed drop: ${a.dropBasis.en}` },
  }));
  return {
    id: a.id,
    kind: a.kind,
    name: a.name,
    lengthM: a.lengthM,
    currentA: a.currentA,
    allowedDropV: a.allowedDropV,
    voltageDropSectionMm2: sVd,
    ampacitySectionMm2: chosen.ampSection,
    sectionMm2: chosen.section,
    runs: chosen.runs,
    cores,
    itemCode: item.code,
    actualDropV: actual,
    orderLengthM,
    quantity: a.quantity,
    loadFunction: a.loadFunction,
    traceId,
    confidence: a.tags,
    ampacityA: item.ampacityA * chosen.runs,
    protectedBy: a.protectedBy ?? null,
    protectedByA: a.protectedByA ?? null,
  };
}

/** The rules' other-circuit rows by circuit kind, built once per rules object. */
const tables = new WeakMap<object, Map<CircuitKind, SizingContext['rules']['cables']['otherCircuits'][number]>>();
function circuitTable(cr: SizingContext['rules']['cables']): Map<CircuitKind, SizingContext['rules']['cables']['otherCircuits'][number]> {
  let t = tables.get(cr);
  if (!t) {
    t = new Map(cr.otherCircuits.map((c) => [c.kind, c]));
    tables.set(cr, t);
  }
  return t;
}

/** The index in an id 'circuit.3' or 'sub.3' (what Number(id.split('.')[1]) gave, without the array). */
function indexOfId(id: string): number {
  const dot = id.indexOf('.');
  const next = id.indexOf('.', dot + 1);
  return Number(dot < 0 ? undefined : id.slice(dot + 1, next < 0 ? undefined : next));
}

export function sizeCables(ctx: SizingContext, x: { groups: number; i1hA: number; i1A: number; lastStepA: number; endBatteryV: number; protection?: { batteryOutlet: { id: string; ratingA: number } | null; subPanelIncoming: ({ id: string; ratingA: number } | null)[] } }): CablesResult {
  const { req, rules } = ctx;
  const un = req.nominalVoltageV;
  const cr = rules.cables;
  const out: CableSelection[] = [];

  // Battery circuit.
  const ica = Math.max(x.i1hA, x.i1A);
  const dUb = (cr.batteryCircuitDropPct.value / 100) * un;
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'cables.battery.current',
    quantity: { zh: '蓄电池回路计算电流', en: 'Battery circuit design current' },
    symbol: 'Ica',
    value: ica,
    unit: 'A',
    formula: 'Ica = max(I1h, Icao)',
    substituted: `Ica = max(${fmt(x.i1hA, 2)}, ${fmt(x.i1A, 2)}) = ${fmt(ica, 2)} A; ΔU = ${fmt(cr.batteryCircuitDropPct.value)} % × ${un} = ${fmt(dUb, 2)} V`,
    inputs: [
      { symbol: 'I1h', value: x.i1hA, unit: 'A', ref: 'breakers.batteryOutlet' },
      { symbol: 'Icao', value: x.i1A, unit: 'A', ref: 'loads.I1' },
    ],
    clause: cr.batteryCircuitDropPct.clause ?? cr.clause,
    confidence: [cr.batteryCircuitDropPct.confidence],
  }));
  const batt = sizeOne(ctx, {
    id: 'battery',
    kind: 'battery',
    name: { zh: '蓄电池至直流屏', en: 'Battery to DC panel' },
    lengthM: req.cables.batteryToPanelM,
    currentA: ica,
    allowedDropV: dUb,
    preferCores: 1,
    quantity: x.groups,
    loadFunction: null,
    path: 'requirements.cables.batteryToPanelM',
    tags: [cr.batteryCircuitDropPct.confidence],
    dropBasis: ctx.traceOn ? { zh: `${fmt(cr.batteryCircuitDropPct.value)} % Un`, en: `${fmt(cr.batteryCircuitDropPct.value)} % Un` } : NO_TEXT,
    protectedBy: x.protection?.batteryOutlet?.id ?? null,
    protectedByA: x.protection?.batteryOutlet?.ratingA ?? null,
  });
  if (batt) out.push(batt);
  const battDropAtEnd = batt ? (cr.resistivityCu.value * 2 * batt.lengthM * x.lastStepA) / (batt.sectionMm2 * batt.runs) : 0;
  const battDropDesign = batt?.actualDropV ?? dUb;

  // Budget for other circuits, by the function of the load they feed [D].
  const vl = rules.voltageLimits;
  const endF = vl.endOfDischargeFactor[req.dcLoadType].value;
  const budgetV = (fn: 'control' | 'power') => (endF - vl.loadTerminal[fn].min) * un;
  const table = circuitTable(cr);
  const subDrops = new Map<string, number>();

  const other = (args: { id: string; kind: CircuitKind; name: { zh: string; en: string }; lengthM: number; currentA: number; fn: 'control' | 'power'; override?: number | undefined; path: string; upstreamV: number; hasDownstream: boolean; protection?: { id: string; ratingA: number } | null }): CableSelection | null => {
    const row = table.get(args.kind);
    let allowed: number;
    let basis: LocalText;
    let tags: Confidence[];
    if (args.override !== undefined) {
      allowed = (args.override / 100) * un;
      basis = ctx.traceOn ? { zh: `${fmt(args.override)} % Un（该回路输入值）`, en: `${fmt(args.override)} % Un (entered for this circuit)` } : NO_TEXT;
      tags = [];
    } else if (row && row.allowedDropPct !== null) {
      allowed = (row.allowedDropPct / 100) * un;
      basis = ctx.traceOn ? { zh: `${fmt(row.allowedDropPct)} % Un（允许压降表）`, en: `${fmt(row.allowedDropPct)} % Un (allowed-drop table)` } : NO_TEXT;
      tags = [row.confidence];
    } else {
      const remaining = budgetV(args.fn) - args.upstreamV;
      const share = args.hasDownstream ? cr.subPanelSegmentShare.value : 1;
      allowed = remaining * share;
      const budget = `(${fmt(endF)} − ${fmt(vl.loadTerminal[args.fn].min)}) × ${un} − ${fmt(args.upstreamV, 2)}`;
      basis = ctx.traceOn
        ? {
            zh: share < 1 ? `剩余电压降预算 [${budget}（上游压降）] × ${fmt(share)}（主屏至分电屏段所占份额）= ${fmt(allowed, 2)} V；允许压降表中无此回路的值` : `剩余电压降预算 ${budget}（上游压降）= ${fmt(allowed, 2)} V；允许压降表中无此回路的值`,
            en: `remaining path budget ${budget} V upstream${share < 1 ? ` × ${fmt(share)} (share for the panel→sub-panel segment)` : ''} = ${fmt(allowed, 2)} V; no value in the allowed-drop table`,
          }
        : NO_TEXT;
      tags = uniqueTags('D', row?.confidence, share < 1 ? [cr.subPanelSegmentShare.confidence] : []);
      if (allowed <= EPS) {
        addProblem(ctx, 'CABLE_NO_BUDGET', 'error', args.path, `${args.name.zh}：电压降预算已被上游用尽，请为该回路填写允许压降`, `${args.name.en}: the voltage-drop budget is used up upstream; enter an allowed drop for this circuit`, { value: args.upstreamV, limit: budgetV(args.fn) });
        return null;
      }
      addProblem(ctx, 'CABLE_DROP_DERIVED', 'info', args.path, `${args.name.zh}：规则中无允许压降值，按剩余电压降预算 ${fmt(allowed, 2)} V 计算（推导值）`, `${args.name.en}: no allowed drop in the rules; the remaining budget ${fmt(allowed, 2)} V is used (derived)`, { value: allowed });
    }
    const sel = sizeOne(ctx, { id: args.id, kind: args.kind, name: args.name, lengthM: args.lengthM, currentA: args.currentA, allowedDropV: allowed, preferCores: 2, quantity: 1, loadFunction: args.fn, path: args.path, tags, dropBasis: basis, protectedBy: args.protection?.id ?? null, protectedByA: args.protection?.ratingA ?? null });
    if (sel) out.push(sel);
    return sel;
  };

  req.feeders.subPanels.forEach((s, i) => {
    if (s.cableLengthM === undefined || s.loadCurrentA === undefined) return;
    const hasDownstream = req.cables.circuits.some((c) => c.subPanel === s.name);
    const sel = other({ id: `sub.${i}`, kind: 'panelToSubPanel', name: { zh: `直流屏至分电屏“${s.name}”`, en: `DC panel to sub panel "${s.name}"` }, lengthM: s.cableLengthM, currentA: s.loadCurrentA, fn: s.loadFunction, override: s.allowedDropPct, path: `requirements.feeders.subPanels[${i}]`, upstreamV: battDropDesign, hasDownstream, protection: x.protection?.subPanelIncoming[i] ?? null });
    if (sel) subDrops.set(s.name, sel.actualDropV);
  });
  req.cables.circuits.forEach((c, i) => {
    const up = battDropDesign + (c.subPanel !== undefined ? (subDrops.get(c.subPanel) ?? 0) : 0);
    other({ id: `circuit.${i}`, kind: c.kind, name: { zh: c.name, en: c.name }, lengthM: c.lengthM, currentA: c.currentA, fn: c.loadFunction, override: c.allowedDropPct, path: `requirements.cables.circuits[${i}]`, upstreamV: up, hasDownstream: false });
  });

  // Path budget check: battery + panel→sub panel + circuit ≤ budget.
  for (const c of out) {
    if (c.kind === 'battery' || c.loadFunction === null) continue;
    let total = battDropDesign + c.actualDropV;
    if (c.kind === 'subPanelToLoad') {
      const src = req.cables.circuits[indexOfId(c.id)]?.subPanel;
      if (src !== undefined) total += subDrops.get(src) ?? 0;
    }
    const b = budgetV(c.loadFunction);
    if (total > b + EPS) {
      addProblem(ctx, 'CABLE_PATH_DROP', 'warning', c.id.startsWith('sub.') ? `requirements.feeders.subPanels[${c.id.split('.')[1]}]` : `requirements.cables.circuits[${c.id.split('.')[1]}]`, `${c.name.zh}：蓄电池至负荷总压降 ${fmt(total, 2)} V 超过预算 ${fmt(b, 2)} V`, `${c.name.en}: total drop battery → load ${fmt(total, 2)} V exceeds the ${fmt(b, 2)} V budget`, { value: total, limit: b, clause: 'DL/T 5044-2014 §3.2 / Appendix E [D]' });
    }
  }

  // End of discharge: bus voltage after the battery cable vs. the loads' minimum after downstream drops.
  let endOfDischarge: CablesResult['endOfDischarge'] = null;
  if (batt) {
    const busV = x.endBatteryV - battDropAtEnd;
    // Load functions in order of first appearance among the loads.
    const fns: ('control' | 'power')[] = [];
    for (const l of ctx.req.loads) {
      const fn = l.function ?? ctx.rules.loadClassById.get(l.kind)?.function ?? 'control';
      if (!fns.includes(fn)) fns.push(fn);
    }
    const checks = fns.map((fn) => {
      let down = 0;
      for (const c of out) {
        if (c.loadFunction !== fn) continue;
        const d = c.actualDropV + (c.kind === 'subPanelToLoad' ? (subDrops.get(req.cables.circuits[indexOfId(c.id)]?.subPanel ?? '') ?? 0) : 0);
        if (d > down) down = d;
      }
      const loadV = busV - down;
      const minV = vl.loadTerminal[fn].min * un;
      return { loadFunction: fn, loadV, minV, ok: loadV >= minV - EPS };
    });
    endOfDischarge = { busV, checks };
    if (ctx.traceOn) addEntry(ctx, () => ({
      id: 'cables.endOfDischarge',
      quantity: { zh: '放电末期母线及负荷端电压校验', en: 'End-of-discharge bus and load voltage check' },
      symbol: 'Ub,m',
      value: busV,
      unit: 'V',
      formula: {
        zh: 'Ub,m = n·Um − ΔU（蓄电池电缆）；U（负荷）= Ub,m − 下游压降 ≥ Umin（负荷）',
        en: 'Ub,m = n·Um − ΔU(battery cable at In); U(load) = Ub,m − downstream drop ≥ Umin(load)',
      },
      substituted: {
        zh: `Ub,m = ${fmt(x.endBatteryV, 2)} − ${fmt(battDropAtEnd, 2)} = ${fmt(busV, 2)} V；${checks.map((c) => `${c.loadFunction === 'control' ? '控制' : '动力'}负荷：${fmt(c.loadV, 2)} ${c.ok ? '≥' : '<'} ${fmt(c.minV, 2)} V`).join('；')}`,
        en: `Ub,m = ${fmt(x.endBatteryV, 2)} − ${fmt(battDropAtEnd, 2)} = ${fmt(busV, 2)} V; ${checks.map((c) => `${c.loadFunction}: ${fmt(c.loadV, 2)} ${c.ok ? '≥' : '<'} ${fmt(c.minV, 2)} V`).join('; ')}`,
      },
      ...(checks.every((c) => c.ok)
        ? { verdict: 'pass' as const }
        : {
            verdict: 'fail' as const,
            valueText: {
              zh: `不满足：${checks.filter((c) => !c.ok).map((c) => `${c.loadFunction === 'control' ? '控制' : '动力'}负荷端 ${fmt(c.loadV, 1)} V，比 ${fmt(c.minV, 1)} V 低 ${fmt(c.minV - c.loadV, 1)} V`).join('；')}；应加大电缆截面或增加蓄电池容量/单体数`,
              en: `not met: ${checks.filter((c) => !c.ok).map((c) => `${c.loadFunction} load ${fmt(c.loadV, 1)} V, ${fmt(c.minV - c.loadV, 1)} V below ${fmt(c.minV, 1)} V`).join('; ')}; use larger cable sections or more battery capacity/cells`,
            },
          }),
      inputs: [{ symbol: 'n·Um', value: x.endBatteryV, unit: 'V', ref: 'battery.kcSource' }],
      clause: 'DL/T 5044-2014 §3.2 (voltage band; numbering R)',
      confidence: uniqueTags(vl.loadTerminal.control.confidence, vl.loadTerminal.power.confidence, 'D'),
    }));
    for (const c of checks) {
      if (!c.ok) addProblem(ctx, 'END_VOLTAGE_AT_LOAD', 'warning', 'requirements.cables', `放电末期${c.loadFunction === 'control' ? '控制' : '动力'}负荷端电压 ${fmt(c.loadV, 1)} V 低于 ${fmt(c.minV, 1)} V`, `at end of discharge the ${c.loadFunction} load voltage ${fmt(c.loadV, 1)} V is below ${fmt(c.minV, 1)} V`, { value: c.loadV, limit: c.minV, clause: vl.clause });
    }
  }
  return { selections: out, batteryDropV: battDropDesign, endOfDischarge };
}
