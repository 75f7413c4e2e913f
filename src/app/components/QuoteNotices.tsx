import type { ProjectEvaluation } from '../../core/pipeline.ts';
import type { Problem } from '../../core/problems.ts';
import { useMessages } from '../i18n/index.ts';
import { ProblemList } from './ProblemList.tsx';

/**
 * The banner every quote screen shows when the draft does not validate: the figures below are the last
 * valid draft's, and the draft's problems are listed so nothing is hidden.
 */
export function StaleNotice({ stale, problems }: { stale: boolean; problems: readonly Problem[] }) {
  const m = useMessages();
  if (!stale) return null;
  return (
    <div className="problems warning stale-notice" role="status" data-testid="stale-notice">
      <p>{m.app.staleResults}</p>
      <ProblemList problems={problems} />
    </div>
  );
}

/** Why there is nothing to show: the project could not be sized, built or priced; its errors. */
export function NotPriced({ evaluation, text }: { evaluation: ProjectEvaluation | null; text: string }) {
  const errors = evaluation?.problems.filter((p) => p.severity === 'error') ?? [];
  return (
    <div className="problems error" role="alert" data-testid="not-priced">
      <p>{text}</p>
      <ProblemList problems={errors} />
    </div>
  );
}
