/**
 * Monitor, insulation monitor and sampling boxes — company practice (products.md); selection rules as
 * data in rules/dlt5044/monitoring.yaml; items found by catalog role / function, never by hard-coded code.
 *   dcSystem → role dc (ZHM05P); integratedSystem → integratedSingle (ZHM05ID), or "1+2"
 *   (integratedMaster + 2 × integratedSlave), or integratedAc (ZHM08) when the AC side is supervised;
 *   insulation: main feeder panel → main (ZHIM02-2), sub feeder panel → subDisplay (ZHIM02-2F),
 *   independent sub feeder panel → subIndependent (ZHIM02-2 without balance resistor); units sized by
 *   branch channels (one leakage sampler per feeder), the master control box (IMB03) once a system has
 *   several units; none on an earthed-pole (-48 V telecom) system, with the reason;
 *   sampling boxes per feeder / battery group / charger set / AC incomer; a 12 V supply beside each monitor.
 * Every line names where it is wired: a placement location and, where it belongs to one charger set,
 * battery group or sub panel, that panel's identity (`owners`), so the BOM never places by order.
 */
import type { ItemOf } from '../catalog/schema.ts';
import type { LocalText } from '../text.ts';
import { addEntry, addProblem, PCS, pickByBrand, pickPreferred, type SizingContext } from './context.ts';

export interface MonitoringLine {
  family: 'monitor' | 'insulationMonitor' | 'samplingBox' | 'auxPowerSupply';
  role: string;
  itemCode: string | null;
  quantity: number;
  location: string;
  /** Panel identities the quantity is divided over evenly (chargerSet:k, batteryGroup:k, subPanel:i). */
  owners?: string[];
  reason: { zh: string; en: string };
  /** Trace entry that explains the count. */
  traceRef: string;
}

export interface MonitoringInputs {
  /** Feeders on the main feeder panels, the feeders to sub panels included. */
  mainFeederCircuits: number;
  batteryGroups: number;
  chargerSets: number;
  acIncomers: number;
}

/** Identity of the panel(s) of one charger set, battery group or sub panel (shared with equipment.ts and the BOM). */
export const ownerOf = {
  chargerSet: (k: number) => `chargerSet:${k}`,
  batteryGroup: (k: number) => `batteryGroup:${k}`,
  subPanel: (i: number) => `subPanel:${i}`,
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

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

/**
 * Where each monitor unit is wired [P]: the master / single monitor in the first panel of charger set 1;
 * the slaves of the "1+2" scheme one per charger set (DC section) in turn, in that set's first panel.
 */
function monitorOwner(role: string, unit: number, chargerSets: number): string {
  return ownerOf.chargerSet(role === 'integratedSlave' ? ((unit - 1) % Math.max(1, chargerSets)) + 1 : 1);
}

export function sizeMonitoring(ctx: SizingContext, x: MonitoringInputs): MonitoringLine[] {
  const { req, rules, cat } = ctx;
  const m = rules.monitoring;
  const out: MonitoringLine[] = [];
  const missing = (what: string) => addProblem(ctx, 'CATALOG_NO_MONITORING_ITEM', 'warning', 'catalog', `目录中没有 ${what}`, `no ${what} in the catalog`, { value: what });

  // --- monitors, each with its 12 V supply in the same panel ---
  let roles: { role: ItemOf<'monitor'>['role']; count: number }[] | undefined;
  let scheme = 'default';
  if (req.systemKind === 'dcSystem') roles = m.monitors.dcSystem.default;
  else if (req.systemKind === 'integratedSystem') {
    scheme = req.integrated?.monitorScheme ?? 'default';
    roles = scheme === 'oneTwo' ? m.monitors.integratedSystem.oneTwo : scheme === 'acSupervised' ? m.monitors.integratedSystem.acSupervised : m.monitors.integratedSystem.default;
  } else roles = m.monitors.telecomSystem.default;
  if (!roles || roles.length === 0) {
    if (req.systemKind === 'telecomSystem') {
      addProblem(ctx, 'TELECOM_MONITOR_NOT_CONFIGURED', 'info', 'requirements.systemKind', '通信电源系统：规则与物料库中没有通信电源监控单元，报价未含监控装置；如招标要求，请手工添加', 'telecom system: the rules and the catalog have no telecom-system monitor, so none is quoted; add one by hand if the tender asks for it');
    } else {
      addProblem(ctx, 'MONITOR_RULE_MISSING', 'info', 'requirements.systemKind', `规则中没有 ${req.systemKind}（${scheme}）的监控装置配置，请手工选择`, `no monitor rule for ${req.systemKind} (${scheme}) in the rules: choose one by hand`);
    }
    roles = [];
  }
  const monitorsAt = new Map<string, number>();
  for (const r of roles) {
    const item = pickPreferred(cat, 'monitor', cat.byFamily.monitor, (i) => i.role === r.role);
    if (!item) missing(`monitor role ${r.role}`);
    const perOwner = new Map<string, number>();
    for (const u of range(r.count)) {
      const o = monitorOwner(r.role, u, x.chargerSets);
      perOwner.set(o, (perOwner.get(o) ?? 0) + 1);
    }
    for (const [o, q] of perOwner) {
      monitorsAt.set(o, (monitorsAt.get(o) ?? 0) + q);
      out.push({ family: 'monitor', role: r.role, itemCode: item?.code ?? null, quantity: q, location: 'monitor', owners: [o], reason: labelOf(schemeLabels, `${req.systemKind}.${scheme}`), traceRef: 'monitoring.selection' });
    }
  }
  if (monitorsAt.size > 0 && m.auxSupplyPerMonitor.count > 0) {
    const okOut = (i: ItemOf<'auxPowerSupply'>) => Math.abs(i.outputVoltageV - m.auxSupplyPerMonitor.outputVoltageV) < 0.5;
    const aux = pickByBrand(cat.byFamily.auxPowerSupply, cat.brandOrder('auxPowerSupply'), (i) => okOut(i) && Math.abs(i.inputVoltageV - req.nominalVoltageV) < 1) ?? pickPreferred(cat, 'auxPowerSupply', cat.byFamily.auxPowerSupply, okOut);
    if (!aux) missing(`${m.auxSupplyPerMonitor.outputVoltageV} V monitor supply`);
    for (const [o, q] of monitorsAt) {
      out.push({ family: 'auxPowerSupply', role: `${m.auxSupplyPerMonitor.outputVoltageV}V`, itemCode: aux?.code ?? null, quantity: q * m.auxSupplyPerMonitor.count, location: 'monitor', owners: [o], reason: { zh: '每台监控装置 1 只 12 V 电源，与监控装置同屏', en: 'one 12 V supply per monitor unit, in the monitor’s panel' }, traceRef: 'monitoring.selection' });
    }
  }

  // --- insulation monitors sized by branch channels (one leakage sampler per feeder) ---
  const earthed = m.insulation.earthedPoleSystems.includes(req.systemKind);
  const leakage = m.sampling.find((s) => s.insulationChannels);
  const leakageItem = leakage ? pickByBrand(cat.byFamily.samplingBox, cat.brandOrder('samplingBox'), (i) => i.function === leakage.function) : undefined;
  const insulationSteps: LocalText[] = [];
  if (earthed) {
    addProblem(ctx, 'INSULATION_NOT_APPLICABLE', 'info', 'requirements.systemKind', '-48 V 通信电源正极接地：不配置绝缘监测装置和支路漏电流采样单元', 'the -48 V telecom system has its positive pole earthed: no insulation monitor and no branch leakage samplers are configured');
    insulationSteps.push({ zh: '-48 V 通信电源正极接地：不配置绝缘监测装置和漏电流采样单元', en: 'earthed positive pole (-48 V telecom): no insulation monitor, no leakage samplers' });
  } else {
    const ext = pickPreferred(cat, 'insulationMonitor', cat.byFamily.insulationMonitor, (i) => i.role === m.insulation.extension.role);
    const panels: { label: LocalText; location: string; owners?: string[]; role: ItemOf<'insulationMonitor'>['role']; base: number; feeders: number; reason: MonitoringLine['reason'] }[] = [
      { label: { zh: '主馈线屏', en: 'main feeder panels' }, location: 'main', role: m.insulation.mainFeederPanel, base: x.batteryGroups, feeders: x.mainFeederCircuits, reason: { zh: '每段直流母线（主馈线屏）1 台', en: 'one per DC bus section (main feeder panel)' } },
      ...req.feeders.subPanels.map((s, i) => ({
        label: { zh: `“${s.name}”`, en: `"${s.name}"` },
        location: s.name,
        owners: [ownerOf.subPanel(i)],
        role: s.independent ? m.insulation.independentSubFeederPanel : m.insulation.subFeederPanel,
        base: 1,
        feeders: s.feeders.reduce((a, f) => a + f.count, 0),
        reason: s.independent ? { zh: '独立分电屏（无平衡电阻）', en: 'independent sub feeder panel (no balance resistor)' } : { zh: '分电屏（仅显示）', en: 'sub feeder panel (display only)' },
      })),
    ];
    let units = 0;
    for (const p of panels) {
      if (p.base <= 0) continue;
      const item = pickPreferred(cat, 'insulationMonitor', cat.byFamily.insulationMonitor, (i) => i.role === p.role);
      if (!item) missing(`insulation monitor role ${p.role}`);
      const owners = p.owners ? { owners: p.owners } : {};
      out.push({ family: 'insulationMonitor', role: p.role, itemCode: item?.code ?? null, quantity: p.base, location: p.location, ...owners, reason: p.reason, traceRef: 'monitoring.insulation' });
      units += p.base;
      const ch = item?.branchChannels ?? 0;
      const channels = leakageItem ? p.feeders : 0;
      if (ch <= 0 || channels === 0) {
        insulationSteps.push({
          zh: `${p.label.zh}：${item?.code ?? '?'} × ${p.base}${channels > 0 ? `（目录中无支路通道数，${channels} 路）` : ''}`,
          en: `${p.label.en}: ${item?.code ?? '?'} × ${p.base}${channels > 0 ? ` (no branch-channel figure in the catalog for ${channels} channels)` : ''}`,
        });
        continue;
      }
      const extCh = ext?.branchChannels ?? 0;
      const short = channels - p.base * ch;
      const extra = short > 0 ? (extCh > 0 ? Math.ceil(short / extCh - 1e-9) : 0) : 0;
      if (short > 0 && extCh <= 0) addProblem(ctx, 'INSULATION_CHANNELS_SHORT', 'warning', 'catalog', `${p.label.zh}：${channels} 路支路漏电流采样超出 ${item?.code} ${p.base} × ${ch} 路，目录中没有扩展单元`, `${p.label.en}: ${channels} branch leakage channels exceed ${item?.code} ${p.base} × ${ch}, and the catalog has no extension unit`, { value: channels, limit: p.base * ch });
      if (extra > 0) {
        out.push({ family: 'insulationMonitor', role: m.insulation.extension.role, itemCode: ext?.code ?? null, quantity: extra, location: p.location, ...owners, reason: { zh: `支路通道扩展：${channels} 路 > ${p.base} × ${ch} 路`, en: `branch channel extension: ${channels} channels > ${p.base} × ${ch}` }, traceRef: 'monitoring.insulation' });
        units += extra;
      }
      const fit = `${item?.code} ${p.base} × ${ch}${extra > 0 ? ` + ${ext?.code} ${extra} × ${extCh}` : ''} = ${p.base * ch + extra * extCh} ≥ ${channels}`;
      insulationSteps.push({ zh: `${p.label.zh}：${channels} 路；${fit}`, en: `${p.label.en}: ${channels} channels; ${fit}` });
    }
    const mb = m.insulation.masterBox;
    if (mb.count > 0 && units >= mb.whenUnitsAtLeast) {
      const box = pickPreferred(cat, 'insulationMonitor', cat.byFamily.insulationMonitor, (i) => i.role === mb.role);
      if (!box) missing(`insulation monitor role ${mb.role}`);
      out.push({ family: 'insulationMonitor', role: mb.role, itemCode: box?.code ?? null, quantity: mb.count, location: 'insulationMaster', reason: { zh: `绝缘监测主控箱：系统内 ${units} 台绝缘监测单元`, en: `insulation master control box: ${units} insulation monitor units in the system` }, traceRef: 'monitoring.insulation' });
      insulationSteps.push({ zh: `${units} 台 ≥ ${mb.whenUnitsAtLeast} → ${box?.code ?? '?'} × ${mb.count}`, en: `${units} units ≥ ${mb.whenUnitsAtLeast} → ${box?.code ?? '?'} × ${mb.count}` });
    } else insulationSteps.push({ zh: `${units} 台 < ${mb.whenUnitsAtLeast}：不设主控箱`, en: `${units} unit(s) < ${mb.whenUnitsAtLeast}: no master control box` });
  }
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'monitoring.insulation',
    quantity: { zh: '绝缘监测装置（按支路通道数）', en: 'Insulation monitors (by branch channels)' },
    symbol: 'n,IM',
    value: out.filter((l) => l.family === 'insulationMonitor').reduce((a, b) => a + b.quantity, 0),
    unit: PCS,
    formula: {
      zh: '每面屏：台数 = max(基本台数, 基本台数 + ceil((通道数 − 基本台数·n1) / n2))（n1：每台通道数，n2：每个扩展单元通道数）；通道数 = 该屏馈线的漏电流采样数；台数达到限值时设主控箱',
      en: 'per panel: units = max(base, base + ceil((channels − base·ch) / ch,ext)); channels = leakage samplers of the panel’s feeders; master box when units ≥ limit',
    },
    substituted: { zh: insulationSteps.map((s) => s.zh).join('；'), en: insulationSteps.map((s) => s.en).join('; ') },
    clause: m.clause,
    confidence: [m.confidence, m.insulation.extension.confidence, m.insulation.masterBox.confidence],
    note: { zh: '通道扩展与主控箱为厂家做法，非标准条文', en: 'channel extension and the master box are the maker’s practice, not a clause of the standard' },
  }));

  // --- sampling boxes, where they are wired ---
  const groups = range(x.batteryGroups).map(ownerOf.batteryGroup);
  const sets = range(x.chargerSets).map(ownerOf.chargerSet);
  for (const s of m.sampling) {
    if (s.insulationChannels && earthed) continue;
    const item = s.insulationChannels ? leakageItem : pickByBrand(cat.byFamily.samplingBox, cat.brandOrder('samplingBox'), (i) => i.function === s.function);
    const ch = Math.max(1, item?.channels ?? 1);
    const boxes = (n: number) => (ch > 1 ? Math.ceil(n / ch - 1e-9) : n);
    const per = labelOf(perLabels, s.per);
    // Each entry: a count of sampled things wired to one place.
    const entries: { n: number; location: string; owners?: string[]; shared: boolean }[] = [];
    if (s.per === 'feederCircuit') {
      entries.push({ n: x.mainFeederCircuits, location: 'main', shared: true });
      req.feeders.subPanels.forEach((sp, i) => entries.push({ n: sp.feeders.reduce((a, f) => a + f.count, 0), location: sp.name, owners: [ownerOf.subPanel(i)], shared: true }));
    } else if (s.per === 'subFeederPanel') {
      req.feeders.subPanels.forEach((sp, i) => entries.push({ n: 1, location: sp.name, owners: [ownerOf.subPanel(i)], shared: false }));
    } else {
      const n = s.per === 'batteryGroup' ? x.batteryGroups : s.per === 'chargerSet' ? x.chargerSets : req.systemKind === 'integratedSystem' ? x.acIncomers : 0;
      const own = s.per === 'batteryGroup' ? groups : s.per === 'chargerSet' ? sets : [];
      if ((s.location === 'battery' || s.location === 'charger') && own.length > 0) entries.push({ n, location: s.location, owners: own, shared: false });
      else entries.push({ n, location: s.location, shared: true });
    }
    for (const e of entries) {
      if (e.n <= 0) continue;
      const owners = e.owners ? { owners: e.owners } : {};
      // Per-owner boxes: each group / set has its own box(es); shared boxes: one count for all.
      const q = e.shared ? boxes(e.n) : boxes(e.n / (e.owners?.length ?? 1)) * (e.owners?.length ?? 1);
      if (!item) missing(`sampling box ${s.function}`);
      const reason = e.shared
        ? { zh: `${e.n} 个${per.zh}，每只 ${ch} 路${ch > 1 && e.n > 1 ? '（共用）' : ''}`, en: `${e.n} × ${per.en}, ${ch} channel(s) per box${ch > 1 && e.n > 1 ? ' (shared)' : ''}` }
        : { zh: `每个${per.zh} ${q / (e.owners?.length ?? 1)} 只`, en: `${q / (e.owners?.length ?? 1)} per ${per.en}` };
      out.push({ family: 'samplingBox', role: s.function, itemCode: item?.code ?? null, quantity: q, location: e.location, ...owners, reason, traceRef: 'monitoring.selection' });
    }
  }
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'monitoring.selection',
    quantity: { zh: '监控与绝缘监测配置', en: 'Monitoring and insulation monitoring' },
    symbol: 'monitoring',
    value: out.reduce((a, b) => a + b.quantity, 0),
    unit: PCS,
    formula: {
      zh: '按系统类型、屏柜类型和回路数查配置表；采样盒数 = ceil(采样点数 / 每盒路数)（按安装位置）',
      en: 'from the monitoring table by system kind, panel kind and circuit counts; boxes = ceil(sampled / channels) per place',
    },
    substituted: { zh: out.map((l) => `${l.itemCode ?? '?'} × ${l.quantity}（${l.reason.zh}）`).join('；'), en: out.map((l) => `${l.itemCode ?? '?'} × ${l.quantity} (${l.reason.en})`).join('; ') },
    clause: m.clause,
    confidence: [m.confidence],
  }));
  return out;
}
