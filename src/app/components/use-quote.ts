import { useAppStore } from '../store/index.ts';

/** What the quote screens read from the store: the open draft's quote section and its evaluation. */
export function useQuoteContext() {
  const knowledge = useAppStore((s) => s.knowledge);
  const evaluation = useAppStore((s) => s.evaluation);
  const stale = useAppStore((s) => s.evaluationStale);
  const draftProblems = useAppStore((s) => s.draftProblems);
  const project = useAppStore((s) => s.history?.present ?? null);
  const editQuote = useAppStore((s) => s.editQuote);
  return { knowledge, evaluation, stale, draftProblems, project, editQuote };
}
