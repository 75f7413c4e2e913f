import { describe, expect, it } from 'vitest';
import { validateRequirements } from '../../src/core/project/index.ts';
import { size } from '../../src/core/sizing/index.ts';
import { numbersIn, realRules, testCatalog, w1Requirements } from './helpers.ts';

/** Issue #7 item 5: inputs at the table edges and mixed-up units give a clear result or a clear error. */
describe('mixed-up units', () => {
  it('a control load typed in W into the kW field (4500 "kW") cannot be sized, says why, and produces no NaN', () => {
    const r = size(w1Requirements({ loads: [{ name: 'control', kind: 'controlProtection', powerKW: 4500 }] }), testCatalog(), realRules());
    expect(r.ok).toBe(false);
    expect(r.problems.some((p) => p.code === 'BATTERY_TOO_LARGE' && p.severity === 'error')).toBe(true);
    expect(numbersIn(r).filter(([, n]) => !Number.isFinite(n))).toEqual([]);
  });

  it('a load with both kW and A is refused at that load, not summed or guessed', () => {
    const req = w1Requirements({ loads: [{ name: 'x', kind: 'controlProtection', powerKW: 2, currentA: 9 }] });
    const r = validateRequirements(req, realRules());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.find((p) => p.code === 'LOAD_INPUT_AMBIGUOUS')?.path).toBe('requirements.loads[0]');
  });
});

describe('durations at the edge of the Kc table (5 s … 8 h)', () => {
  it('an 8 h discharge (the last table time) sizes', () => {
    const r = size(w1Requirements({ dischargeDurationMin: 480 }), testCatalog(), realRules());
    expect(r.ok).toBe(true);
    expect(r.configuration!.battery.capacityAh).toBeGreaterThan(0);
  });

  it('beyond 8 h it stops with an error instead of extrapolating the table', () => {
    const r = size(w1Requirements({ dischargeDurationMin: 600 }), testCatalog(), realRules());
    expect(r.ok).toBe(false);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.message.en).join(' ')).toMatch(/outside|no extrapolation/i);
    expect(numbersIn(r).filter(([, n]) => !Number.isFinite(n))).toEqual([]);
  });
});
