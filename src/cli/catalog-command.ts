import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Command } from 'commander';
import { loadCatalog } from '../core/catalog/load.ts';
import {
  applyPriceListDiff, decodeText, diffPriceList, parseCsv, PRICE_LIST_FIELDS, readPriceList,
  type ItemChange, type MoneyChange, type PriceListDiff, type PriceListField, type SheetGrid,
} from '../core/catalog/price-list.ts';
import type { Catalog } from '../core/catalog/schema.ts';
import { bumpCatalogVersion } from '../core/catalog/version-bump.ts';
import type { CatalogSource } from '../core/catalog/source-files.ts';
import { gridLimitProblems } from '../core/catalog/grid.ts';
import { LIMITS_PATH, type InputLimits } from '../core/limits.ts';
import { fail, formatProblem, ok, type Problem, type Result } from '../core/problems.ts';
import { readBoundedFile, readLimits } from '../node/input-files.ts';
import type { Lang } from '../core/text.ts';
import { listKnownKcTables, readCatalogSources, writeChangedSources } from '../node/catalog-files.ts';
import { cachedLoad } from '../node/load-cache.ts';
import { EXIT } from './exit-codes.ts';
import { resolveLang } from './lang.ts';
import type { CliContext } from './main.ts';

/** `dcq catalog check | export | import`: the catalog's command-line face; all logic lives in the core. */
export function registerCatalogCommands(program: Command, ctx: CliContext): void {
  const lang = (): Lang => resolveLang(program.opts<{ lang?: string }>().lang);
  const say = (zh: string, en: string) => ctx.out(lang() === 'zh' ? zh : en);
  const report = (problems: readonly Problem[]) => problems.forEach((p) => ctx.err(formatProblem(p, lang())));

  const catalog = program.command('catalog').description('component catalog: check, export, import prices / 元器件目录：检查、导出、导入价格');

  /** Loads the catalog of a folder; on failure reports and sets the exit code, returning undefined. */
  async function load(dir: string, rules: string): Promise<{ sources: CatalogSource[]; result: Result<Catalog> } | undefined> {
    const sources = await readCatalogSources(dir);
    if (!sources.ok) {
      report(sources.problems);
      ctx.exitCode = EXIT.io;
      return undefined;
    }
    const knownKcTables = await listKnownKcTables(rules);
    const result = cachedLoad('catalog', sources.value, knownKcTables?.join(',') ?? '-', () => loadCatalog(sources.value, knownKcTables ? { knownKcTables } : {}));
    return { sources: sources.value, result };
  }

  catalog
    .command('check')
    .description('validate the catalog files; exit 1 on errors (warnings do not fail) / 检查目录文件')
    .option('--dir <dir>', 'catalog folder / 目录文件夹', 'catalog')
    .option('--rules <dir>', 'rules folder (for Kc table ids) / 规则文件夹', 'rules')
    .option('--json', 'machine-readable output / 输出 JSON')
    .action(async (opts: { dir: string; rules: string; json?: boolean }) => {
      const loaded = await load(opts.dir, opts.rules);
      if (!loaded) return;
      const { result } = loaded;
      const problems = result.ok ? result.warnings : result.problems;
      if (opts.json) {
        ctx.out(JSON.stringify({ ok: result.ok, version: result.ok ? result.value.version : undefined, items: result.ok ? result.value.items.length : undefined, problems }, null, 2));
      } else {
        problems.forEach((p) => (result.ok ? ctx.out : ctx.err)(formatProblem(p, lang())));
        const errors = problems.filter((p) => p.severity === 'error').length;
        const warnings = problems.length - errors;
        if (result.ok) say(`目录 ${result.value.version}：${result.value.items.length} 个物料，无错误，${warnings} 个警告`, `catalog ${result.value.version}: ${result.value.items.length} items, no errors, ${warnings} warning(s)`);
        else say(`目录有 ${errors} 个错误、${warnings} 个警告`, `catalog has ${errors} error(s) and ${warnings} warning(s)`);
      }
      ctx.exitCode = result.ok ? EXIT.ok : EXIT.problems;
    });

  catalog
    .command('export <out>')
    .description('write the catalog as an .xlsx price list (the template for import) / 导出价格表')
    .option('--dir <dir>', 'catalog folder / 目录文件夹', 'catalog')
    .option('--rules <dir>', 'rules folder / 规则文件夹', 'rules')
    .action(async (out: string, opts: { dir: string; rules: string }) => {
      const loaded = await load(opts.dir, opts.rules);
      if (!loaded) return;
      if (!loaded.result.ok) {
        report(loaded.result.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const { writePriceListWorkbook } = await import('../export/xlsx/price-list-workbook.ts');
      const bytes = await writePriceListWorkbook(loaded.result.value);
      try {
        await writeFile(out, bytes);
      } catch (e) {
        ctx.err(`${out}: ${(e as Error).message}`);
        ctx.exitCode = EXIT.io;
        return;
      }
      say(`已导出 ${loaded.result.value.items.length} 个物料到 ${out}`, `exported ${loaded.result.value.items.length} items to ${out}`);
    });

  catalog
    .command('import <file>')
    .description('compare a price list (.xlsx or .csv) with the catalog; --apply writes it / 导入价格表（先比较，--apply 才写入）')
    .option('--dir <dir>', 'catalog folder / 目录文件夹', 'catalog')
    .option('--rules <dir>', 'rules folder / 规则文件夹', 'rules')
    .option('--apply', 'write the changes into the catalog files / 写入目录文件')
    .option('--skip-bad-rows', 'apply the good rows even if some rows are bad / 跳过错误行')
    .option('--map <pairs...>', `column mapping field=header or field=letter (fields: ${PRICE_LIST_FIELDS.join(', ')})`)
    .option('--sheet <name>', 'worksheet name (default: the first) / 工作表名')
    .option('--accept-external-data', 'import a workbook with external links or WEBSERVICE formulas (their cached values) / 确认导入含外部链接的工作簿')
    .option('--json', 'machine-readable output / 输出 JSON')
    .action(async (file: string, opts: { dir: string; rules: string; apply?: boolean; skipBadRows?: boolean; map?: string[]; sheet?: string; json?: boolean; acceptExternalData?: boolean }) => {
      const map = parseMap(opts.map ?? []);
      if (typeof map === 'string') {
        ctx.err(map);
        ctx.exitCode = EXIT.usage;
        return;
      }
      // The limits beside the rules (rules/limits); a rules folder without them uses the shipped ones.
      const limits = readLimits(existsSync(join(opts.rules, LIMITS_PATH)) ? opts.rules : undefined);
      if (!limits.ok) {
        report(limits.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      // The file first (size, zip directory, rows, columns): a refused file never costs loading the catalog.
      const grid = await readGrid(file, opts.sheet, limits.value.priceList);
      if (!grid.ok) {
        report(grid.problems);
        ctx.exitCode = grid.problems.some((p) => p.code === 'catalog.io') ? EXIT.io : EXIT.problems;
        return;
      }
      const external = grid.warnings.filter((w) => w.code === 'priceList.externalData');
      report(grid.warnings);
      if (external.length > 0 && !opts.acceptExternalData) {
        say('未导入：请核对缓存的价格后，加 --accept-external-data 确认导入', 'not imported: check the cached prices, then confirm with --accept-external-data');
        ctx.exitCode = EXIT.problems;
        return;
      }
      const loaded = await load(opts.dir, opts.rules);
      if (!loaded) return;
      if (!loaded.result.ok) {
        report(loaded.result.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const list = readPriceList(grid.value, { map });
      if (!list.ok) {
        report(list.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const diff = diffPriceList(loaded.result.value, list.value);
      if (opts.json) ctx.out(JSON.stringify(diff, null, 2));
      else printDiff(diff);

      if (!opts.apply) {
        ctx.exitCode = diff.badRows.length > 0 ? EXIT.problems : EXIT.ok;
        return;
      }
      const kc = await listKnownKcTables(opts.rules);
      const applied = applyPriceListDiff(loaded.sources, diff, { skipBadRows: opts.skipBadRows === true, confirmExternalData: opts.acceptExternalData === true, ...(kc ? { knownKcTables: kc } : {}) });
      if (!applied.ok) {
        report(applied.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const bumped = diff.changed.length > 0 ? bumpCatalogVersion(applied.value.sources) : null;
      if (bumped && !bumped.ok) {
        report(bumped.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const written = await writeChangedSources(loaded.sources, bumped ? bumped.value.sources : applied.value.sources, (sources) => {
        const reloaded = loadCatalog(sources, kc ? { knownKcTables: kc } : {});
        return reloaded.ok ? [] : reloaded.problems;
      });
      if (!written.ok) {
        report(written.problems);
        say('目录未作任何修改', 'the catalog was left unchanged');
        ctx.exitCode = EXIT.io;
        return;
      }
      const paths = written.value;
      say(`已写入 ${diff.changed.length} 个物料的变更，修改了 ${paths.length} 个文件：${paths.join(', ')}`, `applied ${diff.changed.length} item change(s), ${paths.length} file(s) written: ${paths.join(', ')}`);
      if (bumped) say(`物料库版本 ${bumped.value.from} → ${bumped.value.to}`, `catalog version ${bumped.value.from} → ${bumped.value.to}`);
      ctx.exitCode = EXIT.ok;
    });

  function printDiff(diff: PriceListDiff): void {
    const zh = lang() === 'zh';
    const money = (label: string, c: MoneyChange | undefined) =>
      c ? `${label} ${c.old} → ${c.new} (${c.delta.startsWith('-') ? '' : '+'}${c.delta}${c.percent !== null ? `, ${c.percent.startsWith('-') ? '' : '+'}${c.percent}%` : ''})` : '';
    const line = (c: ItemChange) =>
      [
        `  ${zh ? '第' : 'row'} ${c.row}${zh ? ' 行' : ''}  ${c.code}`,
        money(zh ? '成本价' : 'cost', c.costPrice),
        money(zh ? '销售价' : 'list', c.listPrice),
        c.leadTimeDays ? `${zh ? '交期' : 'lead time'} ${c.leadTimeDays.old} → ${c.leadTimeDays.new}` : '',
      ].filter(Boolean).join('  ');
    say(`价格变更 ${diff.changed.length} 项：`, `${diff.changed.length} item(s) change:`);
    diff.changed.forEach((c) => ctx.out(line(c)));
    say(`未变 ${diff.unchangedCount} 项；目录中没有的编码 ${diff.added.length} 个；价格表未列出的目录物料 ${diff.removed.length} 个（仅报告，不删除）`,
      `${diff.unchangedCount} unchanged; ${diff.added.length} code(s) not in the catalog; ${diff.removed.length} catalog item(s) not in the list (reported only, never deleted)`);
    if (diff.removed.length > 0 && diff.removed.length <= 20) ctx.out(`  ${diff.removed.join(', ')}`);
    diff.warnings.forEach((p) => ctx.out(formatProblem(p, lang())));
    if (diff.badRows.length > 0) {
      report(diff.badRows);
      say(`价格表有 ${diff.badRows.length} 处错误：改正后重试，或用 --skip-bad-rows 跳过`,
        `${diff.badRows.length} bad row problem(s): fix them, or use --skip-bad-rows`);
    }
  }
}

const MAP_SHORT: Record<string, PriceListField> = { cost: 'costPrice', list: 'listPrice', lead: 'leadTimeDays' };

/** ["costPrice=采购单价", "code=A"] → mapping; a message when a pair is malformed. */
function parseMap(pairs: readonly string[]): Partial<Record<PriceListField, string>> | string {
  const map: Partial<Record<PriceListField, string>> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : '';
    // Own keys only: `constructor=B` or `__proto__=B` name no field.
    const field = (PRICE_LIST_FIELDS as readonly string[]).includes(key) ? (key as PriceListField) : Object.hasOwn(MAP_SHORT, key) ? MAP_SHORT[key] : undefined;
    if (!field || eq === pair.length - 1) {
      return `--map ${pair}: expected field=header with field one of ${PRICE_LIST_FIELDS.join(', ')} / 格式应为 字段=表头`;
    }
    map[field] = pair.slice(eq + 1);
  }
  return map;
}

async function readGrid(file: string, sheet: string | undefined, limits: InputLimits['priceList']): Promise<Result<SheetGrid>> {
  const read = await readBoundedFile(file, limits.maxFileBytes, { zh: '价格表文件', en: 'price list file' });
  if (!read.ok) return read.io ? fail(read.problems.map((p) => ({ ...p, code: 'catalog.io' }))) : read;
  const bytes = read.value;
  const ext = extname(file).toLowerCase();
  if (ext === '.csv' || ext === '.txt') {
    const grid = parseCsv(decodeText(bytes).text, file);
    const over = gridLimitProblems(grid, limits);
    return over.length > 0 ? fail(over) : ok(grid);
  }
  // exceljs loads only for workbooks: `catalog check` starts without it.
  const { readPriceListWorkbook } = await import('../export/xlsx/price-list-workbook.ts');
  return readPriceListWorkbook(bytes, { name: file, limits, ...(sheet ? { sheet } : {}) });
}
