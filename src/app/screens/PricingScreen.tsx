import { Fragment, useEffect, useState } from 'react';
import { unitLabels } from '../../core/catalog/labels.ts';
import { formatMoney, toFenString } from '../../core/money.ts';
import { quoteStateOf } from '../../core/pipeline.ts';
import type { CostLayer, PricedLine, PricedQuote } from '../../core/pricing/price.ts';
import type { PricingSettings } from '../../core/pricing/settings.ts';
import type { CommercialTerms, QuoteState } from '../../core/quote/schema.ts';
import { ApprovalLevel } from '../components/ApprovalLevel.tsx';
import { ProblemList } from '../components/ProblemList.tsx';
import { NotPriced, StaleNotice } from '../components/QuoteNotices.tsx';
import { formatPct, punct, parseAmountText, parseDaysText, parsePercentText, type Parsed } from '../components/quote-helpers.ts';
import { useQuoteContext } from '../components/use-quote.ts';
import { ValidatedInput } from '../components/ValidatedInput.tsx';
import { useLang, useMessages } from '../i18n/index.ts';
import '../components/quote-ui.css';

const PRICE_ONLY_KEY = 'dcq.priceOnly';

/** The bid staff's price-only view, remembered on this computer. */
function usePriceOnly(): [boolean, (v: boolean) => void] {
  const [value, setValue] = useState(() => {
    try {
      return globalThis.localStorage?.getItem(PRICE_ONLY_KEY) === '1';
    } catch {
      return false;
    }
  });
  useEffect(() => {
    try {
      globalThis.localStorage?.setItem(PRICE_ONLY_KEY, value ? '1' : '0');
    } catch {
      // Not remembered; the view still applies now.
    }
  }, [value]);
  return [value, setValue];
}

/** Problems that state a cost or margin figure: not shown in the price-only view. */
const COST_PROBLEMS = new Set(['pricing.lineBelowCost', 'pricing.negativeMargin']);

/**
 * Cost and price (PCST): the cost build-up, the pricing mode and its inputs, every line's and panel's
 * cost, price and margin, the approval level the margin needs, and the commercial terms. Every figure is
 * the core's PricedQuote as it stands; this screen computes none.
 */
export function PricingScreen() {
  const m = useMessages();
  const p = m.pricing;
  const { knowledge, evaluation, stale, draftProblems, project, editQuote } = useQuoteContext();
  const [priceOnly, setPriceOnly] = usePriceOnly();
  if (!knowledge || !project) return null;
  const priced = evaluation?.priced;
  const quote = quoteStateOf(project);
  return (
    <section className={`screen quote-screen pricing-screen ${priceOnly ? 'price-only' : ''}`} data-testid="pricing-screen">
      <header className="screen-header">
        <h2>{p.heading}</h2>
        <label className="check view-toggle" title={p.priceOnlyHint}>
          <input type="checkbox" checked={priceOnly} onChange={(e) => setPriceOnly(e.target.checked)} data-testid="price-only-toggle" />
          {p.priceOnly}
        </label>
      </header>
      {priceOnly && <p className="hint">{p.priceOnlyHint}</p>}
      <StaleNotice stale={stale} problems={draftProblems} />
      {!priced || !evaluation?.quote ? (
        <NotPriced evaluation={evaluation} text={p.notPriced} />
      ) : (
        <>
          <div className="pricing-top">
            <ModeForm settings={quote.settings} priced={priced} editQuote={editQuote} priceOnly={priceOnly} />
            <Totals priced={priced} priceOnly={priceOnly} />
            {priceOnly ? (
              <div className="approval-level" data-testid="approval-state-only">
                <span className="muted">{m.review.approvalStatus}</span>{' '}
                <strong>{evaluation.quote.approved ? (evaluation.quote.required.needsApproval ? m.review.approved : m.review.noApprovalNeeded) : m.review.notApproved}</strong>
              </div>
            ) : (
              <ApprovalLevel required={evaluation.quote.required} approved={evaluation.quote.approved} issuedAs={evaluation.quoteState.revisions.find((r) => r.letter === evaluation.quote?.issuedRevision)} />
            )}
          </div>
          {!priceOnly && <CostBuildUp priced={priced} />}
          <ProblemList problems={priced.problems.filter((x) => !priceOnly || !COST_PROBLEMS.has(x.code))} testId="pricing-problems" />
          <LinesTable priced={priced} settings={quote.settings} editQuote={editQuote} priceOnly={priceOnly} />
        </>
      )}
      <TermsForm terms={quote.terms} editQuote={editQuote} />
    </section>
  );
}

type EditQuote = (recipe: (q: QuoteState) => QuoteState) => void;

function ModeForm({ settings, priced, editQuote, priceOnly }: { settings: PricingSettings; priced: PricedQuote; editQuote: EditQuote; priceOnly: boolean }) {
  const p = useMessages().pricing;
  const lang = useLang();
  const set = (next: PricingSettings) => editQuote((q) => ({ ...q, settings: next }));
  const switchTo = (mode: PricingSettings['mode']) => {
    if (mode === settings.mode) return;
    if (mode === 'targetMargin') set({ mode, marginPct: '25', allocateBy: 'cost' });
    // Entering a total starts from the price the quote has now, so switching changes nothing yet.
    else if (mode === 'enteredTotal') set({ mode, amount: toFenString(priced.totals.netAmountExVat), basis: 'exVat', allocateBy: 'cost' });
    else set({ mode, lineDiscountPct: {}, unitPrices: {} });
  };
  const modes: PricingSettings['mode'][] = priceOnly ? ['enteredTotal', 'listPrice'] : ['targetMargin', 'enteredTotal', 'listPrice'];
  return (
    <fieldset className="mode-form" data-testid="pricing-mode">
      <legend>{p.mode}</legend>
      <div className="segmented" role="radiogroup" aria-label={p.mode}>
        {modes.map((mode) => (
          <label key={mode} className="check">
            <input type="radio" name="pricing-mode" checked={settings.mode === mode} onChange={() => switchTo(mode)} data-testid={`mode-${mode}`} />
            {p.modes[mode]}
          </label>
        ))}
        {priceOnly && settings.mode === 'targetMargin' && (
          <span className="muted">
            {p.currentMode}
            {punct(lang).colon}
            {p.modes.targetMargin}
          </span>
        )}
      </div>
      {settings.mode === 'targetMargin' && !priceOnly && (
        <div className="form-row">
          <label>
            {p.targetMargin}
            <span className="inline-field">
              <ValidatedInput
                value={settings.marginPct}
                size={6}
                label={p.targetMargin}
                testId="target-margin"
                parse={(t) => parsePercentText(t, { below: '100' })}
                onCommit={(v) => set({ ...settings, marginPct: v })}
              />
              %
            </span>
          </label>
          <AllocateBy value={settings.allocateBy} onChange={(allocateBy) => set({ ...settings, allocateBy })} />
        </div>
      )}
      {settings.mode === 'enteredTotal' && (
        <div className="form-row">
          <label>
            {p.enteredTotal}
            <ValidatedInput value={settings.amount} size={14} className="money" label={p.enteredTotal} testId="entered-total" parse={parseAmountText} onCommit={(v) => set({ ...settings, amount: v })} />
          </label>
          <select aria-label={p.basis} value={settings.basis} onChange={(e) => set({ ...settings, basis: e.target.value as 'exVat' | 'incVat' })} data-testid="entered-basis">
            <option value="exVat">{p.exVat}</option>
            <option value="incVat">{p.incVat}</option>
          </select>
          {!priceOnly && <AllocateBy value={settings.allocateBy} onChange={(allocateBy) => set({ ...settings, allocateBy })} />}
        </div>
      )}
      {settings.mode === 'listPrice' && (
        <div className="form-row">
          <span>{p.headerDiscount}</span>
          <select
            aria-label={p.headerDiscount}
            value={settings.headerDiscount?.kind ?? 'none'}
            data-testid="header-discount-kind"
            onChange={(e) => {
              const kind = e.target.value;
              const { headerDiscount: _drop, ...rest } = settings;
              if (kind === 'none') set(rest);
              else if (kind === 'percent') set({ ...rest, headerDiscount: { kind: 'percent', pct: '0' } });
              else set({ ...rest, headerDiscount: { kind: 'amount', amount: '0.00' } });
            }}
          >
            <option value="none">{p.noDiscount}</option>
            <option value="percent">{p.discountPercent}</option>
            <option value="amount">{p.discountAmount}</option>
          </select>
          {settings.headerDiscount?.kind === 'percent' && (
            <span className="inline-field">
              <ValidatedInput
                value={settings.headerDiscount.pct}
                size={6}
                label={p.discountPercent}
                testId="header-discount-pct"
                parse={(t) => parsePercentText(t, { atMost: '100' })}
                onCommit={(v) => set({ ...settings, headerDiscount: { kind: 'percent', pct: v } })}
              />
              %
            </span>
          )}
          {settings.headerDiscount?.kind === 'amount' && (
            <ValidatedInput
              value={settings.headerDiscount.amount}
              size={12}
              className="money"
              label={p.discountAmount}
              testId="header-discount-amount"
              parse={parseAmountText}
              onCommit={(v) => set({ ...settings, headerDiscount: { kind: 'amount', amount: v } })}
            />
          )}
          <span className="muted small">{p.listHint}</span>
        </div>
      )}
    </fieldset>
  );
}

function AllocateBy({ value, onChange }: { value: 'cost' | 'list'; onChange: (v: 'cost' | 'list') => void }) {
  const p = useMessages().pricing;
  return (
    <label>
      {p.allocateBy}
      <select value={value} onChange={(e) => onChange(e.target.value as 'cost' | 'list')} data-testid="allocate-by">
        <option value="cost">{p.byCost}</option>
        <option value="list">{p.byList}</option>
      </select>
    </label>
  );
}

function Totals({ priced, priceOnly }: { priced: PricedQuote; priceOnly: boolean }) {
  const p = useMessages().pricing;
  const t = priced.totals;
  const negative = t.grossMargin !== null && t.grossMargin.isNegative();
  return (
    <dl className="totals" data-testid="totals">
      {priced.settings.mode === 'listPrice' && (
        <>
          <dt>{p.listAmount}</dt>
          <dd className="num">{formatMoney(t.listAmount)}</dd>
          <dt>{p.subtotal}</dt>
          <dd className="num">{formatMoney(t.amountExVat)}</dd>
          <dt>{p.headerDiscount}</dt>
          <dd className="num" data-testid="total-header-discount">
            {formatMoney(t.headerDiscount)}
          </dd>
        </>
      )}
      <dt>{p.totalExVat}</dt>
      <dd className="num strong" data-testid="total-ex-vat">
        {formatMoney(t.netAmountExVat)}
      </dd>
      <dt>
        {p.vat} ({priced.vatRatePct}%)
      </dt>
      <dd className="num">{formatMoney(t.vat)}</dd>
      <dt>{p.totalIncVat}</dt>
      <dd className="num strong" data-testid="total-inc-vat">
        {formatMoney(t.amountIncVat)}
      </dd>
      {!priceOnly && (
        <>
          <dt>{p.totalCost}</dt>
          <dd className="num" data-testid="total-cost">
            {formatMoney(t.totalCost)}
          </dd>
          <dt>{p.grossProfit}</dt>
          <dd className={`num ${negative ? 'negative' : ''}`} data-testid="gross-profit">
            {formatMoney(t.grossProfit)}
          </dd>
          <dt>{p.margin}</dt>
          <dd className={`num strong ${negative ? 'negative' : ''}`} data-testid="gross-margin">
            {formatPct(t.grossMargin)}
            {negative && <span className="tag tag-bad">{p.negativeMargin}</span>}
          </dd>
        </>
      )}
    </dl>
  );
}

function CostBuildUp({ priced }: { priced: PricedQuote }) {
  const p = useMessages().pricing;
  const lang = useLang();
  const layerName = (id: string) => priced.costLayers.find((l) => l.id === id)?.name[lang] ?? id;
  const basis = (l: CostLayer) => {
    if (l.kind === 'material') return p.materialBasis;
    if (l.kind === 'rate') return `${l.ratePct}% × (${(l.base ?? []).map(layerName).join(' + ')})`;
    if (l.kind === 'perPanel') return `${formatMoney(l.perPanelAmount ?? '0')} × ${l.panelCount ?? 0} ${p.panelsCounted}`;
    return p.fixedAmount;
  };
  return (
    <section className="subsection" data-testid="cost-build-up">
      <h3>{p.costBuildUp}</h3>
      <table className="grid compact cost-table">
        <thead>
          <tr>
            <th>{p.costItem}</th>
            <th>{p.costBasis}</th>
            <th className="num">{p.rate}</th>
            <th className="num">{p.baseAmount}</th>
            <th className="num">{p.amount}</th>
          </tr>
        </thead>
        <tbody>
          {priced.costLayers.map((l) => (
            <tr key={l.id} data-testid={`cost-layer-${l.id}`}>
              <td>{l.name[lang]}</td>
              <td>{basis(l)}</td>
              <td className="num">{l.ratePct !== undefined ? `${l.ratePct}%` : ''}</td>
              <td className="num">{l.baseAmount ? formatMoney(l.baseAmount) : ''}</td>
              <td className="num">{formatMoney(l.amount)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="total-row">
            <th colSpan={4}>{p.totalCost}</th>
            <td className="num strong">{formatMoney(priced.totals.totalCost)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="muted small">
        {p.costModelVersion} {priced.costModelVersion} · {p.catalogVersion} {priced.catalogVersion}
      </p>
    </section>
  );
}

const optionalPercent = (t: string): Parsed<string | null> => (t.trim() === '' ? { ok: true, value: null } : parsePercentText(t, { atMost: '100' }));
const optionalAmount = (t: string): Parsed<string | null> => (t.trim() === '' ? { ok: true, value: null } : parseAmountText(t));

function LinesTable({ priced, settings, editQuote, priceOnly }: { priced: PricedQuote; settings: PricingSettings; editQuote: EditQuote; priceOnly: boolean }) {
  const p = useMessages().pricing;
  const lang = useLang();
  const list = settings.mode === 'listPrice' ? settings : null;
  const hasHeaderShare = priced.totals.headerDiscount.greaterThan(0);
  const setLineValue = (kind: 'lineDiscountPct' | 'unitPrices', lineId: string, value: string | null) =>
    editQuote((q) => {
      if (q.settings.mode !== 'listPrice') return q;
      const rec = { ...q.settings[kind] };
      if (value === null) delete rec[lineId];
      else rec[lineId] = value;
      return { ...q, settings: { ...q.settings, [kind]: rec } };
    });
  const cols = 7 + (priceOnly ? 0 : 3) + (list ? 2 : 0) + (hasHeaderShare ? 1 : 0);
  return (
    <section className="subsection">
      <h3>{p.lines}</h3>
      <div className="table-wrap">
        <table className="grid pricing-table" data-testid="pricing-table">
          <thead>
            <tr>
              <th>{p.code}</th>
              <th>{p.name}</th>
              <th className="num">{p.quantity}</th>
              {!priceOnly && <th className="num">{p.unitCost}</th>}
              {!priceOnly && <th className="num">{p.lineCost}</th>}
              <th className="num">{p.listUnitPrice}</th>
              {list && <th className="num">{p.lineDiscount}</th>}
              {list && <th className="num">{p.typedUnitPrice}</th>}
              <th className="num">{p.unitPrice}</th>
              <th className="num">{p.amountExVat}</th>
              {hasHeaderShare && <th className="num">{p.discountShare}</th>}
              <th className="num">{p.amountIncVat}</th>
              {!priceOnly && <th className="num">{p.margin}</th>}
            </tr>
          </thead>
          <tbody>
            {priced.panels.map((panel) => {
              const lines = priced.lines.filter((l) => l.panelId === panel.id);
              if (lines.length === 0) return null;
              const negative = panel.grossMargin !== null && panel.grossMargin.isNegative();
              return (
                <Fragment key={panel.id}>
                  <tr className="panel-row">
                    <th colSpan={cols} scope="rowgroup">
                      <span className="panel-index">{panel.index}#</span> {panel.name[lang]}
                    </th>
                  </tr>
                  {lines.map((l) => (
                    <LineRow key={l.lineId} line={l} list={list} priceOnly={priceOnly} hasHeaderShare={hasHeaderShare} setLineValue={setLineValue} />
                  ))}
                  <tr className="subtotal-row" data-testid={`panel-total-${panel.id}`}>
                    <td colSpan={3}>
                      {p.panelSubtotal} {panel.index}#
                    </td>
                    {!priceOnly && <td />}
                    {!priceOnly && <td className="num">{formatMoney(panel.totalCost)}</td>}
                    <td />
                    {list && <td />}
                    {list && <td />}
                    <td />
                    <td className="num">{formatMoney(panel.netAmountExVat)}</td>
                    {hasHeaderShare && <td className="num">{formatMoney(panel.headerDiscount)}</td>}
                    <td className="num">{formatMoney(panel.amountIncVat)}</td>
                    {!priceOnly && <td className={`num ${negative ? 'negative' : ''}`}>{formatPct(panel.grossMargin)}</td>}
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted small">{hasHeaderShare ? p.amountNoteDiscount : p.amountNote}</p>
    </section>
  );
}

function LineRow({
  line: l,
  list,
  priceOnly,
  hasHeaderShare,
  setLineValue,
}: {
  line: PricedLine;
  list: Extract<PricingSettings, { mode: 'listPrice' }> | null;
  priceOnly: boolean;
  hasHeaderShare: boolean;
  setLineValue: (kind: 'lineDiscountPct' | 'unitPrices', lineId: string, value: string | null) => void;
}) {
  const p = useMessages().pricing;
  const lang = useLang();
  const flagged = !priceOnly && l.belowCost;
  return (
    <tr className={`${flagged ? 'below-cost' : ''} ${l.nonCatalog ? 'noncatalog' : ''}`} data-testid={`price-line-${l.lineId}`}>
      <td className="code">{l.code ?? '—'}</td>
      <td>
        {l.name[lang]}
        {l.nonCatalog && <span className="tag tag-noncat">{p.nonCatalog}</span>}
        {flagged && <span className="tag tag-bad">{p.belowCost}</span>}
      </td>
      <td className="num">
        {l.quantity} {unitLabels[l.unit][lang]}
      </td>
      {!priceOnly && <td className="num">{formatMoney(l.unitCost)}</td>}
      {!priceOnly && <td className="num">{formatMoney(l.totalCost)}</td>}
      <td className="num">{formatMoney(l.listUnitPrice)}</td>
      {list && (
        <td className="num">
          <ValidatedInput
            value={list.lineDiscountPct[l.lineId] ?? ''}
            size={5}
            label={`${p.lineDiscount} ${l.code ?? l.lineId}`}
            testId={`discount-${l.lineId}`}
            placeholder="%"
            disabled={list.unitPrices[l.lineId] !== undefined}
            parse={optionalPercent}
            onCommit={(v) => setLineValue('lineDiscountPct', l.lineId, v)}
          />
        </td>
      )}
      {list && (
        <td className="num">
          <ValidatedInput
            value={list.unitPrices[l.lineId] ?? ''}
            size={10}
            className="money"
            label={`${p.typedUnitPrice} ${l.code ?? l.lineId}`}
            testId={`unit-price-${l.lineId}`}
            parse={optionalAmount}
            onCommit={(v) => setLineValue('unitPrices', l.lineId, v)}
          />
        </td>
      )}
      <td className="num">
        {formatMoney(l.unitPrice)}
        {!l.unitPriceExact && (
          <span className="tag tag-warn" title={p.notExactHint}>
            *
          </span>
        )}
      </td>
      <td className="num">{formatMoney(l.amountExVat)}</td>
      {hasHeaderShare && <td className="num">{formatMoney(l.headerDiscountShare)}</td>}
      <td className="num">{formatMoney(l.amountIncVat)}</td>
      {!priceOnly && <td className={`num ${l.grossMargin?.isNegative() ? 'negative' : ''}`}>{formatPct(l.grossMargin)}</td>}
    </tr>
  );
}

/** A free-text field committed when it loses focus (one undo step per field change, not per key). */
function TextField({ value, onCommit, label, testId, multiline }: { value: string; onCommit: (v: string) => void; label: string; testId: string; multiline?: boolean }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text !== value) onCommit(text);
  };
  return multiline ? (
    <textarea aria-label={label} data-testid={testId} value={text} rows={2} onChange={(e) => setText(e.target.value)} onBlur={commit} />
  ) : (
    <input aria-label={label} data-testid={testId} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
  );
}

function TermsForm({ terms, editQuote }: { terms: CommercialTerms; editQuote: EditQuote }) {
  const p = useMessages().pricing;
  const [dateError, setDateError] = useState<string | null>(null);
  const set = (patch: Partial<CommercialTerms>) => editQuote((q) => ({ ...q, terms: { ...q.terms, ...patch } }));
  const optional = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  return (
    <fieldset className="subsection terms-form" data-testid="terms">
      <legend>{p.terms}</legend>
      <div className="form-grid">
        <label className="span-2">
          {p.paymentTerms}
          <TextField value={terms.paymentTerms} label={p.paymentTerms} testId="terms-payment" onCommit={(v) => set({ paymentTerms: v.trim() })} />
          {terms.paymentTerms.trim() === '' && <span className="field-note">{p.required}</span>}
        </label>
        <label>
          {p.deliveryDays}
          <ValidatedInput
            value={terms.deliveryDays === null ? '' : String(terms.deliveryDays)}
            size={6}
            label={p.deliveryDays}
            testId="terms-days"
            parse={(t): Parsed<number | null> => (t.trim() === '' ? { ok: true, value: null } : parseDaysText(t))}
            onCommit={(v) => set({ deliveryDays: v })}
          />
          {terms.deliveryDays === null && <span className="field-note">{p.required}</span>}
        </label>
        <label>
          {p.validUntil}
          <input
            type="date"
            aria-label={p.validUntil}
            data-testid="terms-valid-until"
            value={terms.validUntil ?? ''}
            aria-invalid={dateError ? true : undefined}
            onChange={(e) => {
              const v = e.target.value;
              if (v === '') {
                setDateError(null);
                set({ validUntil: null });
              } else if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
                setDateError(null);
                set({ validUntil: v });
              } else setDateError(p.badDate);
            }}
          />
          {dateError && <span className="field-error">{dateError}</span>}
          {terms.validUntil === null && !dateError && <span className="field-note">{p.required}</span>}
        </label>
        <label className="span-2">
          {p.deliveryPlace}
          <TextField value={terms.deliveryPlace ?? ''} label={p.deliveryPlace} testId="terms-place" onCommit={(v) => set({ deliveryPlace: optional(v) })} />
        </label>
        <label className="span-all">
          {p.notes}
          <TextField value={terms.note ?? ''} label={p.notes} testId="terms-note" multiline onCommit={(v) => set({ note: optional(v) })} />
        </label>
      </div>
    </fieldset>
  );
}
