import type { Problem } from '../../core/problems.ts';
import { clauseText } from '../../core/clause-text.ts';
import { fieldLabel } from '../../core/field-label.ts';
import { useLang } from '../i18n/index.ts';

/** Errors, then warnings, then notes; each with its source (clause) where it has one. */
export function ProblemList({ problems, testId }: { problems: readonly Problem[]; testId?: string }) {
  const lang = useLang();
  if (problems.length === 0) return null;
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...problems].sort((a, b) => order[a.severity] - order[b.severity]);
  return (
    <ul className="problem-list" data-testid={testId}>
      {sorted.map((p, i) => (
        <li key={`${p.code}-${p.path}-${i}`} className={`problem ${p.severity}`} data-code={p.code} data-path={p.path}>
          <span className="severity">{p.severity === 'error' ? (lang === 'zh' ? '错误' : 'Error') : p.severity === 'warning' ? (lang === 'zh' ? '警告' : 'Warning') : lang === 'zh' ? '提示' : 'Note'}</span>
          {fieldLabel(p.path, lang) && <span className="field">{fieldLabel(p.path, lang)}</span>}
          <span className="message">{p.message[lang]}</span>
          {/* The field path stays an attribute for tests; the reader sees the field by its label, the message and the source. */}
          {p.clause && <span className="clause">{clauseText(p.clause, lang)}</span>}
        </li>
      ))}
    </ul>
  );
}

/** The problems that belong to one field (exact path) or to anything under it (`prefix.`/`prefix[`). */
export function problemsAt(problems: readonly Problem[], path: string, { nested = false } = {}): Problem[] {
  return problems.filter((p) => p.path === path || (nested && (p.path.startsWith(`${path}.`) || p.path.startsWith(`${path}[`))));
}
