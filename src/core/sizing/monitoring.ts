/**
 * Monitor, insulation monitor and sampling boxes — company practice (products.md); selection rules as
 * data in rules/dlt5044/monitoring.yaml; items found by catalog role / function, never by hard-coded code.
 *   dcSystem → role dc (ZHM05P); integratedSystem → integratedSingle (ZHM05ID), or "1+2"
 *   (integratedMaster + 2 × integratedSlave), or integratedAc (ZHM08) when the AC side is supervised;
 *   insulation: main feeder panel → main (ZHIM02-2), sub feeder panel → subDisplay (ZHIM02-2F),
 *   independent sub feeder panel → subIndependent (ZHIM02-2 without balance resistor);
 *   sampling boxes per feeder / battery group / charger set / AC incomer; a 12 V supply per monitor.
 */
import type { ItemOf } from '../catalog/schema.ts';
import { addEntry, addProblem, pickByBrand, pickPreferred, type SizingContext } from './context.ts';

export interface MonitoringLine {
  family: 'monitor' | 'insulationMonitor' | 'samplingBox' | 'auxPowerSupply';
  role: string;
  itemCode: string | null;
  quantity: number;
  location: string;
  reason: { zh: string; en: string };
}

export interface MonitoringInputs {
  feederPanels: number;
  feederCircuits: number;
  batteryGroups: number;
  chargerSets: number;
  acIncomers: number;
}

/** How the reasons name what a box is counted per, and the monitor schemes, in both languages. */
const perLabels: Record<string, { zh: string; en: string }> = {
  feederCircuit: { zh: '馈线回路', en: 'feeder circuit' },
  batteryGroup: { zh: '蓄电池组', en: 'battery group' },
  chargerSet: { zh: '充电装置', en: 'charger set' },
  acIncomer: { zh: '交流进线', en: 'AC incomer' },
  subFeederPanel: { zh: '分电屏', en: 'sub feeder panel' },
};
const schemeLabels: Record<string, { zh: string; en: string }> = {
  'dcSystem.default': { zh: '直流系统：一台直流监控装置', en: 'DC system: one DC monitor' },
  'integratedSystem.default': { zh: '一体化电源：一台一体化监控装置', en: 'integrated system: one integrated monitor' },
  'integratedSystem.oneTwo': { zh: '一体化电源“1+2”方案：一主两从', en: 'integrated system "1+2" scheme: one master, two slaves' },
  'integratedSystem.acSupervised': { zh: '一体化电源：含交流侧监控', en: 'integrated system with AC-side supervision' },
  'telecomSystem.default': { zh: '通信电源监控', en: 'telecom system monitor' },
};
const labelOf = (table: Record<string, { zh: string; en: string }>, key: string) => table[key] ?? { zh: key, en: key };

export function sizeMonitoring(ctx: SizingContext, x: MonitoringInputs): MonitoringLine[] {
  const { req, rules, cat } = ctx;
  const m = rules.monitoring;
  const out: MonitoringLine[] = [];
  const missing = (what: string) => addProblem(ctx, 'CATALOG_NO_MONITORING_ITEM', 'warning', 'catalog', `目录中没有 ${what}`, `no ${what} in the catalog`, { value: what });

  let roles: { role: ItemOf<'monitor'>['role']; count: number }[] | undefined;
  let scheme = 'default';
  if (req.systemKind === 'dcSystem') roles = m.monitors.dcSystem.default;
  else if (req.systemKind === 'integratedSystem') {
    scheme = req.integrated?.monitorScheme ?? 'default';
    roles = scheme === 'oneTwo' ? m.monitors.integratedSystem.oneTwo : scheme === 'acSupervised' ? m.monitors.integratedSystem.acSupervised : m.monitors.integratedSystem.default;
  } else roles = m.monitors.telecomSystem.default;
  if (!roles || roles.length === 0) {
    addProblem(ctx, 'MONITOR_RULE_MISSING', 'info', 'requirements.systemKind', `规则中没有 ${req.systemKind}（${scheme}）的监控装置配置，请手工选择`, `no monitor rule for ${req.systemKind} (${scheme}) in the rules: choose one by hand`);
    roles = [];
  }
  let monitorUnits = 0;
  for (const r of roles) {
    const item = pickPreferred(cat, 'monitor', cat.byFamily.monitor, (i) => i.role === r.role);
    if (!item) missing(`monitor role ${r.role}`);
    monitorUnits += r.count;
    out.push({ family: 'monitor', role: r.role, itemCode: item?.code ?? null, quantity: r.count, location: 'charger', reason: labelOf(schemeLabels, `${req.systemKind}.${scheme}`) });
  }
  if (monitorUnits > 0 && m.auxSupplyPerMonitor.count > 0) {
    const okOut = (i: ItemOf<'auxPowerSupply'>) => Math.abs(i.outputVoltageV - m.auxSupplyPerMonitor.outputVoltageV) < 0.5;
    const aux = pickByBrand(cat.byFamily.auxPowerSupply, cat.brandOrder('auxPowerSupply'), (i) => okOut(i) && Math.abs(i.inputVoltageV - req.nominalVoltageV) < 1) ?? pickPreferred(cat, 'auxPowerSupply', cat.byFamily.auxPowerSupply, okOut);
    if (!aux) missing(`${m.auxSupplyPerMonitor.outputVoltageV} V monitor supply`);
    out.push({ family: 'auxPowerSupply', role: `${m.auxSupplyPerMonitor.outputVoltageV}V`, itemCode: aux?.code ?? null, quantity: monitorUnits * m.auxSupplyPerMonitor.count, location: 'charger', reason: { zh: '每台监控装置 1 只 12 V 电源', en: 'one 12 V supply per monitor unit' } });
  }

  const ins = (role: ItemOf<'insulationMonitor'>['role'], quantity: number, location: string, reason: MonitoringLine['reason']) => {
    if (quantity <= 0) return;
    const item = pickPreferred(cat, 'insulationMonitor', cat.byFamily.insulationMonitor, (i) => i.role === role);
    if (!item) missing(`insulation monitor role ${role}`);
    out.push({ family: 'insulationMonitor', role, itemCode: item?.code ?? null, quantity, location, reason });
  };
  if (req.systemKind !== 'telecomSystem') {
    ins(m.insulation.mainFeederPanel, x.batteryGroups, 'main', { zh: '每段直流母线（主馈线屏）1 台', en: 'one per DC bus section (main feeder panel)' });
    req.feeders.subPanels.forEach((s) => {
      ins(s.independent ? m.insulation.independentSubFeederPanel : m.insulation.subFeederPanel, 1, s.name, s.independent ? { zh: '独立分电屏（无平衡电阻）', en: 'independent sub feeder panel (no balance resistor)' } : { zh: '分电屏（仅显示）', en: 'sub feeder panel (display only)' });
    });
  }

  const counts: Record<(typeof m.sampling)[number]['per'], number> = {
    feederCircuit: x.feederCircuits,
    batteryGroup: x.batteryGroups,
    chargerSet: x.chargerSets,
    acIncomer: req.systemKind === 'integratedSystem' ? x.acIncomers : 0,
    subFeederPanel: req.feeders.subPanels.length,
  };
  for (const s of m.sampling) {
    const n = counts[s.per];
    if (n <= 0) continue;
    const item = pickByBrand(cat.byFamily.samplingBox, cat.brandOrder('samplingBox'), (i) => i.function === s.function);
    if (!item) {
      missing(`sampling box ${s.function}`);
      out.push({ family: 'samplingBox', role: s.function, itemCode: null, quantity: n, location: 'main', reason: { zh: `每${labelOf(perLabels, s.per).zh} 1 路`, en: `one channel per ${labelOf(perLabels, s.per).en}` } });
      continue;
    }
    const q = item.channels > 1 ? Math.ceil(n / item.channels - 1e-9) : n;
    out.push({ family: 'samplingBox', role: s.function, itemCode: item.code, quantity: q, location: 'main', reason: { zh: `${n} 个${labelOf(perLabels, s.per).zh}，每只 ${Math.max(1, item.channels)} 路`, en: `${n} × ${labelOf(perLabels, s.per).en}, ${Math.max(1, item.channels)} channel(s) per box` } });
  }
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'monitoring.selection',
    quantity: { zh: '监控与绝缘监测配置', en: 'Monitoring and insulation monitoring' },
    symbol: 'monitoring',
    value: out.reduce((a, b) => a + b.quantity, 0),
    unit: 'pcs',
    formula: 'rules/dlt5044/monitoring.yaml by system kind, panel kind and circuit counts',
    substituted: out.map((l) => `${l.role} ${l.itemCode ?? '?'} × ${l.quantity}`).join('; '),
    clause: m.clause,
    confidence: [m.confidence],
  }));
  return out;
}
