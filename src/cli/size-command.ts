import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadCatalog } from '../core/catalog/load.ts';
import { formatProblem, type Problem } from '../core/problems.ts';
import { quoteStateOf } from '../core/pipeline.ts';
import { quoteIntegrityProblems } from '../core/quote/verify.ts';
import { commandLimits, precheckProjectFile, validateProjectFile } from './project-input.ts';
import { isConfirmed } from '../core/provenance.ts';
import { traceText } from '../core/trace.ts';
import { loadRules } from '../core/rules/index.ts';
import { size, type SizingResult } from '../core/sizing/index.ts';
import type { Lang } from '../core/text.ts';
import { readCatalogSources } from '../node/catalog-files.ts';
import { cachedLoad } from '../node/load-cache.ts';
import { DEFAULT_RULES_DIR, readRuleSources } from '../node/rules-files.ts';
import { EXIT } from './exit-codes.ts';
import { resolveLang } from './lang.ts';
import type { CliContext } from './main.ts';

const DEFAULT_CATALOG_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../catalog');

/** Renders the calculation sheet (计算书) of a sizing result as plain text, from the trace. */
export function renderSheet(result: SizingResult, lang: Lang, title: string): string {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const out: string[] = [];
  const c = result.configuration;
  out.push(`== ${L('直流电源系统计算书', 'DC power system calculation sheet')} — ${title}`);
  if (c) out.push(`${L('型号', 'Model')}: ${c.modelCode}  (${c.modelDescription[lang]})`);
  const s = result.loadStatistics;
  if (s) {
    out.push('', `-- ${L('直流负荷统计表', 'DC load statistics')} (Un = ${s.nominalVoltageV} V, ${L('事故放电', 'accident discharge')} ${s.dischargeDurationMin} min)`);
    const head = [L('序号', 'No.'), L('负荷名称', 'Load'), L('容量', 'Capacity'), 'K', L('计算电流 A', 'Current A'), L('经常 A', 'Cont. A'), ...s.columns.map((col) => col.label[lang]), L('随机 5 s', 'Random 5 s')];
    out.push(head.join(' | '));
    const f = (n: number | null) => (n === null ? '' : n.toFixed(2));
    const basis = (b: 'rated' | 'calculated' | undefined) => (b === 'calculated' ? L('（计算电流）', ' (calculated)') : b === 'rated' ? L('（额定）', ' (rated)') : '');
    for (const r of s.rows) out.push([r.no, r.name, `${r.capacity.value} ${r.capacity.unit}${basis(r.currentBasis)}`, r.loadFactor, f(r.currentA), f(r.continuousA), ...r.periodsA.map(f), f(r.randomA)].join(' | '));
    out.push([L('电流统计', 'Totals'), '', '', '', '', `I0=${f(s.totals.i0A)}`, ...s.totals.periodsA.map((a, i) => `I${i + 1}=${f(a)}`), `IR=${f(s.totals.randomA)}`].join(' | '));
    if (s.capacity) {
      out.push([L('容量计算 Ah', 'Stage capacity Ah'), '', '', '', '', '', ...s.capacity.stagesAh.map(f)].join(' | '));
      out.push([L('叠加随机负荷 Ah', 'With random load Ah'), '', '', '', '', '', ...s.capacity.withRandomAh.map(f)].join(' | '));
      out.push(`${L('容量取值', 'Chosen capacity')}: ${f(s.capacity.requiredAh)} → ${s.capacity.chosenAh ?? '-'} Ah`);
    }
  }
  const chk = result.batteryCheck;
  if (chk) {
    const f = (n: number) => n.toFixed(2);
    out.push('', `-- ${L('现有蓄电池核算', 'Existing battery check')}: ${chk.itemCode ?? ''} ${chk.capacityAh} Ah × ${chk.cellCount} ${L('只', 'cells')}, Um ${chk.requiredFinalVoltageV} V → ${chk.finalVoltageV} V (${chk.kcSource.label})`);
    out.push([L('阶段', 'Stage'), L('结束 min', 'End min'), L('所需 Ah', 'Required Ah'), L('现有 Ah', 'Available Ah'), L('裕度 Ah', 'Margin Ah'), L('裕度 %', 'Margin %'), ''].join(' | '));
    for (const st of chk.stages) out.push([st.stage, st.endMin, `${f(st.requiredAh)}${st.withRandom ? ' (+CR)' : ''}`, st.availableAh, f(st.marginAh), f(st.marginPct), st.ok ? 'OK' : L('不足', 'SHORT')].join(' | '));
    out.push(`${L('结论', 'Result')}: ${chk.ok ? L('满足', 'sufficient') : L('不足', 'insufficient')} (${L('所需', 'required')} ${f(chk.requiredAh)} Ah, ${L('裕度', 'margin')} ${f(chk.marginAh)} Ah / ${f(chk.marginPct)} %)`);
  }
  out.push('', `-- ${L('计算过程', 'Calculation')}`);
  for (const e of result.trace) {
    const unconfirmed = e.confidence.some((t) => !isConfirmed(t));
    const value = e.valueText ? e.valueText[lang] : typeof e.value === 'number' ? Number(e.value.toFixed(4)) : e.value;
    out.push(`[${e.id}] ${e.quantity[lang]}: ${e.symbol} = ${value} ${traceText(e.unit, lang)}`.trimEnd());
    out.push(`    ${traceText(e.formula, lang)}`);
    if (e.substituted) out.push(`    ${traceText(e.substituted, lang)}`);
    out.push(`    ${L('依据', 'Clause')}: ${e.clause}  [${e.confidence.join(', ') || L('项目输入', 'input')}]${unconfirmed ? L('  ※ 尚未按标准印刷版确认', '  ※ not yet confirmed against the printed standard') : ''}`);
    if (e.note) out.push(`    ${L('注', 'Note')}: ${e.note[lang]}`);
  }
  if (c) {
    out.push('', `-- ${L('配置清单', 'Configuration lines')}`);
    for (const l of c.lines) out.push(`${l.family} ${l.itemCode ?? L('（无合适物料）', '(no catalog item)')} × ${Number(l.quantity.toFixed(2))} ${l.unit} @ ${l.location} — ${l.reason[lang]}`);
  }
  if (result.problems.length) {
    out.push('', `-- ${L('问题', 'Problems')}`);
    for (const p of result.problems) out.push(formatProblem(p, lang));
  }
  return out.join('\n');
}

/** `dcq size project.json [--json] [--catalog dir] [--rules dir]`. Exit 0 sized, 1 problems, 3 unreadable file. */
export function registerSizeCommand(program: Command, ctx: CliContext): void {
  program
    .command('size')
    .description('size a project per DL/T 5044-2014 and print the calculation sheet / 按 DL/T 5044-2014 计算并输出计算书')
    .argument('<project>', 'project file (JSON) / 项目文件')
    .option('--json', 'print the full result with trace as JSON / 以 JSON 输出完整结果')
    .option('--catalog <dir>', 'catalog directory / 元器件目录', DEFAULT_CATALOG_DIR)
    .option('--rules <dir>', 'DL/T 5044 rules directory (rules/dlt5044) / 规则目录', DEFAULT_RULES_DIR)
    .action(async (projectPath: string, opts: { json?: boolean; catalog: string; rules: string }) => {
      const lang = resolveLang(program.opts<{ lang?: string }>().lang);
      const report = (problems: readonly Problem[]) => problems.forEach((p) => ctx.err(formatProblem(p, lang)));
      const ioError = (file: string, e: unknown) => {
        const err = e as NodeJS.ErrnoException;
        report([{ code: 'IO_UNREADABLE', severity: 'error', path: '', message: { zh: `无法读取文件：${file}（${err.code ?? err.message}）`, en: `cannot read file: ${file} (${err.code ?? err.message})` }, location: { file } }]);
        ctx.exitCode = EXIT.io;
      };
      // The file's cheap checks first: a refused file never costs loading the catalog.
      const limits = commandLimits(ctx, lang, resolve(opts.rules, '..'));
      if (!limits) return;
      const json = await precheckProjectFile(ctx, lang, projectPath, limits);
      if (!json) return;
      let ruleSources;
      try {
        ruleSources = readRuleSources(opts.rules);
      } catch (e) {
        ioError(opts.rules, e);
        return;
      }
      const sources = ruleSources;
      const rules = cachedLoad('rules', sources, '', () => loadRules(sources));
      if (!rules.ok) {
        report(rules.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const catSources = await readCatalogSources(opts.catalog);
      if (!catSources.ok) {
        report(catSources.problems);
        ctx.exitCode = EXIT.io;
        return;
      }
      const knownKcTables = [...rules.value.kcTables.keys()];
      const catalog = cachedLoad('catalog', catSources.value, knownKcTables.join(','), () => loadCatalog(catSources.value, { knownKcTables }));
      if (!catalog.ok) {
        report(catalog.problems);
        ctx.exitCode = EXIT.problems;
        return;
      }
      const opened = validateProjectFile(ctx, lang, projectPath, json, rules.value);
      if (!opened) return;
      const project = { value: opened.project, warnings: opened.warnings };
      // Opening verifies the quote's revisions and approvals too: an altered one is reported (exit 1).
      const integrity = quoteIntegrityProblems(quoteStateOf(project.value), new Date().toISOString());
      const result = size(project.value.requirements, catalog.value, rules.value);
      const problems = [...integrity, ...project.warnings, ...result.problems];
      if (opts.json) ctx.out(JSON.stringify({ project: { id: project.value.id, meta: project.value.meta }, ...result, problems }, null, 2));
      else ctx.out(renderSheet({ ...result, problems }, lang, project.value.meta.name));
      integrity.forEach((p) => ctx.err(formatProblem(p, lang)));
      ctx.exitCode = result.ok && integrity.length === 0 ? EXIT.ok : EXIT.problems;
    });
}
