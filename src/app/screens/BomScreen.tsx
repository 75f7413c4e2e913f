import { Fragment, useMemo, useState } from 'react';
import type { BomEdit, Deviation } from '../../core/bom/edits.ts';
import { tryEdit } from '../../core/bom/edits.ts';
import { resolveItem, specText, type Bom, type BomLine } from '../../core/bom/model.ts';
import { unitLabels } from '../../core/catalog/labels.ts';
import { brandName } from '../../core/catalog/query.ts';
import type { Catalog } from '../../core/catalog/schema.ts';
import type { Knowledge } from '../../core/knowledge.ts';
import { formatMoney } from '../../core/money.ts';
import { quoteStateOf, type ProjectEvaluation } from '../../core/pipeline.ts';
import { priceAlternatives } from '../../core/pricing/alternatives.ts';
import type { PricedLine } from '../../core/pricing/price.ts';
import type { Problem } from '../../core/problems.ts';
import { AddLineForm } from '../components/AddLineForm.tsx';
import { DeviationTable } from '../components/DeviationTable.tsx';
import { ProblemList } from '../components/ProblemList.tsx';
import { useProgressiveCount } from '../components/progressive.ts';
import { NotPriced, StaleNotice } from '../components/QuoteNotices.tsx';
import { checkedEdits, formatPct, parseQuantityText, punct, signed, swapCandidates, withEdit, withLineRemoved, withoutLineEdits } from '../components/quote-helpers.ts';
import { useQuoteContext } from '../components/use-quote.ts';
import { ValidatedInput } from '../components/ValidatedInput.tsx';
import { useLang, useMessages } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import '../components/quote-ui.css';

/**
 * The bill of materials as the rules built it plus the engineer's edits: lines by panel, quantities
 * editable, swaps to alternates or other brands of the same rating (cost difference shown first),
 * removed and added lines; every deviation from the rule-built BOM is highlighted and listed.
 */
export function BomScreen() {
  const m = useMessages();
  const { knowledge, evaluation, stale, draftProblems, project, editQuote } = useQuoteContext();
  if (!knowledge || !project) return null;
  const bom = evaluation?.bom;
  const ruleBom = evaluation?.ruleBom;
  if (!evaluation || !bom || !ruleBom) {
    return (
      <section className="screen quote-screen">
        <h2>{m.bom.heading}</h2>
        <StaleNotice stale={stale} problems={draftProblems} />
        <NotPriced evaluation={evaluation} text={m.bom.notBuilt} />
      </section>
    );
  }
  const edits = quoteStateOf(project).edits;
  return <BomEditor knowledge={knowledge} evaluation={evaluation} bom={bom} ruleBom={ruleBom} edits={edits} stale={stale} draftProblems={draftProblems} editQuote={editQuote} />;
}

function BomEditor({
  knowledge,
  evaluation,
  bom,
  ruleBom,
  edits,
  stale,
  draftProblems,
  editQuote,
}: {
  knowledge: Knowledge;
  evaluation: ProjectEvaluation;
  bom: Bom;
  ruleBom: Bom;
  edits: BomEdit[];
  stale: boolean;
  draftProblems: Problem[];
  editQuote: ReturnType<typeof useQuoteContext>['editQuote'];
}) {
  const m = useMessages();
  const b = m.bom;
  const lang = useLang();
  const catalog = knowledge.catalog;
  const [swapOpen, setSwapOpen] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Problem[]>([]);

  const priced = useMemo(() => new Map((evaluation.priced?.lines ?? []).map((l) => [l.lineId, l])), [evaluation.priced]);
  const pricedPanels = useMemo(() => new Map((evaluation.priced?.panels ?? []).map((p) => [p.id, p])), [evaluation.priced]);
  const ruleLines = useMemo(() => new Map(ruleBom.lines.map((l) => [l.id, l])), [ruleBom]);
  const devByLine = useMemo(() => {
    const map = new Map<string, Deviation[]>();
    for (const d of evaluation.deviations) map.set(d.lineId, [...(map.get(d.lineId) ?? []), d]);
    return map;
  }, [evaluation.deviations]);
  const panels = [...bom.panels].sort((a, c) => a.index - c.index);
  const bomIds = new Set(bom.lines.map((l) => l.id));

  /** Commits a new edit list; the last edit is checked with tryEdit first. Returns the refusal text, if any. */
  const commit = (next: BomEdit[], validateLast = true): string | null => {
    if (validateLast) {
      const r = checkedEdits(ruleBom, edits, next, catalog);
      if (!r.ok) {
        setRefusal(r.problems);
        return r.problems.map((p) => p.message[lang]).join(punct(lang).semi);
      }
      next = r.edits;
    }
    setRefusal([]);
    editQuote((q) => ({ ...q, edits: next }));
    return null;
  };

  const setQuantity = (line: BomLine, quantity: string): string | null => {
    const rule = ruleLines.get(line.id);
    const rest = edits.filter((e) => !(e.type === 'setQuantity' && e.lineId === line.id));
    if (rule && rule.quantity === quantity && line.item.kind === rule.item.kind) return commit(rest, false);
    return commit(withEdit(edits, { type: 'setQuantity', lineId: line.id, quantity }));
  };

  const placedOf = (line: BomLine): Pick<BomLine, 'item'> | undefined => {
    const rule = ruleLines.get(line.id);
    if (rule) return rule;
    const manual = edits.find((e) => e.type === 'addManualLine' && e.line.id === line.id);
    return manual?.type === 'addManualLine' ? manual.line : undefined;
  };

  const swap = (line: BomLine, code: string) => {
    const placed = placedOf(line);
    const backToPlaced = placed?.item.kind === 'catalog' && placed.item.code === code;
    const refused = backToPlaced
      ? commit(
          edits.filter((e) => !(e.type === 'swapItem' && e.lineId === line.id)),
          false,
        )
      : commit(withEdit(edits, { type: 'swapItem', lineId: line.id, code }));
    if (!refused) setSwapOpen(null);
  };

  const droppedIndexes = new Set(evaluation.droppedEdits.map((d) => d.index));
  // The frame that shows the screen renders the lines in view of the table's box (its first 30); the rest
  // a frame later (issue #16: a switch within 100 ms).
  let lineBudget = useProgressiveCount(bom.lines.length, 30);

  return (
    <section className="screen quote-screen bom-screen">
      <header className="screen-header">
        <h2>{b.heading}</h2>
        <dl className="summary-strip" data-testid="bom-summary">
          <dt>{b.panels}</dt>
          <dd>{panels.length}</dd>
          <dt>{b.lines}</dt>
          <dd>{bom.lines.length}</dd>
          <dt>{b.deviationCount}</dt>
          <dd data-testid="deviation-count">{evaluation.deviations.length}</dd>
          {evaluation.priced && (
            <>
              <dt>{b.materialCost}</dt>
              <dd className="num">¥{formatMoney(evaluation.priced.totals.materialCost)}</dd>
            </>
          )}
        </dl>
      </header>
      <StaleNotice stale={stale} problems={draftProblems} />
      {refusal.length > 0 && (
        <div className="refusal" data-testid="bom-refusal">
          <ProblemList problems={refusal} />
        </div>
      )}

      {evaluation.droppedEdits.length > 0 && (
        <div className="problems warning" data-testid="dropped-edits">
          <h3>{b.droppedHeading}</h3>
          <p>{b.droppedHint}</p>
          <ul className="plain">
            {evaluation.droppedEdits.map((d) => (
              <li key={d.index}>
                {d.reason[lang]}{' '}
                <button type="button" className="link" onClick={() => commit(edits.filter((_, i) => i !== d.index), false)}>
                  {b.discardEdit}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="table-wrap bom-table-wrap">
        <table className="grid bom-table" data-testid="bom-table">
          <thead>
            <tr>
              <th>{b.code}</th>
              <th>{b.name}</th>
              <th>{b.spec}</th>
              <th>{b.brand}</th>
              <th>{b.unit}</th>
              <th className="num">{b.quantity}</th>
              <th className="num">{b.unitCost}</th>
              <th className="num">{b.lineCost}</th>
              <th>{b.source}</th>
              <th>{b.actions}</th>
            </tr>
          </thead>
          <tbody>
            {panels.map((panel) => {
              if (lineBudget <= 0) return null;
              const allLines = bom.lines.filter((l) => l.panelId === panel.id);
              const lines = allLines.slice(0, lineBudget);
              lineBudget -= allLines.length;
              const removed = lineBudget >= 0 ? ruleBom.lines.filter((l) => l.panelId === panel.id && !bomIds.has(l.id)) : [];
              const pp = pricedPanels.get(panel.id);
              return (
                <Fragment key={panel.id}>
                  <tr className="panel-row" data-testid={`panel-${panel.id}`}>
                    <th colSpan={7} scope="rowgroup">
                      <span className="panel-index">{panel.index}#</span> {panel.name[lang]}
                      <span className="muted"> · {allLines.length} {b.linesShort}</span>
                    </th>
                    <th className="num">{pp ? formatMoney(pp.materialCost) : ''}</th>
                    <th colSpan={2} />
                  </tr>
                  {lines.map((line) => (
                    <Fragment key={line.id}>
                      <LineRow
                        line={line}
                        priced={priced.get(line.id)}
                        deviations={devByLine.get(line.id) ?? []}
                        catalog={catalog}
                        swapOpen={swapOpen === line.id}
                        onToggleSwap={() => setSwapOpen(swapOpen === line.id ? null : line.id)}
                        onQuantity={(q) => setQuantity(line, q)}
                        onRemove={() => commit(withLineRemoved(edits, line.id), false)}
                        onRevert={() => commit(withoutLineEdits(edits, line.id), false)}
                      />
                      {swapOpen === line.id && (
                        <tr className="swap-row">
                          <td colSpan={10}>
                            <SwapPicker line={line} placed={placedOf(line)} catalog={catalog} onPick={(code) => swap(line, code)} onClose={() => setSwapOpen(null)} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  ))}
                  {removed.map((line) => (
                    <RemovedRow key={line.id} line={line} catalog={catalog} onRestore={() => commit(withoutLineEdits(edits, line.id), false)} />
                  ))}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>

      <AddLineForm
        catalog={catalog}
        panels={panels}
        ruleBom={ruleBom}
        bom={bom}
        edits={edits}
        onAdd={(edit) => commit(withEdit(edits, edit))}
      />

      <section className="subsection" data-testid="deviations">
        <h3>
          {b.deviationsHeading} <span className="muted">({evaluation.deviations.length})</span>
        </h3>
        {evaluation.deviations.length === 0 ? (
          <p className="empty">{b.noDeviations}</p>
        ) : (
          <DeviationTable deviations={evaluation.deviations} panels={bom.panels} onRevert={(lineId) => commit(withoutLineEdits(edits, lineId), false)} />
        )}
        {edits.length > 0 && (
          <p className="muted small">
            {b.editsKept.replaceAll('{n}', String(edits.length))}
            {droppedIndexes.size > 0 ? ` ${b.editsDropped.replaceAll('{n}', String(droppedIndexes.size))}` : ''}
          </p>
        )}
      </section>

      <Alternatives knowledge={knowledge} evaluation={evaluation} ruleBom={ruleBom} edits={edits} onApply={(next) => commit(next, false)} />
    </section>
  );
}

const DEVIATION_CLASS: Record<Deviation['kind'], string> = { quantity: 'dev-qty', swap: 'dev-swap', removed: 'dev-removed', added: 'dev-added' };

function LineRow({
  line,
  priced,
  deviations,
  catalog,
  swapOpen,
  onToggleSwap,
  onQuantity,
  onRemove,
  onRevert,
}: {
  line: BomLine;
  priced: PricedLine | undefined;
  deviations: Deviation[];
  catalog: Catalog;
  swapOpen: boolean;
  onToggleSwap: () => void;
  onQuantity: (q: string) => string | null;
  onRemove: () => void;
  onRevert: () => void;
}) {
  const m = useMessages();
  const b = m.bom;
  const lang = useLang();
  const setScreen = useAppStore((s) => s.setScreen);
  const item = resolveItem(line, catalog);
  const kinds = deviations.map((d) => d.kind);
  const cls = ['bom-line', ...kinds.map((k) => DEVIATION_CLASS[k]), item?.nonCatalog ? 'noncatalog' : ''].filter(Boolean).join(' ');
  const code = line.item.kind === 'catalog' ? line.item.code : '';
  return (
    <tr className={cls} data-testid={`bom-line-${line.id}`} data-deviation={kinds.join(' ') || undefined}>
      <td className="code">{code || '—'}</td>
      <td>
        {item ? item.name[lang] : b.unknownItem}
        {item?.nonCatalog && <span className="tag tag-noncat">{b.nonCatalog}</span>}
        {kinds.map((k) => (
          <span key={k} className={`tag tag-${DEVIATION_CLASS[k]}`}>
            {b.deviationKinds[k]}
          </span>
        ))}
      </td>
      <td className="spec">{item ? specText({ spec: item.spec, unit: item.unit, quantity: line.quantity, ...(line.groups ? { groups: line.groups } : {}) }, lang) : ''}</td>
      <td className="brand">{item?.brand ? brandName(catalog, item.brand, lang) : ''}</td>
      <td>{item ? unitLabels[item.unit][lang] : ''}</td>
      <td className="num">
        <ValidatedInput
          value={line.quantity}
          size={6}
          className="qty"
          label={`${b.quantity} ${code || line.id}`}
          testId={`qty-${line.id}`}
          parse={(t) => parseQuantityText(t, item?.unit)}
          onCommit={(q) => onQuantity(q)}
        />
      </td>
      <td className="num">{priced ? formatMoney(priced.unitCost) : '—'}</td>
      <td className="num">{priced ? formatMoney(priced.materialCost) : '—'}</td>
      <td className="source">
        {line.source.kind === 'rule' ? (
          <>
            <span>{line.source.reason[lang]}</span>
            {line.source.traceRef && (
              <button
                type="button"
                className="link trace-link"
                data-testid={`trace-link-${line.id}`}
                title={b.traceLinkTitle}
                onClick={() => {
                  const ref = line.source.kind === 'rule' ? line.source.traceRef : undefined;
                  setScreen('sizing');
                  if (!ref) return;
                  // The sizing screen renders its trace a frame or two after it shows (#16): wait for the entry.
                  let frames = 0;
                  const go = () => {
                    const entry = document.getElementById(`trace-${ref}`);
                    if (entry) entry.scrollIntoView({ block: 'center' });
                    else if (frames++ < 60) requestAnimationFrame(go);
                  };
                  requestAnimationFrame(go);
                }}
              >
                {b.trace} {line.source.traceRef}
              </button>
            )}
          </>
        ) : (
          <span className="manual-source">
            {b.manual}
            {line.source.note ? `${punct(lang).colon}${line.source.note}` : ''}
          </span>
        )}
      </td>
      <td className="actions">
        {line.item.kind === 'catalog' && (
          <button type="button" data-testid={`swap-${line.id}`} className={swapOpen ? 'active' : ''} onClick={onToggleSwap}>
            {b.swap}
          </button>
        )}
        <button type="button" data-testid={`remove-${line.id}`} onClick={onRemove}>
          {b.remove}
        </button>
        {deviations.length > 0 && !line.id.startsWith('manual:') && (
          <button type="button" className="link" data-testid={`revert-${line.id}`} onClick={onRevert}>
            {b.revert}
          </button>
        )}
      </td>
    </tr>
  );
}

function RemovedRow({ line, catalog, onRestore }: { line: BomLine; catalog: Catalog; onRestore: () => void }) {
  const b = useMessages().bom;
  const lang = useLang();
  const item = resolveItem(line, catalog);
  return (
    <tr className="bom-line dev-removed removed-row" data-testid={`bom-removed-${line.id}`}>
      <td className="code">{line.item.kind === 'catalog' ? line.item.code : '—'}</td>
      <td>
        <s>{item?.name[lang]}</s>
        <span className="tag tag-dev-removed">{b.deviationKinds.removed}</span>
      </td>
      <td className="spec">{item?.spec}</td>
      <td>{item?.brand ? brandName(catalog, item.brand, lang) : ''}</td>
      <td>{item ? unitLabels[item.unit][lang] : ''}</td>
      <td className="num">
        <s>{line.quantity}</s>
      </td>
      <td colSpan={3} className="muted">
        {line.source.kind === 'rule' ? line.source.reason[lang] : ''}
      </td>
      <td className="actions">
        <button type="button" data-testid={`restore-${line.id}`} onClick={onRestore}>
          {b.restore}
        </button>
      </td>
    </tr>
  );
}

function SwapPicker({
  line,
  placed,
  catalog,
  onPick,
  onClose,
}: {
  line: BomLine;
  placed: Pick<BomLine, 'item'> | undefined;
  catalog: Catalog;
  onPick: (code: string) => void;
  onClose: () => void;
}) {
  const b = useMessages().bom;
  const lang = useLang();
  const candidates = useMemo(() => swapCandidates(line, placed, catalog), [line, placed, catalog]);
  const current = line.item.kind === 'catalog' ? catalog.byCode.get(line.item.code) : undefined;
  const placedCode = placed?.item.kind === 'catalog' ? placed.item.code : undefined;
  return (
    <div className="swap-picker" data-testid={`swap-picker-${line.id}`}>
      <div className="swap-head">
        <strong>{b.swapHeading}</strong>
        {current && (
          <span className="muted">
            {b.current}
            {punct(lang).colon}
            <span className="code">{current.code}</span> · {brandName(catalog, current.brand, lang)} · {b.unitCost} ¥{formatMoney(current.costPrice)} × {line.quantity}
          </span>
        )}
        <button type="button" className="link" onClick={onClose}>
          {b.close}
        </button>
      </div>
      {candidates.length === 0 ? (
        <p className="empty">{b.noCandidates}</p>
      ) : (
        <table className="grid compact">
          <thead>
            <tr>
              <th>{b.code}</th>
              <th>{b.name}</th>
              <th>{b.brand}</th>
              <th>{b.spec}</th>
              <th>{b.via}</th>
              <th className="num">{b.unitCost}</th>
              <th className="num">{b.costDelta}</th>
              <th className="num">{b.listDelta}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {candidates.map((c) => (
              <tr key={c.item.code} data-testid={`candidate-${c.item.code}`}>
                <td className="code">{c.item.code}</td>
                <td>{lang === 'zh' ? c.item.nameZh : c.item.nameEn}</td>
                <td>{brandName(catalog, c.item.brand, lang)}</td>
                <td className="spec">{c.item.spec}</td>
                <td>{c.item.code === placedCode ? b.viaRule : c.via === 'alternate' ? b.viaAlternate : b.viaSameRating}</td>
                <td className="num">{formatMoney(c.item.costPrice)}</td>
                <td className={`num ${c.costDelta.isNegative() ? 'delta-down' : c.costDelta.isZero() ? '' : 'delta-up'}`}>{signed(formatMoney(c.costDelta), c.costDelta)}</td>
                <td className="num">{signed(formatMoney(c.listDelta), c.listDelta)}</td>
                <td>
                  <button type="button" data-testid={`use-${c.item.code}`} onClick={() => onPick(c.item.code)}>
                    {b.use}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Alternatives({
  knowledge,
  evaluation,
  ruleBom,
  edits,
  onApply,
}: {
  knowledge: Knowledge;
  evaluation: ProjectEvaluation;
  ruleBom: Bom;
  edits: BomEdit[];
  onApply: (edits: BomEdit[]) => void;
}) {
  const b = useMessages().bom;
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const [refusal, setRefusal] = useState<Problem[]>([]);
  const configuration = evaluation.sizing.configuration;
  const batteryCode = configuration?.battery.itemCode;
  const batteryLines = ruleBom.lines.filter((l) => l.item.kind === 'catalog' && l.item.code === batteryCode);
  // The alternatives are priced with the engineer's other edits but not the battery swaps: those would
  // put every variant back on the swapped battery and make the comparison meaningless.
  const otherEdits = edits.filter((e) => !(e.type === 'swapItem' && batteryLines.some((l) => l.id === e.lineId)));
  const alternatives = useMemo(
    () =>
      open && configuration
        ? priceAlternatives(configuration, knowledge.catalog, knowledge.bomRules, knowledge.pricingRules, evaluation.quoteState.settings, otherEdits)
        : [],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [open, configuration, knowledge, evaluation.quoteState.settings, JSON.stringify(otherEdits)],
  );
  if (!configuration || batteryCode === undefined) return null;
  const currentBattery = (() => {
    const swaps = edits.filter((e) => e.type === 'swapItem' && batteryLines.some((l) => l.id === e.lineId));
    const last = swaps[swaps.length - 1];
    return last?.type === 'swapItem' ? last.code : batteryCode;
  })();

  /** Puts every battery line of the rule BOM on `code` (or back on the sized battery); each swap is checked. */
  const useBattery = (code: string) => {
    let next = otherEdits;
    if (code !== batteryCode) {
      for (const l of batteryLines) {
        const edit: BomEdit = { type: 'swapItem', lineId: l.id, code };
        const r = tryEdit(ruleBom, next, edit, knowledge.catalog);
        if (!r.ok) {
          setRefusal(r.problems);
          return;
        }
        next = [...next, r.value.edit];
      }
    }
    setRefusal([]);
    onApply(next);
  };

  return (
    <details className="subsection alternatives" data-testid="alternatives" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        <h3>{b.alternativesHeading}</h3>
        <span className="muted">{b.alternativesHint}</span>
      </summary>
      {refusal.length > 0 && <ProblemList problems={refusal} />}
      {open && (
        <table className="grid compact" data-testid="alternatives-table">
          <thead>
            <tr>
              <th>{b.option}</th>
              <th className="num">{b.totalCost}</th>
              <th className="num">{b.costVsBase}</th>
              <th className="num">{b.priceExVat}</th>
              <th className="num">{b.priceVsBase}</th>
              <th className="num">{b.priceIncVat}</th>
              <th className="num">{b.margin}</th>
              <th>{b.note}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {alternatives.map((a) => (
              <tr key={`${a.kind}-${a.itemCode}`} className={a.kind === 'base' ? 'base-row' : ''}>
                <td>
                  {a.kind === 'batteryBrand' ? `${b.batteryBrand}${punct(lang).colon}${brandName(knowledge.catalog, a.brand, lang)}${punct(lang).open}${a.itemCode}${punct(lang).close}` : a.label[lang]}
                  {a.dropped.length > 0 && <span className="tag tag-dev-removed">{b.altDropped.replaceAll('{n}', String(a.dropped.length))}</span>}
                </td>
                {a.priced.ok ? (
                  <>
                    <td className="num">{formatMoney(a.priced.value.totals.totalCost)}</td>
                    <td className="num">{a.deltaTotalCost ? signed(formatMoney(a.deltaTotalCost), a.deltaTotalCost) : ''}</td>
                    <td className="num">{formatMoney(a.priced.value.totals.netAmountExVat)}</td>
                    <td className="num">{a.deltaNetExVat ? signed(formatMoney(a.deltaNetExVat), a.deltaNetExVat) : ''}</td>
                    <td className="num">{formatMoney(a.priced.value.totals.amountIncVat)}</td>
                    <td className="num">{formatPct(a.priced.value.totals.grossMargin)}</td>
                  </>
                ) : (
                  <td colSpan={6} className="error-text">
                    {a.priced.problems.map((p) => p.message[lang]).join(punct(lang).semi)}
                  </td>
                )}
                <td className="small">{a.kind === 'moduleRating' ? b.moduleNote : a.note?.[lang]}</td>
                <td>
                  {a.kind === 'batteryBrand' || (a.kind === 'base' && currentBattery !== batteryCode) ? (
                    currentBattery === a.itemCode ? (
                      <span className="muted">{b.inUse}</span>
                    ) : (
                      <button type="button" data-testid={`use-alternative-${a.itemCode}`} onClick={() => useBattery(a.itemCode)}>
                        {a.kind === 'base' ? b.backToSized : b.useBrand}
                      </button>
                    )
                  ) : a.kind === 'base' ? (
                    <span className="muted">{b.inUse}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

