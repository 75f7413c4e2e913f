import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { Catalog } from '../catalog/schema.ts';
import { fail, ok, type Problem, type Result } from '../problems.ts';
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

/** Reads rules/bom/bom-rules.yaml from its text (failsafe YAML: every scalar is the text typed). */
export function loadBomRules(source: { path: string; text: string }): Result<BomRules> {
  const doc = parseDocument(source.text, { schema: 'failsafe', uniqueKeys: true });
  if (doc.errors.length > 0) {
    return fail(doc.errors.map((e) => ({ code: 'bomRules.yamlSyntax', severity: 'error' as const, path: '', location: { file: source.path, row: e.linePos?.[0]?.line }, message: { zh: `YAML 语法错误：${e.message}`, en: `YAML syntax error: ${e.message}` } })));
  }
  const r = bomRulesSchema.safeParse(doc.toJS());
  if (!r.success) {
    return fail(
      r.error.issues.map((i) => {
        const path = i.path.map(String).join('.');
        return { code: 'bomRules.invalid', severity: 'error' as const, path, location: { file: source.path }, message: { zh: `${path} 无效：${i.message}`, en: `${path} is not valid: ${i.message}` } };
      }),
    );
  }
  return ok(r.data);
}

const PANEL_NAMES: Record<PanelKind, { zh: string; en: string }> = {
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

function splitWhole(quantity: number, parts: number): number[] {
  const base = Math.floor(quantity / parts);
  const rest = quantity - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < rest ? 1 : 0));
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

  // Panels, in the order sizing lists them; one cabinet line per panel.
  const subPanelGroups: string[][] = [];
  configuration.panels.forEach((p, groupIndex) => {
    const ids: string[] = [];
    if (p.kind === 'batteryRack') {
      // Racks are not cabinets (item 7 of issue 10): one panel for the batteries and their racks, the
      // racks as one line of their own (N 面), the batteries as groups (2 组 × 104 只).
      const id = `${p.kind}-1`;
      panels.push({ id, kind: p.kind, name: { ...RACK_PANEL_NAME }, index: panels.length + 1 });
      multiplicity.set(id, p.quantity);
      if (p.itemCode) addLine('bom.cabinet', id, id, p.itemCode, String(p.quantity), 'equipment.panels', p.reason);
    }
    for (let k = 1; k <= (p.kind === 'batteryRack' ? 0 : p.quantity); k++) {
      const sameKind = panels.filter((x) => x.kind === p.kind).length + 1;
      const id = `${p.kind}-${sameKind}`;
      const name = PANEL_NAMES[p.kind];
      panels.push({ id, kind: p.kind, name: { zh: `${name.zh} ${sameKind}`, en: `${name.en} ${sameKind}` }, index: panels.length + 1 });
      ids.push(id);
      if (p.itemCode) addLine('bom.cabinet', id, id, p.itemCode, '1', 'equipment.panels', p.reason);
    }
    if (p.itemCode === null) {
      problems.push({ code: 'bom.panelWithoutCabinet', severity: 'warning', path: `configuration.panels[${groupIndex}]`, value: p.kind, message: { zh: `${PANEL_NAMES[p.kind].zh}没有可选柜体，BOM 中缺少柜体行`, en: `No cabinet item for the ${PANEL_NAMES[p.kind].en.toLowerCase()}; the BOM has no cabinet line for it` } });
    }
    if (p.kind === 'subFeederPanel') subPanelGroups.push(ids);
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

  // Configured lines into panels.
  const subLocations: string[] = [];
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
    if (l.family === 'battery') {
      // Bought and installed as groups: one line, in the first battery panel, "groups × units".
      const at = ofKinds(['batteryCabinet', 'batteryRack'])[0] ?? ofKinds(['feederPanel', 'chargerPanel'])[0] ?? site();
      const b = configuration.battery;
      const groups = b.groups > 0 && b.groups * b.unitsPerGroup === l.quantity ? { count: b.groups, perGroup: String(b.unitsPerGroup) } : undefined;
      addLine(ruleId, `${role}@${at}`, at, l.itemCode, qtyText(l.quantity), l.traceRef, l.reason, groups);
      return;
    }
    const rule = rules.placement.find((p) => p.location === l.location);
    let targets: string[];
    let spread = false;
    if (rule) {
      targets = ofKinds(rule.panelKinds);
      spread = rule.spread;
    } else {
      if (!subLocations.includes(l.location)) subLocations.push(l.location);
      targets = subPanelGroups[subLocations.indexOf(l.location)] ?? [];
    }
    if (targets.length === 0) {
      targets = ofKinds(['feederPanel', 'chargerPanel']);
      problems.push({ code: 'bom.noPanelForLocation', severity: 'warning', path, value: l.location, message: { zh: `“${l.location}”没有对应的屏柜，${l.reason.zh} 暂放入 ${targets[0] ?? '现场'}`, en: `No panel for location "${l.location}"; ${l.reason.en} placed in ${targets[0] ?? 'site'}` } });
      if (targets.length === 0) targets = [site()];
    }
    const whole = Number.isInteger(l.quantity);
    if (spread && whole && targets.length > 1) {
      splitWhole(l.quantity, targets.length).forEach((q, k) => addLine(ruleId, `${role}@${targets[k]}`, targets[k]!, l.itemCode!, String(q), l.traceRef, l.reason));
    } else {
      addLine(ruleId, `${role}@${targets[0]}`, targets[0]!, l.itemCode, qtyText(l.quantity), l.traceRef, l.reason);
    }
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
