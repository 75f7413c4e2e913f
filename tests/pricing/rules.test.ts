import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceFile } from '../../src/core/pricing/rules.ts';
import { loadPricingRules } from '../../src/core/pricing/rules-file.ts';
import { price } from '../../src/core/pricing/price.ts';
import { requiredApproval } from '../../src/core/quote/approval.ts';
import { catalog, workedBom } from './fixtures.ts';

const dir = resolve(__dirname, '../../rules/pricing');
const shipped = (): SourceFile[] => ['cost-model.yaml', 'vat.yaml', 'approval.yaml', 'bounds.yaml'].map((n) => ({ path: `rules/pricing/${n}`, text: readFileSync(join(dir, n), 'utf8') }));
const replace = (name: string, text: string) => shipped().map((s) => (s.path.endsWith(name) ? { ...s, text } : s));

describe('rules/pricing: company settings as data', () => {
  it('loads the shipped files, every rate and amount as the exact text typed', () => {
    const r = loadPricingRules(shipped());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.vat.ratePct).toBe('13');
    expect(r.value.costModel.factors.map((f) => f.id)).toEqual(['labour', 'assembly', 'freight', 'commissioning', 'warranty', 'overhead', 'contingency']);
    expect(r.value.costModel.factors.find((f) => f.id === 'freight')).toMatchObject({ kind: 'rate', ratePct: '1.5' });
    expect(r.value.approval.thresholds.map((t) => [t.minMarginPct, t.level])).toEqual([
      ['25', 'engineer'],
      ['15', 'salesManager'],
      ['10', 'director'],
    ]);
  });

  it('prices the worked BOM with the shipped settings', () => {
    const r = loadPricingRules(shipped());
    if (!r.ok) throw new Error('rules did not load');
    const q = price(workedBom(), catalog, r.value, { mode: 'targetMargin', marginPct: '25', allocateBy: 'cost' });
    expect(q.ok).toBe(true);
    if (q.ok) expect(requiredApproval(q.value, r.value.approval).level).toBe('engineer');
  });

  it('names the missing file', () => {
    const r = loadPricingRules(shipped().filter((s) => !s.path.endsWith('vat.yaml')));
    expect(!r.ok && r.problems.map((p) => [p.code, p.path])).toEqual([['pricingRules.missingFile', 'vat.yaml']]);
  });

  it('rejects a float-looking or malformed rate with the field path and file', () => {
    const r = loadPricingRules(replace('vat.yaml', 'ratePct: "13%"\nsource: x\neffectiveDate: "2019-04-01"\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]).toMatchObject({ code: 'pricingRules.invalid', path: 'ratePct', location: { file: 'rules/pricing/vat.yaml' } });
      expect(r.problems[0]!.message.zh).toContain('ratePct');
    }
  });

  it('refuses a factor whose base names a factor listed after it', () => {
    const text = `version: "x"\neffectiveDate: "2025-01-01"\nfactors:\n  - {id: overhead, nameZh: 管理费, nameEn: Overhead, kind: rate, ratePct: "5", base: [material, labour]}\n  - {id: labour, nameZh: 人工, nameEn: Labour, kind: rate, ratePct: "6", base: [material]}\n`;
    const r = loadPricingRules(replace('cost-model.yaml', text));
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual(['factors[0].base[1]']);
  });

  it('refuses thresholds that are not listed from the highest margin down', () => {
    const text = `thresholds:\n  - {minMarginPct: "15", level: salesManager}\n  - {minMarginPct: "25", level: engineer}\nbelowLowestLevel: generalManager\nlineBelowCostLevel: salesManager\n`;
    const r = loadPricingRules(replace('approval.yaml', text));
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual(['thresholds[1].minMarginPct', 'thresholds[1].level']);
  });

  it('reports YAML syntax errors with the line', () => {
    const r = loadPricingRules(replace('vat.yaml', 'ratePct: "13"\n  source: [\n'));
    expect(!r.ok && r.problems[0]!.code).toBe('pricingRules.yamlSyntax');
  });
});
