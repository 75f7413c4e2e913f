import type { Knowledge } from '../core/knowledge.ts';
import type { InputLimits } from '../core/limits.ts';
import { formatProblem, type Problem } from '../core/problems.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS_PATH } from '../core/limits.ts';
import { parseProjectText, validateProject } from '../core/project/index.ts';
import type { ProjectFile } from '../core/project/schema.ts';
import type { Rules } from '../core/rules/schema.ts';
import type { Lang } from '../core/text.ts';
import { projectText, readBoundedFile, readLimits } from '../node/input-files.ts';
import { readKnowledge } from '../node/knowledge-files.ts';
import { EXIT } from './exit-codes.ts';
import type { CliContext } from './main.ts';

/** Problems that make a command's result not final: an altered revision or an invalid approval record. */
export function isIntegrityProblem(p: Problem): boolean {
  return p.severity === 'error' && /^(revision|approval)\./.test(p.code);
}

/**
 * The cheap checks of a project file, before any catalog or rule is loaded: size checked before
 * reading, BOM/UTF-16 handled, JSON parsed and migrated, counts checked against the limits. On failure
 * it reports every problem on stderr, sets the exit code (3 unreadable file, 1 refused) and returns null.
 */
export async function precheckProjectFile(ctx: CliContext, lang: Lang, projectPath: string, limits: InputLimits): Promise<Record<string, unknown> | null> {
  const report = (problems: readonly Problem[]) => problems.forEach((p) => ctx.err(formatProblem({ ...p, location: { ...p.location, file: projectPath } }, lang)));
  const bytes = await readBoundedFile(projectPath, limits.project.maxFileBytes, { zh: '项目文件', en: 'project file' });
  if (!bytes.ok) {
    report(bytes.problems);
    ctx.exitCode = bytes.io ? EXIT.io : EXIT.problems;
    return null;
  }
  const text = projectText(bytes.value, projectPath);
  const parsed = text.ok ? parseProjectText(text.value, limits) : text;
  if (!parsed.ok) {
    report(parsed.problems);
    ctx.exitCode = EXIT.problems;
    return null;
  }
  return parsed.value;
}

/** Validates a pre-checked project file against the rules; reports and returns null on failure. */
export function validateProjectFile(ctx: CliContext, lang: Lang, projectPath: string, json: Record<string, unknown>, rules: Rules): { project: ProjectFile; warnings: Problem[] } | null {
  const project = validateProject(json, rules);
  if (!project.ok) {
    project.problems.forEach((p) => ctx.err(formatProblem({ ...p, location: { ...p.location, file: projectPath } }, lang)));
    ctx.exitCode = EXIT.problems;
    return null;
  }
  return { project: project.value, warnings: project.warnings };
}

/** The limits for a command: those beside the given rules folder, else the shipped ones. */
export function commandLimits(ctx: CliContext, lang: Lang, rulesRoot?: string): InputLimits | null {
  const limits = readLimits(rulesRoot !== undefined && existsSync(join(rulesRoot, LIMITS_PATH)) ? rulesRoot : undefined);
  if (!limits.ok) {
    limits.problems.forEach((p) => ctx.err(formatProblem(p, lang)));
    ctx.exitCode = EXIT.problems;
    return null;
  }
  return limits.value;
}

/**
 * Reads a project file and the shipped (or given) catalog and rules for a command: the file's cheap
 * checks first (a refused file never costs loading the catalog), then the knowledge, then validation.
 * On failure it reports every problem on stderr, sets the exit code (3 unreadable file, 1 invalid
 * content) and returns null, so commands stay a few lines long.
 */
export async function readProjectInput(
  ctx: CliContext,
  lang: Lang,
  projectPath: string,
  dirs: { catalog?: string; rules?: string } = {},
): Promise<{ project: ProjectFile; knowledge: Knowledge; warnings: Problem[] } | null> {
  const limits = commandLimits(ctx, lang, dirs.rules);
  if (!limits) return null;
  const json = await precheckProjectFile(ctx, lang, projectPath, limits);
  if (!json) return null;
  const knowledge = await readKnowledge(dirs);
  if (!knowledge.ok) {
    knowledge.problems.forEach((p) => ctx.err(formatProblem(p, lang)));
    ctx.exitCode = knowledge.problems.some((p) => /\.io$|^IO_/.test(p.code)) ? EXIT.io : EXIT.problems;
    return null;
  }
  const opened = validateProjectFile(ctx, lang, projectPath, json, knowledge.value.sizingRules);
  return opened && { ...opened, knowledge: knowledge.value };
}
