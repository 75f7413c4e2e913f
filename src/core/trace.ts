import type { Confidence } from './provenance.ts';
import type { LocalText } from './text.ts';

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
  unit: string;
  formula: string;
  /** The formula with values substituted, e.g. `1.05 × 220 / 2.23 = 103.59`. */
  substituted?: string;
  inputs: TraceInput[];
  clause: string;
  /** Confidence tags of every table or coefficient used; any tag other than S marks it unconfirmed. */
  confidence: Confidence[];
  note?: LocalText;
}

export function isEntryConfirmed(entry: TraceEntry): boolean {
  return entry.confidence.every((c) => c === 'S');
}
