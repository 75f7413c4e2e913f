/**
 * Number of cells and the voltage band — DL/T 5044-2014 §3.2 (system voltage; clause numbering recalled),
 * dlt5044.md §1.1–1.3. n = 1.05·Un/Uf; neighbouring integers (multiples of 6 for 12 V blocks) checked
 * against the end-of-discharge floor (0.85 / 0.875·Un by load type), the equalize ceiling (1.10 / 1.125·Un)
 * and the Kc columns available; the required final voltage Um = f·Un/n is rounded (0.01 V) and then UP to
 * the next available Kc column (product decision 2). A dropper (降压硅链) is flagged when the equalize
 * voltage of a combined system is above the control-bus ceiling.
 */
import type { Confidence } from '../provenance.ts';
import { addEntry, addProblem, EPS, fmt, uniqueTags, type SizingContext } from './context.ts';

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
  equalize: { perCellMinV: number; perCellMaxV: number; limitPerCellV: number; busMaxV: number; limitBusV: number };
  dropper: { required: boolean; dropV: number; currentA: number } | null;
  candidates: CellCandidate[];
  endFactor: number;
  confidence: Confidence[];
}

/** Rounds a required final voltage to the rules' step (nearest). */
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
    unit: cellsPerUnit === 6 ? 'cells (6 per block)' : 'cells',
    formula: req.battery.cellCount !== undefined ? 'n = entered' : cellsPerUnit === 6 ? 'n = multiple of 6 next to n0 meeting Um and Uc limits' : 'n = integer next to n0 meeting Um and Uc limits',
    substituted: candidates.map((c) => `${c.cellCount}: ${c.reason.en}${c === chosen ? ' ← chosen' : ''}`).join('; '),
    inputs: [{ symbol: 'n0', value: n0, unit: '', ref: 'voltage.n0' }],
    clause: 'DL/T 5044-2014 §3.2 (cell count; numbering R)',
    confidence: cTags,
    note: { zh: candidates.map((c) => `${c.cellCount} 只：${c.reason.zh}`).join('；'), en: candidates.map((c) => `${c.cellCount} cells: ${c.reason.en}`).join('; ') },
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
    formula: req.battery.finalVoltagePerCellV !== undefined ? 'Um = entered' : `Um = ${loadType === 'controlOnly' ? '0.85' : '0.875'}·Un / n, rounded to ${fmt(step)} V`,
    substituted: req.battery.finalVoltagePerCellV !== undefined ? `Um = ${fmt(chosen.requiredFinalV)} V (project)` : `Um = ${fmt(endCoef.value)} × ${un} / ${n} = ${fmt(exact, 4)} → ${fmt(chosen.requiredFinalV, 2)} V`,
    inputs: [
      { symbol: 'Un', value: un, unit: 'V' },
      { symbol: 'n', value: n, unit: '', ref: 'voltage.n' },
    ],
    clause: endCoef.clause ?? vl.clause,
    confidence: req.battery.finalVoltagePerCellV !== undefined ? [] : uniqueTags(endCoef.confidence, vl.finalVoltageRoundingV.confidence),
    note: { zh: `负荷类型：${loadType}`, en: `DC load type: ${loadType}` },
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
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'voltage.equalize',
    quantity: { zh: '均衡充电时母线电压上限', en: 'Bus voltage ceiling during equalize charge' },
    symbol: 'Uc,max',
    value: limitPerCell,
    unit: 'V/cell',
    formula: `Uc ≤ ${fmt(eqCoef.value)}·Un / n; n·Uc = bus voltage`,
    substituted: `Uc ≤ ${fmt(eqCoef.value)} × ${un} / ${n} = ${fmt(limitPerCell, 3)} V; n·Uc = ${n} × (${fmt(ucMin)}…${fmt(ucMax)}) = ${fmt(n * ucMin, 1)}…${fmt(n * ucMax, 1)} V vs ${fmt(limitBus, 1)} V`,
    inputs: [{ symbol: 'n', value: n, unit: '', ref: 'voltage.n' }],
    clause: eqCoef.clause ?? vl.clause,
    confidence: uniqueTags(eqCoef.confidence, ucTags),
  }));
  let dropper: VoltageResult['dropper'] = null;
  if (!telecom && n * ucMax > limitBus + EPS) {
    if (loadType === 'combined') {
      const dropV = n * ucMax - limitBus;
      dropper = { required: true, dropV, currentA: maxControlA };
      if (ctx.traceOn) addEntry(ctx, () => ({
        id: 'voltage.dropper',
        quantity: { zh: '降压硅链（控制母线）', en: 'Silicon dropper (control bus)' },
        symbol: 'ΔUd',
        value: dropV,
        unit: 'V',
        formula: 'ΔUd = n·Uc,max − 1.10·Un; Id = max control current',
        substituted: `ΔUd = ${n} × ${fmt(ucMax)} − ${fmt(limitBus, 1)} = ${fmt(dropV, 2)} V; Id = ${fmt(maxControlA, 2)} A`,
        inputs: [{ symbol: 'n', value: n, unit: '', ref: 'voltage.n' }],
        clause: 'DL/T 5044-2014 §3.2 (combined system, control bus ceiling; numbering R)',
        confidence: uniqueTags(eqCoef.confidence, ucTags, 'D'),
      }));
      addProblem(ctx, 'DROPPER_REQUIRED', 'warning', 'requirements.dcLoadType', `合并供电系统均充时母线 ${fmt(n * ucMax, 1)} V 高于控制母线上限 ${fmt(limitBus, 1)} V：需配置降压硅链（降 ${fmt(dropV, 1)} V），或将均充电压限制在 ${fmt(limitPerCell, 3)} V/单体以下`, `combined system: equalize bus ${fmt(n * ucMax, 1)} V is above the control-bus ceiling ${fmt(limitBus, 1)} V; a silicon dropper (${fmt(dropV, 1)} V) is needed, or keep equalize ≤ ${fmt(limitPerCell, 3)} V/cell`, { value: n * ucMax, limit: limitBus, clause: vl.clause });
    } else if (n * ucMin > limitBus + EPS) {
      addProblem(ctx, 'VOLTAGE_BAND_NOT_MET', 'warning', 'requirements.battery', `均充电压 ${fmt(ucMin)} V × ${n} = ${fmt(n * ucMin, 1)} V 超过上限 ${fmt(limitBus, 1)} V，无法满足电压范围`, `equalize ${fmt(ucMin)} V × ${n} = ${fmt(n * ucMin, 1)} V exceeds the ${fmt(limitBus, 1)} V ceiling: the voltage band cannot be met`, { value: n * ucMin, limit: limitBus, clause: vl.clause });
    } else {
      addProblem(ctx, 'EQUALIZE_LIMIT', 'info', 'requirements.battery.equalizeVoltagePerCellV', `均充电压须设定在 ${fmt(limitPerCell, 3)} V/单体及以下（母线 ≤ ${fmt(limitBus, 1)} V）`, `set the equalize voltage to ≤ ${fmt(limitPerCell, 3)} V/cell (bus ≤ ${fmt(limitBus, 1)} V)`, { value: ucMax, limit: limitPerCell, clause: vl.clause });
    }
  }
  const floatBusV = n * uf;
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'voltage.floatBus',
    quantity: { zh: '浮充时母线电压', en: 'Bus voltage on float' },
    symbol: 'Ub,f',
    value: floatBusV,
    unit: 'V',
    formula: 'Ub,f = n·Uf (target 1.05·Un)',
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
    equalize: { perCellMinV: ucMin, perCellMaxV: ucMax, limitPerCellV: limitPerCell, busMaxV: n * ucMax, limitBusV: limitBus },
    dropper,
    candidates,
    endFactor: endCoef.value,
    confidence: cTags,
  };
}
