import type { Confidence } from './provenance.ts';
import type { Lang, LocalText } from './text.ts';

/** One input of a computed quantity, as a reviewer needs to see it. */
export interface TraceInput {
  symbol: string;
  label?: LocalText;
  value: number | string;
  unit: string;
  /** id of the trace entry this input came from, when it was itself computed. */
  ref?: string;
}

/**
 * Every number the sizing produces carries one of these: what it is, its value, the formula with the
 * numbers put in, where the inputs came from and the clause of DL/T 5044-2014 (or practice) behind it.
 */
export interface TraceEntry {
  id: string;
  quantity: LocalText;
  symbol: string;
  value: number | string;
  /** The value as a reader reads it when it is a word (a check's verdict), per language. */
  valueText?: LocalText;
  /** For a check: whether it passed. A failed check's valueText says what fails, by how much, what to change. */
  verdict?: 'pass' | 'fail';
  unit: TraceText;
  formula: TraceText;
  /** The formula with values substituted, e.g. `1.05 × 220 / 2.23 = 103.59`. */
  substituted?: TraceText;
  inputs: TraceInput[];
  /** The source as written in the rules data ("DL/T 5044-2014 Appendix C (step method)"); printed through clauseText. */
  clause: string;
  /** Confidence tags of every table or coefficient used; any tag other than S marks it unconfirmed. */
  confidence: Confidence[];
  note?: LocalText;
}

/**
 * Text of a trace entry: a plain string when it holds only symbols, numbers, units and codes (the same
 * in every language), a LocalText when it holds words. Words are written in both languages where the
 * entry is made, never translated afterwards.
 */
export type TraceText = string | LocalText;

export function traceText(t: TraceText, lang: Lang): string {
  return typeof t === 'string' ? t : t[lang];
}

export function isEntryConfirmed(entry: TraceEntry): boolean {
  return entry.confidence.every((c) => c === 'S');
}
