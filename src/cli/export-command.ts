import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { evaluateProject } from '../core/pipeline.ts';
import { formatProblem, type Problem } from '../core/problems.ts';
import { validateProject } from '../core/project/index.ts';
import { DEFAULT_TEMPLATES_DIR } from '../node/paths.ts';
import { readKnowledge } from '../node/knowledge-files.ts';
import { EXIT } from './exit-codes.ts';
import { resolveLang } from './lang.ts';
import type { CliContext } from './main.ts';

/** Today in China (the edge reads the clock; the core never does). */
export function todayInChina(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

interface ExportOptions {
  out: string;
  panelPricesOnly?: boolean;
  date?: string;
  templates: string;
  catalog?: string;
  rules?: string;
}

/**
 * `dcq export project.json --out dir/ [--lang zh|en] [--panel-prices-only] [--date YYYY-MM-DD]`: writes the
 * internal priced BOM workbook, the customer quote workbook, the quote PDF and the calculation report PDF.
 * Exit 0 written (warnings such as missing glyphs or a draft quote are printed), 1 the project cannot be
 * sized or priced / invalid input, 3 a file cannot be read or written.
 */
export function registerExportCommand(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('write the quote documents (xlsx, PDF) and the calculation report / 导出报价文件与计算书')
    .argument('<project>', 'project file (JSON) / 项目文件')
    .requiredOption('--out <dir>', 'output folder / 输出目录')
    .option('--panel-prices-only', 'customer documents show panel prices only / 客户文件只列整屏价格')
    .option('--date <YYYY-MM-DD>', 'document date (default: today, China time) / 文件日期')
    .option('--templates <dir>', 'templates folder / 模板目录', DEFAULT_TEMPLATES_DIR)
    .option('--catalog <dir>', 'catalog folder / 元器件目录')
    .option('--rules <dir>', 'rules folder / 规则目录')
    .action(async (projectPath: string, opts: ExportOptions) => {
      const lang = resolveLang(program.opts<{ lang?: string }>().lang);
      const report = (problems: readonly Problem[]) => problems.forEach((p) => ctx.err(formatProblem(p, lang)));
      const io = (file: string, e: unknown, verb: { zh: string; en: string }) => {
        const err = e as NodeJS.ErrnoException;
        report([{ code: 'IO_ERROR', severity: 'error', path: '', location: { file }, message: { zh: `无法${verb.zh}文件：${file}（${err.code ?? err.message}）`, en: `cannot ${verb.en} file: ${file} (${err.code ?? err.message})` } }]);
        ctx.exitCode = EXIT.io;
      };
      const date = opts.date ?? todayInChina();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
        report([{ code: 'export.date', severity: 'error', path: '--date', value: date, message: { zh: `日期须为 YYYY-MM-DD：${date}`, en: `--date must be YYYY-MM-DD: ${date}` } }]);
        ctx.exitCode = EXIT.usage;
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(await readFile(projectPath, 'utf8'));
      } catch (e) {
        if (e instanceof SyntaxError) {
          report([{ code: 'PROJECT_JSON', severity: 'error', path: '', location: { file: projectPath }, message: { zh: `项目文件不是有效的 JSON：${e.message}`, en: `the project file is not valid JSON: ${e.message}` } }]);
          ctx.exitCode = EXIT.problems;
        } else io(projectPath, e, { zh: '读取', en: 'read' });
        return;
      }
      const knowledge = await readKnowledge({ ...(opts.catalog ? { catalog: opts.catalog } : {}), ...(opts.rules ? { rules: opts.rules } : {}) });
      if (!knowledge.ok) {
        report(knowledge.problems);
        ctx.exitCode = knowledge.problems.some((p) => /io|IO_/.test(p.code)) ? EXIT.io : EXIT.problems;
        return;
      }
      // pdfmake and exceljs load only here: the other commands start without them.
      const { exportDocuments, readTemplates } = await import('../export/node.ts');
      const templates = readTemplates(opts.templates);
      if (!templates.ok) {
        report(templates.problems);
        ctx.exitCode = templates.problems.some((p) => p.code === 'template.io') ? EXIT.io : EXIT.problems;
        return;
      }
      const project = validateProject(json, knowledge.value.sizingRules);
      if (!project.ok) {
        report(project.problems.map((p) => ({ ...p, location: { ...p.location, file: projectPath } })));
        ctx.exitCode = EXIT.problems;
        return;
      }
      const evaluation = evaluateProject(project.value, knowledge.value);
      const result = await exportDocuments({
        project: project.value,
        knowledge: knowledge.value,
        templates: templates.value,
        lang,
        date,
        evaluation,
        ...(opts.panelPricesOnly ? { panelPricesOnly: true } : {}),
      });
      if (!result.ok) {
        report(result.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      report([...project.warnings, ...result.warnings]);
      try {
        await mkdir(opts.out, { recursive: true });
      } catch (e) {
        io(opts.out, e, { zh: '创建目录', en: 'create folder' });
        return;
      }
      for (const f of result.value) {
        const file = join(opts.out, f.name);
        try {
          await writeFile(file, f.bytes);
        } catch (e) {
          io(file, e, { zh: '写入', en: 'write' });
          return;
        }
        ctx.out(file);
      }
      ctx.exitCode = EXIT.ok;
    });
}
