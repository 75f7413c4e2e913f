import { z } from 'zod';
import type { Catalog, CatalogItem } from '../catalog/schema.ts';
import { Money, ZERO } from '../money.ts';
import { lineAmount } from '../pricing/calc.ts';
import { fail, ok, type Problem, type Result } from '../problems.ts';
import type { LocalText } from '../text.ts';
import { checkSwap } from './equivalence.ts';
import { lineItemRefSchema, quantityProblem, quantitySchema, resolveItem, type Bom, type BomLine, type LineItemRef } from './model.ts';

/**
 * The engineer's changes to the rule-built BOM, as typed change objects (the xyflow habit). They are
 * kept as a list in the project and re-applied, in order, on top of whatever BOM the rules build now,
 * so re-sizing never silently throws away an engineer's decision — and never silently keeps one that
 * no longer fits: those are returned in `dropped` with a reason in both languages.
 */

/**
 * What a rule-built line is, recorded with an edit when it is made: its panel, its role (the rule that
 * placed it with positional numbers taken out, and the family it placed) and the catalog code the
 * rules chose. After re-sizing, an edit finds its line by this, not by the line's position among its
 * siblings (item 10 of issue 10): a swap of the 16 A feeders stays on the 16 A feeders when a new load
 * group shifts the numbering. Edits saved before this was recorded match by line id, as before.
 */
export const lineMatchSchema = z.object({ panelId: z.string().min(1), role: z.string().min(1), code: z.string().min(1) });
export type LineMatch = z.infer<typeof lineMatchSchema>;

/** The match of a rule-built catalog line (undefined for manual and custom lines, which match by id). */
export function lineMatchOf(line: BomLine): LineMatch | undefined {
  if (line.source.kind !== 'rule' || line.item.kind !== 'catalog') return undefined;
  const rule = line.source.ruleId.replace(/\.\d+(?=\.|$)/g, '');
  const family = /#([^@]+)@/.exec(line.id)?.[1];
  return { panelId: line.panelId, role: family ? `${rule}#${family}` : rule, code: line.item.code };
}

/** The edit with the match of the rule line it targets in `ruleBom` (unchanged when there is none). */
export function withMatch(edit: BomEdit, ruleBom: Bom): BomEdit {
  if (edit.type === 'addManualLine') return edit;
  const line = ruleBom.lines.find((l) => l.id === edit.lineId);
  const match = line && lineMatchOf(line);
  return match ? { ...edit, match } : edit;
}

/** Manual lines get ids of their own namespace so they can never collide with rule-built lines. */
const manualLineId = z.string().regex(/^manual:[A-Za-z0-9._-]+$/, 'manual line ids look like "manual:1"');

export const bomEditSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setQuantity'), lineId: z.string().min(1), quantity: quantitySchema, match: lineMatchSchema.optional() }),
  z.object({ type: z.literal('swapItem'), lineId: z.string().min(1), code: z.string().min(1), match: lineMatchSchema.optional() }),
  z.object({
    type: z.literal('addManualLine'),
    line: z.object({ id: manualLineId, panelId: z.string().min(1), item: lineItemRefSchema, quantity: quantitySchema, note: z.string() }),
  }),
  z.object({ type: z.literal('removeLine'), lineId: z.string().min(1), match: lineMatchSchema.optional() }),
]);
export type BomEdit = z.infer<typeof bomEditSchema>;

export interface LineState {
  code?: string;
  name?: LocalText;
  quantity: string;
}

export interface Deviation {
  lineId: string;
  panelId: string;
  kind: 'quantity' | 'swap' | 'removed' | 'added';
  from?: LineState;
  to?: LineState;
  /** Change of material cost (ex VAT) this deviation causes, at catalog cost prices, to the fen. */
  costDelta: Money;
  /** The line is (or becomes) an item from outside the catalog. */
  nonCatalog: boolean;
}

export interface DroppedEdit {
  index: number;
  edit: BomEdit;
  code: string;
  reason: LocalText;
}

export interface EditsApplied {
  bom: Bom;
  deviations: Deviation[];
  dropped: DroppedEdit[];
}

function materialCost(line: Pick<BomLine, 'item' | 'quantity'>, catalog: Catalog): Money {
  const item = resolveItem(line, catalog);
  return item ? lineAmount(line.quantity, new Money(item.costPrice)) : ZERO;
}

function state(line: Pick<BomLine, 'item' | 'quantity'>, catalog: Catalog): LineState {
  const item = resolveItem(line, catalog);
  return { code: item?.code, name: item?.name, quantity: line.quantity };
}

function reasonFor(code: string, edit: BomEdit, extra?: LocalText): LocalText {
  const target = edit.type === 'addManualLine' ? edit.line.id : edit.lineId;
  switch (code) {
    case 'edit.lineNotFound': {
      const m = edit.type === 'addManualLine' ? undefined : edit.match;
      const what = m ? { zh: `（${m.panelId} 中的 ${m.code}）`, en: ` (${m.code} in ${m.panelId})` } : { zh: '', en: '' };
      return {
        zh: `明细行“${target}”${what.zh}在当前配置中已不存在（重新选型后该行被规则取消），此修改未能应用`,
        en: `Line "${target}"${what.en} no longer exists in the current configuration (re-sizing removed it); this edit was not applied`,
      };
    }
    case 'edit.itemNotInCatalog':
      return {
        zh: `物料编码“${edit.type === 'swapItem' ? edit.code : ''}”不在物料库中，此换型未能应用`,
        en: `Item code "${edit.type === 'swapItem' ? edit.code : ''}" is not in the catalog; this swap was not applied`,
      };
    case 'edit.swapNonCatalog':
      return { zh: `明细行“${target}”为非物料库物品，不能换型`, en: `Line "${target}" is a non-catalog item and cannot be swapped` };
    case 'edit.duplicateLineId':
      return { zh: `明细行“${target}”已存在，此手工行未能应用`, en: `A line "${target}" already exists; this manual line was not applied` };
    case 'edit.panelNotFound':
      return {
        zh: `手工行“${target}”所在柜在当前配置中已不存在，此手工行未能应用`,
        en: `The panel of manual line "${target}" no longer exists in the current configuration; this manual line was not applied`,
      };
    default:
      return extra ?? { zh: `此修改无法应用（${code}）`, en: `This edit cannot be applied (${code})` };
  }
}

/**
 * Applies `edits` in order to `ruleBom`. Pure: neither argument is changed. An edit that cannot apply
 * (its line is gone, its panel is gone, its swap no longer matches the rating the rules chose, its
 * quantity is invalid, its code is not in the catalog) is skipped and reported in `dropped`; the rest
 * still apply. The edit stays in the project: a dropped edit blocks a final quote until the engineer
 * re-applies or discards it (src/core/quote/approval.ts).
 * `deviations` compares the result with `ruleBom` line by line; a no-op edit leaves no deviation.
 */
export function applyEdits(ruleBom: Bom, edits: readonly BomEdit[], catalog: Catalog): EditsApplied {
  const lines: BomLine[] = ruleBom.lines.map((l) => ({ ...l }));
  const panelIds = new Set(ruleBom.panels.map((p) => p.id));
  /** The item each line was placed with (by the rules, or by the manual line), which a swap is judged against. */
  const baseItem = new Map<string, LineItemRef>(ruleBom.lines.map((l) => [l.id, l.item]));
  const dropped: DroppedEdit[] = [];

  edits.forEach((edit, index) => {
    const drop = (code: string, extra?: LocalText) => dropped.push({ index, edit, code, reason: reasonFor(code, edit, extra) });
    if (edit.type === 'addManualLine') {
      if (lines.some((l) => l.id === edit.line.id)) return drop('edit.duplicateLineId');
      if (!panelIds.has(edit.line.panelId)) return drop('edit.panelNotFound');
      const candidate: BomLine = {
        id: edit.line.id,
        panelId: edit.line.panelId,
        item: edit.line.item,
        quantity: edit.line.quantity,
        source: { kind: 'manual', note: edit.line.note },
      };
      const item = resolveItem(candidate, catalog);
      if (!item) {
        const code = edit.line.item.kind === 'catalog' ? edit.line.item.code : '';
        return drop('edit.manualItemNotInCatalog', { zh: `手工行物料编码“${code}”不在物料库中，此手工行未能应用`, en: `Manual line item "${code}" is not in the catalog; this manual line was not applied` });
      }
      const qp = quantityProblem(candidate.quantity, item.unit, `edits[${index}].line.quantity`);
      if (qp) return drop(qp.code, qp.message);
      lines.push(candidate);
      baseItem.set(candidate.id, candidate.item);
      return;
    }
    const at = findTarget(lines, baseItem, edit);
    if (at < 0) return drop('edit.lineNotFound');
    const line = lines[at] as BomLine;
    if (edit.type === 'removeLine') {
      lines.splice(at, 1);
      return;
    }
    if (edit.type === 'setQuantity') {
      const item = resolveItem(line, catalog);
      const qp = quantityProblem(edit.quantity, item?.unit, `edits[${index}].quantity`);
      if (qp) return drop(qp.code, qp.message);
      // A battery line keeps its "groups × units" only while the quantity is still what they say it is.
      const { groups, ...rest } = line;
      const keepGroups = groups && new Money(line.quantity).equals(edit.quantity);
      lines[at] = { ...rest, quantity: edit.quantity, ...(keepGroups ? { groups } : {}) };
      return;
    }
    // swapItem
    const base = baseItem.get(line.id) ?? line.item;
    if (base.kind === 'custom') return drop('edit.swapNonCatalog');
    const original = catalog.byCode.get(base.code);
    const candidate = catalog.byCode.get(edit.code);
    if (!candidate) return drop('edit.itemNotInCatalog');
    if (!original) {
      return drop('edit.baseItemNotInCatalog', { zh: `原物料“${base.code}”不在物料库中，无法判断能否换型`, en: `The original item "${base.code}" is not in the catalog, so the swap cannot be checked` });
    }
    const check = checkSwap(original as CatalogItem, candidate);
    if (!check.ok) {
      return drop(check.code, {
        zh: `${check.reason.zh}（明细行“${line.id}”，当前配置选用“${original.code}”），此换型未能应用`,
        en: `${check.reason.en} (line "${line.id}", the current configuration chose "${original.code}"); this swap was not applied`,
      });
    }
    lines[at] = { ...line, item: { kind: 'catalog', code: candidate.code } };
  });

  const bom: Bom = { ...ruleBom, panels: ruleBom.panels.map((p) => ({ ...p })), lines };
  return { bom, deviations: deviationsBetween(ruleBom, bom, catalog), dropped };
}

/**
 * The line an edit applies to. With a recorded match: among the lines that are what the edit's line was
 * (same panel, role and rule-chosen code), the one with the edit's id if it is one of them, else the
 * first; none means the line is gone. Without a match (older files): the line with the edit's id.
 */
function findTarget(lines: readonly BomLine[], baseItem: ReadonlyMap<string, LineItemRef>, edit: Extract<BomEdit, { lineId: string }>): number {
  const m = edit.match;
  if (!m) return lines.findIndex((l) => l.id === edit.lineId);
  const same = (l: BomLine) => {
    const base = baseItem.get(l.id);
    const now = lineMatchOf({ ...l, item: base ?? l.item });
    return now !== undefined && now.panelId === m.panelId && now.role === m.role && now.code === m.code;
  };
  const byId = lines.findIndex((l) => l.id === edit.lineId && same(l));
  return byId >= 0 ? byId : lines.findIndex(same);
}

/** Every difference between the rule-built BOM and the edited one, with its material-cost effect. */
export function deviationsBetween(ruleBom: Bom, edited: Bom, catalog: Catalog): Deviation[] {
  const out: Deviation[] = [];
  const editedById = new Map(edited.lines.map((l) => [l.id, l]));
  const ruleIds = new Set(ruleBom.lines.map((l) => l.id));
  for (const before of ruleBom.lines) {
    const after = editedById.get(before.id);
    const nonCatalog = before.item.kind === 'custom';
    if (!after) {
      out.push({ lineId: before.id, panelId: before.panelId, kind: 'removed', from: state(before, catalog), costDelta: materialCost(before, catalog).neg(), nonCatalog });
      continue;
    }
    if (!new Money(after.quantity).equals(before.quantity)) {
      const asBefore = { item: before.item, quantity: after.quantity };
      out.push({
        lineId: before.id,
        panelId: before.panelId,
        kind: 'quantity',
        from: state(before, catalog),
        to: state(asBefore, catalog),
        costDelta: materialCost(asBefore, catalog).minus(materialCost(before, catalog)),
        nonCatalog,
      });
    }
    if (JSON.stringify(after.item) !== JSON.stringify(before.item)) {
      const asBefore = { item: before.item, quantity: after.quantity };
      out.push({
        lineId: before.id,
        panelId: before.panelId,
        kind: 'swap',
        from: state(asBefore, catalog),
        to: state(after, catalog),
        costDelta: materialCost(after, catalog).minus(materialCost(asBefore, catalog)),
        nonCatalog: nonCatalog || after.item.kind === 'custom',
      });
    }
  }
  for (const after of edited.lines) {
    if (ruleIds.has(after.id)) continue;
    out.push({ lineId: after.id, panelId: after.panelId, kind: 'added', to: state(after, catalog), costDelta: materialCost(after, catalog), nonCatalog: after.item.kind === 'custom' });
  }
  return out;
}

/**
 * For the UI before it appends an edit: would `edit` apply on top of the ones already kept? Returns the
 * new result, or the problem that would drop it.
 */
export function tryEdit(ruleBom: Bom, edits: readonly BomEdit[], edit: BomEdit, catalog: Catalog): Result<EditsApplied & { edit: BomEdit }> {
  const kept = withMatch(edit, ruleBom);
  const result = applyEdits(ruleBom, [...edits, kept], catalog);
  const mine = result.dropped.find((d) => d.index === edits.length);
  if (mine) {
    const problem: Problem = { code: mine.code, severity: 'error', path: `edits[${edits.length}]`, value: edit, message: mine.reason };
    return fail([problem]);
  }
  return ok({ ...result, edit: kept });
}
