import { levelNames, type RequiredApproval } from '../../core/quote/approval.ts';
import type { Revision } from '../../core/quote/schema.ts';
import { useLang, useMessages } from '../i18n/index.ts';

/**
 * The approval level the core requires for the priced quote, with the reasons it gives. When the content
 * is exactly an issued revision, says so and who approved that revision (issuing moves the approvals into
 * the revision, so the working quote itself carries none).
 */
export function ApprovalLevel({ required, approved, issuedAs }: { required: RequiredApproval; approved: boolean; issuedAs?: Revision }) {
  const m = useMessages();
  const lang = useLang();
  return (
    <div className={`approval-level ${required.needsApproval ? 'needs' : 'free'}`} data-testid="approval-level" data-level={required.level}>
      <div className="approval-level-head">
        <span className="muted">{m.review.requiredLevel}</span>
        <strong data-testid="required-level">{levelNames[required.level][lang]}</strong>
        {required.needsApproval ? (
          <span className={`tag ${approved ? 'tag-ok' : 'tag-warn'}`} data-testid="approval-state">
            {approved ? m.review.approved : m.review.notApproved}
          </span>
        ) : (
          <span className="tag tag-ok" data-testid="approval-state">
            {m.review.noApprovalNeeded}
          </span>
        )}
      </div>
      <ul className="plain reasons">
        {required.reasons.map((r, i) => (
          <li key={i}>{r[lang]}</li>
        ))}
      </ul>
      {issuedAs && (
        <p className="small muted" data-testid="issued-as">
          {m.review.issuedAs.replaceAll('{letter}', issuedAs.letter)}
          {issuedAs.approvals.length > 0 && (lang === 'zh' ? `（${issuedAs.approvals.map((a) => `${a.approverName} · ${levelNames[a.role].zh}`).join('、')}）` : ` (${issuedAs.approvals.map((a) => `${a.approverName}, ${levelNames[a.role].en}`).join('; ')})`)}
        </p>
      )}
    </div>
  );
}
