/**
 * Checks beside the sizing (issue 10, item 12):
 *  - Check mode for an existing battery (product decision 11): the user fixes the battery (C10 per group,
 *    cell count, catalog model); the step method of Appendix C is run for that cell count and its final
 *    voltage, and every stage reports required against available capacity and the margin. Each battery
 *    group carries the whole load (§2.3), so the comparison is per group.
 *  - Closing circuits (decision 5: "an overload trip time longer than the closing time"): a closing feeder
 *    that gives its closing current's duration is checked against the chosen breaker's trip-curve data in
 *    the catalog; where the catalog has none (or the multiple is beyond it) the check is flagged, not assumed.
 */
import type { ItemOf } from '../catalog/schema.ts';
import type { LocalText } from '../text.ts';
import { addEntry, addProblem, EPS, fmt, uniqueTags, type SizingContext } from './context.ts';
import { makerKcSource, rulesKcSource, stepMethod, type KcSource } from './battery.ts';
import type { BreakerSelection } from './breakers.ts';
import type { DutyCycle } from './loads.ts';
import { chooseColumn, roundFinal } from './voltage.ts';

type Battery = ItemOf<'battery'>;
type Breaker = ItemOf<'breaker'>;

export interface BatteryCheckStage {
  stage: number;
  endMin: number;
  /** The stage capacity, and with the random load where the rule places it: the requirement of the stage. */
  capacityAh: number;
  requiredAh: number;
  withRandom: boolean;
  availableAh: number;
  marginAh: number;
  marginPct: number;
  ok: boolean;
}

export interface BatteryCheck {
  capacityAh: number;
  cellCount: number;
  itemCode: string | null;
  groups: number;
  requiredFinalVoltageV: number;
  finalVoltageV: number;
  kcSource: { kind: 'rules' | 'maker'; label: string };
  stages: BatteryCheckStage[];
  randomAh: number;
  requiredAh: number;
  marginAh: number;
  marginPct: number;
  ok: boolean;
}

const pct = (margin: number, required: number) => (required > EPS ? (100 * margin) / required : 0);

export function checkExistingBattery(ctx: SizingContext, duty: DutyCycle, sizedCellCount: number, groups: number): BatteryCheck | null {
  const { req, rules, cat } = ctx;
  const ex = req.battery.existing;
  if (!ex) return null;
  const at = 'requirements.battery.existing';
  let item: Battery | undefined;
  if (ex.itemCode !== undefined) {
    item = cat.byFamily.battery.find((b) => b.code === ex.itemCode);
    if (!item) {
      addProblem(ctx, 'CHECK_BATTERY_UNKNOWN', 'error', `${at}.itemCode`, `目录中没有蓄电池型号 ${ex.itemCode}`, `no battery ${ex.itemCode} in the catalog`, { value: ex.itemCode });
      return null;
    }
    if (item.technology !== req.battery.technology || item.unitVoltageV !== req.battery.unitVoltageV) {
      addProblem(ctx, 'CHECK_BATTERY_KIND', 'error', `${at}.itemCode`, `蓄电池 ${item.code} 为 ${item.unitVoltageV} V ${item.technology}，与项目的 ${req.battery.unitVoltageV} V ${req.battery.technology} 不符`, `battery ${item.code} is ${item.unitVoltageV} V ${item.technology}, not the project's ${req.battery.unitVoltageV} V ${req.battery.technology}`, { value: ex.itemCode });
      return null;
    }
  }
  const capacityAh = ex.capacityAh ?? item?.capacityAh;
  if (capacityAh === undefined) {
    addProblem(ctx, 'CHECK_CAPACITY_MISSING', 'error', `${at}.capacityAh`, '核算现有蓄电池：请填写容量（Ah）或目录型号', 'checking an existing battery: enter its capacity (Ah) or its catalog model');
    return null;
  }
  if (item && ex.capacityAh !== undefined && Math.abs(ex.capacityAh - item.capacityAh) > EPS) {
    addProblem(ctx, 'CHECK_CAPACITY_NOT_MODEL', 'info', `${at}.capacityAh`, `按填写的 ${fmt(ex.capacityAh)} Ah 核算（型号 ${item.code} 为 ${fmt(item.capacityAh)} Ah，如并联请确认）`, `checked with the entered ${fmt(ex.capacityAh)} Ah (model ${item.code} is ${fmt(item.capacityAh)} Ah; confirm parallel strings)`, { value: ex.capacityAh, limit: item.capacityAh });
  }
  const n = ex.cellCount ?? req.battery.cellCount ?? sizedCellCount;
  const vl = rules.voltageLimits;
  const um = req.battery.finalVoltagePerCellV ?? roundFinal((vl.endOfDischargeFactor[req.dcLoadType].value * req.nominalVoltageV) / n, vl.finalVoltageRoundingV.value);

  // Kc: the maker's table of the model where it reaches the final voltage, else the rules column (rounded up).
  const tableId = item?.kcTable ?? [...rules.kcTables.entries()].find(([, t]) => t.technology === req.battery.technology && t.unitVoltageV === req.battery.unitVoltageV)?.[0];
  const table = tableId !== undefined ? rules.kcTables.get(tableId) : undefined;
  const col = table ? chooseColumn(um, table.columns.map((c) => c.finalVoltageV)) : null;
  const column = col === null ? undefined : table?.columns.find((c) => c.finalVoltageV === col);
  const rulesSrc: KcSource | null = column && tableId ? rulesKcSource(tableId, column.finalVoltageV, column.points, column.confidence) : null;
  const maker = item?.dischargeTables?.filter((t) => t.finalVoltageV >= um - EPS).sort((a, b) => a.finalVoltageV - b.finalVoltageV)[0];
  const src = item && maker ? makerKcSource(item, maker, rulesSrc) : rulesSrc;
  if (!src) {
    addProblem(ctx, 'CHECK_NO_KC', 'error', `${at}.cellCount`, `${n} 只时所需终止电压 ${fmt(um, 2)} V 没有可用的 Kc 列或厂家放电数据，无法核算`, `with ${n} cells the required final voltage ${fmt(um, 2)} V has no Kc column and no maker data: the battery cannot be checked`, { value: um });
    return null;
  }
  const placement = req.options.randomLoadPlacement ?? rules.stepMethod.randomLoadPlacement.value;
  const o = stepMethod(duty.steps, duty.iRandomA, src, rules.stepMethod.krel.value, placement, rules.loadClasses.randomDurationS.value / 60);
  if (!o.ok) {
    addProblem(ctx, 'KC_OUT_OF_TABLE', 'error', at, `Kc 表 ${src.label} 不覆盖 ${fmt(o.tMin, 3)} min（不外推），无法核算`, `Kc table ${src.label} does not cover ${fmt(o.tMin, 3)} min (no extrapolation): the battery cannot be checked`, { value: o.tMin, limit: [o.minMin, o.maxMin] });
    return null;
  }
  const res = o.value;
  const stages: BatteryCheckStage[] = res.stages.map((s) => {
    const required = s.withRandomAh ?? s.capacityAh;
    const margin = capacityAh - required;
    return { stage: s.k, endMin: s.endMin, capacityAh: s.capacityAh, requiredAh: required, withRandom: s.withRandomAh !== null, availableAh: capacityAh, marginAh: margin, marginPct: pct(margin, required), ok: margin >= -EPS };
  });
  const marginAh = capacityAh - res.requiredAh;
  const check: BatteryCheck = {
    capacityAh,
    cellCount: n,
    itemCode: item?.code ?? null,
    groups,
    requiredFinalVoltageV: um,
    finalVoltageV: src.finalVoltageV,
    kcSource: { kind: src.kind, label: src.label },
    stages,
    randomAh: res.randomAh,
    requiredAh: res.requiredAh,
    marginAh,
    marginPct: pct(marginAh, res.requiredAh),
    ok: stages.every((s) => s.ok) && marginAh >= -EPS,
  };
  const tags = uniqueTags(duty.confidence, src.confidence, [rules.stepMethod.krel.confidence]);
  if (ctx.traceOn) {
    for (const s of stages) {
      addEntry(ctx, () => ({
        id: `check.stage.${s.stage}`,
        quantity: { zh: `核算：第 ${s.stage} 阶段所需容量与现有容量（${fmt(s.endMin)} min）`, en: `Check: stage ${s.stage} required vs available (${fmt(s.endMin)} min)` },
        symbol: `ΔC${s.stage}`,
        value: s.marginAh,
        unit: 'Ah',
        formula: { zh: `ΔC = C10（现有）− Cc${s.stage}${s.withRandom ? '（含 CR）' : ''}`, en: `ΔC = C10(existing) − Cc${s.stage}${s.withRandom ? ' (with CR)' : ''}` },
        substituted: `ΔC = ${fmt(capacityAh)} − ${fmt(s.requiredAh, 2)} = ${fmt(s.marginAh, 2)} Ah (${fmt(s.marginPct, 1)} %)`,
        verdict: s.ok ? 'pass' : 'fail',
        ...(s.ok
          ? {}
          : {
              valueText: {
                zh: `不满足：第 ${s.stage} 阶段需 ${fmt(s.requiredAh, 1)} Ah，现有 ${fmt(capacityAh)} Ah，缺 ${fmt(-s.marginAh, 1)} Ah；应增大蓄电池容量或减少该阶段负荷`,
                en: `not met: stage ${s.stage} needs ${fmt(s.requiredAh, 1)} Ah, ${fmt(capacityAh)} Ah available, short by ${fmt(-s.marginAh, 1)} Ah; use a larger battery or reduce the load of that stage`,
              },
            }),
        inputs: [{ symbol: 'n', value: n, unit: '' }, { symbol: 'Um', value: um, unit: 'V' }],
        clause: 'DL/T 5044-2014 Appendix C (step method); product decision 11',
        confidence: tags,
        note: { zh: `Kc：${src.text.zh}；每组按全部负荷核算`, en: `Kc: ${src.text.en}; each group carries the whole load` },
      }));
    }
  }
  const short = stages.filter((s) => !s.ok);
  if (short.length > 0) {
    addProblem(ctx, 'CHECK_BATTERY_SHORT', 'warning', `${at}.capacityAh`, `现有蓄电池 ${fmt(capacityAh)} Ah 不足：第 ${short.map((s) => s.stage).join('、')} 阶段需 ${short.map((s) => fmt(s.requiredAh, 1)).join('、')} Ah（最大缺 ${fmt(-Math.min(...short.map((s) => s.marginAh)), 1)} Ah）`, `existing battery ${fmt(capacityAh)} Ah is short: stage ${short.map((s) => s.stage).join(', ')} needs ${short.map((s) => fmt(s.requiredAh, 1)).join(', ')} Ah (short by up to ${fmt(-Math.min(...short.map((s) => s.marginAh)), 1)} Ah)`, { value: capacityAh, limit: res.requiredAh, clause: 'DL/T 5044-2014 Appendix C; product decision 11' });
  }
  return check;
}

export interface ClosingCheck {
  breakerId: string;
  itemCode: string | null;
  ratingA: number | null;
  closingCurrentA: number;
  durationMs: number;
  multiple: number | null;
  /** ok / trips from curve data; noCurve: the catalog item has none; outsideCurve: the multiple is beyond it. */
  status: 'ok' | 'trips' | 'noCurve' | 'outsideCurve';
  withstandMs: number | null;
  curveSource: string | null;
  sampleData: boolean;
}

/** The shortest no-trip time at a multiple of In from curve data: the next tabulated multiple at or above (conservative), null beyond the data. */
/** The closing-check outcomes that are not a number, as a reader reads them. */
const CLOSING_STATUS: Record<ClosingCheck['status'], LocalText> = {
  ok: { zh: '满足', en: 'met' },
  trips: { zh: '可能脱扣', en: 'may trip' },
  noCurve: { zh: '无曲线数据，未校验', en: 'no curve data, not checked' },
  outsideCurve: { zh: '超出曲线数据，未校验', en: 'beyond the curve data, not checked' },
};

export function noTripTimeMs(curve: NonNullable<Breaker['tripCurve']>, multiple: number): number | null {
  if (multiple <= 1 + EPS) return Infinity;
  for (const p of curve.noTripMs) if (p.multiple >= multiple - EPS) return p.timeMs;
  return null;
}

export function checkClosingBreakers(ctx: SizingContext, selections: readonly BreakerSelection[]): ClosingCheck[] {
  const { req, cat } = ctx;
  const out: ClosingCheck[] = [];
  const feeders: { f: (typeof req.feeders.main)[number]; id: string; path: string }[] = [
    ...req.feeders.main.map((f, i) => ({ f, id: `brk.main.${i}`, path: `requirements.feeders.main[${i}]` })),
    ...req.feeders.subPanels.flatMap((s, i) => s.feeders.map((f, j) => ({ f, id: `brk.sub.${i}.${j}`, path: `requirements.feeders.subPanels[${i}].feeders[${j}]` }))),
  ];
  for (const { f, id, path } of feeders) {
    if (f.kind !== 'closing' || f.closingCurrentA === undefined || f.closingDurationMs === undefined) continue;
    const sel = selections.find((s) => s.id === id);
    const item = sel?.itemCode ? cat.byFamily.breaker.find((b) => b.code === sel.itemCode) : undefined;
    const icl = f.closingCurrentA;
    const t = f.closingDurationMs;
    const rating = sel?.ratingA ?? null;
    const multiple = rating ? icl / rating : null;
    const curve = item?.tripCurve;
    const withstand = curve && multiple !== null ? noTripTimeMs(curve, multiple) : null;
    const status: ClosingCheck['status'] = !curve ? 'noCurve' : withstand === null ? 'outsideCurve' : withstand > t + EPS ? 'ok' : 'trips';
    out.push({ breakerId: id, itemCode: item?.code ?? null, ratingA: rating, closingCurrentA: icl, durationMs: t, multiple, status, withstandMs: withstand === Infinity ? null : withstand, curveSource: curve?.source ?? null, sampleData: curve?.sample ?? false });
    const code = item?.code ?? '—';
    const sample = curve?.sample ? { zh: '（示例曲线数据，非厂家数据）', en: ' (SAMPLE curve data, not the maker\'s)' } : { zh: '', en: '' };
    if (ctx.traceOn) addEntry(ctx, () => ({
      id: `breakers.closingCheck.${id}`,
      quantity: { zh: `合闸电流耐受校验：${sel?.name.zh ?? id}`, en: `Closing-current withstand: ${sel?.name.en ?? id}` },
      symbol: 't(no trip)',
      value: withstand === null || withstand === Infinity ? status : withstand,
      unit: withstand === null || withstand === Infinity ? '' : 'ms',
      ...(withstand === null || withstand === Infinity ? { valueText: CLOSING_STATUS[status] } : {}),
      ...(status === 'trips' ? { verdict: 'fail' as const, valueText: { zh: `不满足：${fmt(withstand as number)} ms 内可能脱扣，比合闸时间 ${fmt(t)} ms 短 ${fmt(t - (withstand as number))} ms；应选用更大额定电流或更慢特性的断路器`, en: `not met: may trip within ${fmt(withstand as number)} ms, ${fmt(t - (withstand as number))} ms shorter than the ${fmt(t)} ms closing time; choose a larger rating or a slower curve` } } : status === 'ok' ? { verdict: 'pass' as const } : {}),
      formula: {
        zh: 'Icl / In → 由目录脱扣曲线查不脱扣时间（取不小于该倍数的表列值）> 合闸时间',
        en: 'Icl / In → no-trip time from the catalog curve (next tabulated multiple at or above) > closing time',
      },
      substituted: (() => {
        const head = `${fmt(icl)} A / ${rating === null ? '—' : fmt(rating)} A = ${multiple === null ? '—' : fmt(multiple, 2)} × In`;
        const tail = `${withstand === Infinity ? '∞' : fmt((withstand ?? 0) as number)} ms ${status === 'ok' ? '>' : '≤'} ${fmt(t)} ms`;
        return {
          zh: `${head}；${status === 'noCurve' ? `${code} 无曲线数据` : status === 'outsideCurve' ? '超出曲线数据范围' : `不脱扣时间 ${tail}`}`,
          en: `${head}; ${status === 'noCurve' ? `${code} has no curve data` : status === 'outsideCurve' ? 'beyond the curve data' : `no trip for ${tail}`}`,
        };
      })(),
      inputs: [{ symbol: 'Icl', value: icl, unit: 'A' }, { symbol: 't', value: t, unit: 'ms' }],
      clause: 'DL/T 5044-2014 Appendix A (closing circuit: overload trip time longer than the closing time; S-04)',
      confidence: curve?.sample ? ['P'] : [],
      note: curve ? { zh: `曲线来源：${curve.source}${sample.zh}`, en: `curve source: ${curve.source}${sample.en}` } : undefined,
    }));
    if (status === 'noCurve' || status === 'outsideCurve') {
      addProblem(ctx, 'CLOSING_CURVE_MISSING', 'warning', `${path}.closingDurationMs`, `${sel?.name.zh ?? id}：${status === 'noCurve' ? `目录中断路器 ${code} 没有脱扣曲线数据` : `${fmt(multiple ?? 0, 2)} 倍 In 超出断路器 ${code} 的曲线数据`}，合闸电流 ${fmt(icl)} A、${fmt(t)} ms 未校验`, `${sel?.name.en ?? id}: ${status === 'noCurve' ? `catalog breaker ${code} has no trip-curve data` : `${fmt(multiple ?? 0, 2)} × In is beyond the curve data of ${code}`}; the closing current ${fmt(icl)} A for ${fmt(t)} ms is NOT checked`, { value: t });
    } else if (status === 'trips') {
      addProblem(ctx, 'CLOSING_BREAKER_TRIPS', 'warning', `${path}.closingDurationMs`, `${sel?.name.zh ?? id}：断路器 ${code}（${fmt(rating ?? 0)} A）在 ${fmt(multiple ?? 0, 2)} 倍 In 下 ${fmt(withstand as number)} ms 内可能脱扣，合闸电流持续 ${fmt(t)} ms：请选用更大额定电流或更慢特性的断路器${sample.zh}`, `${sel?.name.en ?? id}: breaker ${code} (${fmt(rating ?? 0)} A) may trip within ${fmt(withstand as number)} ms at ${fmt(multiple ?? 0, 2)} × In while the closing current lasts ${fmt(t)} ms: choose a larger rating or a slower curve${sample.en}`, { value: t, limit: withstand });
    }
  }
  return out;
}
