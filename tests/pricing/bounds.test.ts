import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { main } from '../../src/cli/main.ts';
import { emptyQuoteState } from '../../src/core/quote/schema.ts';
import { describe, expect, it } from 'vitest';
import { catalogPriceBoundProblems } from '../../src/core/knowledge.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { price } from '../../src/core/pricing/price.ts';
import type { Problem } from '../../src/core/problems.ts';
import type { PricingRules } from '../../src/core/pricing/rules.ts';
import { loadPricingRules } from '../../src/core/pricing/rules-file.ts';
import { requiredApproval } from '../../src/core/quote/approval.ts';
import { sampleProject, sampleProjectJson, shippedKnowledge } from '../fixtures/knowledge.ts';
import { catalog, items, makeCatalog, workedBom } from './fixtures.ts';

/** Item 11 of issue 10: bounds on quantities and money are data (rules/pricing/), errors at the field. */
const dir = resolve(__dirname, '../../rules/pricing');
/** The problems of a refused pricing (a test failure if it was priced). */
function refused(r: ReturnType<typeof price>): Problem[] {
  if (r.ok) throw new Error('expected the pricing to be refused');
  return r.problems;
}

function shippedRules(): PricingRules {
  const r = loadPricingRules(['cost-model.yaml', 'vat.yaml', 'approval.yaml', 'bounds.yaml'].map((n) => ({ path: `rules/pricing/${n}`, text: readFileSync(join(dir, n), 'utf8') })));
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

describe('sane money and quantities', () => {
  const rules = shippedRules();

  it('the bounds are read from rules/pricing/bounds.yaml as exact text', () => {
    expect(rules.bounds).toMatchObject({ maxLineQuantity: '50000', maxUnitPrice: '10000000.00', maxQuoteTotal: '1000000000.00' });
  });

  it('a quantity of 100,000,000 is an error at that line’s quantity', () => {
    const bom = workedBom();
    bom.lines[4] = { ...bom.lines[4]!, quantity: '100000000' };
    const r = price(bom, catalog, rules, { mode: 'targetMargin', marginPct: '25', allocateBy: 'cost' });
    const problems = refused(r);
    expect(problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.path])).toEqual([['pricing.valueTooLarge', `lines[${bom.lines[4]!.id}].quantity`]]);
    expect(problems.find((p) => p.severity === 'error')!.message.zh).toContain('超过上限');
  });

  it('a typed unit price or an entered total above the bound is an error at that field', () => {
    const id = workedBom().lines[0]!.id;
    const typed = price(workedBom(), catalog, rules, { mode: 'listPrice', lineDiscountPct: {}, unitPrices: { [id]: '100000000000.00' } });
    expect(refused(typed).map((p) => p.path)).toContain(`settings.unitPrices[${id}]`);
    const total = price(workedBom(), catalog, rules, { mode: 'enteredTotal', amount: '3500000000.00', basis: 'exVat', allocateBy: 'cost' });
    expect(refused(total).map((p) => [p.code, p.path])).toEqual([['pricing.valueTooLarge', 'settings.amount']]);
  });

  it('a 99.99 % margin that would make a billions quote is refused at the margin field', () => {
    const big = makeCatalog(items.map((i) => (i.code === 'BAT-LEOCH-12-100' ? { ...i, costPrice: '5000000.00', listPrice: '7000000.00' } : i)));
    const r = price(workedBom(), big, rules, { mode: 'targetMargin', marginPct: '99.99', allocateBy: 'cost' });
    expect(refused(r).filter((p) => p.severity === 'error').map((p) => [p.code, p.path])).toEqual([['pricing.totalTooLarge', 'settings.marginPct']]);
  });

  it('a margin above the ceiling and a price far above list need approval', () => {
    const high = price(workedBom(), catalog, rules, { mode: 'targetMargin', marginPct: '80', allocateBy: 'cost' });
    if (!high.ok) throw new Error('not priced');
    const req = requiredApproval(high.value, rules.approval);
    expect(req.needsApproval).toBe(true);
    expect(req.level).toBe('director');
    expect(req.reasons.map((x) => x.en).join(' ')).toContain('ceiling');
    const id = workedBom().lines[2]!.id; // monitor, list 2000.00
    const above = price(workedBom(), catalog, rules, { mode: 'listPrice', lineDiscountPct: {}, unitPrices: { [id]: '3000.01' } });
    if (!above.ok) throw new Error('not priced');
    const r2 = requiredApproval(above.value, rules.approval);
    expect(r2.needsApproval).toBe(true);
    expect(r2.reasons.map((x) => x.en).join(' ')).toContain('above list');
    const atList = price(workedBom(), catalog, rules, { mode: 'listPrice', lineDiscountPct: {}, unitPrices: { [id]: '3000.00' } });
    if (!atList.ok) throw new Error('not priced');
    expect(requiredApproval(atList.value, rules.approval).reasons.map((x) => x.en).join(' ')).not.toContain('above list');
  });

  it('a price of 1e20 does not enter the catalog: an error naming the item and field', async () => {
    const k = await shippedKnowledge();
    const bad = makeCatalog(items.map((i) => (i.code === 'ZHM05P' ? { ...i, listPrice: '100000000000000000000.00' } : i)));
    expect(catalogPriceBoundProblems(bad, k.pricingRules.bounds).map((p) => [p.code, p.path])).toEqual([['catalog.priceTooLarge', 'items[ZHM05P].listPrice']]);
    expect(catalogPriceBoundProblems(k.catalog, k.pricingRules.bounds)).toEqual([]);
  });

  it('no export crashes on a large amount: the largest allowed quote exports, a larger one is refused with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dcq-bounds-'));
    const json = sampleProjectJson('sample-110kv.json') as { quote?: Record<string, unknown> };
    const write = (amount: string) => {
      const file = join(dir, `p-${amount}.json`);
      writeFileSync(file, JSON.stringify({ ...json, quote: { ...(json.quote ?? {}), settings: { mode: 'enteredTotal', amount, basis: 'incVat', allocateBy: 'cost' } } }));
      return file;
    };
    const run = async (args: string[]) => {
      let err = '';
      const code = await main(args, { out: () => undefined, err: (s) => (err += `${s}\n`) });
      return { code, err };
    };
    const atMax = await run(['export', write('1000000000.00'), '--out', join(dir, 'ok'), '--date', '2026-11-24']);
    expect(atMax.code, atMax.err).toBe(EXIT.ok);
    expect(readdirSync(join(dir, 'ok'))).toHaveLength(4);
    const over = await run(['--lang', 'en', 'export', write('1000000000.01'), '--out', join(dir, 'over'), '--date', '2026-11-24']);
    expect(over.code).toBe(EXIT.problems);
    expect(over.err).toContain('settings.amount');
    expect(over.err).toContain('exceeds the limit');
    expect(existsSync(join(dir, 'over'))).toBe(false);
    // The same through the pipeline: a 99.99 % target margin on the sample is refused at the margin field.
    const k = await shippedKnowledge();
    const p = await sampleProject('sample-110kv.json');
    const e = evaluateProject({ ...p, quote: { ...emptyQuoteState(), settings: { mode: 'targetMargin', marginPct: '99.99', allocateBy: 'cost' } } }, k);
    expect(e.priced).toBeNull();
    expect(e.problems.filter((x) => x.severity === 'error').map((x) => [x.code, x.path])).toEqual([['pricing.totalTooLarge', 'settings.marginPct']]);
  }, 120_000);
});
