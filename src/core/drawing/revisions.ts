import type { DrawingRevision, DrawingState } from './state.ts';
import type { Drawing } from './types.ts';

/**
 * Drawing revisions: letters of their own (A, B, … Z, AA …), independent of the quote's. Issuing one records
 * the quote revision it started from and what every element says (its signature), so a later drawing can be
 * compared with it: elements added, removed or changed are listed and the changed ones highlighted.
 * Sheet frames, title blocks, revision tables and risers are not compared (they change with every issue).
 */
const NOT_COMPARED = new Set(['sheet', 'titleBlock', 'revisionTable', 'notes']);

export function elementSignatures(d: Drawing): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of d.elements) {
    if (NOT_COMPARED.has(e.kind) || e.id.startsWith('riser.') || e.id.startsWith('header.')) continue;
    out[e.id] = e.signature;
  }
  return out;
}

export function nextRevisionLetter(state: DrawingState): string {
  const last = state.revisions[state.revisions.length - 1]?.letter;
  if (!last) return 'A';
  const n = [...last].reduce((a, c) => a * 26 + (c.charCodeAt(0) - 64), 0) + 1;
  let s = '';
  for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) s = String.fromCharCode(65 + ((v - 1) % 26)) + s;
  return s;
}

export interface IssueArgs {
  date: string;
  description: string;
  /** The quote revision the drawing was generated from (null when no quote revision is issued). */
  quoteRevision: string | null;
}

/** A new state with the next revision issued for this drawing; the state given is not changed. */
export function issueDrawingRevision(state: DrawingState, d: Drawing, a: IssueArgs): DrawingState {
  const rev: DrawingRevision = { letter: nextRevisionLetter(state), date: a.date, quoteRevision: a.quoteRevision, description: a.description, elements: elementSignatures(d) };
  return { ...state, revisions: [...state.revisions, rev] };
}

export interface DrawingComparison {
  added: string[];
  removed: string[];
  changed: string[];
}

/** What changed from `before` to `after` (two issued revisions, or a revision and the current drawing's signatures). */
export function compareSignatures(before: Record<string, string>, after: Record<string, string>): DrawingComparison {
  const added: string[] = [];
  const changed: string[] = [];
  for (const [id, s] of Object.entries(after)) {
    const b = before[id];
    if (b === undefined) added.push(id);
    else if (b !== s) changed.push(id);
  }
  const removed = Object.keys(before).filter((id) => after[id] === undefined);
  return { added: added.sort(), removed: removed.sort(), changed: changed.sort() };
}

/** The ids to highlight on the later drawing: added and changed elements. */
export const highlightOf = (c: DrawingComparison): Set<string> => new Set([...c.added, ...c.changed]);
