/**
 * The one-line drawing (设计一次图) as a pure, deterministic list of elements, built from the same evaluated
 * configuration the BOM and the quote come from (src/core/pipeline.ts). Practice notes: shared domain
 * drawing.md [P] (GB/T 4728 symbols, GB/T 5094 letter codes or the older ZK/RD style, chosen by
 * templates/drawing.yaml). A3 landscape, text ≥ 2.5 mm; what does not fit continues on the next sheet.
 *
 * Layout, top to bottom: the source band (AC incomers → ATS → charger sets; battery groups → outlet breaker →
 * shunt; the monitor with its dashed communication lines), the DC bus sections (bus tie, dropper and control
 * bus where configured, insulation monitors), then the feeder flow: one breaker per feeder grouped by panel,
 * sub-panels with their feeders, DC/DC −48 V, UPS/inverter and station-AC groups, in columns per bus section.
 * Every element says which trace entry and BOM item it shows.
 */
import type { Bom, BomLine } from '../bom/model.ts';
import type { Configuration } from '../sizing/index.ts';
import { ownerOf } from '../sizing/monitoring.ts';
import type { BreakerSelection } from '../sizing/breakers.ts';
import type { Requirements } from '../project/schema.ts';
import type { Lang } from '../text.ts';
import type { DesignationCodes, DrawingTemplate } from './template.ts';
import type { Box, Drawing, DrawingElement, ElementKind, Label, Shape, TitleBlockData } from './types.ts';
import { placementOf, type Slot } from './placement.ts';
import { sectionName, word } from './words.ts';

export const SHEET = { w: 420, h: 297, left: 20, top: 10, right: 410, bottom: 287 } as const;
/** Title block, revision table and notes (bottom right): no feeder column enters it. */
export const RESERVED: Box = { x: 228, y: 198, w: 182, h: 89 };
export const TEXT_MM = 2.5;
const ROW = 5;
const COL_W = 88;
const SRC_W = 62;
const BUS_Y = 118;

export interface DrawingInput {
  configuration: Configuration;
  /** The priced BOM (rule-built, then the engineer's edits): which panel holds each breaker and sampling box. */
  bom: Bom;
  /** The catalog's rated current of a breaker item: draws an engineer's swapped breaker with its own rating. */
  ratingOf?: (code: string) => number | null | undefined;
  /** The BOM as the rules built it, before the edits: keeps each breaker in the panel the rules gave it when an edit changes a quantity. Default: `bom`. */
  ruleBom?: Bom;
  requirements: Requirements;
  template: DrawingTemplate;
  lang: Lang;
  title: { project: string; drawingNumber: string; revision: string; date: string; signatures?: Partial<Record<'drawn' | 'checked' | 'reviewed' | 'approved', string>> };
  revisions?: { letter: string; date: string; description: string; quoteRevision: string | null }[];
  company: string;
}

// ---------------------------------------------------------------- text measure and labels

const isWide = (c: number) => c >= 0x2e80 || (c >= 0xff00 && c <= 0xffef);
/** Conservative width of a text in mm: CJK 1 em, everything else 0.62 em. */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += isWide(ch.codePointAt(0) as number) ? size : 0.62 * size;
  return w;
}

export function label(text: string, x: number, y: number, size = TEXT_MM, anchor: Label['anchor'] = 'start'): Label {
  const w = textWidth(text, size);
  const x0 = anchor === 'start' ? x : anchor === 'middle' ? x - w / 2 : x - w;
  return { text, x: r2(x), y: r2(y), size, anchor, box: { x: r2(x0), y: r2(y - size * 0.92), w: r2(w), h: r2(size * 1.18) } };
}

/** Splits a text into lines no wider than `maxW` (at characters for CJK, at spaces otherwise). */
export function wrap(text: string, maxW: number, size = TEXT_MM): string[] {
  const out: string[] = [];
  let line = '';
  for (const ch of text) {
    const next = line + ch;
    if (textWidth(next, size) > maxW && line !== '') {
      const sp = line.lastIndexOf(' ');
      if (!isWide(ch.codePointAt(0) as number) && sp > 0 && !isWide(line.codePointAt(line.length - 1) as number)) {
        out.push(line.slice(0, sp));
        line = line.slice(sp + 1) + ch;
      } else {
        out.push(line);
        line = ch === ' ' ? '' : ch;
      }
    } else line = next;
  }
  if (line !== '') out.push(line);
  return out.length ? out : [''];
}

const r2 = (v: number) => Math.round(v * 100) / 100;
const uniqueBy = <T>(xs: T[], key: (x: T) => string): T[] => [...new Map(xs.map((x) => [key(x), x])).values()];
const fmtN = (v: number) => (Number.isInteger(v) ? String(v) : String(r2(v)));
const line = (x1: number, y1: number, x2: number, y2: number, extra: { dashed?: boolean; heavy?: boolean } = {}): Shape => ({ kind: 'line', x1: r2(x1), y1: r2(y1), x2: r2(x2), y2: r2(y2), ...extra });
const rect = (x: number, y: number, w: number, h: number, dashed = false): Shape => ({ kind: 'rect', x: r2(x), y: r2(y), w: r2(w), h: r2(h), ...(dashed ? { dashed } : {}) });

// ---------------------------------------------------------------- symbols (GB/T 4728 shapes, simplified)

/** Breaker on a vertical circuit from y to y+8 at x: blade, fixed contact with a cross. */
function breakerV(x: number, y: number): Shape[] {
  return [line(x, y, x, y + 2), line(x - 2.2, y + 6, x, y + 2.6), line(x, y + 6, x, y + 8), line(x - 0.8, y + 1.4, x + 0.8, y + 2.6), line(x + 0.8, y + 1.4, x - 0.8, y + 2.6)];
}
/** Breaker on a horizontal circuit from x to x+8 at y. */
function breakerH(x: number, y: number): Shape[] {
  return [line(x, y, x + 2, y), line(x + 2.6, y, x + 6, y - 2.2), line(x + 6, y, x + 8, y), line(x + 1.4, y - 0.8, x + 2.6, y + 0.8), line(x + 1.4, y + 0.8, x + 2.6, y - 0.8)];
}
function batteryV(x: number, y: number): Shape[] {
  return [line(x, y, x, y + 4), line(x - 6, y + 4, x + 6, y + 4), line(x - 3, y + 6, x + 3, y + 6), line(x, y + 6, x, y + 8, { dashed: true }), line(x - 6, y + 8, x + 6, y + 8), line(x - 3, y + 10, x + 3, y + 10), line(x, y + 10, x, y + 14)];
}
/** Converter box (rectifier, DC/DC, inverter) with its diagonal. */
function converter(x: number, y: number, w: number, h: number): Shape[] {
  return [rect(x, y, w, h), line(x, y + h, x + w, y)];
}

// ---------------------------------------------------------------- building

interface Ctx {
  lang: Lang;
  codes: DesignationCodes;
  counters: Map<string, number>;
  elements: DrawingElement[];
}

function desig(ctx: Ctx, key: keyof DesignationCodes): string {
  const prefix = ctx.codes[key];
  const n = (ctx.counters.get(prefix) ?? 0) + 1;
  ctx.counters.set(prefix, n);
  return `${prefix}${n}`;
}

function add(ctx: Ctx, e: Omit<DrawingElement, 'signature'> & { signature?: string }): DrawingElement {
  const el: DrawingElement = { ...e, signature: e.signature ?? [e.kind, e.itemCode ?? '', e.ratingA ?? '', e.capacityAh ?? '', ...e.labels.map((l) => l.text)].join('|') };
  ctx.elements.push(el);
  return el;
}

const sig = (...parts: (string | number | null | undefined)[]) => parts.map((p) => (p === null || p === undefined ? '' : String(p))).join('|');

interface SourceColumn {
  kind: 'charger' | 'battery' | 'monitor';
  index: number;
  section: 1 | 2;
}

function sourceColumns(c: Configuration): SourceColumn[] {
  const sets = c.arrangement.chargerSets;
  const groups = c.arrangement.batteryGroups;
  const cols: SourceColumn[] = [];
  if (groups >= 2) {
    cols.push({ kind: 'charger', index: 1, section: 1 }, { kind: 'battery', index: 1, section: 1 });
    for (let k = 3; k <= sets; k++) cols.push({ kind: 'charger', index: k, section: 1 });
    cols.push({ kind: 'battery', index: 2, section: 2 });
    if (sets >= 2) cols.push({ kind: 'charger', index: 2, section: 2 });
  } else {
    cols.push({ kind: 'charger', index: 1, section: 1 }, { kind: 'battery', index: 1, section: 1 });
    for (let k = 2; k <= sets; k++) cols.push({ kind: 'charger', index: k, section: 1 });
  }
  cols.push({ kind: 'monitor', index: 1, section: groups >= 2 ? 2 : 1 });
  return cols;
}

function breakerById(c: Configuration, id: string): BreakerSelection | undefined {
  return c.breakers.find((b) => b.id === id);
}

const amps = (v: number | null) => (v === null ? '?' : `${fmtN(v)} A`);

interface FlowRow {
  id: string;
  kind: ElementKind;
  /** 'breaker' rows draw a breaker off the riser; 'box' a device box; 'bus' a short heavy line; 'text' text only; 'header' a group title. */
  draw: 'breaker' | 'box' | 'bus' | 'text' | 'header';
  /** The designation's letter code: the number is given when the row is placed, so designations run in drawing order. */
  desig?: keyof DesignationCodes;
  /** Told the designation the row got when placed (a sub panel's fed-by line names its incoming breaker's). */
  placed?: (designation: string) => void;
  rating?: string;
  /** A function when the text names another row's designation (known once that row is placed). */
  text: string | (() => string);
  traceRef?: string;
  itemCode?: string;
  ratingA?: number;
  /** The BOM panel the device sits in. */
  panelId?: string;
  signature: string;
}

interface FlowGroup {
  title: string;
  /** 'bus': fed from the section's DC bus (riser from the bus on sheet 1); 'own': its own riser from the title; 'none': no riser. */
  feed: 'bus' | 'own' | 'none';
  rows: FlowRow[];
}

export function buildDrawing(input: DrawingInput): Drawing {
  const { configuration: c, requirements: req, lang, template } = input;
  const ctx: Ctx = { lang, codes: template.designations[template.designationStyle], counters: new Map(), elements: [] };
  const w = (k: Parameters<typeof word>[1]) => word(lang, k);
  const groups = c.arrangement.batteryGroups;
  const sections = groups >= 2 ? 2 : 1;

  // ---------------- source band (sheet 1)
  const cols = sourceColumns(c);
  const colX = cols.map((_, i) => SHEET.left + 4 + i * SRC_W);
  const firstSec2 = cols.findIndex((col) => col.section === 2);
  const gapX = sections === 2 ? (colX[firstSec2] as number) - 2 : SHEET.right;
  const COMM_Y = 106;
  const commXs: number[] = [];
  const acIn = req.acInput ?? { incomers: 2 as const };
  const ats = acIn.ats ?? acIn.incomers === 2;
  const chOut = breakerById(c, 'brk.chargerOutput');
  const outlet = breakerById(c, 'brk.batteryOutlet');
  const dTest = breakerById(c, 'brk.dischargeTest');
  const batteryCable = c.cables.find((x) => x.kind === 'battery');
  const mod = c.charger.module;

  // Where the priced BOM puts each breaker and sampling box (placement.ts): one source of truth with the quote.
  const place = placementOf(input.bom, input.ruleBom);
  const onPanel = (slot: Slot | undefined) => (slot ? { panelId: slot.panel.id } : {});
  const NONE = { itemCode: null, ratingA: null };
  /** A breaker as the BOM holds it in its slot: after an engineer's swap, the swapped item with its catalog rating. */
  const held = (b: { itemCode: string | null; ratingA: number | null } | undefined, slot: Slot | undefined) => {
    const swapped = slot && slot.code !== null && slot.code !== b?.itemCode ? input.ratingOf?.(slot.code) : undefined;
    const it = swapped !== undefined && swapped !== null && slot ? { itemCode: slot.code, ratingA: swapped } : (b ?? NONE);
    return { it, at: onPanel(slot), item: it.itemCode ?? undefined, rating: it.ratingA ?? undefined };
  };
  const kindWord = (k: string) => w(k as 'control');
  type One = { b: BreakerSelection; n: number; name: string };
  const mainFeeders: One[] = [];
  const kindCount = new Map<string, number>();
  req.feeders.main.forEach((f, i) => {
    const b = breakerById(c, `brk.main.${i}`);
    if (!b) return;
    for (let n = 0; n < f.count; n++) {
      const kc = (kindCount.get(f.kind) ?? 0) + 1;
      kindCount.set(f.kind, kc);
      mainFeeders.push({ b, n, name: f.names?.[n] ?? `${kindWord(f.kind)} ${kc}` });
    }
  });
  const subIncomers = req.feeders.subPanels.map((s, i) => ({ s, i, b: breakerById(c, `brk.sub.${i}.in`) })).filter((x) => x.b !== undefined) as { s: Requirements['feeders']['subPanels'][number]; i: number; b: BreakerSelection }[];
  type Entry = ({ kind: 'main'; f: One } | { kind: 'sub'; x: (typeof subIncomers)[number] } | { kind: 'spare'; b: BreakerSelection; n: number }) & { slot: Slot | undefined };
  const entries: Entry[] = [...mainFeeders.map((f): Entry => ({ kind: 'main', f, slot: place.take(f.b.traceId) })), ...subIncomers.map((x): Entry => ({ kind: 'sub', x, slot: place.take(x.b.traceId) }))];
  // Units the BOM holds beyond the configuration's (an engineer raised a quantity) are drawn as spare circuits.
  for (const b of uniqueBy([...mainFeeders.map((f) => f.b), ...subIncomers.map((x) => x.b)], (b) => b.traceId)) {
    place.rest(b.traceId).forEach((slot, n) => entries.push({ kind: 'spare', b, n: n + 1, slot }));
  }
  const mainPanels = place.panels.filter((p) => entries.some((e) => e.slot?.panel.id === p.id));
  const subPanelIds = (i: number) => place.owned(ownerOf.subPanel(i)).map((p) => p.id);
  const integratedAc = req.systemKind === 'integratedSystem' && req.integrated ? req.integrated : null;
  const acPanelIds = integratedAc ? place.panels.filter((p) => p.kind === 'acPanel').map((p) => p.id) : [];
  const groupPanelIds = (g: number) => place.owned(ownerOf.batteryGroup(g)).map((p) => p.id);
  const SAMPLING = ['samplingBox', 'batteryInspection'] as const;
  const codeOf = (l: BomLine) => (l.item.kind === 'catalog' ? l.item.code : l.item.item.name[lang]);
  const familyOf = (l: BomLine) => /#([^@]+)@/.exec(l.id)?.[1] ?? '';
  const boxWord = (l: BomLine) => (familyOf(l) === 'batteryInspection' ? w('batteryInspection') : familyOf(l) === 'insulationMonitor' ? w('insulation') : w('samplingBox'));
  /** Box rows for the monitoring devices the BOM puts in these panels (count and code from the BOM line). */
  const boxRows = (panelIds: string[], families: readonly string[]): FlowRow[] =>
    place.linesOf(families, panelIds).map((l) => {
      const insulation = familyOf(l) === 'insulationMonitor';
      return { id: `box.${l.id}`, kind: insulation ? 'insulationMonitor' : 'samplingBox', draw: 'box', ...(insulation ? { desig: 'insulationMonitor' as const } : {}), text: `${codeOf(l)} ×${l.quantity} ${boxWord(l)}`, traceRef: l.source.kind === 'rule' ? l.source.traceRef : undefined, itemCode: l.item.kind === 'catalog' ? l.item.code : undefined, panelId: l.panelId, signature: sig(familyOf(l), codeOf(l), l.quantity) };
    });
  // Sampling boxes are drawn where their panel is drawn: battery groups, feeder panels, sub panels, the AC panel; the rest in the monitor's list.
  const boxPanels = new Set([...mainPanels.map((p) => p.id), ...subIncomers.flatMap((x) => subPanelIds(x.i)), ...acPanelIds, ...Array.from({ length: groups }, (_, g) => groupPanelIds(g + 1)).flat()]);
  const droppers = place.linesOf(['dropper'], place.panels.map((p) => p.id)).flatMap((l) => Array.from({ length: Number(l.quantity) }, () => l.panelId));
  // The dropper, and with it the separate closing and control buses, only where the priced BOM has one.
  const dropper = c.dropper !== null && droppers.length > 0;
  const lowBus = dropper ? BUS_Y + 10 : BUS_Y;

  cols.forEach((col, i) => {
    const x0 = colX[i] as number;
    const L = x0 + 10;
    const lx = L + 9;
    if (col.kind === 'charger') {
      const k = col.index;
      // AC incomers and the changeover.
      const acShapes: Shape[] = [];
      const acLabels: Label[] = [];
      if (acIn.incomers === 2) {
        acShapes.push(line(L - 4, 20, L - 4, 30), line(L + 4, 20, L + 4, 30));
        acLabels.push(label(w('acIncomers'), L + 6, 23));
      } else {
        acShapes.push(line(L, 20, L, 30));
        acLabels.push(label(w('acOne'), L + 3, 23));
      }
      add(ctx, { id: `ac.${k}.incomers`, kind: 'acIncomer', sheet: 1, shapes: acShapes, labels: acLabels, signature: sig('acIncomer', acIn.incomers) });
      if (ats) {
        const d = desig(ctx, 'ats');
        add(ctx, { id: `ac.${k}.ats`, kind: 'ats', sheet: 1, designation: d, shapes: [rect(L - 6, 30, 12, 6), line(L, 36, L, 40)], labels: [label(`${d} ${w('ats')}`, lx, 34.5)], signature: sig('ats') });
      } else if (acIn.incomers === 2) {
        add(ctx, { id: `ac.${k}.ats`, kind: 'ats', sheet: 1, shapes: [line(L - 4, 30, L + 4, 30), line(L, 30, L, 40)], labels: [], signature: sig('noAts') });
      } else {
        add(ctx, { id: `ac.${k}.ats`, kind: 'ats', sheet: 1, shapes: [line(L, 30, L, 40)], labels: [], signature: sig('oneIncomer') });
      }
      const dAc = desig(ctx, 'acBreaker');
      // No rule in rules/ sizes the charger's AC input breaker and the project file has no rating for it: the
      // drawing says 待定 (to be determined) rather than inventing one.
      add(ctx, { id: `ac.${k}.breaker`, kind: 'acBreaker', sheet: 1, designation: dAc, shapes: [...breakerV(L, 40), line(L, 48, L, 52)], labels: [label(`${dAc} ${w('acBreaker')} In ${w('tbd')}`, lx, 45.5)], signature: sig('acBreaker', 'tbd') });
      const dU = desig(ctx, 'charger');
      add(ctx, {
        id: `charger.${k}`,
        kind: 'charger',
        sheet: 1,
        designation: dU,
        shapes: [...converter(L - 7, 52, 14, 12), line(L, 64, L, 70)],
        labels: [label(`${dU} ${mod.itemCode} ×${mod.totalModules} (${mod.baseModules}+${mod.spareModules})`, lx, 56.5), label(`${w('chargerSet')} ${k} · ${fmtN(mod.ratedCurrentA)} A`, lx, 61)],
        traceRef: 'charger.modules',
        itemCode: mod.itemCode,
        signature: sig('charger', mod.itemCode, mod.totalModules, mod.baseModules, mod.ratedCurrentA),
      });
      const dQ = desig(ctx, 'breaker');
      const h = held(chOut, chOut && place.take(chOut.traceId));
      const outLabels = [label(`${dQ} ${amps(h.it.ratingA)}`, lx, 75.5)];
      if (groups >= 2 && k >= 3) outLabels.push(label(w('standby'), lx, 80));
      add(ctx, { id: `brk.chargerOutput#${k}`, kind: 'breaker', sheet: 1, designation: dQ, shapes: [...breakerV(L, 70), line(L, 78, L, BUS_Y)], labels: outLabels, traceRef: chOut?.traceId, itemCode: h.item, ratingA: h.rating, ...h.at, signature: sig('chargerOutput', h.it.itemCode, h.it.ratingA) });
      commXs.push(L - 5);
      add(ctx, { id: `comm.charger.${k}`, kind: 'monitor', sheet: 1, shapes: [line(L - 5, 64, L - 5, COMM_Y, { dashed: true })], labels: [], signature: sig('comm') });
    } else if (col.kind === 'battery') {
      const g = col.index;
      const b = c.battery;
      const dG = desig(ctx, 'battery');
      const unit = b.unit === 'cell' ? w('cells') : w('blocks');
      add(ctx, {
        id: `battery.${g}`,
        kind: 'battery',
        sheet: 1,
        designation: dG,
        shapes: [line(L, 20, L, 26), ...batteryV(L, 26)],
        labels: [label(`${dG} ${c.voltage.unitVoltageV} V ${fmtN(b.capacityAh)} Ah × ${b.unitsPerGroup} ${unit}`, lx, 31), label(`${w('battery')} ${g} · ${b.itemCode}`, lx, 35.5)],
        traceRef: 'battery.C10',
        itemCode: b.itemCode,
        capacityAh: b.capacityAh,
        signature: sig('battery', b.itemCode, b.capacityAh, b.unitsPerGroup),
      });
      const dQ = desig(ctx, 'breaker');
      const h = held(outlet, outlet && place.take(outlet.traceId));
      add(ctx, { id: `brk.batteryOutlet#${g}`, kind: 'breaker', sheet: 1, designation: dQ, shapes: [line(L, 40, L, 44), ...breakerV(L, 44), line(L, 52, L, 56)], labels: [label(`${dQ} ${amps(h.it.ratingA)}`, lx, 49.5)], traceRef: outlet?.traceId, itemCode: h.item, ratingA: h.rating, ...h.at, signature: sig('batteryOutlet', h.it.itemCode, h.it.ratingA) });
      const sh = c.equipment.perGroup.shunt;
      const dS = desig(ctx, 'shunt');
      add(ctx, { id: `shunt.${g}`, kind: 'shunt', sheet: 1, designation: dS, shapes: [rect(L - 1.5, 56, 3, 5), line(L, 61, L, BUS_Y)], labels: [label(`${dS} ${sh ? `${fmtN(sh.ratedCurrentA)} A` : '?'}`, lx, 60)], traceRef: 'equipment.shunt', itemCode: sh?.itemCode, signature: sig('shunt', sh?.itemCode) });
      if (batteryCable) add(ctx, { id: `cable.battery.${g}`, kind: 'cable', sheet: 1, shapes: [], labels: [label(batteryCable.itemCode ? `${batteryCable.runs > 1 ? `${batteryCable.runs} × ` : ''}${batteryCable.itemCode}` : `${batteryCable.cores}×${fmtN(batteryCable.sectionMm2)} mm²`, lx, 67)], traceRef: batteryCable.traceId, itemCode: batteryCable.itemCode ?? undefined, signature: sig('cable', batteryCable.itemCode, batteryCable.sectionMm2, batteryCable.runs) });
      if (dTest) {
        const dT = desig(ctx, 'breaker');
        const h = held(dTest, place.take(dTest.traceId));
        add(ctx, { id: `brk.dischargeTest#${g}`, kind: 'breaker', sheet: 1, designation: dT, shapes: [line(L, 80, L + 4, 80), ...breakerH(L + 4, 80), line(L + 12, 80, L + 14, 80)], labels: [label(`${dT} ${amps(h.it.ratingA)} ${w('dischargeTest')}`, L + 15, 81)], traceRef: dTest.traceId, itemCode: h.item, ratingA: h.rating, ...h.at, signature: sig('dischargeTest', h.it.itemCode, h.it.ratingA) });
      }
      commXs.push(L - 8);
      add(ctx, { id: `comm.battery.${g}`, kind: 'samplingBox', sheet: 1, shapes: [line(L - 6, 33, L - 8, 33, { dashed: true }), line(L - 8, 33, L - 8, COMM_Y, { dashed: true })], labels: [], signature: sig('comm') });
      // The group's battery monitoring (电池巡检) and sampling boxes, as many as the BOM puts in its racks or cabinets, on the dashed line.
      boxRows(groupPanelIds(g), SAMPLING).forEach((r, j) => {
        const y = 89 + j * 4.5;
        if (y > COMM_Y - 3) throw new Error('battery group sampling list longer than the source band');
        add(ctx, { id: r.id, kind: r.kind, sheet: 1, shapes: [line(L - 8, y - 1, L + 4, y - 1, { dashed: true }), rect(L + 4, y - 2.6, 4, 3.2, true)], labels: [label(String(r.text), lx, y)], traceRef: r.traceRef, itemCode: r.itemCode, ...(r.panelId !== undefined ? { panelId: r.panelId } : {}), signature: r.signature });
      });
    } else {
      // The monitor with its list of monitoring devices, and the dashed communication line.
      const mon = c.monitoring.find((m) => m.family === 'monitor');
      const dA = desig(ctx, 'monitor');
      const monLabels = [label(mon?.itemCode ?? '?', x0 + 17, 30, TEXT_MM, 'middle'), label(`${dA} ${w('monitor')}`, x0 + 32, 30)];
      const commLeft = Math.min(...commXs, x0 + 6);
      add(ctx, { id: 'monitor', kind: 'monitor', sheet: 1, designation: dA, shapes: [rect(x0 + 4, 25, 26, 7), line(x0 + 6, 32, x0 + 6, COMM_Y, { dashed: true }), line(commLeft, COMM_Y, x0 + 6, COMM_Y, { dashed: true })], labels: monLabels, traceRef: mon?.traceRef, itemCode: mon?.itemCode ?? undefined, signature: sig('monitor', mon?.itemCode) });
      const others = c.monitoring.filter((m) => m.family !== 'monitor' && m.family !== 'insulationMonitor' && m.family !== 'samplingBox');
      const master = c.monitoring.filter((m) => m.family === 'insulationMonitor' && m.role === 'masterBox');
      const listed: FlowRow[] = [
        ...[...master, ...others].map((m): FlowRow => ({ id: `monitoring.${m.family}.${m.role}.${m.location}`, kind: 'monitor', draw: 'box', text: `${m.itemCode ?? '?'} ×${m.quantity} ${m.family === 'auxPowerSupply' ? w('auxPower') : w('insulationMaster')}`, traceRef: m.traceRef, itemCode: m.itemCode ?? undefined, signature: sig(m.family, m.role, m.itemCode, m.quantity) })),
        // Sampling boxes in a panel the drawing does not show (a charger panel): listed here with the panel's name.
        ...boxRows(place.panels.filter((p) => !boxPanels.has(p.id)).map((p) => p.id), SAMPLING).map((r) => ({ ...r, text: `${String(r.text)} (${place.panel(r.panelId ?? '')?.name[lang] ?? ''})` })),
      ];
      listed.forEach((r, j) => {
        const y = 40 + j * 4.5;
        if (y > COMM_Y - 4) throw new Error('monitoring list longer than the source band');
        add(ctx, { id: r.id, kind: r.kind, sheet: 1, shapes: [line(x0 + 6, y - 0.8, x0 + 9, y - 0.8, { dashed: true })], labels: [label(String(r.text), x0 + 10, y)], traceRef: r.traceRef, itemCode: r.itemCode, ...(r.panelId !== undefined ? { panelId: r.panelId } : {}), signature: r.signature });
      });
    }
  });

  // ---------------- buses
  const busSpans: [number, number][] = sections === 2 ? [[SHEET.left + 2, gapX - 8], [gapX + 8, SHEET.right - 2]] : [[SHEET.left + 2, SHEET.right - 2]];
  const imons = c.monitoring.filter((m) => m.family === 'insulationMonitor' && m.role === 'main');
  busSpans.forEach(([xa, xb], s) => {
    const sn = s + 1;
    const busWord = dropper ? w('closingBus') : w('busCombined');
    const shapes: Shape[] = [line(xa, BUS_Y, xb, BUS_Y, { heavy: true })];
    const labels: Label[] = [label(`${sectionName(lang, sn)}${lang === 'zh' ? '' : ' '}${busWord}`, xa + 2, BUS_Y - 1.5)];
    if (dropper) {
      shapes.push(line(xa, lowBus, xb, lowBus, { heavy: true }));
      labels.push(label(`${sectionName(lang, sn)}${lang === 'zh' ? '' : ' '}${w('controlBus')}`, xa + 2, lowBus + 3.6));
    }
    add(ctx, { id: `bus.${sn}`, kind: 'bus', sheet: 1, shapes, labels, signature: sig('bus', sn, String(dropper)) });
    if (dropper && c.dropper && s < droppers.length) {
      const dV = desig(ctx, 'dropper');
      const x = xa + 50;
      add(ctx, { id: `dropper.${sn}`, kind: 'dropper', sheet: 1, designation: dV, shapes: [line(x, BUS_Y, x, BUS_Y + 3), { kind: 'line', x1: x - 2, y1: BUS_Y + 3, x2: x + 2, y2: BUS_Y + 3 }, line(x - 2, BUS_Y + 3, x, BUS_Y + 6), line(x + 2, BUS_Y + 3, x, BUS_Y + 6), line(x - 2, BUS_Y + 6, x + 2, BUS_Y + 6), line(x, BUS_Y + 6, x, lowBus)], labels: [label(`${dV} ${w('dropper')} ${fmtN(c.dropper.dropV)} V ${fmtN(c.dropper.currentA)} A`, x + 4, BUS_Y + 6)], traceRef: 'voltage.dropper', itemCode: c.dropper.itemCode ?? undefined, panelId: droppers[s], signature: sig('dropper', c.dropper.itemCode, c.dropper.dropV, c.dropper.currentA) });
    }
    const im = imons[0];
    if (im) {
      const dI = desig(ctx, 'insulationMonitor');
      const text = `${dI} ${im.itemCode ?? '?'} ${w('insulation')}`;
      const x = xb - 2 - textWidth(text, TEXT_MM) - 8;
      add(ctx, { id: `insulation.${sn}`, kind: 'insulationMonitor', sheet: 1, designation: dI, shapes: [line(x + 3, lowBus, x + 3, lowBus + 3), rect(x, lowBus + 3, 6, 4)], labels: [label(text, x + 8, lowBus + 6.5)], traceRef: im.traceRef, itemCode: im.itemCode ?? undefined, signature: sig('insulation', im.itemCode) });
    }
  });
  const tie = breakerById(c, 'brk.busTie');
  if (sections === 2) {
    const dQ = desig(ctx, 'breaker');
    const h = held(tie, tie && place.take(tie.traceId));
    add(ctx, { id: 'brk.busTie', kind: 'busTie', sheet: 1, designation: dQ, shapes: [line(gapX - 8, BUS_Y, gapX - 4, BUS_Y), ...breakerH(gapX - 4, BUS_Y), line(gapX + 4, BUS_Y, gapX + 8, BUS_Y)], labels: [label(`${dQ} ${amps(h.it.ratingA)} ${w('busTie')}`, gapX, BUS_Y - 5.5, TEXT_MM, 'middle')], traceRef: tie?.traceId, itemCode: h.item, ratingA: h.rating, ...h.at, signature: sig('busTie', h.it.itemCode, h.it.ratingA) });
  }

  // ---------------- feeder flow: every breaker in the panel the priced BOM puts it in (never split here)
  const flows: FlowGroup[][] = Array.from({ length: sections }, () => []);
  // The main panels in line-up order; with two bus sections the first half hangs on section I, the rest on II.
  const sectionOf = (panelId: string | undefined): number => {
    const k = mainPanels.findIndex((p) => p.id === panelId);
    return k < 0 ? sections - 1 : sections === 2 && k >= Math.ceil(mainPanels.length / 2) ? 1 : 0;
  };
  /** A sub panel's incoming breaker: its rating (known now) and its designation (known once placed). */
  const incomer = new Map<number, { d: string; ratingA: number | null }>();
  const breakerRow = (e: Entry): FlowRow => {
    const b = e.kind === 'main' ? e.f.b : e.kind === 'sub' ? e.x.b : e.b;
    const { it, at, item, rating } = held(b, e.slot);
    const common = { draw: 'breaker' as const, desig: 'breaker' as const, rating: amps(it.ratingA), traceRef: b.traceId, itemCode: item, ratingA: rating, ...at };
    if (e.kind === 'main') return { id: `${b.id}#${e.f.n + 1}`, kind: 'feeder', ...common, text: e.f.name, signature: sig('feeder', it.itemCode, it.ratingA, e.f.name) };
    if (e.kind === 'sub') {
      const sub = e.x.i;
      incomer.set(sub, { d: '', ratingA: it.ratingA });
      return { id: b.id, kind: 'subPanelIncoming', ...common, placed: (d) => incomer.set(sub, { d, ratingA: it.ratingA }), text: `${w('toSub')} ${e.x.s.name}`, signature: sig('subPanelIncoming', it.itemCode, it.ratingA, e.x.s.name) };
    }
    return { id: `${b.id}#spare${e.n}`, kind: 'feeder', ...common, text: `${w('spare')} ${e.n}`, signature: sig('spare', it.itemCode, it.ratingA, e.n) };
  };
  // Units of the source-side breakers (charger output, battery outlet, discharge test, bus tie) the BOM holds beyond
  // those drawn above (an engineer raised a quantity): spare circuits on the panel the BOM puts them in.
  const sourceSpares = uniqueBy([chOut, outlet, dTest, tie].filter((b): b is BreakerSelection => b !== undefined), (b) => b.traceId)
    .flatMap((b) => place.rest(b.traceId).map((slot, n): Entry => ({ kind: 'spare', b, n: n + 1, slot })));
  const spareOnlyPanels = place.panels.filter((p) => !mainPanels.includes(p) && sourceSpares.some((e) => e.slot?.panel.id === p.id));
  for (const p of [...mainPanels, ...spareOnlyPanels]) {
    // A panel drawn only for such spares keeps its sampling boxes in the monitor's list (boxPanels).
    const rows = [...(mainPanels.includes(p) ? boxRows([p.id], SAMPLING) : []), ...[...entries, ...sourceSpares].filter((e) => e.slot?.panel.id === p.id).map(breakerRow)];
    // A panel drawn only for its spares (a charger panel, say) hangs on no bus section of its own: say so, not "II 段".
    const titleTail = mainPanels.includes(p) ? sectionName(lang, sectionOf(p.id) + 1) : w('spare');
    flows[sectionOf(p.id)]?.push({ title: `${p.name[lang]} · ${titleTail}`, feed: 'bus', rows });
  }
  const unplaced = entries.filter((e) => e.slot === undefined);
  if (unplaced.length > 0) flows[sections - 1]?.push({ title: w('notInBom'), feed: 'bus', rows: unplaced.map(breakerRow) });
  // Sub-panels follow in the flow of the section that feeds them; a sub panel spread over several BOM panels shows each.
  for (const x of subIncomers) {
    const s = sectionOf(entries.find((e) => e.kind === 'sub' && e.x.i === x.i)?.slot?.panel.id);
    const feeders: FlowRow[] = [];
    x.s.feeders.forEach((f, j) => {
      const b = breakerById(c, `brk.sub.${x.i}.${j}`);
      if (!b) return;
      const row = (n: number, name: string, slot: Slot | undefined, spare: boolean): FlowRow => {
        const { it, at, item, rating } = held(b, slot);
        return { id: spare ? `${b.id}#spare${n}` : `${b.id}#${n}`, kind: 'feeder', draw: 'breaker', desig: 'breaker', rating: amps(it.ratingA), text: name, traceRef: b.traceId, itemCode: item, ratingA: rating, ...at, signature: sig(spare ? 'spare' : 'feeder', it.itemCode, it.ratingA, name) };
      };
      for (let n = 0; n < f.count; n++) feeders.push(row(n + 1, f.names?.[n] ?? `${kindWord(f.kind)} ${n + 1}`, place.take(b.traceId), false));
      // What the BOM holds beyond the configuration's count: spare circuits.
      place.rest(b.traceId).forEach((slot, n) => feeders.push(row(n + 1, `${w('spare')} ${n + 1}`, slot, true)));
    });
    const panelIds = uniqueBy([...subPanelIds(x.i), ...feeders.flatMap((r) => (r.panelId !== undefined ? [r.panelId] : []))], (id) => id).sort((a, b) => (place.panel(a)?.index ?? 0) - (place.panel(b)?.index ?? 0));
    const parts: (string | undefined)[] = panelIds.length > 0 ? panelIds : [undefined];
    if (feeders.some((r) => r.panelId === undefined) && panelIds.length > 0) parts.push(undefined);
    parts.forEach((pid, k) => {
      const fedA = incomer.get(x.i)?.ratingA ?? x.b.ratingA;
      const rows: FlowRow[] = k === 0 ? [{ id: `subPanel.${x.i}.fedBy`, kind: 'subPanel', draw: 'text', text: () => `${w('fedBy')} ${incomer.get(x.i)?.d ?? ''} ${amps(fedA)}`, signature: sig('fedBy', fedA) }] : [];
      if (pid !== undefined) rows.push(...boxRows([pid], ['insulationMonitor', ...SAMPLING]));
      rows.push(...feeders.filter((r) => r.panelId === pid));
      const more = parts.length > 1 ? ` · ${pid !== undefined ? (place.panel(pid)?.name[lang] ?? '') : w('notInBom')}` : '';
      flows[s]?.push({ title: `${w('subPanel')}${lang === 'zh' ? '：' : ': '}${x.s.name}${more}`, feed: 'own', rows });
    });
  }
  const last = flows[sections - 1] as FlowGroup[];
  if (c.dcdc) {
    last.push({ title: w('dcdc'), feed: 'own', rows: [
      { id: 'dcdc', kind: 'dcdc', draw: 'box', desig: 'dcdc', text: `${c.dcdc.itemCode} ×${c.dcdc.totalModules} (${c.dcdc.baseModules}+${c.dcdc.spareModules})`, traceRef: 'dcdc.modules', itemCode: c.dcdc.itemCode, signature: sig('dcdc', c.dcdc.itemCode, c.dcdc.totalModules) },
      { id: 'dcdc.bus', kind: 'bus', draw: 'bus', text: `${w('bus48')} ${fmtN(c.dcdc.outputCurrentA)} A`, signature: sig('bus48', c.dcdc.outputCurrentA) },
    ] });
  }
  if (c.inverter) {
    const inv = c.inverter;
    last.push({ title: inv.kind === 'ups' ? w('ups') : w('inverter'), feed: 'own', rows: [
      { id: 'inverter', kind: 'inverter', draw: 'box', desig: 'inverter', text: `${inv.itemCode} ${fmtN(inv.ratedKVA)} kVA ×${inv.count}`, traceRef: 'inverter.selection', itemCode: inv.itemCode, signature: sig('inverter', inv.itemCode, inv.ratedKVA, inv.count) },
      { id: 'inverter.bus', kind: 'bus', draw: 'bus', text: w('acOutBus'), signature: sig('acOutBus') },
    ] });
  }
  if (integratedAc) {
    // The station AC panel: its incomer and feeder breakers as sized (ac-panel.ts, the catalog item's rating) and
    // placed in the BOM. Without the station AC rated current nothing rates the incomers: they say 待定.
    const acLine = (id: string) => c.acBreakers.find((a) => a.id === id);
    const acRow = (id: string, a: (typeof c.acBreakers)[number] | undefined, text: string, signature: string): FlowRow => {
      const { it, at, item, rating } = held(a, a && a.itemCode !== null ? place.take('ac.breakers') : undefined);
      return { id, kind: 'acBreaker', draw: 'breaker', desig: 'acBreaker', rating: a ? amps(it.ratingA) : `In ${w('tbd')}`, text, traceRef: a ? 'ac.breakers' : undefined, itemCode: item, ratingA: rating, ...at, signature };
    };
    const rows: FlowRow[] = [...boxRows(acPanelIds, SAMPLING)];
    const incomer = acLine('ac.incomer');
    for (let k = 1; k <= integratedAc.acIncomers; k++) rows.push(acRow(`acdist.incomer#${k}`, incomer, `${w('acIncomer')} ${k}`, sig('acIncomer', incomer?.itemCode, incomer?.ratingA ?? 'tbd')));
    let n = 0;
    integratedAc.acFeeders.forEach((f, i) => {
      const a = acLine(`ac.feeder.${i}`);
      for (let k = 0; k < f.count; k++) {
        n++;
        rows.push(acRow(`acdist.feeder.${i}#${k + 1}`, a, `${f.poles}P ${w('acFeeder')} ${n}`, sig('acFeeder', a?.itemCode, a?.ratingA, f.poles)));
      }
    });
    // AC breaker units the BOM holds beyond the circuits drawn (an engineer raised a quantity): spare circuits
    // on the panel the BOM puts them in, with the held item's rating, as on the DC side.
    place.rest('ac.breakers').forEach((slot, k) => {
      const { it, at, item, rating } = held(c.acBreakers.find((a) => a.itemCode === slot.code), slot);
      rows.push({ id: `acdist.spare#${k + 1}`, kind: 'acBreaker', draw: 'breaker', desig: 'acBreaker', rating: amps(it.ratingA), text: `${w('spare')} ${k + 1}`, traceRef: 'ac.breakers', itemCode: item, ratingA: rating, ...at, signature: sig('acSpare', it.itemCode, it.ratingA, k + 1) });
    });
    // The riser is the AC bus: the incomers feed it and the feeders leave it, as on the DC side.
    last.push({ title: lang === 'zh' ? `${w('acDist')}（${w('acBus')}）` : `${w('acDist')} (${w('acBus')})`, feed: 'own', rows });
  }

  const sheetCount = placeFlows(ctx, flows, sections === 2 ? [[SHEET.left, gapX], [gapX, SHEET.right]] : [[SHEET.left, SHEET.right]], lowBus);

  // ---------------- frames, title blocks, revision tables, notes
  const sigs = input.title.signatures ?? {};
  const titleBlock: TitleBlockData = {
    company: input.company,
    project: input.title.project,
    drawingName: template.names[lang],
    drawingNumber: input.title.drawingNumber,
    revision: input.title.revision,
    date: input.title.date,
    signatures: template.signatures[lang].map((role, i) => ({ role, name: [sigs.drawn, sigs.checked, sigs.reviewed, sigs.approved][i] ?? '' })),
    scale: w('scaleNone'),
  };
  const revisions = (input.revisions ?? []).slice(-4);
  for (let s = 1; s <= sheetCount; s++) {
    frameAndTitle(ctx, s, sheetCount, titleBlock, revisions);
  }
  const notes = template.notes[lang];
  const noteLabels: Label[] = [label(w('notes'), RESERVED.x + 2, RESERVED.y + 4)];
  let ny = RESERVED.y + 8.5;
  notes.forEach((t, i) => {
    for (const ln of wrap(`${i + 1}. ${t}`, RESERVED.w - 6)) {
      if (ny > 218) break;
      noteLabels.push(label(ln, RESERVED.x + 4, ny));
      ny += 4.2;
    }
  });
  add(ctx, { id: 'notes', kind: 'notes', sheet: 1, shapes: [], labels: noteLabels, signature: sig('notes', ...notes) });

  return { lang, sheetCount, widthMm: SHEET.w, heightMm: SHEET.h, elements: ctx.elements, titleBlock, revisions };
}

/** Places each section's groups in columns under its bus; continues on the next sheet. Returns the sheet count. */
function placeFlows(ctx: Ctx, flows: FlowGroup[][], spans: [number, number][], lowBus: number): number {
  let maxSheet = 1;
  // Sheet 1 gives each section the width under its own bus. The sheets after it have no buses: what a
  // section continues there takes the next free column across the whole width, section I's first, so a
  // continued section II starts at the left edge (it started mid-sheet under where its bus was, the left
  // half of the sheet empty).
  const fullPerSheet = Math.max(1, Math.floor((SHEET.right - SHEET.left - 2) / COL_W));
  const nextFree = { sheet: 2, col: 0 };
  flows.forEach((groups, s) => {
    const [xa, xb] = spans[s] as [number, number];
    const perSheet = Math.max(1, Math.floor((xb - xa - 2) / COL_W));
    let sheet = 1;
    let col = 0;
    const top = (sh: number) => (sh === 1 ? lowBus + 10 : SHEET.top + 8);
    const colX = (cIdx: number) => (sheet === 1 ? xa : SHEET.left) + 2 + cIdx * COL_W;
    const bottomOf = (cIdx: number) => {
      const x0 = colX(cIdx);
      return x0 + COL_W > RESERVED.x ? RESERVED.y - 3 : SHEET.bottom - 3;
    };
    let y = top(1);
    let colStart = y;
    const nextColumn = () => {
      if (sheet === 1 && col + 1 < perSheet) col++;
      else {
        ({ sheet, col } = nextFree);
        nextFree.col++;
        if (nextFree.col >= fullPerSheet) {
          nextFree.sheet++;
          nextFree.col = 0;
        }
        maxSheet = Math.max(maxSheet, sheet);
      }
      y = top(sheet);
      colStart = y;
    };
    for (const g of groups) {
      let riserTop: number | null = null;
      let lastRowY = 0;
      const closeRiser = (x0: number) => {
        if (riserTop !== null && lastRowY > riserTop) add(ctx, { id: `riser.${s}.${sheet}.${col}.${g.title}.${lastRowY}`, kind: 'bus', sheet, shapes: [line(x0 + 4, riserTop, x0 + 4, lastRowY)], labels: [], signature: 'riser' });
        riserTop = null;
      };
      const header = (cont: boolean): boolean => {
        const hx = colX(col);
        const lines = wrap(cont ? g.title + word(ctx.lang, 'continued') : g.title, COL_W - 8, 3);
        const h = lines.length * 4.5 + 1.5;
        if (y + h + ROW > bottomOf(col)) return false;
        const isTopOfSheet1 = sheet === 1 && y === colStart;
        add(ctx, { id: `header.${s}.${g.title}.${sheet}.${col}`, kind: 'panelHeader', sheet, shapes: [], labels: lines.map((t, i) => label(t, hx + 7, y + 3.2 + i * 4.5, 3)), signature: sig('header', g.title) });
        if (g.feed === 'bus') riserTop = isTopOfSheet1 ? lowBus : y + h - 1;
        else if (g.feed === 'own') riserTop = y + h - 1;
        lastRowY = 0;
        y += h;
        return true;
      };
      const nameW = COL_W - 44;
      // Measured with a three-digit designation; the number itself is given when the row is placed.
      const textOf = (row: FlowRow) => (typeof row.text === 'function' ? row.text() : row.text);
      const wrapped = (row: FlowRow, d: string | undefined) => (row.draw === 'breaker' ? wrap(textOf(row), nameW) : wrap(`${d ? `${d} ` : ''}${textOf(row)}`, COL_W - 24));
      const texts = g.rows.map((row) => wrapped(row, row.desig ? `${ctx.codes[row.desig]}000` : undefined));
      const hs = texts.map((lines) => Math.max(ROW, lines.length * 3.6 + 1.4));
      // A short group (a DC/DC or UPS section) is kept in one column; a longer one starts where its title and
      // first four rows fit (no title left alone at the foot of a column).
      const short = g.rows.length <= 4 ? 4.5 * 2 + 1.5 + g.rows.length * ROW : 0;
      const lead = wrap(g.title, COL_W - 8, 3).length * 4.5 + 1.5 + hs.slice(0, 4).reduce((a, b) => a + b, 0);
      if ((short > 0 ? y + short : y + lead) > bottomOf(col) && y !== colStart) nextColumn();
      if (!header(false)) {
        nextColumn();
        header(false);
      }
      let pieceStart = 0;
      for (let r = 0; r < g.rows.length; r++) {
        const row = g.rows[r] as FlowRow;
        const x0 = colX(col);
        const nameX = x0 + 42;
        const h = hs[r] as number;
        // No widow: when the last rows of a group would spill alone into the next column, the last three go together.
        const tail = r === g.rows.length - 3 && r - pieceStart >= 3 && y + hs.slice(r).reduce((a, b) => a + b, 0) > bottomOf(col);
        if (y + h > bottomOf(col) || tail) {
          closeRiser(x0);
          nextColumn();
          header(true);
          pieceStart = r;
          r--;
          continue;
        }
        const designation = row.desig ? desig(ctx, row.desig) : undefined;
        if (designation !== undefined) row.placed?.(designation);
        const lines = wrapped(row, designation);
        const cy = y + 2.2;
        const shapes: Shape[] = [];
        const labels: Label[] = [];
        if (row.draw === 'breaker') {
          if (g.feed !== 'none') shapes.push(line(x0 + 4, cy, x0 + 8, cy));
          shapes.push(...breakerH(x0 + 8, cy), line(x0 + 16, cy, x0 + 19, cy));
          labels.push(label(designation ?? '', x0 + 20, cy + 0.9), label(row.rating ?? '', x0 + 32, cy + 0.9));
          lines.forEach((t, i) => labels.push(label(t, nameX, cy + 0.9 + i * 3.6)));
        } else if (row.draw === 'box') {
          // Converters (DC/DC, inverter) with their diagonal; monitoring devices as plain boxes, sampling boxes on a dashed (signal) line.
          const sampling = row.kind === 'samplingBox';
          if (g.feed !== 'none') shapes.push(line(x0 + 4, cy, x0 + 8, cy, sampling ? { dashed: true } : {}));
          shapes.push(rect(x0 + 8, cy - 2, 10, 4, sampling));
          if (row.kind === 'dcdc' || row.kind === 'inverter') shapes.push(line(x0 + 8, cy + 2, x0 + 18, cy - 2));
          lines.forEach((t, i) => labels.push(label(t, x0 + 21, cy + 0.9 + i * 3.6)));
        } else if (row.draw === 'bus') {
          shapes.push(line(x0 + 4, cy, x0 + 20, cy, { heavy: true }));
          lines.forEach((t, i) => labels.push(label(t, x0 + 21, cy + 0.9 + i * 3.6)));
        } else {
          lines.forEach((t, i) => labels.push(label(t, x0 + 8, cy + 0.9 + i * 3.6)));
        }
        add(ctx, { id: row.id, kind: row.kind, sheet, designation, shapes, labels, traceRef: row.traceRef, itemCode: row.itemCode, ratingA: row.ratingA, ...(row.panelId !== undefined ? { panelId: row.panelId } : {}), signature: row.signature });
        if (row.draw !== 'text' && row.draw !== 'bus') lastRowY = cy;
        y += h;
      }
      closeRiser(colX(col));
    }
  });
  return maxSheet;
}

function frameAndTitle(ctx: Ctx, sheet: number, sheets: number, t: TitleBlockData, revisions: { letter: string; date: string; description: string; quoteRevision: string | null }[]) {
  const w = (k: Parameters<typeof word>[1]) => word(ctx.lang, k);
  const X = SHEET.right - 180;
  const Y = SHEET.bottom - 40;
  add(ctx, { id: `sheet.${sheet}`, kind: 'sheet', sheet, shapes: [rect(5, 5, SHEET.w - 10, SHEET.h - 10), rect(SHEET.left, SHEET.top, SHEET.right - SHEET.left, SHEET.bottom - SHEET.top)], labels: [], signature: 'sheet' });
  const cell = (x: number, y: number, wd: number, text: string, size = TEXT_MM, anchor: Label['anchor'] = 'start') => {
    const lines = wrap(text, wd - 3, size);
    const first = lines.length > 1 ? [lines[0] as string, `${(lines[1] as string).slice(0, Math.max(1, (lines[1] as string).length - 1))}${lines.length > 2 ? '…' : (lines[1] as string).slice(-1)}`] : lines;
    const pitch = size * 1.2;
    const y0 = y + (8 - (first.length - 1) * pitch) / 2 + size * 0.35;
    return first.map((ln, i) => label(ln, anchor === 'middle' ? x + wd / 2 : x + 1.5, y0 + i * pitch, size, anchor));
  };
  const shapes: Shape[] = [rect(X, Y, 180, 40)];
  for (let i = 1; i < 5; i++) shapes.push(line(X, Y + i * 8, X + 180, Y + i * 8));
  shapes.push(line(X + 120, Y + 16, X + 120, Y + 24), line(X + 140, Y + 16, X + 140, Y + 24));
  for (let i = 1; i < 4; i++) shapes.push(line(X + i * 45, Y + 24, X + i * 45, Y + 40));
  shapes.push(line(X + 20, Y + 24, X + 20, Y + 32), line(X + 65, Y + 24, X + 65, Y + 32), line(X + 110, Y + 24, X + 110, Y + 32), line(X + 155, Y + 24, X + 155, Y + 32));
  shapes.push(line(X + 20, Y + 8, X + 20, Y + 16), line(X + 20, Y + 16, X + 20, Y + 24));
  const labels: Label[] = [
    ...cell(X, Y, 180, t.company, 3.5, 'middle'),
    ...cell(X, Y + 8, 20, w('project')),
    ...cell(X + 20, Y + 8, 160, t.project),
    ...cell(X + 20, Y + 16, 100, t.drawingName, 3.5),
    ...cell(X, Y + 16, 20, word(ctx.lang, 'drawingNo').slice(0, 8)).slice(0, 0),
    ...cell(X + 120, Y + 16, 20, w('drawingNo')),
    ...cell(X + 140, Y + 16, 40, t.drawingNumber),
  ];
  t.signatures.forEach((s, i) => {
    labels.push(...cell(X + i * 45, Y + 24, 20, s.role), ...cell(X + i * 45 + 20, Y + 24, 25, s.name || ' '));
  });
  labels.push(
    ...cell(X, Y + 32, 45, `${w('revision')} ${t.revision}`),
    ...cell(X + 45, Y + 32, 45, `${w('date')} ${t.date}`),
    ...cell(X + 90, Y + 32, 45, `${w('scale')} ${t.scale}`),
    ...cell(X + 135, Y + 32, 45, w('sheetOf').replace('{n}', String(sheet)).replace('{m}', String(sheets))),
  );
  add(ctx, { id: `titleBlock.${sheet}`, kind: 'titleBlock', sheet, shapes, labels: labels.filter((l) => l.text.trim() !== ''), signature: sig('title', t.project, t.drawingNumber, t.revision) });
  // Revision table above the title block: header and the last four revisions.
  const RY = Y - 25;
  const rs: Shape[] = [rect(X, RY, 180, 25)];
  for (let i = 1; i < 5; i++) rs.push(line(X, RY + i * 5, X + 180, RY + i * 5));
  rs.push(line(X + 15, RY, X + 15, RY + 25), line(X + 42, RY, X + 42, RY + 25), line(X + 150, RY, X + 150, RY + 25));
  const rl: Label[] = [];
  const row = (y: number, a: string, b: string, c: string, d: string) => {
    rl.push(label(a, X + 1.5, y + 3.8), label(b, X + 16.5, y + 3.8), label(wrap(c, 105)[0] ?? '', X + 43.5, y + 3.8), label(d, X + 151.5, y + 3.8));
  };
  const shown = revisions.slice(-4);
  // Newest at the top, header at the bottom (drawing practice).
  shown.slice().reverse().forEach((r, i) => row(RY + i * 5, r.letter, r.date, r.description, r.quoteRevision ?? w('none')));
  row(RY + 20, w('revision'), w('date'), w('description'), w('quoteRev'));
  add(ctx, { id: `revisionTable.${sheet}`, kind: 'revisionTable', sheet, shapes: rs, labels: rl.filter((l) => l.text !== ''), signature: sig('revisions', ...shown.map((r) => r.letter)) });
}
