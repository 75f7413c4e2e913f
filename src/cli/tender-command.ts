import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { decodeText, parseCsv } from '../core/catalog/csv.ts';
import { gridLimitProblems, type SheetGrid } from '../core/catalog/grid.ts';
import type { InputLimits } from '../core/limits.ts';
import { evaluateProject } from '../core/pipeline.ts';
import { fail, formatProblem, ok, type Problem, type Result } from '../core/problems.ts';
import { isCalendarDate, todayInChina } from '../core/quote/dates.ts';
import type { Knowledge } from '../core/knowledge.ts';
import { REQUIREMENTS_DOCUMENT, requirementsFromGrid } from '../core/tender/import.ts';
import type { Requirement } from '../core/tender/requirement.ts';
import { findRequirementSet } from '../core/tender/requirement-sets.ts';
import { tenderBid } from '../core/tender/bid.ts';
import { loadVocabulary, VOCABULARY_PATH, type Vocabulary } from '../core/tender/vocabulary.ts';
import { writeAllOrNothing } from '../node/atomic-write.ts';
import { rewriteProjectFile } from '../node/project-file-rewrite.ts';
import { quoteStateOf } from '../core/pipeline.ts';
import { quoteStateSchema, type QuoteState } from '../core/quote/schema.ts';
import { acknowledgeDeviation, setTenderRequirements } from '../core/tender/review.ts';
import { readBoundedFile } from '../node/input-files.ts';
import { DEFAULT_RULES_ROOT, readKnowledge } from '../node/knowledge-files.ts';
import { EXIT } from './exit-codes.ts';
import { resolveLang } from './lang.ts';
import type { CliContext } from './main.ts';
import { readProjectInput } from './project-input.ts';

interface TenderOptions {
  out: string;
  date?: string;
  catalog?: string;
  rules?: string;
  json?: boolean;
  save?: boolean;
  set?: string;
}


/** The requirement table (.xlsx, .csv or .txt) as a grid, through the hardened readers and the price-list size limits. */
async function readRequirementGrid(file: string, limits: InputLimits['priceList']): Promise<Result<SheetGrid> & { io?: boolean }> {
  const read = await readBoundedFile(file, limits.maxFileBytes, REQUIREMENTS_DOCUMENT);
  if (!read.ok) return read;
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') {
    const grid = parseCsv(decodeText(read.value).text, file);
    const over = gridLimitProblems(grid, limits, REQUIREMENTS_DOCUMENT);
    return over.length > 0 ? fail(over) : ok(grid);
  }
  if (ext !== '.xlsx') {
    return fail([{ code: 'tender.fileType', severity: 'error', path: '', location: { file }, message: { zh: `技术要求表须为 .xlsx 或 .csv 文件：${file}`, en: `the requirements table must be an .xlsx or .csv file: ${file}` } }]);
  }
  const { readPriceListWorkbook } = await import('../export/xlsx/price-list-workbook.ts');
  return readPriceListWorkbook(read.value, { name: file, limits, document: REQUIREMENTS_DOCUMENT });
}

/** The requirements from a table file or from a set of the library (`--set NAME[@VERSION]`), and the file they came from. */
async function readRequirements(file: string | undefined, set: string | undefined, knowledge: Knowledge): Promise<Result<{ requirements: Requirement[]; file: string }> & { io?: boolean }> {
  if (set !== undefined) {
    const found = findRequirementSet(knowledge.tenderSets ?? [], set);
    return found.ok ? ok({ requirements: found.value.requirements, file: found.value.path }) : found;
  }
  const grid = await readRequirementGrid(file as string, knowledge.limits.priceList);
  if (!grid.ok) return grid;
  const imported = requirementsFromGrid(grid.value);
  return imported.problems.length > 0 ? fail(imported.problems) : ok({ requirements: imported.requirements, file: file as string });
}

function readVocabulary(rulesRoot: string): Result<Vocabulary> & { io?: boolean } {
  const path = join(rulesRoot, VOCABULARY_PATH);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ...fail([{ code: 'tender.io', severity: 'error', path: '', location: { file: path }, message: { zh: `无法读取参数词汇表：${path}（${(e as NodeJS.ErrnoException).code ?? ''}）`, en: `cannot read the parameter vocabulary: ${path} (${(e as NodeJS.ErrnoException).code ?? ''})` } }]), io: true };
  }
  return loadVocabulary({ path, text });
}

/**
 * `dcq tender project.json requirements.xlsx --out dir/ [--lang zh|en] [--date YYYY-MM-DD]`: answers a
 * tender's technical requirements from the configuration and writes 表 1.2 技术参数响应表, 表 2.2 主要元器件
 * 配置表 and 表 9 技术偏离表 as .xlsx and PDF. Exit 0 written; 1 invalid input (each problem names the field
 * and the 1-based row), or ★ items with a negative deviation (written, and said); 2 usage; 3 unreadable or
 * unwritable files.
 */
export function registerTenderCommand(program: Command, ctx: CliContext): void {
  program
    .command('tender')
    .description('technical bid tables from a tender\'s requirements / 根据招标技术参数生成技术响应表、元器件配置表、偏离表')
    .argument('<project>', 'project file (JSON) / 项目文件')
    .argument('[requirements]', 'tender requirement table (.xlsx or .csv) / 技术要求表')
    .requiredOption('--out <dir>', 'output folder / 输出目录')
    .option('--set <name[@version]>', 'a requirement set of the library instead of a table (dcq tender-sets lists them) / 使用要求集')
    .option('--date <YYYY-MM-DD>', 'document date (default: today, China time) / 文件日期')
    .option('--catalog <dir>', 'catalog folder / 元器件目录')
    .option('--rules <dir>', 'rules folder / 规则目录')
    .option('--json', 'print the answers as JSON / 以 JSON 输出响应结果')
    .option('--save', 'keep the requirements in the project file (their negative deviations then need acknowledging) / 将招标要求保存到项目文件')
    .action(async (projectPath: string, requirementsPath: string | undefined, opts: TenderOptions) => {
      const lang = resolveLang(program.opts<{ lang?: string }>().lang);
      const report = (problems: readonly Problem[]) => problems.forEach((p) => ctx.err(formatProblem(p, lang)));
      const now = new Date();
      const date = opts.date ?? todayInChina(now);
      if (!isCalendarDate(date)) {
        report([{ code: 'tender.date', severity: 'error', path: '--date', value: date, message: { zh: `日期须为有效的 YYYY-MM-DD：${date}`, en: `--date must be a real date YYYY-MM-DD: ${date}` } }]);
        ctx.exitCode = EXIT.usage;
        return;
      }
      if ((requirementsPath === undefined) === (opts.set === undefined)) {
        report([{ code: 'tender.usage', severity: 'error', path: '--set', message: { zh: '须给出技术要求表文件或 --set 要求集，二者取一', en: 'give either a requirements table file or --set with a requirement set, not both' } }]);
        ctx.exitCode = EXIT.usage;
        return;
      }
      const input = await readProjectInput(ctx, lang, projectPath, { ...(opts.catalog ? { catalog: opts.catalog } : {}), ...(opts.rules ? { rules: opts.rules } : {}) });
      if (!input) return;
      const vocabulary = readVocabulary(opts.rules ?? DEFAULT_RULES_ROOT);
      if (!vocabulary.ok) {
        report(vocabulary.problems);
        ctx.exitCode = vocabulary.io ? EXIT.io : EXIT.problems;
        return;
      }
      const imported = await readRequirements(requirementsPath, opts.set, input.knowledge);
      if (!imported.ok) {
        report(imported.problems);
        ctx.exitCode = imported.io ? EXIT.io : EXIT.problems;
        return;
      }
      const evaluation = evaluateProject(input.project, input.knowledge, { now: now.toISOString(), quoteDate: date });
      if (!evaluation.bom || !evaluation.sizing.configuration) {
        report(evaluation.problems.filter((p) => p.severity === 'error'));
        ctx.exitCode = EXIT.problems;
        return;
      }
      const { response, tables, acknowledged: acks } = tenderBid({
        meta: input.project.meta, evaluation, catalog: input.knowledge.catalog, vocabulary: vocabulary.value,
        requirements: imported.value.requirements, stored: quoteStateOf(input.project).tender, date, lang,
      });
      let files: Awaited<ReturnType<typeof import('../export/tender-documents.ts')['tenderDocuments']>>;
      try {
        const [{ tenderDocuments }, { nodeFontSet }] = await Promise.all([import('../export/tender-documents.ts'), import('../export/pdf/node-fonts.ts')]);
        files = await tenderDocuments(tables, nodeFontSet(), lang, now);
      } catch (e) {
        const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
        report([{ code: 'tender.cannotWrite', severity: 'error', path: '', message: { zh: `无法生成技术标表格（未写入任何文件）：${reason}`, en: `the technical bid tables cannot be made (nothing was written): ${reason}` } }]);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const written = await writeAllOrNothing(opts.out, files);
      if (written.ok && opts.save) {
        const saved = await saveProjectQuote(projectPath, (q) => setTenderRequirements(q, imported.value.requirements));
        if (!saved.ok) {
          report(saved.problems);
          ctx.exitCode = EXIT.io;
          return;
        }
      }
      if (!written.ok) {
        report(written.problems);
        ctx.exitCode = EXIT.io;
        return;
      }
      if (opts.json) {
        ctx.out(JSON.stringify({
          counts: response.counts,
          answers: response.answers.map((a) => ({ no: a.requirement.no, name: a.requirement.name, requirement: a.requirement.text, starred: a.requirement.starred, status: a.status, ...(a.tentative ? { tentative: a.tentative } : {}), ourValue: a.ourValue[lang], note: a.note[lang], items: a.items, disqualifying: a.disqualifying })),
          files: written.value,
        }, null, 2));
      } else {
        for (const f of written.value) ctx.out(f);
        const c = response.counts;
        ctx.err(lang === 'zh'
          ? `无偏离 ${c.none}，正偏离 ${c.positive}，负偏离 ${c.negative}，需人工确认 ${c.manual}`
          : `${c.none} no deviation, ${c.positive} positive, ${c.negative} negative, ${c.manual} to be confirmed`);
      }
      for (const a of response.disqualifying.filter((x) => !acks(x))) {
        ctx.err(formatProblem({ code: 'tender.disqualifying', severity: 'error', path: a.requirement.name, location: { file: imported.value.file, ...(a.requirement.sourceRow ? { row: a.requirement.sourceRow } : {}) }, message: { zh: `★ 实质性条款负偏离（${a.requirement.text}，我方 ${a.ourValue.zh}）：投标将被否决`, en: `★ substantive item with a negative deviation (${a.requirement.text}, ours ${a.ourValue.en}): the bid would be disqualified` } }, lang));
      }
      ctx.exitCode = response.disqualifying.some((x) => !acks(x)) ? EXIT.problems : EXIT.ok;
    });

  program
    .command('tender-sets')
    .description('the library of requirement sets (rules/tender/requirement-sets) / 列出要求集')
    .option('--rules <dir>', 'rules folder / 规则目录')
    .option('--json', 'as JSON / 以 JSON 输出')
    .action(async (opts: { rules?: string; json?: boolean }) => {
      const lang = resolveLang(program.opts<{ lang?: string }>().lang);
      const knowledge = await readKnowledge(opts.rules ? { rules: opts.rules } : {});
      if (!knowledge.ok) {
        knowledge.problems.forEach((p) => ctx.err(formatProblem(p, lang)));
        ctx.exitCode = EXIT.problems;
        return;
      }
      const sets = knowledge.value.tenderSets ?? [];
      if (opts.json) {
        ctx.out(JSON.stringify(sets.map((s) => ({ id: s.id, version: s.version, name: s.name[lang], requirements: s.requirements.length, starred: s.requirements.filter((r) => r.starred).length, source: s.source, confidence: s.confidence, file: s.path })), null, 2));
        return;
      }
      if (sets.length === 0) {
        ctx.err(lang === 'zh' ? '要求集库为空（rules/tender/requirement-sets/）' : 'the requirement-set library is empty (rules/tender/requirement-sets/)');
        return;
      }
      for (const s of sets) ctx.out(`${s.id}@${s.version}\t${s.name[lang]}\t${lang === 'zh' ? `${s.requirements.length} 项` : `${s.requirements.length} items`}\t${s.source}`);
    });

  program
    .command('tender-ack')
    .description('a reviewer acknowledges a negative deviation of the tender kept in the project / 审核人确认负偏离')
    .argument('<project>', 'project file (JSON) / 项目文件')
    .requiredOption('--item <no>', 'the tender\'s row number of the requirement / 招标条目序号')
    .requiredOption('--reviewer <name>', 'reviewer / 审核人')
    .option('--comment <text>', 'comment / 说明', '')
    .action(async (projectPath: string, opts: { item: string; reviewer: string; comment: string }) => {
      const lang = resolveLang(program.opts<{ lang?: string }>().lang);
      const report = (problems: readonly Problem[]) => problems.forEach((p) => ctx.err(formatProblem(p, lang)));
      const input = await readProjectInput(ctx, lang, projectPath);
      if (!input) return;
      const state = quoteStateOf(input.project);
      const req = state.tender?.requirements.find((r) => r.no === opts.item.trim());
      if (!req) {
        report([{ code: 'tender.unknownRequirement', severity: 'error', path: '--item', value: opts.item, location: { file: projectPath }, message: { zh: `项目文件中没有保存第 ${opts.item} 条招标要求（先用 dcq tender … --save 保存）`, en: `the project file keeps no tender requirement no. ${opts.item} (save them first with dcq tender … --save)` } }]);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const acked = acknowledgeDeviation(state, { no: req.no, name: req.name, text: req.text, reviewer: opts.reviewer, time: new Date().toISOString(), comment: opts.comment });
      if (!acked.ok) {
        report(acked.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const saved = await saveProjectQuote(projectPath, () => acked.value);
      if (!saved.ok) {
        report(saved.problems);
        ctx.exitCode = EXIT.io;
        return;
      }
      ctx.out(lang === 'zh' ? `已确认第 ${req.no} 条“${req.name}”（${req.text}）：${opts.reviewer}` : `acknowledged item ${req.no} "${req.name}" (${req.text}): ${opts.reviewer}`);
    });
}

/** Rewrites the project file's tender section only (the rest of the file as it was), atomically. */
function saveProjectQuote(projectPath: string, change: (q: QuoteState) => QuoteState): Promise<Result<string[]>> {
  return rewriteProjectFile(projectPath, 'tender.io', (json) => {
    const quote = quoteStateSchema.safeParse(json.quote ?? {});
    if (!quote.success) return fail([{ code: 'tender.io', severity: 'error', path: 'quote', location: { file: projectPath }, message: { zh: '项目文件的报价部分无效，未写入', en: 'the project file\'s quote section is invalid; nothing was written' } }]);
    return ok({ ...json, quote: { ...(json.quote as object | undefined), tender: change(quote.data).tender } });
  });
}
