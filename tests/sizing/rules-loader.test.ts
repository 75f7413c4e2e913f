import { describe, expect, it } from 'vitest';
import { loadRules } from '../../src/core/rules/index.ts';
import { readRuleSources } from '../../src/node/rules-files.ts';

describe('loadRules', () => {
  it('loads every rules/dlt5044 file, each with edition and confidence', () => {
    const r = loadRules(readRuleSources());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.files.length).toBeGreaterThanOrEqual(16);
      for (const f of r.value.files) expect(f.edition.length * f.clause.length).toBeGreaterThan(0);
      expect(r.value.stepMethod.krel.value).toBe(1.4);
      expect(r.value.cables.resistivityCu.value).toBe(0.0184);
    }
  });
  it('lists all problems: bad values, unknown kinds, missing tables, YAML errors', () => {
    const good = readRuleSources();
    const broken = good.map((s) => (s.path.endsWith('step-method.yaml') ? { ...s, text: s.text.replace('value: 1.40', 'value: -1') } : s)).filter((s) => !s.path.endsWith('cables.yaml'));
    broken.push({ path: 'x.yaml', text: 'kind: nonsense' }, { path: 'y.yaml', text: 'a: [' });
    const r = loadRules(broken);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const codes = r.problems.map((p) => p.code);
      expect(codes).toEqual(expect.arrayContaining(['RULES_INVALID', 'RULES_UNKNOWN_KIND', 'RULES_YAML_SYNTAX']));
      expect(r.problems.find((p) => p.code === 'RULES_INVALID')?.location?.file).toMatch(/step-method\.yaml$/);
    }
    const r2 = loadRules(good.filter((s) => !s.path.endsWith('cables.yaml')));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.problems.map((p) => [p.code, p.path])).toContainEqual(['RULES_MISSING', 'cables']);
  });
});
