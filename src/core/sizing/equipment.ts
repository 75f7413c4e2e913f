/**
 * Battery-circuit equipment and main bus — DL/T 5044-2014 Appendix F (NOT retrieved; the rules hold a
 * DERIVED table [D], rules/dlt5044/equipment-f.yaml), dlt5044.md §7; plus the panels a BOM needs.
 *   outlet device ≥ I1h (derived row shown when the capacity is in the table)
 *   shunt ≥ I1h (practice, the printed ammeter/shunt column is not available)
 *   main bus ≥ max(I1h, charger rated output) [R-med]; busbar from the catalog
 *   dropper chain when voltage.ts says one is needed
 *   battery inspection units, cabinets/racks, charger, feeder, sub feeder, AC, UPS and telecom panels
 */
import type { ItemOf } from '../catalog/schema.ts';
import type { Confidence } from '../provenance.ts';
import { addEntry, addProblem, EPS, fmt, PCS, pickByBrand, uniqueTags, type SizingContext } from './context.ts';
import { ownerOf } from './monitoring.ts';

export interface PanelLine {
  kind: ItemOf<'cabinet'>['kind'];
  itemCode: string | null;
  quantity: number;
  /** Identity of what these panels belong to (chargerSet:k, batteryGroup:k, subPanel:i): the BOM places by it. */
  owner?: string;
  reason: { zh: string; en: string };
}

export interface EquipmentResult {
  perGroup: {
    i1hA: number;
    derivedRow: { capacityAh: number; deviceRatingsA: number[] } | null;
    shunt: { itemCode: string; ratedCurrentA: number } | null;
  };
  mainBus: { currentA: number; busbar: { itemCode: string; ratedCurrentA: number } | null };
  dischargeTestA: number;
  dropper: { itemCode: string | null; dropV: number; currentA: number } | null;
  batteryInspection: { itemCode: string; unitsPerGroup: number } | null;
  panels: PanelLine[];
  confidence: Confidence[];
}

export function dischargeTestCurrent(ctx: SizingContext, i10A: number): number {
  return ctx.rules.equipmentF.dischargeTestFactor.value * i10A;
}

export interface EquipmentInputs {
  capacityAh: number;
  groupCapacityAh: number;
  i10A: number;
  i1hA: number;
  chargerRatedA: number;
  groups: number;
  chargerSets: number;
  modulesPerSet: number;
  moduleFamily: 'rectifierModule' | 'telecomRectifier';
  moduleCode: string;
  unitsPerGroup: number;
  unitVoltageV: 2 | 12;
  dropper: { dropV: number; currentA: number } | null;
  mainFeederCount: number;
  dcdcModules: number;
  hasUps: boolean;
}

export function sizeEquipment(ctx: SizingContext, x: EquipmentInputs): EquipmentResult {
  const { rules, cat, req } = ctx;
  const f = rules.equipmentF;
  const row = f.rows.find((r) => Math.abs(r.capacityAh - x.groupCapacityAh) < EPS) ?? null;
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'equipment.tableF',
    quantity: { zh: '蓄电池回路设备（推导的附录 F 表）', en: 'Battery-circuit devices (DERIVED Appendix F table)' },
    symbol: 'In,F',
    value: row ? row.deviceRatingsA.join(' / ') : 'no row',
    unit: 'A',
    formula: { zh: '按 C10 查推导表所在行；I1h = 5.5·I10', en: 'row of the derived table for C10; I1h = 5.5·I10' },
    substituted: row
      ? { zh: `C10 = ${fmt(row.capacityAh)} Ah → I1h ${fmt(row.i1hA)} A → 设备 ${row.deviceRatingsA.join(' 或 ')} A`, en: `C10 = ${fmt(row.capacityAh)} Ah → I1h ${fmt(row.i1hA)} A → device ${row.deviceRatingsA.join(' or ')} A` }
      : { zh: `C10 = ${fmt(x.groupCapacityAh)} Ah 不在表中；按 I1h = ${fmt(x.i1hA, 1)} A`, en: `C10 = ${fmt(x.groupCapacityAh)} Ah is not a row; I1h = ${fmt(x.i1hA, 1)} A governs` },
    inputs: [{ symbol: 'C10', value: x.groupCapacityAh, unit: 'Ah', ref: 'battery.C10' }],
    clause: f.clause,
    confidence: [f.confidence],
    note: { zh: '推导表，非标准附录 F 原表', en: 'derived table, not the printed Appendix F' },
  }));

  const shuntItem = pickByBrand(cat.byFamily.shunt, cat.brandOrder('shunt'), (s) => s.ratedCurrentA >= x.i1hA - EPS);
  if (!shuntItem) addProblem(ctx, 'CATALOG_NO_SHUNT', 'warning', 'catalog', `目录中没有 ≥ ${fmt(x.i1hA, 1)} A 的分流器`, `no shunt ≥ ${fmt(x.i1hA, 1)} A in the catalog`);
  else if (ctx.traceOn)
    addEntry(ctx, () => ({
      id: 'equipment.shunt',
      quantity: { zh: '蓄电池回路分流器', en: 'Battery circuit shunt' },
      symbol: 'In,FL',
      value: shuntItem.ratedCurrentA,
      unit: 'A',
      formula: 'In,FL ≥ I1h',
      substituted: `${shuntItem.code}: ${fmt(shuntItem.ratedCurrentA)} A ≥ ${fmt(x.i1hA, 1)} A`,
      inputs: [{ symbol: 'I1h', value: x.i1hA, unit: 'A', ref: 'breakers.batteryOutlet' }],
      clause: 'DL/T 5044-2014 Appendix F ammeter/shunt column (not retrieved); practice',
      confidence: ['P'],
    }));

  const busA = Math.max(x.i1hA, x.chargerRatedA);
  const bar = pickByBrand(cat.byFamily.busbar, cat.brandOrder('busbar'), (b) => b.ratedCurrentA >= busA - EPS);
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'equipment.mainBus',
    quantity: { zh: '直流屏主母线额定电流', en: 'DC panel main bus rating' },
    symbol: 'Ibus',
    value: busA,
    unit: 'A',
    formula: 'Ibus ≥ max(I1h, Icn)',
    substituted: `Ibus ≥ max(${fmt(x.i1hA, 1)}, ${fmt(x.chargerRatedA, 1)}) = ${fmt(busA, 1)} A${bar ? ` → ${bar.code} ${fmt(bar.ratedCurrentA)} A` : ''}`,
    inputs: [{ symbol: 'I1h', value: x.i1hA, unit: 'A', ref: 'breakers.batteryOutlet' }, { symbol: 'Icn', value: x.chargerRatedA, unit: 'A', ref: 'charger.rated' }],
    clause: 'DL/T 5044-2014 Appendix F (main bus; R-med)',
    confidence: [f.mainBusRule.confidence],
  }));
  if (!bar) addProblem(ctx, 'CATALOG_NO_BUSBAR', 'warning', 'catalog', `目录中没有 ≥ ${fmt(busA, 1)} A 的母线`, `no busbar ≥ ${fmt(busA, 1)} A in the catalog`);

  let dropper: EquipmentResult['dropper'] = null;
  if (x.dropper) {
    const d = pickByBrand(cat.byFamily.dropper, cat.brandOrder('dropper'), (i) => i.nominalVoltageV === req.nominalVoltageV && i.ratedCurrentA >= x.dropper!.currentA - EPS && i.stepsV.reduce((a, b) => a + b, 0) >= x.dropper!.dropV - EPS);
    dropper = { itemCode: d?.code ?? null, dropV: x.dropper.dropV, currentA: x.dropper.currentA };
    if (!d) addProblem(ctx, 'CATALOG_NO_DROPPER', 'error', 'catalog', `目录中没有 ${req.nominalVoltageV} V、≥ ${fmt(x.dropper.currentA, 1)} A、可降 ${fmt(x.dropper.dropV, 1)} V 的降压硅链`, `no ${req.nominalVoltageV} V dropper ≥ ${fmt(x.dropper.currentA, 1)} A dropping ${fmt(x.dropper.dropV, 1)} V in the catalog`);
  }

  let batteryInspection: EquipmentResult['batteryInspection'] = null;
  if (req.options.batteryInspection) {
    const u = pickByBrand(cat.byFamily.batteryInspection, cat.brandOrder('batteryInspection'), (i) => i.unitVoltageV === x.unitVoltageV);
    if (!u) addProblem(ctx, 'CATALOG_NO_INSPECTION', 'error', 'requirements.options.batteryInspection', `目录中没有适用于 ${x.unitVoltageV} V 的电池巡检单元`, `no battery inspection unit for ${x.unitVoltageV} V units in the catalog`);
    else {
      const perGroup = Math.ceil(x.unitsPerGroup / u.cellsPerUnit - 1e-9);
      batteryInspection = { itemCode: u.code, unitsPerGroup: perGroup };
      if (ctx.traceOn) addEntry(ctx, () => ({
        id: 'monitoring.batteryInspection',
        quantity: { zh: '电池巡检单元数', en: 'Battery inspection units' },
        symbol: 'n,BM',
        value: perGroup * x.groups,
        unit: PCS,
        formula: { zh: 'n = ceil(每组蓄电池只数 / 每台巡检单元只数) × 组数', en: 'n = ceil(units per group / units per inspection unit) × groups' },
        substituted: {
          zh: `ceil(${x.unitsPerGroup} / ${fmt(u.cellsPerUnit)}) = 每组 ${perGroup} × ${u.code}，× ${x.groups} 组 = ${perGroup * x.groups}`,
          en: `ceil(${x.unitsPerGroup} / ${fmt(u.cellsPerUnit)}) = ${perGroup} × ${u.code} per group × ${x.groups} group(s) = ${perGroup * x.groups}`,
        },
        inputs: [{ symbol: 'n', value: x.unitsPerGroup, unit: x.unitVoltageV === 2 ? 'cells' : 'blocks', ref: 'battery.C10' }],
        clause: 'product practice (products.md)',
        confidence: ['P'],
      }));
    }
  }

  // Panels (practice): counts from the catalog's slots, positions and battery places.
  const panels: PanelLine[] = [];
  const cabinets = cat.byFamily.cabinet;
  const order = cat.brandOrder('cabinet');
  const panel = (kind: PanelLine['kind'], quantity: number, reason: PanelLine['reason'], ok: (c: ItemOf<'cabinet'>) => boolean = () => true, owner?: string) => {
    if (quantity <= 0) return;
    const c = pickByBrand(cabinets, order, (i) => i.kind === kind && ok(i));
    if (!c) addProblem(ctx, 'CATALOG_NO_CABINET', 'warning', 'catalog', `目录中没有 ${kind} 柜体`, `no ${kind} cabinet in the catalog`, { value: kind });
    panels.push({ kind, itemCode: c?.code ?? null, quantity, ...(owner !== undefined ? { owner } : {}), reason });
  };
  const modItem = x.moduleFamily === 'rectifierModule' ? cat.byFamily.rectifierModule.find((m) => m.code === x.moduleCode) : cat.byFamily.telecomRectifier.find((m) => m.code === x.moduleCode);
  const slotWidth = modItem?.slotWidth ?? 1;
  const chargerKind = x.moduleFamily === 'telecomRectifier' ? 'telecomPanel' : 'chargerPanel';
  const chargerCab = pickByBrand(cabinets, order, (i) => i.kind === chargerKind && i.moduleSlots > 0);
  const perSetPanels = chargerCab ? Math.max(1, Math.ceil((x.modulesPerSet * slotWidth) / chargerCab.moduleSlots - 1e-9)) : 1;
  for (let k = 1; k <= x.chargerSets; k++) {
    panel(chargerKind, perSetPanels, { zh: `充电装置 ${k}/${x.chargerSets}：${perSetPanels} 面（每套 ${x.modulesPerSet} 只模块）`, en: `charger set ${k}/${x.chargerSets}: ${perSetPanels} panel(s) (${x.modulesPerSet} modules per set)` }, (i) => i.moduleSlots > 0, ownerOf.chargerSet(k));
  }
  const feederCab = pickByBrand(cabinets, order, (i) => i.kind === 'feederPanel' && i.feederPositions > 0);
  const feederPanels = Math.max(x.groups, feederCab ? Math.ceil(x.mainFeederCount / feederCab.feederPositions - 1e-9) : 1);
  panel('feederPanel', feederPanels, { zh: `主馈线 ${x.mainFeederCount} 回，每组母线至少 1 面`, en: `${x.mainFeederCount} main feeders, at least one panel per bus section` }, (i) => i.feederPositions > 0);
  req.feeders.subPanels.forEach((s, i) => {
    const n = s.feeders.reduce((a, b) => a + b.count, 0);
    const cab = pickByBrand(cabinets, order, (c) => c.kind === 'subFeederPanel' && c.feederPositions > 0);
    const q = cab ? Math.max(1, Math.ceil(n / cab.feederPositions - 1e-9)) : 1;
    if (n === 0) {
      // Without feeders the sub panel holds only its insulation monitor, and nothing at all where the DC bus has an earthed pole.
      const earthed = rules.monitoring.insulation.earthedPoleSystems.includes(req.systemKind);
      addProblem(ctx, 'SUBPANEL_NO_FEEDERS', earthed ? 'warning' : 'info', `requirements.feeders.subPanels[${i}].feeders`, earthed ? `分电屏“${s.name}”未列出馈线，屏内没有任何元件：请填写其馈线` : `分电屏“${s.name}”未列出馈线：仅报其绝缘监测装置，请补充馈线`, earthed ? `sub panel "${s.name}" lists no feeders and holds nothing: enter its feeders` : `sub panel "${s.name}" lists no feeders: only its insulation monitor is quoted; add its feeders`);
    }
    panel('subFeederPanel', q, { zh: `分电屏“${s.name}”（${n} 回）`, en: `sub panel "${s.name}" (${n} feeders)` }, (c) => c.feederPositions > 0, ownerOf.subPanel(i));
  });
  const racks = cabinets.filter((c) => (c.kind === 'batteryCabinet' || c.kind === 'batteryRack') && c.batteryUnits > 0 && (c.maxBatteryAh === undefined || c.maxBatteryAh >= x.capacityAh - EPS));
  if (racks.length === 0) addProblem(ctx, 'CATALOG_NO_BATTERY_CABINET', 'warning', 'catalog', `目录中没有可放置 ${fmt(x.capacityAh)} Ah 蓄电池的柜/架`, `no battery cabinet or rack for ${fmt(x.capacityAh)} Ah units in the catalog`);
  else {
    const best = [...racks].sort((a, b) => Math.ceil(x.unitsPerGroup / a.batteryUnits) - Math.ceil(x.unitsPerGroup / b.batteryUnits) || (a.kind === 'batteryCabinet' ? -1 : 1))[0] as ItemOf<'cabinet'>;
    const per = Math.ceil(x.unitsPerGroup / best.batteryUnits - 1e-9);
    for (let k = 1; k <= x.groups; k++) {
      panels.push({ kind: best.kind, itemCode: best.code, quantity: per, owner: ownerOf.batteryGroup(k), reason: { zh: `第 ${k}/${x.groups} 组：${x.unitsPerGroup} 只 / 每柜 ${best.batteryUnits} 只`, en: `group ${k}/${x.groups}: ${x.unitsPerGroup} units / ${best.batteryUnits} per cabinet` } });
    }
  }
  if (req.systemKind === 'integratedSystem' && req.integrated) {
    const ac = req.integrated.acFeeders.reduce((a, b) => a + b.count, 0);
    const acCab = pickByBrand(cabinets, order, (i) => i.kind === 'acPanel');
    const acN = acCab && acCab.feederPositions > 0 ? Math.max(1, Math.ceil(ac / acCab.feederPositions - 1e-9)) : 1;
    panel('acPanel', acN, { zh: `交流馈线 ${ac} 回`, en: `${ac} AC feeders` });
    if (x.hasUps) panel('upsPanel', 1, { zh: 'UPS/逆变电源', en: 'UPS / inverter' });
    if (x.dcdcModules > 0) panel('telecomPanel', 1, { zh: `通信 DC/DC ${x.dcdcModules} 只模块`, en: `${x.dcdcModules} telecom DC/DC modules` });
  }
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'equipment.panels',
    quantity: { zh: '屏柜数量', en: 'Panels' },
    symbol: 'panels',
    value: panels.reduce((a, b) => a + b.quantity, 0),
    unit: { zh: '面', en: 'panels' },
    formula: { zh: '按屏柜类型：ceil(所需数量 / 目录柜体容量)', en: 'per kind: ceil(need / catalog capacity)' },
    substituted: { zh: panels.map((p) => `${p.itemCode ?? '?'} × ${p.quantity}（${p.reason.zh}）`).join('；'), en: panels.map((p) => `${p.itemCode ?? '?'} × ${p.quantity} (${p.reason.en})`).join('; ') },
    clause: 'product practice',
    confidence: ['P'],
  }));
  return {
    perGroup: { i1hA: x.i1hA, derivedRow: row ? { capacityAh: row.capacityAh, deviceRatingsA: row.deviceRatingsA } : null, shunt: shuntItem ? { itemCode: shuntItem.code, ratedCurrentA: shuntItem.ratedCurrentA } : null },
    mainBus: { currentA: busA, busbar: bar ? { itemCode: bar.code, ratedCurrentA: bar.ratedCurrentA } : null },
    dischargeTestA: dischargeTestCurrent(ctx, x.i10A),
    dropper,
    batteryInspection,
    panels,
    confidence: uniqueTags(f.confidence, f.mainBusRule.confidence, 'P'),
  };
}
