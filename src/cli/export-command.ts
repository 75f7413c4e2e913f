import type { Command } from 'commander';
import { evaluateProject } from '../core/pipeline.ts';
import { formatProblem, type Problem } from '../core/problems.ts';
import { isCalendarDate, todayInChina } from '../core/quote/dates.ts';
import { signingPolicyFor } from '../core/signing/approval-signature.ts';
import { DEFAULT_TEMPLATES_DIR } from '../node/paths.ts';
import { writeAllOrNothing } from '../node/atomic-write.ts';
import { EXIT } from './exit-codes.ts';
import { resolveLang } from './lang.ts';
import type { CliContext } from './main.ts';
import { isIntegrityProblem, readProjectInput } from './project-input.ts';

interface ExportOptions {
  out: string;
  panelPricesOnly?: boolean;
  unitPriceIncVat?: boolean;
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
    .option('--unit-price-inc-vat', 'add a unit price incl. VAT column to the customer quote / 客户报价增加含税单价列')
    .option('--date <YYYY-MM-DD>', 'document date (default: today, China time) / 文件日期')
    .option('--templates <dir>', 'templates folder / 模板目录', DEFAULT_TEMPLATES_DIR)
    .option('--catalog <dir>', 'catalog folder / 元器件目录')
    .option('--rules <dir>', 'rules folder / 规则目录')
    .action(async (projectPath: string, opts: ExportOptions) => {
      const lang = resolveLang(program.opts<{ lang?: string }>().lang);
      const report = (problems: readonly Problem[]) => problems.forEach((p) => ctx.err(formatProblem(p, lang)));
      const now = new Date();
      const date = opts.date ?? todayInChina(now);
      if (!isCalendarDate(date)) {
        report([{ code: 'export.date', severity: 'error', path: '--date', value: date, message: { zh: `日期须为有效的 YYYY-MM-DD：${date}`, en: `--date must be a real date YYYY-MM-DD: ${date}` } }]);
        ctx.exitCode = EXIT.usage;
        return;
      }
      const input = await readProjectInput(ctx, lang, projectPath, { ...(opts.catalog ? { catalog: opts.catalog } : {}), ...(opts.rules ? { rules: opts.rules } : {}) });
      if (!input) return;
      // pdfmake and exceljs load only here: the other commands start without them.
      const { exportDocuments, readTemplates } = await import('../export/node.ts');
      const templates = readTemplates(opts.templates);
      if (!templates.ok) {
        report(templates.problems);
        ctx.exitCode = templates.problems.some((p) => p.code === 'template.io') ? EXIT.io : EXIT.problems;
        return;
      }
      // "Approvals must be signed": the key kept with these templates verifies the file's signed approvals.
      const signing = signingPolicyFor(input.knowledge, templates.value.approvalKeys ?? []);
      const evaluation = evaluateProject(input.project, input.knowledge, { now: now.toISOString(), quoteDate: date, signing });
      // The one-line drawing is appended to the calculation report (templates/drawing.yaml).
      const { calcBookAppendix } = await import('../export/drawing-book.ts');
      const appendix = calcBookAppendix(input.project, evaluation, opts.templates, templates.value.company.name, lang, date, input.knowledge.catalog);
      if (!appendix.ok) {
        report(appendix.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      let result: Awaited<ReturnType<typeof exportDocuments>>;
      try {
        result = await exportDocuments({
          project: input.project,
          knowledge: input.knowledge,
          templates: templates.value,
          lang,
          date,
          evaluation,
          reportAppendix: appendix.value,
          ...(opts.panelPricesOnly ? { panelPricesOnly: true } : {}),
          ...(opts.unitPriceIncVat ? { unitPriceIncVat: true } : {}),
        });
      } catch (e) {
        // A figure a document cannot hold (an amount beyond what a spreadsheet stores exactly, 大写 beyond
        // its units): nothing is written, the reason is said.
        const reason = e instanceof Error ? e.message : String(e);
        report([{ code: 'export.cannotWrite', severity: 'error', path: '', location: { file: projectPath }, message: { zh: `无法生成报价文件（未写入任何文件）：${reason}`, en: `the documents cannot be made (nothing was written): ${reason}` } }]);
        ctx.exitCode = EXIT.problems;
        return;
      }
      if (!result.ok) {
        report(result.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const integrity = evaluation.problems.filter(isIntegrityProblem);
      report([...input.warnings, ...result.warnings, ...integrity]);
      // The whole document set or nothing: every file is written to a temporary name first.
      const written = await writeAllOrNothing(opts.out, result.value.map((f) => ({ name: f.name, bytes: f.bytes })));
      if (!written.ok) {
        report(written.problems);
        ctx.exitCode = EXIT.io;
        return;
      }
      for (const file of written.value) ctx.out(file);
      // An altered revision or an invalid approval: the documents are drafts and the command says so.
      ctx.exitCode = integrity.length > 0 ? EXIT.problems : EXIT.ok;
    });
}
