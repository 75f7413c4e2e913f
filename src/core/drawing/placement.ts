/**
 * Where the priced BOM puts things, read for the drawing: the BOM (rule-built, then the engineer's edits)
 * is the one source of truth for which panel holds which breaker and how many sampling boxes a panel has.
 * The drawing never splits feeders over panels by itself; it takes each breaker's next unit, in the BOM's
 * line order, from the BOM lines that carry the breaker's trace entry.
 */
import type { Bom, BomLine, BomPanel } from '../bom/model.ts';

export interface Slot {
  panel: BomPanel;
  /** The catalog code the BOM line holds (after an engineer's swap, the swapped one). */
  code: string | null;
  lineId: string;
}

/** The family a rule-built line places (`cfg.breakers.main.0#breaker@feederPanel-1` → breaker). */
export function lineFamily(l: BomLine): string | null {
  if (l.source.kind !== 'rule') return null;
  return /#([^@]+)@/.exec(l.id)?.[1] ?? null;
}

export interface Placement {
  /** The next unit of a breaker (by trace entry) as the BOM places it; undefined when the BOM holds no more of it. */
  take(traceRef: string): Slot | undefined;
  /** The units of a breaker the BOM holds beyond the rule-built ones (an engineer raised a quantity), in BOM order. */
  rest(traceRef: string): Slot[];
  panels: BomPanel[];
  panel(id: string): BomPanel | undefined;
  /** The panels a charger set, battery group or sub panel owns (chargerSet:k, batteryGroup:k, subPanel:i), in line-up order. */
  owned(owner: string): BomPanel[];
  /** Rule-built lines of the given families in the given panels, in BOM order. */
  linesOf(families: readonly string[], panelIds: readonly string[]): BomLine[];
}

/**
 * `ruleBom` (the BOM as the rules built it) orders the units: each breaker keeps the panel the rules gave it.
 * Where the engineer lowered a panel's quantity the last units of that panel have no slot (undefined: not in the
 * BOM); where they raised it, the extra units are left for `rest` (spare circuits).
 */
export function placementOf(bom: Bom, ruleBom: Bom = bom): Placement {
  const byId = new Map(bom.panels.map((p) => [p.id, p]));
  const breakerLines = (b: Bom) => b.lines.filter((l) => l.source.kind === 'rule' && l.source.traceRef !== undefined && lineFamily(l) === 'breaker' && byId.has(l.panelId) && Number.isInteger(Number(l.quantity)));
  const traceOf = (l: BomLine) => (l.source.kind === 'rule' ? (l.source.traceRef as string) : '');
  // What the priced BOM holds, per line (an edit keeps a line's id: a quantity change or a swap).
  const held = new Map<string, { ref: string; units: Slot[] }>();
  for (const l of breakerLines(bom)) {
    held.set(l.id, { ref: traceOf(l), units: Array.from({ length: Number(l.quantity) }, () => ({ panel: byId.get(l.panelId) as BomPanel, code: l.item.kind === 'catalog' ? l.item.code : null, lineId: l.id })) });
  }
  // The order of the units, from the rule-built BOM.
  const queues = new Map<string, (Slot | undefined)[]>();
  for (const l of breakerLines(ruleBom)) {
    const q = queues.get(traceOf(l)) ?? [];
    const units = held.get(l.id)?.units ?? [];
    for (let k = 0; k < Number(l.quantity); k++) q.push(units.shift());
    queues.set(traceOf(l), q);
  }
  const rest = (ref: string): Slot[] => {
    queues.delete(ref);
    return [...held.values()].filter((h) => h.ref === ref).flatMap((h) => h.units.splice(0));
  };
  const sorted = [...bom.panels].sort((a, b) => a.index - b.index);
  return {
    take: (ref) => queues.get(ref)?.shift(),
    rest,
    panels: sorted,
    panel: (id) => byId.get(id),
    owned: (owner) => sorted.filter((p) => p.owner === owner),
    linesOf: (families, panelIds) => bom.lines.filter((l) => panelIds.includes(l.panelId) && families.includes(lineFamily(l) ?? '') && Number(l.quantity) > 0),
  };
}
