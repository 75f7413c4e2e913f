import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateProject } from '../../src/core/project/index.ts';
import { realRules } from '../sizing/helpers.ts';

const sample = () => JSON.parse(readFileSync(join(__dirname, '../../templates/projects/sample-110kv.json'), 'utf8'));
const withReq = (patch: (r: Record<string, any>) => void) => {
  const p = sample();
  patch(p.requirements);
  return p;
};
const problemsOf = (json: unknown) => {
  const r = validateProject(json, realRules());
  return r.ok ? r.warnings : r.problems;
};

describe('validateProject', () => {
  it('accepts both samples and validates their quote section', () => {
    for (const f of ['sample-110kv.json', 'sample-220kv.json']) {
      const json = JSON.parse(readFileSync(join(__dirname, '../../templates/projects', f), 'utf8'));
      json.quote = { settings: { mode: 'targetMargin', marginPct: '22', allocateBy: 'cost' } };
      const r = validateProject(json, realRules());
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value.quote?.settings).toEqual({ mode: 'targetMargin', marginPct: '22', allocateBy: 'cost' });
    }
  });
  it('a malformed quote section is refused with its path', () => {
    const json = JSON.parse(readFileSync(join(__dirname, '../../templates/projects', 'sample-110kv.json'), 'utf8'));
    json.quote = { terms: { deliveryDays: -5 } };
    const r = validateProject(json, realRules());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.path)).toContain('quote.terms.deliveryDays');
  });
  it('a negative load is refused with its path and a bilingual reason', () => {
    const ps = problemsOf(withReq((r) => (r.loads[0].powerKW = -3)));
    const p = ps.find((x) => x.path === 'requirements.loads[0].powerKW')!;
    expect(p.code).toBe('PROJECT_TOO_SMALL');
    expect(p.message.zh).toMatch(/数值/);
    expect(p.message.en).toMatch(/must be > 0/);
  });
  it('kVA without power factor or efficiency', () => {
    const ps = problemsOf(withReq((r) => { delete r.loads[3].powerFactor; delete r.loads[3].efficiency; }));
    expect(ps.map((p) => [p.code, p.path])).toEqual(expect.arrayContaining([['LOAD_KVA_PF_MISSING', 'requirements.loads[3].powerFactor'], ['LOAD_KVA_EFF_MISSING', 'requirements.loads[3].efficiency']]));
  });
  it('a period outside the duty cycle (accident 2 h extended to 4 h by communications)', () => {
    const ps = problemsOf(withReq((r) => (r.loads[0].periods = [{ startMin: 0, endMin: 300 }])));
    const p = ps.find((x) => x.code === 'LOAD_PERIOD_OUTSIDE_CYCLE')!;
    expect(p.path).toBe('requirements.loads[0].periods[0].endMin');
    expect(p.limit).toBe(240);
  });
  it('overlapping and empty periods', () => {
    const ps = problemsOf(withReq((r) => (r.loads[0].periods = [{ startMin: 0, endMin: 60 }, { startMin: 30, endMin: 90 }, { startMin: 100, endMin: 100 }])));
    expect(ps.map((p) => p.code)).toEqual(expect.arrayContaining(['LOAD_PERIOD_OVERLAP', 'LOAD_PERIOD_EMPTY']));
  });
  it('a final voltage no Kc column covers is reported', () => {
    const ps = problemsOf(withReq((r) => (r.battery.finalVoltagePerCellV = 1.9)));
    expect(ps.find((p) => p.code === 'FINAL_VOLTAGE_NOT_COVERED')?.path).toBe('requirements.battery.finalVoltagePerCellV');
  });
  it('several inputs on one load, none on another, a load class without a default K, unknown fields', () => {
    const ps = problemsOf(withReq((r) => {
      r.loads[0].currentA = 5;
      delete r.loads[1].powerKW;
      r.loads.push({ name: 'motor', kind: 'dcMotor', powerKW: 2 });
      r.colour = 'red';
    }));
    const codes = ps.map((p) => p.code);
    expect(codes).toContain('PROJECT_UNKNOWN_FIELD');
    const r2 = problemsOf(withReq((r) => { r.loads[0].currentA = 5; delete r.loads[1].powerKW; r.loads.push({ name: 'motor', kind: 'dcMotor', powerKW: 2 }); }));
    expect(r2.map((p) => [p.code, p.path])).toEqual(expect.arrayContaining([
      ['LOAD_INPUT_AMBIGUOUS', 'requirements.loads[0]'],
      ['LOAD_INPUT_MISSING', 'requirements.loads[1]'],
      ['LOAD_FACTOR_MISSING', 'requirements.loads[6].loadFactor'],
    ]));
  });
  it('telecom systems must state cell count, final voltage and module', () => {
    const ps = problemsOf(withReq((r) => { r.systemKind = 'telecomSystem'; r.nominalVoltageV = 48; delete r.integrated; }));
    expect(ps.map((p) => p.code)).toEqual(expect.arrayContaining(['TELECOM_CELLS_REQUIRED', 'TELECOM_FINAL_REQUIRED', 'TELECOM_OPTIONS_REQUIRED']));
  });
  it('wrong schema version and missing fields are reported together', () => {
    const r = validateProject({ schemaVersion: 2, id: 'x', meta: {}, requirements: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.length).toBeGreaterThan(3);
      expect(r.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['schemaVersion', 'meta.name', 'requirements.site']));
      for (const p of r.problems) expect(p.message.zh.length * p.message.en.length).toBeGreaterThan(0);
    }
  });
});
