import { useId, useState } from 'react';
import { useLang } from '../i18n/index.ts';
import type { Parsed } from './quote-helpers.ts';

/**
 * A text field for a value that must parse (an amount, a percentage, a quantity, days). The user's text
 * is kept exactly as typed while it is invalid, with the reason shown at the field; only a valid value is
 * committed (on Enter or when the field loses focus). When the committed value changes from outside
 * (undo, another screen), the field shows it.
 */
export function ValidatedInput<T>({
  value,
  parse,
  onCommit,
  label,
  testId,
  className,
  size,
  placeholder,
  disabled,
  onEscape,
}: {
  value: string;
  parse: (text: string) => Parsed<T>;
  /** Commits a valid value; may return a refusal (e.g. the core rejects the edit) to show at the field. */
  onCommit: (value: T, text: string) => string | null | void;
  label: string;
  testId?: string;
  className?: string;
  size?: number;
  placeholder?: string;
  disabled?: boolean;
  onEscape?: () => void;
}) {
  const lang = useLang();
  const id = useId();
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  // A value changed from outside shows in the same render, not an effect's second render a frame later.
  const [last, setLast] = useState(value);
  if (last !== value) {
    setLast(value);
    setText(value);
    setError(null);
  }

  const commit = () => {
    if (text === value) {
      setError(null);
      return;
    }
    const parsed = parse(text);
    if (!parsed.ok) {
      setError(parsed.reason[lang]);
      return;
    }
    const refused = onCommit(parsed.value, text);
    setError(typeof refused === 'string' ? refused : null);
  };

  return (
    <span className={`vinput ${error ? 'invalid' : ''} ${className ?? ''}`}>
      <input
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        data-testid={testId}
        value={text}
        size={size}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(value);
            setError(null);
            onEscape?.();
          }
        }}
      />
      {error && (
        <span className="field-error" id={`${id}-err`} role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {error}
        </span>
      )}
    </span>
  );
}
