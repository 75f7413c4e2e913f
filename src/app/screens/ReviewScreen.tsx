import { lazy, Suspense, useState } from 'react';
import { formatMoney } from '../../core/money.ts';
import { approvalLevels, type ApprovalLevel as Level } from '../../core/pricing/rules.ts';
import type { Problem } from '../../core/problems.ts';
import { levelNames, type ApprovalStatusKind } from '../../core/quote/approval.ts';
import { ApprovalLevel } from '../components/ApprovalLevel.tsx';
import { DeviationTable } from '../components/DeviationTable.tsx';
import { ProblemList } from '../components/ProblemList.tsx';
import { NotPriced, StaleNotice } from '../components/QuoteNotices.tsx';
import { formatPct } from '../components/quote-helpers.ts';
import { useQuoteContext } from '../components/use-quote.ts';
import { useLang, useMessages } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import '../components/quote-ui.css';

/** Server mode: decisions, 合同评审 and the audit log on the server. */
const ServerReview = lazy(() => import('../server/ServerReview.tsx'));

/**
 * The reviewer's screen (报价审批): margin and the level it needs, the flags (lines below cost, negative
 * margin, non-catalog lines), every deviation from the rule-built BOM, the approval history with each
 * decision's standing against the current content, and the decision itself.
 */
export function ReviewScreen() {
  const m = useMessages();
  const r = m.review;
  const lang = useLang();
  const { knowledge, evaluation, stale, draftProblems, project } = useQuoteContext();
  const serverMode = useAppStore((s) => s.mode === 'server');
  if (!knowledge || !project) return null;
  const priced = evaluation?.priced;
  const quote = evaluation?.quote;
  if (!evaluation || !priced || !quote) {
    return (
      <section className="screen quote-screen">
        <h2>{r.heading}</h2>
        <StaleNotice stale={stale} problems={draftProblems} />
        <NotPriced evaluation={evaluation} text={m.pricing.notPriced} />
      </section>
    );
  }
  const t = priced.totals;
  const negative = t.grossMargin !== null && t.grossMargin.isNegative();
  const belowCost = priced.lines.filter((l) => l.belowCost);
  const nonCatalog = priced.lines.filter((l) => l.nonCatalog);
  const panelOf = (id: string) => priced.panels.find((p) => p.id === id);
  return (
    <section className="screen quote-screen review-screen">
      <header className="screen-header">
        <h2>{r.heading}</h2>
        <span className="muted">{project.meta.name}</span>
      </header>
      <StaleNotice stale={stale} problems={draftProblems} />
      <div className="review-top">
        <dl className="totals" data-testid="review-totals">
          <dt>{m.pricing.totalExVat}</dt>
          <dd className="num strong">{formatMoney(t.netAmountExVat)}</dd>
          <dt>{m.pricing.totalIncVat}</dt>
          <dd className="num">{formatMoney(t.amountIncVat)}</dd>
          <dt>{m.pricing.totalCost}</dt>
          <dd className="num">{formatMoney(t.totalCost)}</dd>
          <dt>{m.pricing.grossProfit}</dt>
          <dd className={`num ${negative ? 'negative' : ''}`}>{formatMoney(t.grossProfit)}</dd>
          <dt>{m.pricing.margin}</dt>
          <dd className={`num strong ${negative ? 'negative' : ''}`} data-testid="review-margin">
            {formatPct(t.grossMargin)}
          </dd>
          <dt>{r.pricingMode}</dt>
          <dd>{m.pricing.modes[priced.settings.mode]}</dd>
        </dl>
        <ApprovalLevel required={quote.required} approved={quote.approved} issuedAs={evaluation.quoteState.revisions.find((r) => r.letter === quote.issuedRevision)} />
        <div className="blockers" data-testid="review-blockers">
          <h3>{quote.canIssueFinal ? r.canIssue : r.blockersHeading}</h3>
          {quote.canIssueFinal ? <p className="ok-text">{r.canIssueHint}</p> : <ProblemList problems={quote.blockers} />}
        </div>
      </div>

      <section className="subsection" data-testid="review-flags">
        <h3>{r.flags}</h3>
        <ul className="flag-list">
          <li className={negative ? 'flag bad' : 'flag ok'} data-testid="flag-negative-margin">
            <strong>{r.negativeMargin}</strong> {negative ? r.yes : r.no}
          </li>
          <li className={belowCost.length ? 'flag bad' : 'flag ok'} data-testid="flag-below-cost">
            <strong>{r.belowCostLines}</strong> {belowCost.length}
            {belowCost.length > 0 && (
              <ul className="plain">
                {belowCost.map((l) => (
                  <li key={l.lineId}>
                    {panelOf(l.panelId)?.index}# · <span className="code">{l.code ?? ''}</span> {l.name[lang]} — {r.sellsFor} {formatMoney(l.netAmountExVat)} / {r.cost} {formatMoney(l.totalCost)}
                  </li>
                ))}
              </ul>
            )}
          </li>
          <li className={nonCatalog.length ? 'flag warn' : 'flag ok'} data-testid="flag-non-catalog">
            <strong>{r.nonCatalogLines}</strong> {nonCatalog.length}
            {nonCatalog.length > 0 && (
              <ul className="plain">
                {nonCatalog.map((l) => (
                  <li key={l.lineId}>
                    {panelOf(l.panelId)?.index}# · {l.name[lang]} · {l.spec} — {r.unitCost} {formatMoney(l.unitCost)} × {l.quantity}
                  </li>
                ))}
              </ul>
            )}
          </li>
          <li className={evaluation.droppedEdits.length ? 'flag warn' : 'flag ok'}>
            <strong>{r.droppedEdits}</strong> {evaluation.droppedEdits.length}
          </li>
        </ul>
      </section>

      <section className="subsection" data-testid="review-deviations">
        <h3>
          {m.bom.deviationsHeading} <span className="muted">({evaluation.deviations.length})</span>
        </h3>
        {evaluation.deviations.length === 0 ? <p className="empty">{m.bom.noDeviations}</p> : <DeviationTable deviations={evaluation.deviations} panels={priced.panels} />}
      </section>

      <History />
      {serverMode ? (
        <Suspense fallback={null}>
          <ServerReview required={quote.required.level} />
        </Suspense>
      ) : (
        <DecisionForm required={quote.required.level} />
      )}
    </section>
  );
}

const STATUS_CLASS: Record<ApprovalStatusKind, string> = { valid: 'tag-ok', void: 'tag-bad', rejected: 'tag-bad', insufficient: 'tag-warn' };

function History() {
  const r = useMessages().review;
  const lang = useLang();
  const statuses = useAppStore((s) => s.evaluation?.quote?.statuses ?? []);
  return (
    <section className="subsection" data-testid="approval-history">
      <h3>{r.history}</h3>
      {statuses.length === 0 ? (
        <p className="empty">{r.noHistory}</p>
      ) : (
        <table className="grid compact">
          <thead>
            <tr>
              <th>{r.time}</th>
              <th>{r.approver}</th>
              <th>{r.role}</th>
              <th>{r.decision}</th>
              <th>{r.comment}</th>
              <th>{r.neededThen}</th>
              <th>{r.status}</th>
            </tr>
          </thead>
          <tbody>
            {statuses.map((s, i) => (
              <tr key={i} data-testid={`approval-row-${i}`} data-status={s.status}>
                <td className="nowrap">{formatTime(s.record.time, lang)}</td>
                <td>{s.record.approverName}</td>
                <td>{levelNames[s.record.role][lang]}</td>
                <td>{s.record.decision === 'approve' ? r.approve : r.reject}</td>
                <td>{s.record.comment}</td>
                <td>{levelNames[s.record.requiredLevel][lang]}</td>
                <td>
                  <span className={`tag ${STATUS_CLASS[s.status]}`}>{r.statuses[s.status]}</span>
                  {s.reason && <div className="small muted">{s.reason[lang]}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** An ISO time in the reader's local time, to the minute. */
export function formatTime(iso: string, lang: 'zh' | 'en'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

const APPROVER_KEY = 'dcq.approver';

function DecisionForm({ required }: { required: Level }) {
  const r = useMessages().review;
  const lang = useLang();
  const record = useAppStore((s) => s.recordApprovalDecision);
  const saved = (() => {
    try {
      return JSON.parse(globalThis.localStorage?.getItem(APPROVER_KEY) ?? 'null') as { name: string; role: Level } | null;
    } catch {
      return null;
    }
  })();
  const [name, setName] = useState(saved?.name ?? '');
  const [role, setRole] = useState<Level>(saved?.role ?? required);
  const [comment, setComment] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [done, setDone] = useState<string | null>(null);

  const decide = (decision: 'approve' | 'reject') => {
    setDone(null);
    if (name.trim() === '') {
      setProblems([{ code: 'approval.nameMissing', severity: 'error', path: 'approval.approverName', message: { zh: '请填写审批人姓名', en: 'Enter the approver\'s name' } }]);
      return;
    }
    const result = record({ approverName: name.trim(), role, decision, comment: comment.trim() });
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    try {
      globalThis.localStorage?.setItem(APPROVER_KEY, JSON.stringify({ name: name.trim(), role }));
    } catch {
      // Not remembered; the decision is recorded anyway.
    }
    setProblems([]);
    setComment('');
    setDone(decision === 'approve' ? r.approvedDone : r.rejectedDone);
  };

  return (
    <fieldset className="subsection decision-form" data-testid="decision-form">
      <legend>{r.decide}</legend>
      <div className="form-row">
        <label>
          {r.approver}
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="approver-name" aria-invalid={problems.some((p) => p.path === 'approval.approverName') || undefined} />
        </label>
        <label>
          {r.role}
          <select value={role} onChange={(e) => setRole(e.target.value as Level)} data-testid="approver-role">
            {approvalLevels.map((l) => (
              <option key={l} value={l}>
                {levelNames[l][lang]}
              </option>
            ))}
          </select>
        </label>
        <label className="grow">
          {r.comment}
          <input className="wide" value={comment} onChange={(e) => setComment(e.target.value)} data-testid="approver-comment" />
        </label>
        <button type="button" className="primary" onClick={() => decide('approve')} data-testid="approve">
          {r.approve}
        </button>
        <button type="button" className="danger" onClick={() => decide('reject')} data-testid="reject">
          {r.reject}
        </button>
      </div>
      <ProblemList problems={problems} testId="decision-problems" />
      {done && (
        <p className="ok-text" role="status" data-testid="decision-done">
          {done}
        </p>
      )}
    </fieldset>
  );
}
