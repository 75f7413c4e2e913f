import type { Knowledge } from '../core/knowledge.ts';
import type { InputLimits } from '../core/limits.ts';
import { formatProblem, type Problem } from '../core/problems.ts';
import { openProjectText } from '../core/project/index.ts';
import type { ProjectFile } from '../core/project/schema.ts';
import type { Rules } from '../core/rules/schema.ts';
import type { Lang } from '../core/text.ts';
import { projectText, readBoundedFile } from '../node/input-files.ts';
import { readKnowledge } from '../node/knowledge-files.ts';
import { EXIT } from './exit-codes.ts';
import type { CliContext } from './main.ts';

/** Problems that make a command's result not final: an altered revision or an invalid approval record. */
export function isIntegrityProblem(p: Problem): boolean {
  return p.severity === 'error' && /^(revision|approval)\./.test(p.code);
}

/**
 * Opens a project file for a command: size checked before reading, BOM/UTF-16 handled, counts checked
 * against the limits before validation, then migrated and validated. On failure it reports every
 * problem on stderr, sets the exit code (3 unreadable file, 1 invalid content) and returns null.
 */
export async function openProjectFile(ctx: CliContext, lang: Lang, projectPath: string, rules: Rules, limits: InputLimits): Promise<{ project: ProjectFile; warnings: Problem[] } | null> {
  const report = (problems: readonly Problem[]) => problems.forEach((p) => ctx.err(formatProblem({ ...p, location: { ...p.location, file: projectPath } }, lang)));
  const bytes = await readBoundedFile(projectPath, limits.project.maxFileBytes, { zh: '项目文件', en: 'project file' });
  if (!bytes.ok) {
    report(bytes.problems);
    ctx.exitCode = bytes.io ? EXIT.io : EXIT.problems;
    return null;
  }
  const text = projectText(bytes.value, projectPath);
  const project = text.ok ? openProjectText(text.value, rules, limits) : text;
  if (!project.ok) {
    report(project.problems);
    ctx.exitCode = EXIT.problems;
    return null;
  }
  return { project: project.value, warnings: project.warnings };
}

/**
 * Reads a project file and the shipped (or given) catalog and rules for a command. On failure it
 * reports every problem on stderr, sets the exit code (3 unreadable file, 1 invalid content) and
 * returns null, so commands stay a few lines long.
 */
export async function readProjectInput(
  ctx: CliContext,
  lang: Lang,
  projectPath: string,
  dirs: { catalog?: string; rules?: string } = {},
): Promise<{ project: ProjectFile; knowledge: Knowledge; warnings: Problem[] } | null> {
  const knowledge = await readKnowledge(dirs);
  if (!knowledge.ok) {
    knowledge.problems.forEach((p) => ctx.err(formatProblem(p, lang)));
    ctx.exitCode = knowledge.problems.some((p) => /\.io$|^IO_/.test(p.code)) ? EXIT.io : EXIT.problems;
    return null;
  }
  const opened = await openProjectFile(ctx, lang, projectPath, knowledge.value.sizingRules, knowledge.value.limits);
  return opened && { ...opened, knowledge: knowledge.value };
}
