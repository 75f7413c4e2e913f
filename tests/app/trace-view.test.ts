import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../src/core/trace.ts';
import { familyOf, filterTrace, formatValue, groupTrace, isUnconfirmed } from '../../src/app/components/trace-view.ts';

const e = (id: string, confidence: TraceEntry['confidence'], extra: Partial<TraceEntry> = {}): TraceEntry => ({
  id,
  quantity: { zh: `量 ${id}`, en: `quantity ${id}` },
  symbol: 'X',
  value: 1.23456,
  unit: 'A',
  formula: 'X = a + b',
  inputs: [],
  clause: 'DL/T 5044-2014 §4.2',
  confidence,
  ...extra,
});

const trace = [e('arrangement', ['S-04']), e('loads.I1', ['S']), e('battery.C10', ['R-med'], { clause: 'Appendix C' }), e('charger.modules', []), e('dcdc.modules', ['P']), e('breakers.main.0', ['S']), e('modelCode', ['D']), e('cables.battery', ['S']), e('monitoring.selection', ['P']), e('voltage.n', ['S'])];

describe('calculation trace view', () => {
  it('puts every entry in a clause family, in the order of the sheet', () => {
    expect(groupTrace(trace).map((g) => [g.family, g.entries.map((x) => x.id)])).toEqual([
      ['loads', ['loads.I1']],
      ['voltage', ['voltage.n']],
      ['battery', ['battery.C10']],
      ['charger', ['charger.modules', 'dcdc.modules']],
      ['breakers', ['breakers.main.0']],
      ['cables', ['cables.battery']],
      ['equipment', ['arrangement', 'modelCode']],
      ['monitoring', ['monitoring.selection']],
    ]);
    expect(familyOf({ id: 'inverter.selection' })).toBe('charger');
  });

  it('marks anything but S as unconfirmed; an entered value (no tags) is confirmed', () => {
    expect(trace.filter(isUnconfirmed).map((x) => x.id)).toEqual(['arrangement', 'battery.C10', 'dcdc.modules', 'modelCode', 'monitoring.selection']);
  });

  it('searches every word across id, both languages, formula and clause; filters unconfirmed', () => {
    expect(filterTrace(trace, { text: 'appendix', onlyUnconfirmed: false }).map((x) => x.id)).toEqual(['battery.C10']);
    expect(filterTrace(trace, { text: '量 loads', onlyUnconfirmed: false }).map((x) => x.id)).toEqual(['loads.I1']);
    expect(filterTrace(trace, { text: '', onlyUnconfirmed: true })).toHaveLength(5);
    expect(filterTrace(trace, { text: 'nothing-like-this', onlyUnconfirmed: false })).toEqual([]);
  });

  it('formats values with sensible decimals', () => {
    expect(formatValue(1.23456)).toBe('1.235');
    expect(formatValue(128.7569)).toBe('128.76');
    expect(formatValue(0.21456)).toBe('0.2146');
    expect(formatValue(1234.56)).toBe('1234.6');
  });
});
