import { readFile } from 'node:fs/promises';
import type { Knowledge } from '../core/knowledge.ts';
import { formatProblem, type Problem } from '../core/problems.ts';
import { openProjectText } from '../core/project/index.ts';
import type { ProjectFile } from '../core/project/schema.ts';
import type { Lang } from '../core/text.ts';
import { readKnowledge } from '../node/knowledge-files.ts';
import { EXIT } from './exit-codes.ts';
import type { CliContext } from './main.ts';

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
  const report = (problems: readonly Problem[]) => problems.forEach((p) => ctx.err(formatProblem(p, lang)));
  let text: string;
  try {
    text = await readFile(projectPath, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    report([{ code: 'IO_UNREADABLE', severity: 'error', path: '', message: { zh: `无法读取文件：${projectPath}（${err.code ?? err.message}）`, en: `cannot read file: ${projectPath} (${err.code ?? err.message})` }, location: { file: projectPath } }]);
    ctx.exitCode = EXIT.io;
    return null;
  }
  const knowledge = await readKnowledge(dirs);
  if (!knowledge.ok) {
    report(knowledge.problems);
    ctx.exitCode = knowledge.problems.some((p) => /\.io$/.test(p.code)) ? EXIT.io : EXIT.problems;
    return null;
  }
  const project = openProjectText(text, knowledge.value.sizingRules);
  if (!project.ok) {
    report(project.problems.map((p) => ({ ...p, location: { ...p.location, file: projectPath } })));
    ctx.exitCode = EXIT.problems;
    return null;
  }
  return { project: project.value, knowledge: knowledge.value, warnings: project.warnings };
}
