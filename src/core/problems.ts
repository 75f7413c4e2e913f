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

export function formatProblem(p: Problem, lang: 'zh' | 'en'): string {
  const where = [p.location?.file, p.location?.row !== undefined ? `row ${p.location.row}` : undefined, p.location?.column, p.location?.itemCode]
    .filter(Boolean)
    .join(' ');
  const prefix = where ? `${where}: ` : '';
  return `${p.severity.toUpperCase()} [${p.code}] ${prefix}${p.path}: ${p.message[lang]}`;
}
