import type { Command } from 'commander';
import { readDrawingTemplate } from '../export/drawing-template-file.ts';
import { evaluateProject } from '../core/pipeline.ts';
import { formatProblem, type Problem } from '../core/problems.ts';
import { checkGlyphCoverage, userTextFields } from '../core/format/glyph-coverage.ts';
import { isCalendarDate, todayInChina } from '../core/quote/dates.ts';
import { DEFAULT_TEMPLATES_DIR } from '../node/paths.ts';
import { drawingStateOf, drawingTextFields, issueDrawingRevision, latestQuoteRevision, type DrawingState } from '../core/drawing/index.ts';
import { ok, type Result } from '../core/problems.ts';
import { writeAllOrNothing } from '../node/atomic-write.ts';
import { rewriteProjectFile } from '../node/project-file-rewrite.ts';
import { EXIT } from './exit-codes.ts';
import { resolveLang } from './lang.ts';
import type { CliContext } from './main.ts';
import { readProjectInput } from './project-input.ts';

interface DrawingOptions {
  out: string;
  compare?: string;
  issue?: string;
  date?: string;
  templates: string;
  catalog?: string;
  rules?: string;
}

/**
 * `dcq drawing project.json --out dir/ [--lang zh|en] [--date YYYY-MM-DD] [--compare LETTER] [--issue TEXT]`: the one-line
 * drawing as SVG (one file per sheet), PDF (A3) and DXF, and the 图纸确认函 PDF. `--issue` first issues the
 * next drawing revision (its letter, the date, the quote revision it starts from, what each element says),
 * prints it in the title block and revision table, and records it in the project file's drawing section.
 * Exit 0 written, 1 the project cannot be sized or a template is invalid, 2 a wrong option, 3 a file
 * cannot be read or written (nothing partial is left; the project file is rewritten atomically).
 */
export function registerDrawingCommand(program: Command, ctx: CliContext): void {
  program
    .command('drawing')
    .description('write the one-line drawing (SVG, PDF, DXF) and the drawing confirmation letter / 生成系统图与图纸确认函')
    .argument('<project>', 'project file (JSON) / 项目文件')
    .requiredOption('--out <dir>', 'output folder / 输出目录')
    .option('--compare <letter>', 'also write the sheets with the changes since this drawing revision highlighted / 另出与该图纸版本相比的变更标示图')
    .option('--issue <description>', 'issue the next drawing revision with this description and record it in the project file / 发布下一图纸版本（说明），并写入项目文件')
    .option('--date <YYYY-MM-DD>', 'date in the title block (default: today, China time) / 图纸日期')
    .option('--templates <dir>', 'templates folder / 模板目录', DEFAULT_TEMPLATES_DIR)
    .option('--catalog <dir>', 'catalog folder / 元器件目录')
    .option('--rules <dir>', 'rules folder / 规则目录')
    .action(async (projectPath: string, opts: DrawingOptions) => {
      const lang = resolveLang(program.opts<{ lang?: string }>().lang);
      const report = (problems: readonly Problem[]) => problems.forEach((p) => ctx.err(formatProblem(p, lang)));
      const date = opts.date ?? todayInChina(new Date());
      if (!isCalendarDate(date)) {
        report([{ code: 'drawing.date', severity: 'error', path: '--date', value: date, message: { zh: `日期须为有效的 YYYY-MM-DD：${date}`, en: `--date must be a real date YYYY-MM-DD: ${date}` } }]);
        ctx.exitCode = EXIT.usage;
        return;
      }
      const description = opts.issue?.trim();
      if (opts.issue !== undefined && (!description || description.length > 200)) {
        report([{ code: 'drawing.issueDescription', severity: 'error', path: '--issue', value: opts.issue, message: { zh: '--issue 须写明本版图纸的修改说明（1–200 字）', en: '--issue needs a description of this drawing revision (1–200 characters)' } }]);
        ctx.exitCode = EXIT.usage;
        return;
      }
      const input = await readProjectInput(ctx, lang, projectPath, { ...(opts.catalog ? { catalog: opts.catalog } : {}), ...(opts.rules ? { rules: opts.rules } : {}) });
      if (!input) return;
      const template = readDrawingTemplate(opts.templates);
      if (!template.ok) {
        report(template.problems);
        ctx.exitCode = template.problems.some((p) => p.code === 'template.io') ? EXIT.io : EXIT.problems;
        return;
      }
      // pdfmake and the DXF writer load only here.
      const { readTemplates } = await import('../export/node.ts');
      const { drawingFiles, drawingFor } = await import('../export/drawing-files.ts');
      const { nodeFontSet } = await import('../export/pdf/node-fonts.ts');
      const templates = readTemplates(opts.templates);
      if (!templates.ok) {
        report(templates.problems);
        ctx.exitCode = templates.problems.some((p) => p.code === 'template.io') ? EXIT.io : EXIT.problems;
        return;
      }
      // A character the PDF font cannot draw stops the drawing here, named by the field it is in, as it
      // stops the quote documents: never an empty box on an issued drawing.
      const fonts = nodeFontSet();
      const typed = [...userTextFields(input.project), ...drawingTextFields(input.project), ...(description ? [{ path: '--issue', text: description, label: { zh: '图纸版本说明（--issue）', en: 'drawing revision description (--issue)' } }] : [])];
      const glyphs = checkGlyphCoverage(typed, fonts.coverage);
      if (glyphs.length > 0) {
        report(glyphs);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const evaluation = evaluateProject(input.project, input.knowledge, { quoteDate: date });
      let project = input.project;
      if (description) {
        const drawing = drawingFor({ project, evaluation, template: template.value, company: templates.value.company.name, lang, date, catalog: input.knowledge.catalog });
        const issued = drawing.ok ? ok(issueDrawingRevision(drawingStateOf(project), drawing.value, { date, description, quoteRevision: latestQuoteRevision(project) })) : drawing;
        if (!issued.ok) {
          report(issued.problems);
          ctx.exitCode = EXIT.problems;
          return;
        }
        project = { ...project, drawing: issued.value };
      }
      const files = await drawingFiles({ project, evaluation, template: template.value, company: templates.value.company.name, lang, date, catalog: input.knowledge.catalog, ...(opts.compare !== undefined ? { compareWith: opts.compare } : {}) }, fonts);
      if (!files.ok) {
        report(files.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      report(input.warnings);
      const written = await writeAllOrNothing(opts.out, files.value);
      if (!written.ok) {
        report(written.problems);
        ctx.exitCode = EXIT.io;
        return;
      }
      for (const file of written.value) ctx.out(file);
      if (description && project.drawing) {
        const saved = await saveDrawingSection(projectPath, project.drawing);
        if (!saved.ok) {
          report(saved.problems);
          ctx.exitCode = EXIT.io;
          return;
        }
        const rev = project.drawing.revisions[project.drawing.revisions.length - 1]!;
        ctx.err(lang === 'zh' ? `已发布图纸版本 ${rev.letter}（报价版本 ${rev.quoteRevision ?? '无'}），已写入 ${projectPath}` : `issued drawing revision ${rev.letter} (quote revision ${rev.quoteRevision ?? 'none'}), recorded in ${projectPath}`);
      }
      ctx.exitCode = EXIT.ok;
    });
}

/** Rewrites the project file's drawing section only (the rest of the file as it was), atomically. */
function saveDrawingSection(projectPath: string, drawing: DrawingState): Promise<Result<string[]>> {
  return rewriteProjectFile(projectPath, 'drawing.io', (json) => ok({ ...json, drawing }));
}
