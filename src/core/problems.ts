import { fieldLabel } from './field-label.ts';
import type { LocalText } from './text.ts';

/**
 * A problem found in user input or data. Validation returns problems; it does not throw.
 * Only programmer errors throw plain Errors. `code` is stable so UI, CLI and tests can key on it.
 */
export type Severity = 'error' | 'warning' | 'info';

export interface ProblemLocation {
  file?: string;
  row?: number;
  column?: string;
  itemCode?: string;
}

export interface Problem {
  code: string;
  severity: Severity;
  /** Dotted path of the offending field, e.g. `loads[3].powerKW` or `items[ZHR22010-4].costPrice`. */
  path: string;
  message: LocalText;
  value?: unknown;
  limit?: unknown;
  clause?: string;
  location?: ProblemLocation;
}

export type Result<T> = { ok: true; value: T; warnings: Problem[] } | { ok: false; problems: Problem[] };

export function ok<T>(value: T, warnings: Problem[] = []): Result<T> {
  return { ok: true, value, warnings };
}

export function fail<T>(problems: Problem[]): Result<T> {
  return { ok: false, problems };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Thrown only at an edge (CLI, store action) to carry problems up; the core prefers Result. */
export class DomainError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map((p) => `${p.path}: ${p.message.en}`).join('\n'));
    this.name = 'DomainError';
    this.problems = problems;
  }
}

const SEVERITY_WORD: Record<Severity, LocalText> = {
  error: { zh: '错误', en: 'ERROR' },
  warning: { zh: '警告', en: 'WARNING' },
  info: { zh: '提示', en: 'INFO' },
};

/**
 * One problem as a command-line line: severity in the reader's language, the stable code, where it is
 * (file, 1-based row, column, item code), the field as the app labels it with the path a JSON editor
 * searches for in brackets, then the message.
 */
export function formatProblem(p: Problem, lang: 'zh' | 'en'): string {
  const row = p.location?.row !== undefined ? (lang === 'zh' ? `第 ${p.location.row} 行` : `row ${p.location.row}`) : undefined;
  const where = [p.location?.file, row, p.location?.column, p.location?.itemCode].filter(Boolean).join(' ');
  const prefix = where ? `${where}: ` : '';
  const label = p.path ? fieldLabel(p.path, lang) : '';
  const field = label ? (lang === 'zh' ? `${label}（${p.path}）` : `${label} (${p.path})`) : p.path;
  const colon = lang === 'zh' ? '：' : ': ';
  return `${SEVERITY_WORD[p.severity][lang]} [${p.code}] ${prefix}${field ? field + colon : ''}${p.message[lang]}`;
}
