import { useMemo, useState } from 'react';
import { formatMoney } from '../../core/money.ts';
import type { Problem } from '../../core/problems.ts';
import { levelNames } from '../../core/quote/approval.ts';
import { compareRevisions, revisionLetter, type Change, type RevisionDiff } from '../../core/quote/revisions.ts';
import type { Revision } from '../../core/quote/schema.ts';
import { snapshotOf, type PricedSnapshot } from '../../core/quote/snapshot.ts';
import { Money } from '../../core/money.ts';
import { ProblemList } from '../components/ProblemList.tsx';
import { NotPriced, StaleNotice } from '../components/QuoteNotices.tsx';
import { formatPct, formatPctPoints } from '../components/quote-helpers.ts';
import { useQuoteContext } from '../components/use-quote.ts';
import { useLang, useMessages } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import { formatTime } from './ReviewScreen.tsx';
import '../components/quote-ui.css';

const WORKING = 'working';
const ISSUER_KEY = 'dcq.issuer';

/**
 * Quote revisions (报价版本): issue the working quote as the next frozen revision (refused with the
 * reasons until terms and approval are complete), the list of issued revisions, a line-by-line comparison
 * of any two of them or of one with the working quote, and starting the working quote again from one.
 */
export function RevisionsScreen() {
  const m = useMessages();
  const v = m.revisions;
  const lang = useLang();
  const { knowledge, evaluation, stale, draftProblems, project } = useQuoteContext();
  const issue = useAppStore((s) => s.issueRevision);
  const startFrom = useAppStore((s) => s.startFromRevision);
  const [issuer, setIssuer] = useState(() => {
    try {
      return globalThis.localStorage?.getItem(ISSUER_KEY) ?? '';
    } catch {
      return '';
    }
  });
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const working = useMemo(() => (evaluation?.priced ? snapshotOf(evaluation.priced) : null), [evaluation?.priced]);
  const revisions = evaluation?.quoteState.revisions ?? [];
  const [fromSel, setFrom] = useState<string | null>(null);
  const [toSel, setTo] = useState<string | null>(null);

  if (!knowledge || !project) return null;
  if (!evaluation || !evaluation.priced || !evaluation.quote || !working) {
    return (
      <section className="screen quote-screen">
        <h2>{v.heading}</h2>
        <StaleNotice stale={stale} problems={draftProblems} />
        <NotPriced evaluation={evaluation} text={m.pricing.notPriced} />
      </section>
    );
  }
  const quote = evaluation.quote;
  const next = revisionLetter(revisions.length);
  const sameAs = revisions.find((r) => r.letter === quote.issuedRevision);
  const last = revisions[revisions.length - 1];
  const from = fromSel ?? (revisions.length >= 2 ? revisions[revisions.length - 2]!.letter : (last?.letter ?? WORKING));
  const to = toSel ?? (revisions.length >= 2 && sameAs ? last!.letter : WORKING);
  const snapshotFor = (key: string): { letter?: string; snapshot: PricedSnapshot } | null => {
    if (key === WORKING) return { snapshot: working };
    const r = revisions.find((x) => x.letter === key);
    return r ? { letter: r.letter, snapshot: r.snapshot } : null;
  };
  const a = snapshotFor(from);
  const b = snapshotFor(to);
  const diff = a && b && from !== to ? compareRevisions(a, b) : null;

  const doIssue = () => {
    setNotice(null);
    if (issuer.trim() === '') {
      setProblems([{ code: 'revision.issuerMissing', severity: 'error', path: 'quote.revisions', message: { zh: '请填写发布人', en: 'Enter who issues the revision' } }]);
      return;
    }
    const r = issue(issuer.trim());
    if (!r.ok) {
      setProblems(r.problems);
      return;
    }
    try {
      globalThis.localStorage?.setItem(ISSUER_KEY, issuer.trim());
    } catch {
      // Not remembered.
    }
    setProblems([]);
    setNotice(v.issued.replaceAll('{letter}', next));
  };

  const doStart = (letter: string) => {
    const r = startFrom(letter);
    if (!r.ok) setProblems(r.problems);
    else {
      setProblems([]);
      setNotice(v.started.replaceAll('{letter}', letter));
    }
  };

  const label = (key: string) => (key === WORKING ? v.working : `${v.revision} ${key}`);

  return (
    <section className="screen quote-screen revisions-screen">
      <header className="screen-header">
        <h2>{v.heading}</h2>
        <span className="muted" data-testid="working-state">
          {sameAs ? v.workingIs.replaceAll('{letter}', sameAs.letter) : revisions.length ? v.workingChanged : v.noneIssued}
        </span>
      </header>
      <StaleNotice stale={stale} problems={draftProblems} />

      <fieldset className="subsection issue-form" data-testid="issue-form">
        <legend>{v.issueHeading.replaceAll('{letter}', next)}</legend>
        <div className="form-row">
          <label>
            {v.issuedBy}
            <input value={issuer} onChange={(e) => setIssuer(e.target.value)} data-testid="issuer" />
          </label>
          <button type="button" className="primary" onClick={doIssue} disabled={stale || sameAs !== undefined} data-testid="issue-revision">
            {v.issue.replaceAll('{letter}', next)}
          </button>
          <span className="muted small">{v.issueHint}</span>
        </div>
        {sameAs && (
          <p className="muted" data-testid="issue-unchanged">
            {v.unchanged.replaceAll('{letter}', sameAs.letter)}
          </p>
        )}
        {!sameAs && !quote.canIssueFinal && problems.length === 0 && (
          <div data-testid="issue-blockers">
            <p className="muted">{v.notYet}</p>
            <ProblemList problems={quote.blockers} />
          </div>
        )}
        <ProblemList problems={problems} testId="revision-problems" />
        {notice && (
          <p className="ok-text" role="status" data-testid="revision-notice">
            {notice}
          </p>
        )}
      </fieldset>

      <section className="subsection" data-testid="revision-list">
        <h3>{v.issuedHeading}</h3>
        {revisions.length === 0 ? (
          <p className="empty">{v.noneIssued}</p>
        ) : (
          <table className="grid compact">
            <thead>
              <tr>
                <th>{v.revision}</th>
                <th>{v.issuedAt}</th>
                <th>{v.issuedBy}</th>
                <th>{v.approvals}</th>
                <th className="num">{m.pricing.totalExVat}</th>
                <th className="num">{m.pricing.totalIncVat}</th>
                <th className="num">{m.pricing.totalCost}</th>
                <th className="num">{m.pricing.margin}</th>
                <th>{v.catalog}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {revisions.map((r: Revision) => (
                <tr key={r.letter} data-testid={`revision-${r.letter}`} className={sameAs?.letter === r.letter ? 'selected' : ''}>
                  <td className="strong">{r.letter}</td>
                  <td className="nowrap">{formatTime(r.issuedAt, lang)}</td>
                  <td>{r.issuedBy}</td>
                  <td>{r.approvals.length === 0 ? v.noApprovalNeeded : r.approvals.map((x) => (lang === 'zh' ? `${x.approverName}（${levelNames[x.role].zh}）` : `${x.approverName} (${levelNames[x.role].en})`)).join(lang === 'zh' ? '、' : '; ')}</td>
                  <td className="num">{formatMoney(r.snapshot.totals.netAmountExVat)}</td>
                  <td className="num">{formatMoney(r.snapshot.totals.amountIncVat)}</td>
                  <td className="num">{formatMoney(r.snapshot.totals.totalCost)}</td>
                  <td className="num">{formatPct(r.snapshot.totals.grossMargin)}</td>
                  <td className="small">{r.catalogVersion}</td>
                  <td className="actions">
                    <button type="button" onClick={() => doStart(r.letter)} data-testid={`start-from-${r.letter}`} title={v.startFromHint}>
                      {v.startFrom}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="subsection" data-testid="compare">
        <h3>{v.compareHeading}</h3>
        <div className="form-row">
          <RevisionSelect caption={v.compareFrom} value={from} onChange={setFrom} keys={[...revisions.map((r) => r.letter), WORKING]} label={label} testId="compare-from" />
          <RevisionSelect caption={v.compareTo} value={to} onChange={setTo} keys={[...revisions.map((r) => r.letter), WORKING]} label={label} testId="compare-to" />
        </div>
        {from === to ? <p className="empty">{v.pickTwo}</p> : diff ? <DiffView diff={diff} fromLabel={label(from)} toLabel={label(to)} /> : null}
      </section>
    </section>
  );
}

function Delta({ change }: { change: Change<string> & { delta: string } }) {
  const d = new Money(change.delta);
  return (
    <>
      <td className="num">{formatMoney(change.from)}</td>
      <td className="num">{formatMoney(change.to)}</td>
      <td className={`num ${d.isNegative() ? 'delta-down' : d.isZero() ? '' : 'delta-up'}`}>{`${d.greaterThan(0) ? '+' : ''}${formatMoney(d)}`}</td>
    </>
  );
}

function DiffView({ diff, fromLabel, toLabel }: { diff: RevisionDiff; fromLabel: string; toLabel: string }) {
  const m = useMessages();
  const v = m.revisions;
  const lang = useLang();
  const changedPanels = diff.panels.filter((p) => p.kind !== 'unchanged');
  const qty = (c?: Change<string>) => (c ? `${c.from} → ${c.to}` : '');
  const price = (c?: Change<string>) => (c ? `${formatMoney(c.from)} → ${formatMoney(c.to)}` : '');
  const code = (c?: Change<string | undefined>) => (c ? `${c.from ?? '—'} → ${c.to ?? '—'}` : '');
  return (
    <div className="diff" data-testid="diff">
      <table className="grid compact diff-totals" data-testid="diff-totals">
        <thead>
          <tr>
            <th />
            <th className="num">{fromLabel}</th>
            <th className="num">{toLabel}</th>
            <th className="num">{v.change}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>{m.pricing.totalExVat}</th>
            <Delta change={diff.totals.netAmountExVat} />
          </tr>
          <tr>
            <th>{m.pricing.totalIncVat}</th>
            <Delta change={diff.totals.amountIncVat} />
          </tr>
          <tr>
            <th>{m.pricing.totalCost}</th>
            <Delta change={diff.totals.totalCost} />
          </tr>
          <tr data-testid="diff-margin">
            <th>{m.pricing.margin}</th>
            <td className="num">{formatPct(diff.totals.margin.from)}</td>
            <td className="num">{formatPct(diff.totals.margin.to)}</td>
            <td className="num">
              {formatPctPoints(diff.totals.margin.deltaPctPoints)} {v.points}
            </td>
          </tr>
        </tbody>
      </table>

      <h4>{v.panelChanges}</h4>
      {changedPanels.length === 0 ? (
        <p className="empty">{v.noPanelChanges}</p>
      ) : (
        <table className="grid compact" data-testid="diff-panels">
          <thead>
            <tr>
              <th>{m.bom.panel}</th>
              <th>{v.kind}</th>
              <th className="num">{fromLabel}</th>
              <th className="num">{toLabel}</th>
              <th className="num">{v.change}</th>
              <th className="num">{v.marginFrom}</th>
              <th className="num">{v.marginTo}</th>
              <th className="num">{v.marginChange}</th>
            </tr>
          </thead>
          <tbody>
            {changedPanels.map((p) => (
              <tr key={p.panelId}>
                <td>{p.name[lang]}</td>
                <td>
                  <span className={`tag tag-diff-${p.kind}`}>{v.kinds[p.kind]}</span>
                </td>
                <Delta change={p.amount} />
                <td className="num">{formatPct(p.margin.from)}</td>
                <td className="num">{formatPct(p.margin.to)}</td>
                <td className="num">
                  {formatPctPoints(p.margin.deltaPctPoints)} {v.points}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h4>
        {v.lineChanges} <span className="muted">({diff.items.length})</span>
      </h4>
      {diff.items.length === 0 ? (
        <p className="empty">{v.noLineChanges}</p>
      ) : (
        <table className="grid compact" data-testid="diff-lines">
          <thead>
            <tr>
              <th>{v.kind}</th>
              <th>{m.bom.name}</th>
              <th>{m.bom.code}</th>
              <th className="num">{m.bom.quantity}</th>
              <th className="num">{m.pricing.unitPrice}</th>
              <th className="num">{fromLabel}</th>
              <th className="num">{toLabel}</th>
              <th className="num">{v.change}</th>
            </tr>
          </thead>
          <tbody>
            {diff.items.map((d) => (
              // The test id names the item's first line, so a line can be found in the item it belongs to.
              <tr key={d.key} data-testid={`diff-line-${d.lineIds[0] ?? d.key}`} data-kind={d.kind}>
                <td>
                  <span className={`tag tag-diff-${d.kind}`}>{v.kinds[d.kind]}</span>
                </td>
                <td>{d.name[lang]}</td>
                <td className="code">{d.code ?? ''}</td>
                <td className="num">{qty(d.quantity)}</td>
                <td className="num">{price(d.unitPrice)}</td>
                <Delta change={d.amount} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {diff.repriced.items > 0 && <p className="muted small">{v.repriced.replace('{n}', String(diff.repriced.items)).replace('{amount}', formatMoney(diff.repriced.amountDelta))}</p>}
      <p className="muted small">{v.amountNote}</p>
    </div>
  );
}

/** One side of the comparison: any issued revision or the working quote. */
function RevisionSelect(props: { caption: string; value: string; onChange: (key: string) => void; keys: string[]; label: (key: string) => string; testId: string }) {
  return (
    <label>
      {props.caption}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid={props.testId}>
        {props.keys.map((k) => (
          <option key={k} value={k}>
            {props.label(k)}
          </option>
        ))}
      </select>
    </label>
  );
}
