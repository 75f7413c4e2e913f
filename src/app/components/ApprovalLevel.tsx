import { levelNames, type RequiredApproval } from '../../core/quote/approval.ts';
import { useLang, useMessages } from '../i18n/index.ts';

/** The approval level the core requires for the priced quote, with the reasons it gives. */
export function ApprovalLevel({ required, approved }: { required: RequiredApproval; approved: boolean }) {
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
    </div>
  );
}
