import { z } from 'zod';
import type { Catalog } from '../catalog/schema.ts';
import { ok, type Problem, type Result } from '../problems.ts';
import type { Configuration, ConfiguredLine } from '../sizing/index.ts';
import { lineId, panelKindSchema, type Bom, type BomLine, type BomPanel, type PanelKind } from './model.ts';

/**
 * buildBom(configuration, catalog, rules) → Bom: the sized configuration laid out as panels and lines.
 * Panels (and their counts) come from the sizing, which counted them from the catalog cabinets' module
 * slots and feeder positions; this module places every configured line into a panel by the placement
 * rules of rules/bom/bom-rules.yaml and adds the sundries those rules name. Every line keeps the
 * sizing's trace reference and reason; its id is derived from the rule and the panel, so re-sizing
 * yields the same ids and the engineer's edits find their lines again.
 */

export const bomRulesSchema = z.object({
  version: z.string().min(1),
  placement: z.array(z.object({ location: z.string().min(1), panelKinds: z.array(panelKindSchema).min(1), spread: z.enum(['true', 'false']).or(z.boolean()).transform((v) => v === true || v === 'true') })),
  sitePanel: z.object({ nameZh: z.string().min(1), nameEn: z.string().min(1) }),
  sundries: z.array(
    z.object({
      id: z.string().regex(/^[a-zA-Z][A-Za-z0-9.]*$/),
      code: z.string().min(1),
      per: z.enum(['panel', 'batteryUnit']),
      quantity: z.string().regex(/^\d+(\.\d{1,3})?$/),
      panelKinds: z.array(panelKindSchema).optional(),
      unitVoltageV: z.enum(['2', '12']).optional(),
    }),
  ),
});
export type BomRules = z.infer<typeof bomRulesSchema>;

export const PANEL_NAMES: Record<PanelKind, { zh: string; en: string }> = {
  chargerPanel: { zh: '充电屏', en: 'Charger panel' },
  feederPanel: { zh: '馈线屏', en: 'Feeder panel' },
  subFeederPanel: { zh: '分电屏', en: 'Sub feeder panel' },
  batteryCabinet: { zh: '蓄电池柜', en: 'Battery cabinet' },
  batteryRack: { zh: '蓄电池架', en: 'Battery rack' },
  acPanel: { zh: '交流屏', en: 'AC panel' },
  upsPanel: { zh: 'UPS 屏', en: 'UPS panel' },
  telecomPanel: { zh: '通信电源屏', en: 'Telecom power panel' },
  other: { zh: '其他', en: 'Other' },
};

const SITE = 'site';
const RACK_PANEL_NAME = { zh: '蓄电池及电池架', en: 'Batteries and racks' };

/** Splits a whole quantity over parts; the remainder goes to the parts from `start` on (wrapping). */
function splitWhole(quantity: number, parts: number, start = 0): number[] {
  const base = Math.floor(quantity / parts);
  const rest = quantity - base * parts;
  return Array.from({ length: parts }, (_, i) => base + ((i - start + parts) % parts < rest ? 1 : 0));
}

/** Exact decimal text of a sized quantity (metres may carry decimals; counts are whole). */
function qtyText(q: number): string {
  return String(Number(q.toFixed(3)));
}

export function buildBom(configuration: Configuration, catalog: Catalog, rules: BomRules): Result<Bom> {
  const problems: Problem[] = [];
  const panels: BomPanel[] = [];
  const lines: BomLine[] = [];
  const usedIds = new Map<string, number>();
  const addLine = (ruleId: string, role: string, panelId: string, code: string, quantity: string, traceRef: string | undefined, reason: { zh: string; en: string }, groups?: BomLine['groups']) => {
    if (quantity === '0') return;
    let id = lineId(ruleId, role);
    const n = usedIds.get(id) ?? 0;
    usedIds.set(id, n + 1);
    if (n > 0) id = `${id}.${n + 1}`;
    const source: BomLine['source'] = { kind: 'rule', ruleId, reason };
    if (traceRef !== undefined) source.traceRef = traceRef;
    lines.push({ id, panelId, item: { kind: 'catalog', code }, quantity, source, ...(groups ? { groups } : {}) });
  };
  /** Panels that stand for several identical racks (battery racks are one panel, the racks one line). */
  const multiplicity = new Map<string, number>();

  // Panels, in the order sizing lists them; one cabinet line per panel. Panels that belong to one charger
  // set, battery group or sub panel remember that identity: lines are placed by it, never by order.
  const panelsOf = new Map<string, string[]>();
  configuration.panels.forEach((p, groupIndex) => {
    const ids: string[] = [];
    if (p.kind === 'batteryRack') {
      // Racks are not cabinets (item 7 of issue 10): one panel per battery group for its cells and all its
      // racks, the racks as one line of their own (N 面), the cells as the group (1 组 × 104 只).
      const n = panels.filter((x) => x.kind === p.kind).length + 1;
      const id = `${p.kind}-${n}`;
      const groupNo = /(\d+)$/.exec(p.owner ?? '')?.[1] ?? String(n);
      panels.push({ id, kind: p.kind, name: { zh: `${RACK_PANEL_NAME.zh}（第 ${groupNo} 组）`, en: `${RACK_PANEL_NAME.en} (group ${groupNo})` }, index: panels.length + 1, ...(p.owner !== undefined ? { owner: p.owner } : {}) });
      multiplicity.set(id, p.quantity);
      ids.push(id);
      if (p.itemCode) addLine('bom.cabinet', id, id, p.itemCode, String(p.quantity), 'equipment.panels', p.reason);
    }
    for (let k = 1; k <= (p.kind === 'batteryRack' ? 0 : p.quantity); k++) {
      const sameKind = panels.filter((x) => x.kind === p.kind).length + 1;
      const id = `${p.kind}-${sameKind}`;
      const name = PANEL_NAMES[p.kind];
      panels.push({ id, kind: p.kind, name: { zh: `${name.zh} ${sameKind}`, en: `${name.en} ${sameKind}` }, index: panels.length + 1, ...(p.owner !== undefined ? { owner: p.owner } : {}) });
      ids.push(id);
      if (p.itemCode) addLine('bom.cabinet', id, id, p.itemCode, '1', 'equipment.panels', p.reason);
    }
    if (p.owner !== undefined) panelsOf.set(p.owner, [...(panelsOf.get(p.owner) ?? []), ...ids]);
    if (p.itemCode === null) {
      problems.push({ code: 'bom.panelWithoutCabinet', severity: 'warning', path: `configuration.panels[${groupIndex}]`, value: p.kind, message: { zh: `${PANEL_NAMES[p.kind].zh}没有可选柜体，BOM 中缺少柜体行`, en: `No cabinet item for the ${PANEL_NAMES[p.kind].en.toLowerCase()}; the BOM has no cabinet line for it` } });
    }
  });
  const site = (): string => {
    if (!panels.some((p) => p.id === SITE)) panels.push({ id: SITE, kind: 'other', name: { zh: rules.sitePanel.nameZh, en: rules.sitePanel.nameEn }, index: panels.length + 1 });
    return SITE;
  };
  const ofKinds = (kinds: readonly PanelKind[]): string[] => {
    for (const k of kinds) {
      const ids = panels.filter((p) => p.kind === k).map((p) => p.id);
      if (ids.length > 0) return ids;
    }
    return [];
  };

  // Configured lines into panels. Spread breakers continue their remainders where the previous breaker
  // line on the same panels stopped, so many small feeder groups fill a line-up evenly instead of
  // crowding the first panel; other spread parts start at the first panel.
  const cursor = new Map<string, number>();
  const spreadOver = (targets: string[], quantity: number, rotate: boolean): number[] => {
    if (!rotate) return splitWhole(quantity, targets.length);
    const key = targets.join('|');
    const start = cursor.get(key) ?? 0;
    const parts = splitWhole(quantity, targets.length, start);
    cursor.set(key, (start + (quantity % targets.length)) % targets.length);
    return parts;
  };
  configuration.lines.forEach((l: ConfiguredLine, i) => {
    if (l.family === 'cabinet') return; // placed with its panel above
    const path = `configuration.lines[${i}]`;
    if (l.itemCode === null) {
      problems.push({ code: 'bom.lineWithoutItem', severity: 'warning', path, value: l.family, message: { zh: `${l.reason.zh}：物料库中无合适物料，未列入 BOM`, en: `${l.reason.en}: no suitable catalog item, left out of the BOM` } });
      return;
    }
    const ruleId = `cfg.${l.traceRef}`;
    const role = `${l.family}`;
    if (l.family === 'cable') {
      addLine(ruleId, `${role}@${SITE}`, site(), l.itemCode, qtyText(l.quantity), l.traceRef, l.reason);
      return;
    }
    // A line of one charger set, battery group or sub panel goes into that one's panels (spread, except
    // monitors and their supplies, which go into the first); others by the placement rule of their location.
    // A sub panel's name is free text: it is never looked up as a placement location.
    const owners = l.owners && l.owners.length > 0 ? l.owners : [null];
    const rule = owners[0] === null ? rules.placement.find((p) => p.location === l.location) : undefined;
    const spread = owners[0] === null ? (rule?.spread ?? false) : !['monitor', 'insulationMonitor', 'auxPowerSupply'].includes(l.family);
    const whole = Number.isInteger(l.quantity);
    const shares = owners.length > 1 && whole ? splitWhole(l.quantity, owners.length) : owners.map(() => l.quantity / owners.length);
    owners.forEach((owner, k) => {
      let targets = owner !== null ? (panelsOf.get(owner) ?? []) : rule ? ofKinds(rule.panelKinds) : [];
      if (targets.length === 0) {
        const where = owner ?? l.location;
        targets = ofKinds(['feederPanel', 'chargerPanel']);
        problems.push({ code: 'bom.noPanelForLocation', severity: 'warning', path, value: where, message: { zh: `“${where}”没有对应的屏柜，${l.reason.zh} 暂放入 ${targets[0] ?? '现场'}`, en: `No panel for location "${where}"; ${l.reason.en} placed in ${targets[0] ?? 'site'}` } });
        if (targets.length === 0) targets = [site()];
      }
      const q = shares[k] as number;
      // A battery group's cells read as the group and say which one it is: "1 组 × 104 只", or with two
      // groups "第 1 组（共 2 组 × 104 只）" in each group's panel (item 7 of issue 10).
      const b = configuration.battery;
      const groupNo = owner !== null ? Number(/(\d+)$/.exec(owner)?.[1] ?? NaN) : NaN;
      const groups = l.family === 'battery' && owner !== null && q === b.unitsPerGroup ? { count: b.groups, perGroup: String(b.unitsPerGroup), ...(b.groups > 1 && Number.isInteger(groupNo) ? { index: groupNo } : {}) } : undefined;
      if (spread && Number.isInteger(q) && targets.length > 1) {
        spreadOver(targets, q, l.family === 'breaker').forEach((n, j) => addLine(ruleId, `${role}@${targets[j]}`, targets[j]!, l.itemCode!, String(n), l.traceRef, l.reason, groups));
      } else {
        addLine(ruleId, `${role}@${targets[0]}`, targets[0]!, l.itemCode!, qtyText(q), l.traceRef, l.reason, groups);
      }
    });
  });

  // Sundries by rule.
  for (const s of rules.sundries) {
    if (!catalog.byCode.has(s.code)) {
      problems.push({ code: 'bom.sundryNotInCatalog', severity: 'warning', path: `rules.bom.sundries[${s.id}]`, value: s.code, message: { zh: `辅材“${s.code}”不在物料库中，未列入`, en: `Sundry "${s.code}" is not in the catalog; left out` } });
      continue;
    }
    const reason = { zh: `辅材规则 ${s.id}`, en: `sundry rule ${s.id}` };
    if (s.per === 'panel') {
      for (const p of panels) {
        if (p.id === SITE || (s.panelKinds && !s.panelKinds.includes(p.kind))) continue;
        addLine(s.id, p.id, p.id, s.code, qtyText(Number(s.quantity) * (multiplicity.get(p.id) ?? 1)), undefined, reason);
      }
    } else {
      if (s.unitVoltageV !== undefined && String(configuration.voltage.unitVoltageV) !== s.unitVoltageV) continue;
      const targets = ofKinds(['batteryCabinet', 'batteryRack']);
      const units = configuration.battery.totalUnits * Number(s.quantity);
      if (targets.length === 0) continue;
      splitWhole(Math.round(units), targets.length).forEach((q, k) => addLine(s.id, targets[k]!, targets[k]!, s.code, String(q), 'battery.C10', reason));
    }
  }

  return ok({ panels, lines }, problems);
}
