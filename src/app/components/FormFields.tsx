import { memo, useState, type ReactNode } from 'react';
import type { Problem } from '../../core/problems.ts';
import { useLang, useMessages } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import { numberInputReason, parseNumber } from './load-model.ts';

/**
 * Form fields that never lose what the user typed: text stays local while it is not a number (with
 * the reason shown at the field) and only parseable numbers are committed, on blur or Enter, through
 * the caller's commit (which goes through editProject). Validation problems of the draft are shown at
 * the field whose path they carry.
 */

const EMPTY: Problem[] = [];
const cache = new WeakMap<readonly Problem[], Map<string, Problem[]>>();

/** Problems at exactly this path (memoized per problem list, so selectors return stable arrays). */
function problemsAtPath(problems: readonly Problem[], path: string): Problem[] {
  let byPath = cache.get(problems);
  if (!byPath) {
    byPath = new Map();
    for (const p of problems) byPath.set(p.path, [...(byPath.get(p.path) ?? []), p]);
    cache.set(problems, byPath);
  }
  return byPath.get(path) ?? EMPTY;
}

/** The draft's problems at one field path; re-renders only when they change. */
export function useFieldProblems(path: string | undefined): Problem[] {
  const sig = useAppStore((s) => (path ? problemsAtPath(s.draftProblems, path).map((p) => `${p.severity}|${p.code}|${p.message.en}`).join('\n') : ''));
  const problems = useAppStore.getState().draftProblems;
  return sig && path ? problemsAtPath(problems, path) : EMPTY;
}

export function FieldMessages({ problems, local }: { problems: readonly Problem[]; local?: string | null }) {
  const lang = useLang();
  if (!local && problems.length === 0) return null;
  return (
    <span className="field-msg" role="alert">
      {local && <span className="error">{local}</span>}
      {problems.map((p, i) => (
        <span key={i} className={p.severity}>
          {p.message[lang]}
        </span>
      ))}
    </span>
  );
}

function severityClass(problems: readonly Problem[], local: boolean): string {
  if (local || problems.some((p) => p.severity === 'error')) return 'invalid';
  if (problems.some((p) => p.severity === 'warning')) return 'warned';
  return '';
}

/** A stored number as text, without binary floating-point noise (0.060000000000000005 → 0.06). */
export function numberText(value: number | undefined): string {
  return value === undefined ? '' : String(Number(value.toPrecision(12)));
}

interface NumberInputProps {
  value: number | undefined;
  onCommit: (value: number | undefined) => void;
  /** Problems shown at this field (validation of the draft). */
  problems?: readonly Problem[];
  placeholder?: string;
  label: string;
  testId?: string;
  path?: string;
  /** Empty input clears the field (undefined); otherwise an empty input is refused. */
  optional?: boolean;
  width?: string;
  showMessages?: boolean;
  integer?: boolean;
}

/** A number cell: keeps the typed text while it is not a number; commits numbers on blur / Enter. */
export const NumberInput = memo(function NumberInput({ value, onCommit, problems = EMPTY, placeholder, label, testId, path, optional = true, width, showMessages = true, integer }: NumberInputProps) {
  const m = useMessages();
  const lang = useLang();
  const shown = numberText(value);
  const [text, setText] = useState(shown);
  const [localError, setLocalError] = useState<string | null>(null);
  // `value` as last rendered, and the number this field committed itself (its text stays as typed).
  const [seen, setSeen] = useState({ value, committed: value });
  // The store changed under us (undo/redo, another edit): show the new value. Adjusted while rendering,
  // not in an effect, so the field shows it in the same commit and frame as the rest of the edit (an
  // effect re-rendered every edited field a second time, a task and a frame later: issue #16).
  if (!Object.is(seen.value, value)) {
    if (!Object.is(seen.committed, value)) {
      setText(numberText(value));
      setLocalError(null);
    }
    setSeen({ value, committed: value });
  }

  const commit = () => {
    if (text === shown) {
      setLocalError(null);
      return;
    }
    const n = parseNumber(text);
    if (n === null) {
      if (!optional) {
        setLocalError(m.requirements.notANumber);
        return;
      }
      setLocalError(null);
      if (value !== undefined) onCommit(undefined);
      return;
    }
    if (Number.isNaN(n) || (integer && !Number.isInteger(n))) {
      // Say why (e.g. "1,5": a comma only separates thousands), not just that it is not a number.
      const why = numberInputReason(text);
      setLocalError(why ? why[lang] : `${m.requirements.notANumber}: “${text}”`);
      return;
    }
    setLocalError(null);
    if (n !== value) {
      setSeen((x) => ({ ...x, committed: n }));
      onCommit(n);
    }
  };
  const cls = severityClass(problems, localError !== null);
  return (
    <span className={`field ${cls}`}>
      <input
        type="text"
        inputMode="decimal"
        className="num-input"
        aria-label={label}
        aria-invalid={cls === 'invalid' || undefined}
        data-testid={testId}
        data-path={path}
        value={text}
        placeholder={placeholder}
        style={width ? { width } : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(shown);
            setLocalError(null);
          }
        }}
      />
      {showMessages && <FieldMessages problems={problems} local={localError} />}
    </span>
  );
});

interface TextInputProps {
  value: string | undefined;
  onCommit: (value: string) => void;
  problems?: readonly Problem[];
  label: string;
  testId?: string;
  path?: string;
  placeholder?: string;
  showMessages?: boolean;
  className?: string;
}

/** A text cell committed on blur / Enter (one undo step per edit, not per keystroke). */
export const TextInput = memo(function TextInput({ value, onCommit, problems = EMPTY, label, testId, path, placeholder, showMessages = true, className }: TextInputProps) {
  const [text, setText] = useState(value ?? '');
  const [seen, setSeen] = useState<{ value: string | undefined; committed: string | undefined }>({ value, committed: value });
  // A new value from the store shows in the same render (see NumberInput).
  if (seen.value !== value) {
    if (seen.committed !== value) setText(value ?? '');
    setSeen({ value, committed: value });
  }
  const commit = () => {
    if (text !== (value ?? '')) {
      setSeen((x) => ({ ...x, committed: text }));
      onCommit(text);
    }
  };
  const cls = severityClass(problems, false);
  return (
    <span className={`field ${cls} ${className ?? ''}`}>
      <input
        type="text"
        aria-label={label}
        aria-invalid={cls === 'invalid' || undefined}
        data-testid={testId}
        data-path={path}
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setText(value ?? '');
        }}
      />
      {showMessages && <FieldMessages problems={problems} />}
    </span>
  );
});

/** A labelled form row: label, control, the problems at its path. */
export function Field({ label, path, children, hint }: { label: string; path?: string; children: (problems: Problem[]) => ReactNode; hint?: ReactNode }) {
  const problems = useFieldProblems(path);
  return (
    <label className="form-field" data-field={path}>
      <span className="form-label">{label}</span>
      <span className="form-control">
        {children(problems)}
        {hint && <span className="form-hint">{hint}</span>}
      </span>
    </label>
  );
}

/** A select whose problems show at its path. Values are strings; the caller maps them. */
export function SelectInput({ value, options, onChange, label, testId, problems = EMPTY, path }: { value: string; options: { value: string; label: string }[]; onChange: (v: string) => void; label: string; testId?: string; problems?: readonly Problem[]; path?: string }) {
  const cls = severityClass(problems, false);
  return (
    <span className={`field ${cls}`}>
      <select aria-label={label} data-testid={testId} data-path={path} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages problems={problems} />
    </span>
  );
}
