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

/**
 * One line for a person (CLI, screens): severity, the stable code, where (file, row from 1, column, item
 * code) and the field as the user sees it (负荷第 1 行：功率 (kW)) — never the code path, which stays in
 * `path` for programs.
 */
export function formatProblem(p: Problem, lang: 'zh' | 'en'): string {
  const row = p.location?.row !== undefined ? (lang === 'zh' ? `第 ${p.location.row} 行` : `row ${p.location.row}`) : undefined;
  const where = [p.location?.file, row, p.location?.column, p.location?.itemCode].filter(Boolean).join(' ');
  const prefix = where ? `${where}: ` : '';
  // A command-line option (--date) or a name the user gave (a tender parameter, 充电电压调节范围) is named as
  // it is. An item code already in `where` is not repeated in the label.
  let label = p.path.startsWith('--') || /[^\x00-\x7f]/.test(p.path) ? p.path : fieldLabel(p.path, lang);
  const item = p.location?.itemCode;
  if (item) label = label.replace(new RegExp(`^[^：:]*\\s${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:：|: |$)`), '');
  return `${p.severity.toUpperCase()} [${p.code}] ${prefix}${label ? `${label}${lang === 'zh' ? '：' : ': '}` : ''}${p.message[lang]}`;
}
