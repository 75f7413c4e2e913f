import { applyEdits } from '../../src/core/bom/edits.ts';
import type { Bom } from '../../src/core/bom/model.ts';
import type { Catalog } from '../../src/core/catalog/schema.ts';
import { price, type PricedQuote } from '../../src/core/pricing/price.ts';
import type { QuoteCheck } from '../../src/core/quote/approval.ts';
import { emptyQuoteState, type QuoteState } from '../../src/core/quote/schema.ts';
import { approvalRules, catalog as testCatalog, rules, workedBom } from '../pricing/fixtures.ts';

/** The flow the app runs: rule-built BOM + kept edits → priced quote → check against the quote state. */
export function pricedFor(state: QuoteState, bom: Bom = workedBom(), catalog: Catalog = testCatalog): PricedQuote {
  const { bom: edited } = applyEdits(bom, state.edits, catalog);
  const r = price(edited, catalog, rules, state.settings);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}

/** The project meta and calculation results the content hash covers, for the worked example. */
export const workedCovered: QuoteCheck['covered'] = {
  meta: { id: 'worked-1', name: '某 110 kV 变电站', customer: '国网某供电公司', siteName: '', designInstitute: '', tenderNo: '', quoteNo: '', createdOn: '2025-03-01', contact: '' },
  sizing: { modelCode: 'GZDW-110/200Ah', loadTable: [['110', '60', '60'], ['1', '控制负荷', '5 kW', '0.6', '27.27', '27.27', '']], steps: ['battery.C C = 200 Ah'], equipment: [] },
};

export function checkOf(state: QuoteState, bom: Bom = workedBom(), catalog: Catalog = testCatalog, covered: QuoteCheck['covered'] = workedCovered): QuoteCheck {
  return { state, priced: pricedFor(state, bom, catalog), rules: approvalRules, covered };
}

/** A quote at 20 % target margin (needs a sales manager) with complete commercial terms. */
export function stateAt(marginPct: string): QuoteState {
  return {
    ...emptyQuoteState(),
    settings: { mode: 'targetMargin', marginPct, allocateBy: 'cost' },
    terms: { paymentTerms: '预付30%，发货前付60%，质保金10%', deliveryDays: 45, validUntil: '2025-06-30' },
  };
}

export const manager = { approverName: '王经理', role: 'salesManager' as const, time: '2025-03-01T10:00:00+08:00', decision: 'approve' as const, comment: '同意' };
