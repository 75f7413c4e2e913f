import { useCallback, useEffect, useState } from 'react';
import type { ApprovalLevel } from '../../core/pricing/rules.ts';
import { levelNames } from '../../core/quote/approval.ts';
import { useAppStore } from '../store/index.ts';
import { ApiError, type AuditEntry, type ContractReviewState, type ReviewSeat } from './api.ts';
import { api, reloadOpenProject } from './connect.ts';
import { fill, useServerText } from './texts.ts';
import { approvalView, REVIEW_SEATS, reviewView } from './who-may-act.ts';
import './server.css';

/**
 * The review screen in server mode: approve / reject on the server (it checks the level, four eyes and
 * the version; its refusal is shown as it says it) — the buttons only for a user whose roles reach the
 * level the quote needs, everyone else sees which roles may act; the project's 合同评审 with a sign-off
 * per seat the user holds; and the project's audit log.
 */
export default function ServerReview({ required }: { required: ApprovalLevel }) {
  const id = useAppStore((s) => s.history?.present.id ?? null);
  const [auditTick, setAuditTick] = useState(0);
  const bump = useCallback(() => setAuditTick((n) => n + 1), []);
  if (!id) return null;
  return (
    <>
      <Decision id={id} required={required} onDone={bump} />
      <ContractReview id={id} onDone={bump} />
      <AuditLog id={id} tick={auditTick} />
    </>
  );
}

function useErrorText() {
  const lang = useAppStore((s) => s.lang);
  return (e: unknown) => (e instanceof ApiError ? e.text[lang] : String(e));
}

function Decision({ id, required, onDone }: { id: string; required: ApprovalLevel; onDone: () => void }) {
  const t = useServerText();
  const lang = useAppStore((s) => s.lang);
  const user = useAppStore((s) => s.serverUser);
  const roles = useAppStore((s) => s.serverRoles);
  const { canAct, whoMayAct } = approvalView(user, required, roles);
  const sync = useAppStore((s) => s.sync);
  const errorText = useErrorText();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const unsent = sync.state !== 'saved' || sync.version === null;
  const decide = async (decision: 'approve' | 'reject') => {
    if (sync.version === null) return;
    setBusy(true);
    setResult(null);
    try {
      await api.decide(id, sync.version, decision, comment.trim());
      setComment('');
      setResult({ ok: true, text: t.decisionDone });
      await reloadOpenProject();
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
      onDone();
    }
  };
  return (
    <fieldset className="subsection decision-form server-panel" data-testid="server-decision">
      <legend>{t.decisionHeading}</legend>
      <p className="muted small">{fill(t.decisionHint, { version: sync.version ?? '—' })}</p>
      <p className="small" data-testid="server-decision-who">
        {fill(t.approvalNeeds, { level: levelNames[required][lang], roles: whoMayAct.map((r) => r.name[lang]).join('、') || t.nobody })}
      </p>
      {!canAct && (
        <p className="muted small" data-testid="server-decision-not-yours">
          {t.cannotApprove}
        </p>
      )}
      {canAct && unsent && <p className="muted small">{t.unsavedFirst}</p>}
      {canAct && (
        <div className="form-row">
          <label className="grow">
            {t.comment}
            <input className="wide" value={comment} onChange={(e) => setComment(e.target.value)} data-testid="server-decision-comment" />
          </label>
          <button type="button" className="primary" disabled={busy || unsent} onClick={() => void decide('approve')} data-testid="server-approve">
            {t.approve}
          </button>
          <button type="button" className="danger" disabled={busy || unsent} onClick={() => void decide('reject')} data-testid="server-reject">
            {t.reject}
          </button>
        </div>
      )}
      {result && (
        <p className={result.ok ? 'ok-text' : 'error-text'} role={result.ok ? 'status' : 'alert'} data-testid={result.ok ? 'server-decision-done' : 'server-decision-error'}>
          {result.text}
        </p>
      )}
    </fieldset>
  );
}


function ContractReview({ id, onDone }: { id: string; onDone: () => void }) {
  const t = useServerText();
  const lang = useAppStore((s) => s.lang);
  const user = useAppStore((s) => s.serverUser);
  const roles = useAppStore((s) => s.serverRoles);
  const revisions = useAppStore((s) => s.history?.present.quote?.revisions ?? []);
  const errorText = useErrorText();
  const [revision, setRevision] = useState<string | undefined>(undefined);
  const [state, setState] = useState<ContractReviewState | null>(null);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const letters = revisions.map((r) => r.letter);
  const current = revision ?? letters[letters.length - 1];

  useEffect(() => {
    let live = true;
    api.contractReview(id, current).then(
      (s) => live && setState(s),
      (e: unknown) => live && setMessage({ ok: false, text: errorText(e) }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, current]);

  const sign = async (seat: ReviewSeat, decision: 'approve' | 'reject') => {
    if (!current) return;
    setMessage(null);
    try {
      setState(await api.signContractReview(id, { revision: current, seat, decision, comment: comment.trim() }));
      setComment('');
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    } finally {
      onDone();
    }
  };

  const { mySeats, holders } = reviewView(user, roles);
  return (
    <section className="subsection server-panel" data-testid="contract-review">
      <h3>{t.reviewHeading}</h3>
      {letters.length === 0 ? (
        <p className="empty">{t.reviewNoRevision}</p>
      ) : (
        <>
          <div className="form-row">
            <label>
              {t.reviewRevision}
              <select value={current} onChange={(e) => setRevision(e.target.value)} data-testid="review-revision">
                {letters.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            {state && (
              <span>
                {t.reviewStatus}:{' '}
                <strong className={`tag ${state.status === 'approved' ? 'tag-ok' : state.status === 'rejected' ? 'tag-bad' : 'tag-warn'}`} data-testid="review-status" data-status={state.status}>
                  {t.reviewStatuses[state.status]}
                </strong>
              </span>
            )}
          </div>
          <ul className="plain seat-list">
            {REVIEW_SEATS.map((seat) => {
              const d = state?.seats?.[seat] ?? null;
              return (
                <li key={seat} data-testid={`seat-${seat}`} data-decision={d?.decision ?? 'pending'}>
                  <strong>{t.seats[seat]}</strong>
                  <span className="muted small" data-testid={`seat-holders-${seat}`}>
                    {' '}({t.seatHolders}: {holders[seat].map((r) => r.name[lang]).join('、') || t.nobody})
                  </span>
                  : {d ? `${d.decision === 'approve' ? t.signOff : t.seatReject} · ${d.user} · ${new Date(d.at).toLocaleString()}${d.comment ? ` · ${d.comment}` : ''}` : t.seatPending}
                </li>
              );
            })}
          </ul>
          {mySeats.length === 0 && (
            <p className="muted small" data-testid="review-not-yours">
              {t.notReviewer}
            </p>
          )}
          {mySeats.length > 0 && (
            <div className="form-row">
              <label className="grow">
                {t.comment}
                <input className="wide" value={comment} onChange={(e) => setComment(e.target.value)} data-testid="review-comment" />
              </label>
              {mySeats.map((seat) => (
                <span key={seat} className="toolbar-group">
                  <span className="muted small">{fill(t.asSeat, { seat: t.seats[seat] })}</span>{' '}
                  <button type="button" className="primary" onClick={() => void sign(seat, 'approve')} data-testid={`review-approve-${seat}`}>
                    {t.signOff}
                  </button>{' '}
                  <button type="button" className="danger" onClick={() => void sign(seat, 'reject')} data-testid={`review-reject-${seat}`}>
                    {t.seatReject}
                  </button>
                </span>
              ))}
            </div>
          )}
        </>
      )}
      {message && (
        <p className={message.ok ? 'ok-text' : 'error-text'} role="alert" data-testid="review-error">
          {message.text}
        </p>
      )}
    </section>
  );
}

function detailText(e: AuditEntry): string {
  const d = e.detail ?? {};
  const parts: string[] = [];
  for (const k of ['version', 'revision', 'seat', 'decision', 'level', 'summary', 'document', 'status', 'comment', 'editor', 'name']) {
    const v = d[k];
    if (v !== undefined && v !== null && v !== '') parts.push(`${k}: ${String(v)}`);
  }
  const hash = d.fileHash ?? d.contentHash;
  if (typeof hash === 'string') parts.push(hash.slice(0, 19));
  return parts.join(' · ');
}

function AuditLog({ id, tick }: { id: string; tick: number }) {
  const t = useServerText();
  const lang = useAppStore((s) => s.lang);
  const version = useAppStore((s) => s.sync.version);
  const errorText = useErrorText();
  const [log, setLog] = useState<{ entries: AuditEntry[]; chain: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [manual, setManual] = useState(0);
  useEffect(() => {
    let live = true;
    api.audit(id).then(
      (l) => {
        if (!live) return;
        setLog(l);
        setError(null);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, tick, manual, version]);
  return (
    <section className="subsection server-panel" data-testid="audit-log">
      <h3>
        {t.auditHeading}{' '}
        {log && (
          <span className={`tag ${log.chain === 'intact' ? 'tag-ok' : 'tag-bad'}`} data-testid="audit-chain">
            {t.auditChain}: {log.chain === 'intact' ? t.chainIntact : `${t.chainBroken} (${log.chain})`}
          </span>
        )}{' '}
        <button type="button" onClick={() => setManual((n) => n + 1)}>
          {t.refresh}
        </button>
      </h3>
      {error && <p className="error-text">{error}</p>}
      {log && (
        <table className="grid compact audit-table">
          <thead>
            <tr>
              <th>#</th>
              <th>{t.at}</th>
              <th>{t.user}</th>
              <th>{t.action}</th>
              <th>{t.detail}</th>
            </tr>
          </thead>
          <tbody>
            {[...log.entries].reverse().map((e) => (
              <tr key={e.seq} data-testid="audit-row" data-action={e.action}>
                <td className="num">{e.seq}</td>
                <td className="nowrap">{new Date(e.at).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB')}</td>
                <td>{e.user}</td>
                <td>{t.actions[e.action] ?? e.action}</td>
                <td className="small">{detailText(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
