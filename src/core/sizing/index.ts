/**
 * size(requirements, catalog, rules): the whole DL/T 5044-2014 sizing, pure and fast (no zod, no clock,
 * no I/O; the catalog is indexed once per catalog object). Clause families live in their own files:
 *   loads.ts (§4.1–4.2)  voltage.ts (§3.2)  battery.ts (App. C)  charger.ts (App. D, §3.4)
 *   breakers.ts (§5, App. A)  cables.ts (App. E)  equipment.ts (App. F, derived)  monitoring.ts  model-code.ts
 * Returns the configuration a BOM builder needs, the trace, the problems and the load statistics table.
 */
import type { Catalog } from '../catalog/schema.ts';
import type { Problem } from '../problems.ts';
import type { Requirements } from '../project/schema.ts';
import type { ArrangementId, Rules } from '../rules/schema.ts';
import type { TraceEntry } from '../trace.ts';
import { isEntryConfirmed } from '../trace.ts';
import { availableFinalVoltages, reportMissingKcTables, sizeBattery, type BatteryCandidate, type BatteryResult } from './battery.ts';
import { sizeBreakers, type BreakerSelection, type SelectivityPair } from './breakers.ts';
import { sizeCables, type CableSelection } from './cables.ts';
import { sizeCharger, sizeDcdc, sizeInverter, type ChargerResult, type DcdcResult, type InverterResult, type ModuleOption } from './charger.ts';
import { addEntry, addProblem, indexCatalog, type SizingContext } from './context.ts';
import { checkClosingBreakers, checkExistingBattery, type BatteryCheck, type ClosingCheck } from './check.ts';
import { dischargeTestCurrent, sizeEquipment, type EquipmentResult, type PanelLine } from './equipment.ts';
import { sizeLoads, type LoadStatistics } from './loads.ts';
import { modelCode } from './model-code.ts';
import { ownerOf, sizeMonitoring, type MonitoringLine } from './monitoring.ts';
import { crossChecks, integratedConfigured } from './cross-checks.ts';
import { sizeAcPanel, type AcBreakerLine } from './ac-panel.ts';
import { sizeVoltage, type CellCandidate, type EqualizeBasis } from './voltage.ts';

export type { LoadStatistics } from './loads.ts';
export type { BatteryCheck, ClosingCheck } from './check.ts';
export { stepMethod, interpolate, rulesKcSource } from './battery.ts';
export { moduleCount } from './charger.ts';
export { chooseColumn, roundFinal } from './voltage.ts';
export { indexCatalog } from './context.ts';

/** One line for the BOM builder: what to buy, how many, where it goes and which trace entry says why. */
export interface ConfiguredLine {
  family: string;
  itemCode: string | null;
  quantity: number;
  unit: 'pcs' | 'set' | 'panel' | 'm' | 'cell' | 'block';
  location: string;
  /** Panel identities (chargerSet:k, batteryGroup:k, subPanel:i) the quantity is divided over evenly; the BOM places by them. */
  owners?: string[];
  reason: { zh: string; en: string };
  traceRef: string;
}

export interface Configuration {
  systemKind: Requirements['systemKind'];
  nominalVoltageV: number;
  modelCode: string;
  modelDescription: { zh: string; en: string };
  arrangement: { id: ArrangementId; batteryGroups: number; chargerSets: number; fromDefault: boolean };
  dischargeDurationMin: number;
  dutyCycleMin: number;
  voltage: {
    cellCount: number;
    unitsPerString: number;
    unitVoltageV: 2 | 12;
    floatVoltagePerCellV: number;
    floatBusV: number;
    requiredFinalVoltageV: number;
    finalVoltageV: number;
    endOfDischargeBatteryV: number;
    equalizeLimitPerCellV: number;
    /** The chosen equalize voltage per cell and on the bus, and how it was chosen (product decision 8). */
    equalizePerCellV: number;
    equalizeBusV: number;
    equalizeBasis: EqualizeBasis;
    candidates: CellCandidate[];
  };
  battery: {
    itemCode: string;
    brand: string;
    capacityAh: number;
    groups: number;
    stringsPerGroup: number;
    unitsPerGroup: number;
    totalUnits: number;
    unit: 'cell' | 'block';
    requiredCapacityAh: number;
    standardCapacityAh: number | null;
    i10A: number;
    kcSource: { kind: 'rules' | 'maker'; label: string };
    stagesAh: number[];
    randomAh: number;
    candidates: BatteryCandidate[];
    shortCircuitA: number | null;
    shortCircuitBasis: 'maker' | 'internalResistance' | null;
  };
  charger: {
    designCurrentA: number;
    floatA: number;
    initialA: number;
    equalizeA: number;
    sets: number;
    module: ModuleOption;
    alternatives: ModuleOption[];
    outputRangeOk: boolean;
    /** Decision 9: float and equalize must lie inside the module's adjustable range; end of discharge is information. */
    outputRange: ChargerResult['outputRange'];
  };
  dcdc: DcdcResult | null;
  inverter: InverterResult | null;
  breakers: BreakerSelection[];
  /** The station AC panel's incomer and feeder breakers (integrated systems; ac-panel.ts), in BOM line order. */
  acBreakers: AcBreakerLine[];
  selectivity: SelectivityPair[];
  /** Closing feeders with a closing duration, checked against the breaker's trip-curve data (or flagged). */
  closingChecks: ClosingCheck[];
  cables: CableSelection[];
  equipment: EquipmentResult;
  dropper: { required: boolean; dropV: number; currentA: number; reason: 'noStepInRange' | 'enteredAboveLimit'; itemCode: string | null } | null;
  monitoring: MonitoringLine[];
  panels: PanelLine[];
  /** Flat list for the BOM builder. */
  lines: ConfiguredLine[];
}

export interface SizingResult {
  /** True when a configuration was produced and no problem is an error. */
  ok: boolean;
  configuration: Configuration | null;
  trace: TraceEntry[];
  problems: Problem[];
  loadStatistics: LoadStatistics | null;
  /** Ids of trace entries that used a value not confirmed against the printed 2014 text (product decision 1). */
  unconfirmed: string[];
  /** Check mode (decision 11): the existing battery of requirements.battery.existing, stage by stage; null when none is given. */
  batteryCheck: BatteryCheck | null;
}

export interface SizeOptions {
  /** Override the random-load rule without touching the project (product decision 3). */
  randomLoadPlacement?: Requirements['options']['randomLoadPlacement'];
  /** false for batch runs (what-if comparisons): the configuration and problems are the same, the trace is not built. Default true. */
  trace?: boolean;
}

function finish(ctx: SizingContext, configuration: Configuration | null, stats: LoadStatistics | null, batteryCheck: BatteryCheck | null = null): SizingResult {
  return {
    ok: configuration !== null && !ctx.problems.some((p) => p.severity === 'error'),
    configuration,
    trace: ctx.trace,
    problems: ctx.problems,
    loadStatistics: stats,
    unconfirmed: ctx.trace.length === 0 ? [] : ctx.trace.filter((e) => !isEntryConfirmed(e)).map((e) => e.id),
    batteryCheck,
  };
}

export function defaultArrangement(req: Requirements, rules: Rules): { id: ArrangementId; fromDefault: boolean; confidence: string } {
  if (req.arrangement) return { id: req.arrangement, fromDefault: false, confidence: '' };
  const lvl = req.site.voltageLevel;
  const d = lvl === 'powerPlant' ? rules.arrangements.defaults.find((x) => x.powerPlant) : rules.arrangements.defaults.find((x) => x.maxVoltageLevelKV !== undefined && lvl <= x.maxVoltageLevelKV);
  if (!d) throw new Error('validated rules have no default arrangement for this voltage level');
  return { id: d.arrangement, fromDefault: true, confidence: d.confidence };
}

export function size(requirements: Requirements, catalog: Catalog, rules: Rules, options: SizeOptions = {}): SizingResult {
  const req: Requirements = options.randomLoadPlacement ? { ...requirements, options: { ...requirements.options, randomLoadPlacement: options.randomLoadPlacement } } : requirements;
  const ctx: SizingContext = { req, rules, cat: indexCatalog(catalog), trace: [], problems: [], traceOn: options.trace !== false };

  const arrDef = defaultArrangement(req, rules);
  const arr = rules.arrangements.arrangements.find((a) => a.id === arrDef.id);
  if (!arr) throw new Error(`arrangement ${arrDef.id} missing from validated rules`);
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'arrangement',
    quantity: { zh: '蓄电池组与充电装置配置', en: 'Battery groups and charger sets' },
    symbol: 'arrangement',
    value: arr.id,
    unit: '',
    valueText: arr.name,
    formula: arrDef.fromDefault
      ? { zh: '按电压等级默认（110 kV 及以下：1 组；220 kV 及以上：2 组）', en: 'default by voltage level (≤ 110 kV: 1 group; ≥ 220 kV: 2 groups)' }
      : { zh: '项目输入', en: 'entered' },
    substituted: { zh: `${arr.name.zh}：蓄电池 ${arr.batteryGroups} 组，充电装置 ${arr.chargerSets} 套`, en: `${arr.name.en}: ${arr.batteryGroups} battery group(s), ${arr.chargerSets} charger set(s)` },
    clause: rules.arrangements.clause,
    confidence: arrDef.fromDefault ? [arrDef.confidence as TraceEntry['confidence'][number]] : [],
  }));

  if (!integratedConfigured(ctx)) return finish(ctx, null, null);
  crossChecks.arrangement(ctx, arr.batteryGroups, arrDef.fromDefault);
  const duty = sizeLoads(ctx);
  if (!duty) return finish(ctx, null, null);
  const finals = availableFinalVoltages(ctx);
  if (finals.length === 0 && reportMissingKcTables(ctx)) return finish(ctx, null, duty.statistics);
  const volt = sizeVoltage(ctx, finals, duty.maxControlA);
  if (!volt || ctx.problems.some((p) => p.severity === 'error')) return finish(ctx, null, duty.statistics);
  const check = checkExistingBattery(ctx, duty, volt.cellCount, arr.batteryGroups);
  const battery: BatteryResult | null = sizeBattery(ctx, duty, volt, arr.batteryGroups);
  if (!battery) return finish(ctx, null, duty.statistics, check);
  const endBatteryV = volt.cellCount * battery.finalVoltageV;
  const charger: ChargerResult | null = sizeCharger(ctx, duty, volt, battery.i10A, arr.chargerSets, endBatteryV);
  if (!charger) return finish(ctx, null, duty.statistics, check);

  let dcdc: DcdcResult | null = null;
  let inverter: InverterResult | null = null;
  if (req.systemKind === 'integratedSystem' && req.integrated) {
    if (req.integrated.telecom48) dcdc = sizeDcdc(ctx, req.integrated.telecom48.currentA);
    if (req.integrated.ups) inverter = sizeInverter(ctx, req.integrated.ups.kind, req.integrated.ups.ratedKVA, req.integrated.ups.count);
    crossChecks.integratedLoads(ctx, duty.loads, dcdc, inverter);
  }

  const brk = sizeBreakers(ctx, {
    groups: arr.batteryGroups,
    chargerSets: arr.chargerSets,
    i10A: battery.i10A,
    i1A: duty.i1A,
    chargerRatedA: charger.chosen.ratedCurrentA,
    maxLoadA: duty.maxA,
    iscA: battery.shortCircuit?.currentA ?? null,
    dischargeTestA: dischargeTestCurrent(ctx, battery.i10A),
  });
  const closingChecks = checkClosingBreakers(ctx, brk.selections);
  const lastStep = duty.steps[duty.steps.length - 1];
  const rated = (id: string) => {
    const b = brk.selections.find((s) => s.id === id);
    return b && b.ratingA !== null ? { id, ratingA: b.ratingA } : null;
  };
  const protection = { batteryOutlet: rated('brk.batteryOutlet'), subPanelIncoming: req.feeders.subPanels.map((_, i) => rated(`brk.sub.${i}.in`)) };
  const cab = sizeCables(ctx, { groups: arr.batteryGroups, i1hA: brk.i1hA, i1A: duty.i1A, lastStepA: lastStep?.currentA ?? 0, endBatteryV, protection });
  const mainFeederCount = req.feeders.main.reduce((a, f) => a + f.count, 0) + req.feeders.subPanels.length;
  const feederCircuits = mainFeederCount + req.feeders.subPanels.reduce((a, s) => a + s.feeders.reduce((b, f) => b + f.count, 0), 0);
  const eq = sizeEquipment(ctx, {
    capacityAh: battery.capacityAh,
    groupCapacityAh: battery.groupCapacityAh,
    i10A: battery.i10A,
    i1hA: brk.i1hA,
    chargerRatedA: charger.chosen.ratedCurrentA,
    groups: arr.batteryGroups,
    chargerSets: arr.chargerSets,
    modulesPerSet: charger.chosen.totalModules,
    moduleFamily: charger.moduleFamily,
    moduleCode: charger.chosen.itemCode,
    unitsPerGroup: battery.unitsPerGroup,
    unitVoltageV: volt.unitVoltageV,
    dropper: volt.dropper ? { dropV: volt.dropper.dropV, currentA: volt.dropper.currentA } : null,
    mainFeederCount,
    dcdcModules: dcdc?.totalModules ?? 0,
    hasUps: inverter !== null,
  });
  const mon = sizeMonitoring(ctx, { mainFeederCircuits: mainFeederCount, batteryGroups: arr.batteryGroups, chargerSets: arr.chargerSets, acIncomers: req.integrated?.acIncomers ?? 0 });
  const telecomModule = charger.moduleFamily === 'telecomRectifier' ? ctx.cat.byFamily.telecomRectifier.find((m) => m.code === charger.chosen.itemCode) : undefined;
  const integ = req.systemKind === 'integratedSystem' ? req.integrated : undefined;
  const mc = modelCode(ctx, {
    chargerRatedA: charger.chosen.ratedCurrentA,
    moduleRatingA: charger.chosen.moduleRatingA,
    telecomSeries: telecomModule?.systemSeries,
    baseModules: charger.chosen.baseModules,
    upsKVA: integ?.ups ? integ.ups.ratedKVA * integ.ups.count : null,
    upsCount: integ?.ups?.count ?? 0,
    telecom48A: integ?.telecom48 ? integ.telecom48.currentA : null,
    dcdcInstalledA: dcdc ? dcdc.baseModules * dcdc.moduleRatingA : null,
    acRatedA: integ?.acRatedCurrentA ?? null,
    batteryAh: battery.groupCapacityAh,
  });
  const setOwners = Array.from({ length: arr.chargerSets }, (_, k) => ownerOf.chargerSet(k + 1));
  const groupOwners = Array.from({ length: arr.batteryGroups }, (_, k) => ownerOf.batteryGroup(k + 1));

  const unitIsBlock = volt.cellsPerUnit === 6;
  const lines: ConfiguredLine[] = [];
  const line = (l: ConfiguredLine) => {
    if (l.quantity > 0) lines.push(l);
  };
  line({ family: 'battery', itemCode: battery.item.code, quantity: battery.totalUnits, unit: unitIsBlock ? 'block' : 'cell', location: 'battery', owners: groupOwners, reason: { zh: `${battery.groups} 组 × ${battery.unitsPerGroup} 只`, en: `${battery.groups} group(s) × ${battery.unitsPerGroup} units` }, traceRef: 'battery.C10' });
  line({ family: charger.moduleFamily, itemCode: charger.chosen.itemCode, quantity: charger.chosen.totalModules * arr.chargerSets, unit: 'pcs', location: 'charger', owners: setOwners, reason: { zh: `${arr.chargerSets} 套 × (${charger.chosen.baseModules}+${charger.chosen.spareModules})`, en: `${arr.chargerSets} set(s) × (${charger.chosen.baseModules}+${charger.chosen.spareModules})` }, traceRef: 'charger.modules' });
  if (dcdc) line({ family: 'dcdcModule', itemCode: dcdc.itemCode, quantity: dcdc.totalModules, unit: 'pcs', location: 'telecom', reason: { zh: `${dcdc.baseModules}+${dcdc.spareModules}`, en: `${dcdc.baseModules}+${dcdc.spareModules}` }, traceRef: 'dcdc.modules' });
  if (inverter) line({ family: 'inverter', itemCode: inverter.itemCode, quantity: inverter.count, unit: 'set', location: 'ups', reason: { zh: `${inverter.ratedKVA} kVA`, en: `${inverter.ratedKVA} kVA` }, traceRef: 'inverter.selection' });
  const subIndex = new Map(req.feeders.subPanels.map((s, i) => [s.name, i]));
  for (const b of brk.selections) {
    // Charger output breakers: one per set, in that set's panel; a sub panel's feeders in that sub panel.
    const owners = b.kind === 'chargerOutput' && b.quantity === arr.chargerSets ? setOwners : b.kind === 'subPanelFeeder' && subIndex.has(b.location) ? [ownerOf.subPanel(subIndex.get(b.location) as number)] : undefined;
    line({ family: 'breaker', itemCode: b.itemCode, quantity: b.quantity, unit: 'pcs', location: b.location, ...(owners ? { owners } : {}), reason: b.name, traceRef: b.traceId });
  }
  const acBreakers = sizeAcPanel(ctx);
  for (const a of acBreakers) line({ family: 'breaker', itemCode: a.itemCode, quantity: a.quantity, unit: 'pcs', location: 'ac', reason: a.name, traceRef: 'ac.breakers' });
  for (const c of cab.selections) line({ family: 'cable', itemCode: c.itemCode, quantity: c.orderLengthM, unit: 'm', location: c.kind, reason: c.name, traceRef: c.traceId });
  if (eq.perGroup.shunt) line({ family: 'shunt', itemCode: eq.perGroup.shunt.itemCode, quantity: arr.batteryGroups, unit: 'pcs', location: 'main', reason: { zh: '蓄电池回路分流器', en: 'battery circuit shunt' }, traceRef: 'equipment.shunt' });
  if (eq.dropper) line({ family: 'dropper', itemCode: eq.dropper.itemCode, quantity: arr.batteryGroups, unit: 'set', location: 'main', reason: { zh: '控制母线降压硅链', en: 'control-bus silicon dropper' }, traceRef: 'voltage.dropper' });
  if (eq.batteryInspection) line({ family: 'batteryInspection', itemCode: eq.batteryInspection.itemCode, quantity: eq.batteryInspection.unitsPerGroup * arr.batteryGroups, unit: 'pcs', location: 'battery', owners: groupOwners, reason: { zh: `电池巡检：每组 ${eq.batteryInspection.unitsPerGroup} 只`, en: `battery inspection: ${eq.batteryInspection.unitsPerGroup} per group` }, traceRef: 'monitoring.batteryInspection' });
  for (const m of mon) line({ family: m.family, itemCode: m.itemCode, quantity: m.quantity, unit: 'pcs', location: m.location, ...(m.owners ? { owners: m.owners } : {}), reason: m.reason, traceRef: m.traceRef });
  for (const p of eq.panels) line({ family: 'cabinet', itemCode: p.itemCode, quantity: p.quantity, unit: 'panel', location: p.kind, ...(p.owner ? { owners: [p.owner] } : {}), reason: p.reason, traceRef: 'equipment.panels' });
  const bar = eq.mainBus.busbar;
  if (bar && ctx.traceOn) addEntry(ctx, () => ({ id: 'equipment.busbar', quantity: { zh: '主母线选型', en: 'Main busbar' }, symbol: 'busbar', value: bar.itemCode, unit: '', formula: { zh: '目录母线额定电流 ≥ Ibus', en: 'catalog busbar rating ≥ Ibus' }, substituted: `${bar.itemCode} ${bar.ratedCurrentA} A`, inputs: [{ symbol: 'Ibus', value: eq.mainBus.currentA, unit: 'A', ref: 'equipment.mainBus' }], clause: 'DL/T 5044-2014 Appendix F (R-med)', confidence: ['R-med'] }));
  for (const l of lines) if (l.itemCode === null) addProblem(ctx, 'LINE_WITHOUT_ITEM', 'warning', `configuration.lines[${l.family}]`, `${l.reason.zh}：目录中无合适物料`, `${l.reason.en}: no suitable catalog item`);

  const configuration: Configuration = {
    systemKind: req.systemKind,
    nominalVoltageV: req.nominalVoltageV,
    modelCode: mc.code,
    modelDescription: mc.description,
    arrangement: { id: arr.id, batteryGroups: arr.batteryGroups, chargerSets: arr.chargerSets, fromDefault: arrDef.fromDefault },
    dischargeDurationMin: duty.accidentMin,
    dutyCycleMin: duty.cycleMin,
    voltage: {
      cellCount: volt.cellCount,
      unitsPerString: volt.unitsPerString,
      unitVoltageV: volt.unitVoltageV,
      floatVoltagePerCellV: volt.floatVoltagePerCellV,
      floatBusV: volt.floatBusV,
      requiredFinalVoltageV: volt.requiredFinalVoltageV,
      finalVoltageV: battery.finalVoltageV,
      endOfDischargeBatteryV: endBatteryV,
      equalizeLimitPerCellV: volt.equalize.limitPerCellV,
      equalizePerCellV: volt.equalize.perCellV,
      equalizeBusV: volt.equalize.busV,
      equalizeBasis: volt.equalize.basis,
      candidates: volt.candidates,
    },
    battery: {
      itemCode: battery.item.code,
      brand: battery.item.brand,
      capacityAh: battery.capacityAh,
      groups: battery.groups,
      stringsPerGroup: battery.stringsPerGroup,
      unitsPerGroup: battery.unitsPerGroup,
      totalUnits: battery.totalUnits,
      unit: unitIsBlock ? 'block' : 'cell',
      requiredCapacityAh: battery.requiredAh,
      standardCapacityAh: battery.standardCapacityAh,
      i10A: battery.i10A,
      kcSource: battery.kcSource,
      stagesAh: battery.step.stages.map((s) => s.capacityAh),
      randomAh: battery.step.randomAh,
      candidates: battery.candidates,
      shortCircuitA: battery.shortCircuit?.currentA ?? null,
      shortCircuitBasis: battery.shortCircuit?.basis ?? null,
    },
    charger: {
      designCurrentA: charger.designCurrentA,
      floatA: charger.floatA,
      initialA: charger.initialA,
      equalizeA: charger.equalizeA,
      sets: charger.sets,
      module: charger.chosen,
      alternatives: charger.alternatives,
      outputRangeOk: charger.outputRange.ok,
      outputRange: charger.outputRange,
    },
    dcdc,
    inverter,
    breakers: brk.selections,
    selectivity: brk.selectivity,
    closingChecks,
    cables: cab.selections,
    equipment: eq,
    dropper: volt.dropper ? { ...volt.dropper, itemCode: eq.dropper?.itemCode ?? null } : null,
    monitoring: mon,
    panels: eq.panels,
    acBreakers,
    lines,
  };
  return finish(ctx, configuration, duty.statistics, check);
}
