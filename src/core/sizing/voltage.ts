/**
 * Number of cells and the voltage band — DL/T 5044-2014 §3.2 (system voltage; clause numbering recalled),
 * dlt5044.md §1.1–1.3. n = 1.05·Un/Uf; neighbouring integers (multiples of 6 for 12 V blocks) checked
 * against the end-of-discharge floor (0.85 / 0.875·Un by load type), the equalize ceiling (1.10 / 1.125·Un)
 * and the Kc columns available; the required final voltage Um = f·Un/n is rounded (0.01 V) and then UP to
 * the next available Kc column (product decision 2). The equalize voltage is the highest 0.01 V step in
 * the technology's range that keeps n·Uc within the ceiling (product decision 8); a dropper (降压硅链) only
 * for a combined system where no step in the range does, or where a higher voltage was entered on purpose.
 */
import type { Confidence } from '../provenance.ts';
import type { Requirements } from '../project/schema.ts';
import type { LocalText } from '../text.ts';
import { addEntry, addProblem, EPS, fmt, uniqueTags, type SizingContext } from './context.ts';

/** How the equalize voltage was chosen (product decision 8). */
export type EqualizeBasis = 'entered' | 'highestStepWithinLimit' | 'noStepInRange' | 'rangeTop';

export interface CellCandidate {
  cellCount: number;
  floatPerCellAtTargetV: number;
  requiredFinalV: number;
  finalCovered: boolean;
  equalizeMinOk: boolean;
  equalizeMaxOk: boolean;
  accepted: boolean;
  reason: { zh: string; en: string };
}

export interface VoltageResult {
  cellCount: number;
  unitVoltageV: 2 | 12;
  cellsPerUnit: 1 | 6;
  unitsPerString: number;
  floatVoltagePerCellV: number;
  floatBusV: number;
  /** Required end-of-discharge voltage per cell, exact and rounded to the rules' step. */
  requiredFinalVoltageExactV: number;
  requiredFinalVoltageV: number;
  /** The chosen equalize voltage (decision 8), the technology range and the ceiling. busMaxV = busV (kept for readers). */
  equalize: { perCellV: number; busV: number; basis: EqualizeBasis; perCellMinV: number; perCellMaxV: number; limitPerCellV: number; busMaxV: number; limitBusV: number };
  /** A dropper, and why: no equalize step in the range meets the ceiling, or the entered voltage is above it on purpose. */
  dropper: { required: boolean; dropV: number; currentA: number; reason: 'noStepInRange' | 'enteredAboveLimit' } | null;
  candidates: CellCandidate[];
  endFactor: number;
  confidence: Confidence[];
}

/** Rounds a required final voltage to the rules' step (nearest). */
/** The DC load types as a reader names them. */
export const LOAD_TYPE_NAMES: Record<Requirements['dcLoadType'], LocalText> = {
  controlOnly: { zh: '控制负荷', en: 'control loads only' },
  powerOnly: { zh: '动力负荷', en: 'power loads only' },
  combined: { zh: '控制与动力负荷共用', en: 'combined control and power loads' },
};

export function roundFinal(v: number, step: number): number {
  return Math.round(v / step + 1e-9) * step;
}

/** The next available column ≥ the required final voltage (product decision 2), or null. */
export function chooseColumn(requiredV: number, available: readonly number[]): number | null {
  let best: number | null = null;
  for (const v of available) if (v >= requiredV - 1e-9 && (best === null || v < best)) best = v;
  return best;
}

export function sizeVoltage(ctx: SizingContext, availableFinalV: readonly number[], maxControlA: number): VoltageResult | null {
  const { req, rules } = ctx;
  const un = req.nominalVoltageV;
  const vl = rules.voltageLimits;
  const tech = rules.cellVoltages.technologies.find((t) => t.technology === req.battery.technology);
  if (!tech) {
    addProblem(ctx, 'TECHNOLOGY_UNKNOWN', 'error', 'requirements.battery.technology', `规则中没有 ${req.battery.technology} 的单体电压`, `No cell voltages for ${req.battery.technology} in the rules`);
    return null;
  }
  const unitVoltageV = req.battery.unitVoltageV;
  const cellsPerUnit = unitVoltageV === 12 ? 6 : 1;
  const uf = req.battery.floatVoltagePerCellV ?? tech.float.default ?? tech.float.min;
  const ufTags: Confidence[] = req.battery.floatVoltagePerCellV !== undefined ? [] : [tech.float.confidence];
  const loadType = req.dcLoadType;
  const endCoef = vl.endOfDischargeFactor[loadType];
  const eqCoef = vl.equalizeMaxFactor[loadType];
  const step = vl.finalVoltageRoundingV.value;
  const telecom = req.systemKind === 'telecomSystem';
  const ucMin = req.battery.equalizeVoltagePerCellV ?? tech.equalize.min;
  const ucMax = req.battery.equalizeVoltagePerCellV ?? tech.equalize.max;
  const ucTags: Confidence[] = req.battery.equalizeVoltagePerCellV !== undefined ? [] : [tech.equalize.confidence];
  const maxAvail = availableFinalV.length ? Math.max(...availableFinalV) : null;

  const n0 = (vl.floatBusFactor.value * un) / uf;
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'voltage.n0',
    quantity: { zh: '蓄电池单体数计算值', en: 'Number of cells (calculated)' },
    symbol: 'n0',
    value: n0,
    unit: '',
    formula: 'n0 = 1.05·Un / Uf',
    substituted: `n0 = ${fmt(vl.floatBusFactor.value)} × ${un} / ${fmt(uf)} = ${fmt(n0, 2)}`,
    inputs: [
      { symbol: 'Un', value: un, unit: 'V' },
      { symbol: 'Uf', value: uf, unit: 'V', label: req.battery.floatVoltagePerCellV !== undefined ? { zh: '项目输入', en: 'entered' } : { zh: '技术默认值', en: 'technology default' } },
    ],
    clause: vl.floatBusFactor.clause ?? vl.clause,
    confidence: uniqueTags(vl.floatBusFactor.confidence, ufTags),
    note: telecom ? { zh: '-48 V 通信电源不适用此式，单体数按项目输入', en: 'not applicable to -48 V telecom systems; the entered cell count is used' } : undefined,
  }));

  const evaluate = (n: number): CellCandidate => {
    const exact = (endCoef.value * un) / n;
    const requiredFinalV = req.battery.finalVoltagePerCellV ?? roundFinal(exact, step);
    const finalCovered = maxAvail !== null && requiredFinalV <= maxAvail + EPS;
    const limitPerCell = (eqCoef.value * un) / n;
    const equalizeMinOk = telecom || ucMin <= limitPerCell + EPS;
    const equalizeMaxOk = telecom || ucMax <= limitPerCell + EPS;
    const dropperCan = loadType === 'combined';
    const accepted = finalCovered && (equalizeMinOk || dropperCan);
    const reason = !finalCovered
      ? { zh: `所需终止电压 ${fmt(requiredFinalV, 3)} V 高于所有可用 Kc 列`, en: `required final voltage ${fmt(requiredFinalV, 3)} V is above every available Kc column` }
      : !equalizeMinOk && !dropperCan
        ? { zh: `均充电压 ${fmt(ucMin)} V 超过上限 ${fmt(limitPerCell, 3)} V/单体`, en: `equalize ${fmt(ucMin)} V exceeds the ${fmt(limitPerCell, 3)} V/cell ceiling` }
        : { zh: '满足', en: 'meets the limits' };
    return { cellCount: n, floatPerCellAtTargetV: (vl.floatBusFactor.value * un) / n, requiredFinalV, finalCovered, equalizeMinOk, equalizeMaxOk, accepted, reason };
  };

  let candidates: CellCandidate[];
  let chosen: CellCandidate;
  if (req.battery.cellCount !== undefined) {
    chosen = evaluate(req.battery.cellCount);
    candidates = [chosen];
  } else {
    const unit = cellsPerUnit;
    const near = Math.max(unit, Math.round(n0 / unit) * unit);
    const lo = Math.max(unit, Math.floor(n0 / unit) * unit);
    const hi = Math.ceil(n0 / unit) * unit;
    const order = [...new Set([near, lo, hi, hi + unit].filter((v) => v >= unit))];
    candidates = order.map(evaluate);
    chosen = candidates.find((c) => c.accepted) ?? (candidates[0] as CellCandidate);
  }
  const n = chosen.cellCount;
  const cTags = uniqueTags(vl.floatBusFactor.confidence, ufTags, endCoef.confidence, eqCoef.confidence, vl.finalVoltageRoundingV.confidence);
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'voltage.n',
    quantity: { zh: '蓄电池单体数', en: 'Number of cells' },
    symbol: 'n',
    value: n,
    unit: cellsPerUnit === 6 ? { zh: '只（每块 6 只）', en: 'cells (6 per block)' } : { zh: '只', en: 'cells' },
    formula:
      req.battery.cellCount !== undefined
        ? { zh: 'n = 项目输入', en: 'n = entered' }
        : cellsPerUnit === 6
          ? { zh: 'n = 最接近 n0 且满足 Um、Uc 限值的 6 的倍数', en: 'n = multiple of 6 next to n0 meeting the Um and Uc limits' }
          : { zh: 'n = 最接近 n0 且满足 Um、Uc 限值的整数', en: 'n = integer next to n0 meeting the Um and Uc limits' },
    substituted: {
      zh: candidates.map((c) => `${c.cellCount} 只：${c.reason.zh}${c === chosen ? ' ← 选用' : ''}`).join('；'),
      en: candidates.map((c) => `${c.cellCount}: ${c.reason.en}${c === chosen ? ' ← chosen' : ''}`).join('; '),
    },
    inputs: [{ symbol: 'n0', value: n0, unit: '', ref: 'voltage.n0' }],
    clause: 'DL/T 5044-2014 §3.2 (cell count; numbering R)',
    confidence: cTags,
  }));
  if (n % cellsPerUnit !== 0) {
    addProblem(ctx, 'CELLS_NOT_MULTIPLE_OF_6', 'error', 'requirements.battery.cellCount', '12 V 组合电池的单体数须为 6 的倍数', 'with 12 V blocks the cell count must be a multiple of 6', { value: n });
    return null;
  }

  const exact = (endCoef.value * un) / n;
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'voltage.UmRequired',
    quantity: { zh: '要求的放电终止电压（单体）', en: 'Required final voltage per cell' },
    symbol: 'Um',
    value: chosen.requiredFinalV,
    unit: 'V',
    formula:
      req.battery.finalVoltagePerCellV !== undefined
        ? { zh: 'Um = 项目输入', en: 'Um = entered' }
        : { zh: `Um = ${fmt(endCoef.value)}·Un / n，按 ${fmt(step)} V 取整`, en: `Um = ${fmt(endCoef.value)}·Un / n, rounded to ${fmt(step)} V` },
    substituted: req.battery.finalVoltagePerCellV !== undefined ? `Um = ${fmt(chosen.requiredFinalV)} V` : `Um = ${fmt(endCoef.value)} × ${un} / ${n} = ${fmt(exact, 4)} → ${fmt(chosen.requiredFinalV, 2)} V`,
    inputs: [
      { symbol: 'Un', value: un, unit: 'V' },
      { symbol: 'n', value: n, unit: '', ref: 'voltage.n' },
    ],
    clause: endCoef.clause ?? vl.clause,
    confidence: req.battery.finalVoltagePerCellV !== undefined ? [] : uniqueTags(endCoef.confidence, vl.finalVoltageRoundingV.confidence),
    note: { zh: `直流负荷类型：${LOAD_TYPE_NAMES[loadType].zh}`, en: `DC load type: ${LOAD_TYPE_NAMES[loadType].en}` },
  }));
  if (Math.abs(roundFinal(exact, step) - exact) > EPS && roundFinal(exact, step) < exact && req.battery.finalVoltagePerCellV === undefined) {
    addProblem(
      ctx,
      'FINAL_VOLTAGE_ROUNDED',
      'info',
      'requirements.battery',
      `要求的终止电压 ${fmt(exact, 4)} V 按 ${fmt(step)} V 取整为 ${fmt(chosen.requiredFinalV, 2)} V；终止时蓄电池出口 ${fmt(chosen.requiredFinalV * n, 2)} V，低于 ${fmt(endCoef.value * un, 2)} V 共 ${fmt(endCoef.value * un - chosen.requiredFinalV * n, 2)} V`,
      `required final voltage ${fmt(exact, 4)} V rounded to ${fmt(chosen.requiredFinalV, 2)} V (${fmt(step)} V step); at end of discharge the outlet is ${fmt(chosen.requiredFinalV * n, 2)} V, ${fmt(endCoef.value * un - chosen.requiredFinalV * n, 2)} V under ${fmt(endCoef.value * un, 2)} V`,
      { value: exact, limit: chosen.requiredFinalV, clause: vl.clause },
    );
  }
  if (!chosen.finalCovered) {
    addProblem(
      ctx,
      'FINAL_VOLTAGE_ABOVE_TABLES',
      'error',
      'requirements.battery',
      `所需终止电压 ${fmt(chosen.requiredFinalV, 3)} V 高于所有可用的 Kc 列（${availableFinalV.join(', ') || '无'} V）：缺少该终止电压的 Kc 表（rules/dlt5044/kc/），或蓄电池厂家放电数据`,
      `required final voltage ${fmt(chosen.requiredFinalV, 3)} V is above every available Kc column (${availableFinalV.join(', ') || 'none'} V): the Kc table for that final voltage is missing (rules/dlt5044/kc/), or the maker's discharge data`,
      { value: chosen.requiredFinalV, limit: availableFinalV, clause: 'DL/T 5044-2014 Appendix C; product decision 2' },
    );
  }

  const limitPerCell = (eqCoef.value * un) / n;
  const limitBus = eqCoef.value * un;
  // Product decision 8: the equalize voltage is a choice inside the technology's range — the highest
  // step that keeps n·Uc within the ceiling; a dropper only when no step in the range does, or when the
  // engineer entered a higher voltage on purpose.
  const ucStep = tech.equalize.step ?? 0.01;
  const entered = req.battery.equalizeVoltagePerCellV;
  const highestStep = Math.round(Math.floor(limitPerCell / ucStep + 1e-9) * ucStep * 1e6) / 1e6;
  let uc: number;
  let basis: EqualizeBasis;
  if (entered !== undefined) {
    uc = entered;
    basis = 'entered';
  } else if (telecom) {
    uc = tech.equalize.max;
    basis = 'rangeTop';
  } else if (highestStep >= tech.equalize.min - EPS) {
    uc = Math.min(tech.equalize.max, highestStep);
    basis = 'highestStepWithinLimit';
  } else {
    uc = tech.equalize.max;
    basis = 'noStepInRange';
  }
  const busV = n * uc;
  const over = !telecom && busV > limitBus + EPS;
  const basisText: Record<EqualizeBasis, { zh: string; en: string }> = {
    entered: { zh: '项目输入的均充电压', en: 'equalize voltage entered for the project' },
    rangeTop: { zh: '通信电源：取技术范围上限（不校验母线上限）', en: 'telecom system: top of the technology range (no bus ceiling applies)' },
    highestStepWithinLimit: { zh: `取范围 ${fmt(tech.equalize.min)}–${fmt(tech.equalize.max)} V 内满足母线上限的最高 ${fmt(ucStep)} V 档`, en: `the highest ${fmt(ucStep)} V step in ${fmt(tech.equalize.min)}–${fmt(tech.equalize.max)} V that keeps the bus within its ceiling` },
    noStepInRange: { zh: `范围 ${fmt(tech.equalize.min)}–${fmt(tech.equalize.max)} V 内没有满足母线上限的电压，取上限 ${fmt(tech.equalize.max)} V`, en: `no voltage in ${fmt(tech.equalize.min)}–${fmt(tech.equalize.max)} V meets the bus ceiling; the top ${fmt(tech.equalize.max)} V is used` },
  };
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'voltage.equalize',
    quantity: { zh: '均衡充电电压（单体）', en: 'Equalize charge voltage per cell' },
    symbol: 'Uc',
    value: uc,
    unit: { zh: 'V/只', en: 'V/cell' },
    formula: {
      zh: `Uc ≤ ${fmt(eqCoef.value)}·Un / n；Uc 取 [${fmt(tech.equalize.min)}, ${fmt(tech.equalize.max)}] 内满足该式的最高 ${fmt(ucStep)} V 档（项目输入时除外）`,
      en: `Uc ≤ ${fmt(eqCoef.value)}·Un / n; Uc = highest ${fmt(ucStep)} V step in [${fmt(tech.equalize.min)}, ${fmt(tech.equalize.max)}] meeting it (unless entered)`,
    },
    substituted: `Uc ≤ ${fmt(eqCoef.value)} × ${un} / ${n} = ${fmt(limitPerCell, 3)} V → Uc = ${fmt(uc)} V; n·Uc = ${n} × ${fmt(uc)} = ${fmt(busV, 1)} V ${over ? '>' : '≤'} ${fmt(limitBus, 1)} V`,
    inputs: [{ symbol: 'n', value: n, unit: '', ref: 'voltage.n' }],
    clause: eqCoef.clause ?? vl.clause,
    confidence: uniqueTags(eqCoef.confidence, ucTags),
    note: basisText[basis],
  }));
  let dropper: VoltageResult['dropper'] = null;
  if (over) {
    if (loadType === 'combined') {
      const dropV = busV - limitBus;
      const reason = basis === 'entered' ? 'enteredAboveLimit' : 'noStepInRange';
      dropper = { required: true, dropV, currentA: maxControlA, reason };
      const why = reason === 'enteredAboveLimit'
        ? { zh: `项目有意设定均充电压 ${fmt(uc)} V，高于满足上限的 ${fmt(limitPerCell, 3)} V`, en: `the project sets equalize to ${fmt(uc)} V on purpose, above the ${fmt(limitPerCell, 3)} V that meets the ceiling` }
        : { zh: `${n} 只时范围 ${fmt(tech.equalize.min)}–${fmt(tech.equalize.max)} V 内没有满足上限 ${fmt(limitPerCell, 3)} V 的均充电压`, en: `with ${n} cells no equalize voltage in ${fmt(tech.equalize.min)}–${fmt(tech.equalize.max)} V meets the ${fmt(limitPerCell, 3)} V ceiling` };
      if (ctx.traceOn) addEntry(ctx, () => ({
        id: 'voltage.dropper',
        quantity: { zh: '降压硅链（控制母线）', en: 'Silicon dropper (control bus)' },
        symbol: 'ΔUd',
        value: dropV,
        unit: 'V',
        formula: { zh: 'ΔUd = n·Uc − 1.10·Un；Id = 最大控制负荷电流', en: 'ΔUd = n·Uc − 1.10·Un; Id = max control current' },
        substituted: `ΔUd = ${n} × ${fmt(uc)} − ${fmt(limitBus, 1)} = ${fmt(dropV, 2)} V; Id = ${fmt(maxControlA, 2)} A`,
        inputs: [{ symbol: 'n', value: n, unit: '', ref: 'voltage.n' }, { symbol: 'Uc', value: uc, unit: 'V', ref: 'voltage.equalize' }],
        clause: 'DL/T 5044-2014 §3.2 (combined system, control bus ceiling; numbering R); product decision 8',
        confidence: uniqueTags(eqCoef.confidence, ucTags, 'D'),
        note: why,
      }));
      addProblem(ctx, 'DROPPER_REQUIRED', 'warning', reason === 'enteredAboveLimit' ? 'requirements.battery.equalizeVoltagePerCellV' : 'requirements.battery', `合并供电系统均充时母线 ${fmt(busV, 1)} V 高于控制母线上限 ${fmt(limitBus, 1)} V：需配置降压硅链（降 ${fmt(dropV, 1)} V）。原因：${why.zh}`, `combined system: equalize bus ${fmt(busV, 1)} V is above the control-bus ceiling ${fmt(limitBus, 1)} V; a silicon dropper (${fmt(dropV, 1)} V) is needed. Why: ${why.en}`, { value: busV, limit: limitBus, clause: vl.clause });
    } else {
      addProblem(ctx, 'VOLTAGE_BAND_NOT_MET', 'warning', entered !== undefined ? 'requirements.battery.equalizeVoltagePerCellV' : 'requirements.battery', `均充电压 ${fmt(uc)} V × ${n} = ${fmt(busV, 1)} V 超过上限 ${fmt(limitBus, 1)} V，无法满足电压范围${entered !== undefined && highestStep >= tech.equalize.min - EPS ? `；请取 ≤ ${fmt(Math.min(highestStep, tech.equalize.max))} V/单体` : ''}`, `equalize ${fmt(uc)} V × ${n} = ${fmt(busV, 1)} V exceeds the ${fmt(limitBus, 1)} V ceiling: the voltage band cannot be met${entered !== undefined && highestStep >= tech.equalize.min - EPS ? `; choose ≤ ${fmt(Math.min(highestStep, tech.equalize.max))} V/cell` : ''}`, { value: busV, limit: limitBus, clause: vl.clause });
    }
  }
  const floatBusV = n * uf;
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'voltage.floatBus',
    quantity: { zh: '浮充时母线电压', en: 'Bus voltage on float' },
    symbol: 'Ub,f',
    value: floatBusV,
    unit: 'V',
    formula: { zh: 'Ub,f = n·Uf（目标 1.05·Un）', en: 'Ub,f = n·Uf (target 1.05·Un)' },
    substituted: `Ub,f = ${n} × ${fmt(uf)} = ${fmt(floatBusV, 2)} V (${fmt((100 * floatBusV) / un, 1)} % Un)`,
    inputs: [{ symbol: 'n', value: n, unit: '', ref: 'voltage.n' }],
    clause: vl.floatBusFactor.clause ?? vl.clause,
    confidence: uniqueTags(vl.floatBusFactor.confidence, ufTags),
  }));
  return {
    cellCount: n,
    unitVoltageV,
    cellsPerUnit,
    unitsPerString: n / cellsPerUnit,
    floatVoltagePerCellV: uf,
    floatBusV,
    requiredFinalVoltageExactV: req.battery.finalVoltagePerCellV ?? exact,
    requiredFinalVoltageV: chosen.requiredFinalV,
    equalize: { perCellV: uc, busV, basis, perCellMinV: tech.equalize.min, perCellMaxV: tech.equalize.max, limitPerCellV: limitPerCell, busMaxV: busV, limitBusV: limitBus },
    dropper,
    candidates,
    endFactor: endCoef.value,
    confidence: cTags,
  };
}
