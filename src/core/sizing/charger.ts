/**
 * Charger (充电装置) and high-frequency module count — DL/T 5044-2014 Appendix D, §3.4.2–3.4.3;
 * dlt5044.md §4; product decision 4.
 *   float     Ir = 0.01·I10 + Ijc      (factor as data, R-med)
 *   initial   Ir = 1.0…1.25·I10        (upper factor used, R-med)
 *   equalize  Ir = 1.25·I10 + Ijc      (S)
 *   design current = max of the three; n1 = ceil(Ir / Ime); n2 = 1 if n1 ≤ 6 else 2; per charger set.
 * Also: the alternative module ratings of the same voltage side by side, the output-voltage range check
 * (float and equalize inside the adjustable range; end of discharge is information — product decision 9), DC/DC modules for -48 V telecom loads and
 * the UPS / inverter of integrated systems.
 *
 * "Rated current" of a charger set (model code, charger-output breaker) = n1 × Ime: the base modules'
 * current, spares excluded (matches the catalog example ZHDCS 220 V 30 A with 100 Ah: 3 × 10 A + 1).
 */
import type { ItemOf } from '../catalog/schema.ts';
import type { Confidence } from '../provenance.ts';
import type { LocalText } from '../text.ts';
import { addEntry, addProblem, EPS, fmt, pickByBrand, uniqueTags, type SizingContext } from './context.ts';
import type { DutyCycle } from './loads.ts';
import type { VoltageResult } from './voltage.ts';

export interface ModuleOption {
  itemCode: string;
  brand: string;
  moduleRatingA: number;
  baseModules: number;
  spareModules: number;
  totalModules: number;
  ratedCurrentA: number;
  installedCurrentA: number;
}

export interface ChargerResult {
  floatA: number;
  initialA: number;
  equalizeA: number;
  designCurrentA: number;
  sets: number;
  moduleFamily: 'rectifierModule' | 'telecomRectifier';
  chosen: ModuleOption;
  alternatives: ModuleOption[];
  /** Decision 9: needed = [min, max] of float and equalize on the bus; endOfDischargeV is information. */
  outputRange: { minV: number; maxV: number; floatV: number; equalizeV: number; endOfDischargeV: number; neededMinV: number; neededMaxV: number; bottomOk: boolean; topOk: boolean; ok: boolean };
  confidence: Confidence[];
}

export function moduleCount(ir: number, ime: number, maxBaseForOneSpare: number, sparesSmall: number, sparesLarge: number): { n1: number; n2: number } {
  const n1 = Math.max(1, Math.ceil(ir / ime - 1e-9));
  return { n1, n2: n1 <= maxBaseForOneSpare ? sparesSmall : sparesLarge };
}

type Module = ItemOf<'rectifierModule'> | ItemOf<'telecomRectifier'>;

export function sizeCharger(ctx: SizingContext, duty: DutyCycle, volt: VoltageResult, i10A: number, sets: number, endBusV: number): ChargerResult | null {
  const { req, rules, cat } = ctx;
  const c = rules.charger;
  const ijc = duty.i0A;
  const floatA = c.floatFactor.value * i10A + ijc;
  const initialA = c.initialChargeFactor.value * i10A;
  const equalizeA = c.equalizeFactor.value * i10A + ijc;
  const design = Math.max(floatA, initialA, equalizeA);
  const gov = design === equalizeA ? { zh: '均衡充电', en: 'equalize' } : design === initialA ? { zh: '初充电', en: 'initial' } : { zh: '浮充', en: 'float' };
  const base = ctx.traceOn ? [{ symbol: 'I10', value: i10A, unit: 'A', ref: 'battery.I10' }, { symbol: 'Ijc', value: ijc, unit: 'A', ref: 'loads.I0' }] : [];
  if (ctx.traceOn) addEntry(ctx, () => ({ id: 'charger.float', quantity: { zh: '浮充电流', en: 'Float charge current' }, symbol: 'Ir,f', value: floatA, unit: 'A', formula: 'Ir = Kf·I10 + Ijc', substituted: `Ir = ${fmt(c.floatFactor.value)} × ${fmt(i10A, 2)} + ${fmt(ijc, 2)} = ${fmt(floatA, 2)} A`, inputs: base, clause: c.floatFactor.clause ?? c.clause, confidence: [c.floatFactor.confidence] }));
  if (ctx.traceOn) addEntry(ctx, () => ({ id: 'charger.initial', quantity: { zh: '初充电电流', en: 'Initial charge current' }, symbol: 'Ir,i', value: initialA, unit: 'A', formula: 'Ir = Ki·I10', substituted: `Ir = ${fmt(c.initialChargeFactor.value)} × ${fmt(i10A, 2)} = ${fmt(initialA, 2)} A`, inputs: base.slice(0, 1), clause: c.initialChargeFactor.clause ?? c.clause, confidence: [c.initialChargeFactor.confidence] }));
  if (ctx.traceOn) addEntry(ctx, () => ({ id: 'charger.equalize', quantity: { zh: '均衡充电电流', en: 'Equalizing charge current' }, symbol: 'Ir,e', value: equalizeA, unit: 'A', formula: 'Ir = Ke·I10 + Ijc', substituted: `Ir = ${fmt(c.equalizeFactor.value)} × ${fmt(i10A, 2)} + ${fmt(ijc, 2)} = ${fmt(equalizeA, 2)} A`, inputs: base, clause: c.equalizeFactor.clause ?? c.clause, confidence: [c.equalizeFactor.confidence] }));
  const tags = uniqueTags(c.floatFactor.confidence, c.initialChargeFactor.confidence, c.equalizeFactor.confidence);
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'charger.Ir',
    quantity: { zh: '充电装置额定电流（计算）', en: 'Charger design current' },
    symbol: 'Ir',
    value: design,
    unit: 'A',
    formula: 'Ir = max(Ir,f, Ir,i, Ir,e)',
    substituted: {
      zh: `Ir = max(${fmt(floatA, 2)}, ${fmt(initialA, 2)}, ${fmt(equalizeA, 2)}) = ${fmt(design, 2)} A（${gov.zh}）`,
      en: `Ir = max(${fmt(floatA, 2)}, ${fmt(initialA, 2)}, ${fmt(equalizeA, 2)}) = ${fmt(design, 2)} A (${gov.en})`,
    },
    inputs: [
      { symbol: 'Ir,f', value: floatA, unit: 'A', ref: 'charger.float' },
      { symbol: 'Ir,i', value: initialA, unit: 'A', ref: 'charger.initial' },
      { symbol: 'Ir,e', value: equalizeA, unit: 'A', ref: 'charger.equalize' },
    ],
    clause: 'DL/T 5044-2014 Appendix D; product decision 4',
    confidence: tags,
  }));

  const telecom = req.systemKind === 'telecomSystem';
  const family = telecom ? 'telecomRectifier' : 'rectifierModule';
  // Modules of this voltage, their ratings and the module picked per rating: per catalog, voltage and brand.
  const mkey = `modules|${family}|${req.nominalVoltageV}|${req.charger.moduleBrand ?? ''}`;
  let mm = cat.memo.get(mkey) as { modules: Module[]; ratings: number[]; picks: Module[] } | undefined;
  if (!mm) {
    const modules: Module[] = telecom
      ? cat.byFamily.telecomRectifier.filter((m) => Math.abs(m.outputVoltageV - req.nominalVoltageV) < 1)
      : cat.byFamily.rectifierModule.filter((m) => m.nominalVoltageV === req.nominalVoltageV);
    const order = cat.brandOrder(family, req.charger.moduleBrand);
    const ratings = [...new Set(modules.map((m) => m.ratedCurrentA))].sort((a, b) => a - b);
    mm = { modules, ratings, picks: ratings.map((r) => pickByBrand(modules, order, (x) => x.ratedCurrentA === r) as Module) };
    cat.memo.set(mkey, mm);
  }
  const { modules, ratings, picks } = mm;
  if (modules.length === 0) {
    addProblem(ctx, 'CATALOG_NO_MODULE', 'error', 'requirements.charger', `目录中没有 ${req.nominalVoltageV} V 充电模块`, `The catalog has no ${req.nominalVoltageV} V charger module`);
    return null;
  }
  const mc = c.modules;
  const options: ModuleOption[] = ratings.map((r, i) => {
    const m = picks[i] as Module;
    const { n1, n2 } = moduleCount(design, r, mc.maxBaseForOneSpare.value, mc.sparesSmall.value, mc.sparesLarge.value);
    return { itemCode: m.code, brand: m.brand, moduleRatingA: r, baseModules: n1, spareModules: n2, totalModules: n1 + n2, ratedCurrentA: n1 * r, installedCurrentA: (n1 + n2) * r };
  });
  const wanted = telecom ? req.telecom?.moduleRatingA : req.charger.moduleRatingA;
  let chosen: ModuleOption | undefined;
  let how: { zh: string; en: string };
  if (wanted !== undefined) {
    chosen = options.find((o) => Math.abs(o.moduleRatingA - wanted) < EPS);
    how = { zh: '按项目选定的模块规格', en: 'module rating chosen for the project' };
    if (!chosen) {
      addProblem(ctx, 'MODULE_RATING_NOT_IN_CATALOG', 'error', telecom ? 'requirements.telecom.moduleRatingA' : 'requirements.charger.moduleRatingA', `目录中没有 ${wanted} A 的 ${req.nominalVoltageV} V 模块（可选：${ratings.join(', ')} A）`, `no ${wanted} A module at ${req.nominalVoltageV} V in the catalog (available: ${ratings.join(', ')} A)`, { value: wanted, limit: [...ratings] });
      return null;
    }
  } else {
    // Tool choice [P]: the fewest modules; on a tie the smaller rating.
    chosen = [...options].sort((a, b) => a.totalModules - b.totalModules || a.moduleRatingA - b.moduleRatingA)[0] as ModuleOption;
    how = { zh: '未指定规格：取模块总数最少者（工具默认，非标准要求）', en: 'no rating entered: the fewest modules (tool default, not a clause)' };
  }
  const sparesTags: Confidence[] = sets >= 3 ? [mc.sparesInStandbySet.confidence] : [];
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'charger.modules',
    quantity: { zh: '每套充电装置模块数', en: 'Modules per charger set' },
    symbol: 'n',
    value: chosen.totalModules,
    unit: { zh: '只', en: 'modules' },
    formula: {
      zh: `n1 = ceil(Ir / Ime)；n1 ≤ ${fmt(mc.maxBaseForOneSpare.value)} 时 n2 = ${fmt(mc.sparesSmall.value)}，否则 n2 = ${fmt(mc.sparesLarge.value)}；n = n1 + n2`,
      en: `n1 = ceil(Ir / Ime); n2 = ${fmt(mc.sparesSmall.value)} if n1 ≤ ${fmt(mc.maxBaseForOneSpare.value)} else ${fmt(mc.sparesLarge.value)}; n = n1 + n2`,
    },
    substituted: {
      zh: `n1 = ceil(${fmt(design, 2)} / ${fmt(chosen.moduleRatingA)}) = ${chosen.baseModules}；n2 = ${chosen.spareModules}；n = ${chosen.totalModules} × ${chosen.itemCode}；${sets} 套`,
      en: `n1 = ceil(${fmt(design, 2)} / ${fmt(chosen.moduleRatingA)}) = ${chosen.baseModules}; n2 = ${chosen.spareModules}; n = ${chosen.totalModules} × ${chosen.itemCode}; ${sets} set(s)`,
    },
    inputs: [{ symbol: 'Ir', value: design, unit: 'A', ref: 'charger.Ir' }, { symbol: 'Ime', value: chosen.moduleRatingA, unit: 'A' }],
    clause: mc.maxBaseForOneSpare.clause ?? c.clause,
    confidence: uniqueTags(tags, mc.maxBaseForOneSpare.confidence, sparesTags, wanted === undefined ? ['P'] : []),
    note: { zh: `${how.zh}；可选规格：${options.map((o) => `${o.moduleRatingA} A × ${o.baseModules}+${o.spareModules}`).join('，')}`, en: `${how.en}; alternatives: ${options.map((o) => `${o.moduleRatingA} A × ${o.baseModules}+${o.spareModules}`).join(', ')}` },
  }));
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'charger.rated',
    quantity: { zh: '充电装置额定输出电流（基本模块）', en: 'Charger rated output current (base modules)' },
    symbol: 'Icn',
    value: chosen.ratedCurrentA,
    unit: 'A',
    formula: { zh: 'Icn = n1 × Ime（不计备用模块）', en: 'Icn = n1 × Ime (spare modules excluded)' },
    substituted: `Icn = ${chosen.baseModules} × ${fmt(chosen.moduleRatingA)} = ${fmt(chosen.ratedCurrentA)} A`,
    inputs: [{ symbol: 'n1', value: chosen.baseModules, unit: '', ref: 'charger.modules' }],
    clause: 'tool definition (model code, charger-output breaker)',
    confidence: ['P'],
  }));

  // Output voltage range (product decision 9): the float and the equalize voltage of the string must lie
  // inside the module's adjustable range; the end-of-discharge voltage is information (recharging from it
  // runs in current-limit mode, below the adjustable range).
  const m = modules.find((x) => x.code === chosen.itemCode) as Module;
  const floatV = volt.floatBusV;
  const equalizeV = volt.equalize.busV;
  const lo = m.outputRangeV.minV;
  const hi = m.outputRangeV.maxV;
  const lowest = Math.min(floatV, equalizeV);
  const highest = Math.max(floatV, equalizeV);
  const bottomOk = lo <= lowest + EPS;
  const topOk = hi >= highest - EPS;
  const ok = bottomOk && topOk;
  const endBelowRange = endBusV < lo - EPS;
  // A failed check says what fails, by how much and what to change.
  const rangeFailure: LocalText = !topOk
    ? {
        zh: `不满足：模块上限 ${fmt(hi)} V 比${equalizeV >= floatV ? '均充' : '浮充'}电压 ${fmt(highest, 1)} V 低 ${fmt(highest - hi, 1)} V；应选用上限 ≥ ${fmt(highest, 1)} V 的模块，或降低均充电压`,
        en: `not met: the module's top ${fmt(hi)} V is ${fmt(highest - hi, 1)} V below the ${equalizeV >= floatV ? 'equalize' : 'float'} voltage ${fmt(highest, 1)} V; choose a module reaching ≥ ${fmt(highest, 1)} V or lower the equalize voltage`,
      }
    : {
        zh: `不满足：模块下限 ${fmt(lo)} V 比浮充电压 ${fmt(lowest, 1)} V 高 ${fmt(lo - lowest, 1)} V；应选用下限 ≤ ${fmt(lowest, 1)} V 的模块`,
        en: `not met: the module's bottom ${fmt(lo)} V is ${fmt(lo - lowest, 1)} V above the float voltage ${fmt(lowest, 1)} V; choose a module whose range starts ≤ ${fmt(lowest, 1)} V`,
      };
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'charger.voltageRange',
    quantity: { zh: '充电装置输出电压范围校验', en: 'Charger output-voltage range check' },
    symbol: 'Uout',
    value: ok ? 'OK' : 'NOT OK',
    valueText: ok ? { zh: '满足', en: 'met' } : rangeFailure,
    verdict: ok ? 'pass' : 'fail',
    unit: '',
    formula: {
      zh: 'Umin（模块）≤ n·Uf 且 n·Uc ≤ Umax（模块）；n·Um（放电末期）不作判据',
      en: 'Umin(module) ≤ n·Uf and n·Uc ≤ Umax(module); n·Um (end of discharge) for information',
    },
    substituted: {
      zh: `${fmt(lo)} V ${bottomOk ? '≤' : '>'} ${fmt(floatV, 1)} V（浮充），${fmt(equalizeV, 1)} V（均充）${topOk ? '≤' : '>'} ${fmt(hi)} V；放电末期 ${fmt(endBusV, 1)} V${endBelowRange ? '（低于可调范围：限流充电）' : ''}`,
      en: `${fmt(lo)} V ${bottomOk ? '≤' : '>'} ${fmt(floatV, 1)} V (float), ${fmt(equalizeV, 1)} V (equalize) ${topOk ? '≤' : '>'} ${fmt(hi)} V; end of discharge ${fmt(endBusV, 1)} V${endBelowRange ? ' (below the range: current-limit mode)' : ''}`,
    },
    inputs: [{ symbol: 'n', value: volt.cellCount, unit: '', ref: 'voltage.n' }, { symbol: 'Uc', value: volt.equalize.perCellV, unit: 'V', ref: 'voltage.equalize' }],
    clause: 'DL/T 5044-2014 Appendix D (output range; R-med); product decision 9',
    confidence: ['R-med', 'P'],
  }));
  if (endBelowRange) {
    addProblem(ctx, 'END_OF_DISCHARGE_BELOW_MODULE_RANGE', 'info', 'requirements.charger', `放电末期蓄电池电压 ${fmt(endBusV, 1)} V 低于模块 ${m.code} 可调范围下限 ${fmt(lo)} V：该段充电处于限流方式，输出跟随蓄电池电压（供审核参考，非告警）`, `end-of-discharge battery voltage ${fmt(endBusV, 1)} V is below the ${fmt(lo)} V bottom of module ${m.code}'s adjustable range: recharging starts in current-limit mode, following the battery voltage (information for the reviewer, not a warning)`, { value: endBusV, limit: lo, clause: 'product decision 9' });
  }
  if (!ok) {
    // Which end fails, and which catalog modules of this voltage would cover float and equalize.
    const fits = modules.filter((x) => x.outputRangeV.minV <= lowest + EPS && x.outputRangeV.maxV >= highest - EPS).map((x) => x.code);
    const suggest = fits.length ? { zh: `可选用：${fits.slice(0, 4).join('、')}`, en: `modules that cover it: ${fits.slice(0, 4).join(', ')}` } : { zh: '目录中没有覆盖该范围的同电压模块', en: 'no module of this voltage in the catalog covers it' };
    if (!topOk) {
      const perCell = Math.floor((hi / volt.cellCount) * 100 + 1e-9) / 100;
      addProblem(ctx, 'CHARGER_RANGE', 'warning', 'requirements.charger', `模块 ${m.code} 可调范围上限 ${fmt(hi)} V 低于${equalizeV >= floatV ? '均充' : '浮充'}电压 ${fmt(highest, 1)} V：请选用上限 ≥ ${fmt(highest, 1)} V 的模块，或将均充电压降至 ≤ ${fmt(perCell)} V/单体。${suggest.zh}`, `module ${m.code}: the top of its adjustable range, ${fmt(hi)} V, is below the ${equalizeV >= floatV ? 'equalize' : 'float'} voltage ${fmt(highest, 1)} V: choose a module reaching ≥ ${fmt(highest, 1)} V, or set equalize ≤ ${fmt(perCell)} V/cell. ${suggest.en}`, { value: highest, limit: hi, clause: 'DL/T 5044-2014 Appendix D; product decision 9' });
    }
    if (!bottomOk) {
      addProblem(ctx, 'CHARGER_RANGE', 'warning', 'requirements.charger', `模块 ${m.code} 可调范围下限 ${fmt(lo)} V 高于浮充电压 ${fmt(lowest, 1)} V：请选用下限 ≤ ${fmt(lowest, 1)} V 的模块。${suggest.zh}`, `module ${m.code}: the bottom of its adjustable range, ${fmt(lo)} V, is above the float voltage ${fmt(lowest, 1)} V: choose a module whose range starts ≤ ${fmt(lowest, 1)} V. ${suggest.en}`, { value: lowest, limit: lo, clause: 'DL/T 5044-2014 Appendix D; product decision 9' });
    }
  }
  return {
    floatA,
    initialA,
    equalizeA,
    designCurrentA: design,
    sets,
    moduleFamily: family,
    chosen,
    alternatives: options,
    outputRange: { minV: lo, maxV: hi, floatV, equalizeV, endOfDischargeV: endBusV, neededMinV: lowest, neededMaxV: highest, bottomOk, topOk, ok },
    confidence: uniqueTags(tags, mc.maxBaseForOneSpare.confidence, sparesTags),
  };
}

export interface DcdcResult {
  itemCode: string;
  moduleRatingA: number;
  baseModules: number;
  spareModules: number;
  totalModules: number;
  outputCurrentA: number;
}

/** DC/DC modules feeding the -48 V telecom load of an integrated system (module rule applied as practice). */
export function sizeDcdc(ctx: SizingContext, currentA: number): DcdcResult | null {
  const { req, rules, cat } = ctx;
  // DC/DC modules of this input voltage, their ratings (catalog order) and the module per rating: per catalog and voltage.
  const dkey = `dcdc|${req.nominalVoltageV}`;
  let dm = cat.memo.get(dkey) as { mods: ItemOf<'dcdcModule'>[]; ratings: number[]; picks: ItemOf<'dcdcModule'>[] } | undefined;
  if (!dm) {
    const mods = cat.byFamily.dcdcModule.filter((m) => Math.abs(m.inputVoltageV - req.nominalVoltageV) < 1 && Math.abs(m.outputVoltageV - 48) < 1);
    const order = cat.brandOrder('dcdcModule');
    const ratings = [...new Set(mods.map((m) => m.ratedCurrentA))];
    dm = { mods, ratings, picks: ratings.map((r) => pickByBrand(mods, order, (x) => x.ratedCurrentA === r) as ItemOf<'dcdcModule'>) };
    cat.memo.set(dkey, dm);
  }
  const { mods, ratings, picks } = dm;
  if (mods.length === 0) {
    addProblem(ctx, 'CATALOG_NO_DCDC', 'error', 'requirements.integrated.telecom48', `目录中没有 ${req.nominalVoltageV} V/48 V DC/DC 模块`, `no ${req.nominalVoltageV} V → 48 V DC/DC module in the catalog`);
    return null;
  }
  const mc = rules.charger.modules;
  const options = ratings.map((r, i) => {
    const m = picks[i] as ItemOf<'dcdcModule'>;
    const { n1, n2 } = moduleCount(currentA, r, mc.maxBaseForOneSpare.value, mc.sparesSmall.value, mc.sparesLarge.value);
    return { itemCode: m.code, moduleRatingA: r, baseModules: n1, spareModules: n2, totalModules: n1 + n2, outputCurrentA: currentA };
  });
  const best = options.sort((a, b) => a.totalModules - b.totalModules || a.moduleRatingA - b.moduleRatingA)[0] as DcdcResult;
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'dcdc.modules',
    quantity: { zh: '通信 DC/DC 模块数', en: 'Telecom DC/DC modules' },
    symbol: 'n',
    value: best.totalModules,
    unit: { zh: '只', en: 'modules' },
    formula: { zh: 'n1 = ceil(I48 / Ime)；n2 按充电模块的备用规则', en: 'n1 = ceil(I48 / Ime); n2 by the charger module rule' },
    substituted: `n1 = ceil(${fmt(currentA, 2)} / ${fmt(best.moduleRatingA)}) = ${best.baseModules}; n2 = ${best.spareModules}; ${best.itemCode}`,
    inputs: [{ symbol: 'I48', value: currentA, unit: 'A' }],
    clause: 'practice (the Appendix D module rule applied to DC/DC converters)',
    confidence: ['P'],
  }));
  return best;
}

export interface InverterResult {
  itemCode: string;
  kind: 'ups' | 'inverter';
  ratedKVA: number;
  count: number;
}

export function sizeInverter(ctx: SizingContext, kind: 'ups' | 'inverter', kva: number, count: number): InverterResult | null {
  const { req, cat } = ctx;
  const order = cat.brandOrder(kind === 'ups' ? 'inverter.ups' : 'inverter.inverter');
  const item = pickByBrand(cat.byFamily.inverter, order, (i) => i.kind === kind && Math.abs(i.dcInputVoltageV - req.nominalVoltageV) < 1 && i.ratedKVA >= kva - EPS);
  if (!item) {
    addProblem(ctx, 'CATALOG_NO_INVERTER', 'error', 'requirements.integrated.ups', `目录中没有 ≥ ${kva} kVA、直流 ${req.nominalVoltageV} V 输入的 ${kind}`, `no ${kind} ≥ ${kva} kVA with ${req.nominalVoltageV} V DC input in the catalog`, { value: kva });
    return null;
  }
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'inverter.selection',
    quantity: { zh: 'UPS/逆变电源选择', en: 'UPS / inverter selection' },
    symbol: 'S',
    value: item.ratedKVA,
    unit: 'kVA',
    formula: { zh: 'S（目录）≥ S（要求），直流输入电压 = Un', en: 'S(catalog) ≥ S(required), DC input = Un' },
    substituted: `${item.code}: ${fmt(item.ratedKVA)} kVA ≥ ${fmt(kva)} kVA × ${count}`,
    clause: 'product selection',
    confidence: [],
  }));
  return { itemCode: item.code, kind, ratedKVA: item.ratedKVA, count };
}
