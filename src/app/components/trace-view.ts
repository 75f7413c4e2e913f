/**
 * Pure helpers for the sizing screen's calculation trace: clause families, search, and the
 * "not yet confirmed against the printed standard" flag (any confidence tag other than S).
 */
import type { TraceEntry, TraceText } from '../../core/trace.ts';
import { isEntryConfirmed } from '../../core/trace.ts';

export const TRACE_FAMILIES = ['loads', 'voltage', 'battery', 'charger', 'breakers', 'cables', 'equipment', 'monitoring'] as const;
export type TraceFamily = (typeof TRACE_FAMILIES)[number];

/** The family of an entry from its id prefix; arrangement goes with equipment, model code with monitoring-and-equipment output. */
export function familyOf(entry: Pick<TraceEntry, 'id'>): TraceFamily {
  const head = entry.id.split('.')[0] ?? '';
  switch (head) {
    case 'loads':
      return 'loads';
    case 'voltage':
      return 'voltage';
    case 'battery':
      return 'battery';
    case 'charger':
    case 'dcdc':
    case 'inverter':
      return 'charger';
    case 'breakers':
      return 'breakers';
    case 'cables':
      return 'cables';
    case 'monitoring':
      return 'monitoring';
    default:
      return 'equipment';
  }
}

export function isUnconfirmed(entry: TraceEntry): boolean {
  return !isEntryConfirmed(entry);
}

function valueText(v: number | string): string {
  return typeof v === 'number' ? formatValue(v) : v;
}

/** Up to 4 significant decimals, trailing zeros dropped. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  const d = abs >= 1000 ? 1 : abs >= 100 ? 2 : abs >= 1 ? 3 : 4;
  return String(Number(v.toFixed(d)));
}

export interface TraceFilter {
  text: string;
  onlyUnconfirmed: boolean;
}

const both = (t: TraceText): string[] => (typeof t === 'string' ? [t] : [t.zh, t.en]);

/** Entries matching every word of the search (id, quantity in both languages, symbol, formula, clause, value). */
export function filterTrace(entries: readonly TraceEntry[], filter: TraceFilter): TraceEntry[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return entries.filter((e) => {
    if (filter.onlyUnconfirmed && !isUnconfirmed(e)) return false;
    if (words.length === 0) return true;
    const hay = [e.id, e.quantity.zh, e.quantity.en, e.symbol, ...both(e.formula), ...both(e.substituted ?? ''), e.clause, valueText(e.value), ...both(e.unit), e.confidence.join(' ')].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export function groupTrace(entries: readonly TraceEntry[]): { family: TraceFamily; entries: TraceEntry[] }[] {
  const groups = new Map<TraceFamily, TraceEntry[]>();
  for (const e of entries) {
    const f = familyOf(e);
    const list = groups.get(f) ?? [];
    list.push(e);
    groups.set(f, list);
  }
  return TRACE_FAMILIES.filter((f) => groups.has(f)).map((family) => ({ family, entries: groups.get(family) as TraceEntry[] }));
}
