import type { Command } from 'commander';
import { unitLabels } from '../core/catalog/labels.ts';
import { specText } from '../core/bom/model.ts';
import { formatMoney, Money, toFenString } from '../core/money.ts';
import { evaluateProject, type ProjectEvaluation } from '../core/pipeline.ts';
import { formatProblem } from '../core/problems.ts';
import { levelNames } from '../core/quote/approval.ts';
import type { Lang } from '../core/text.ts';
import { readSigningPolicy } from '../node/approval-keys.ts';
import { DEFAULT_TEMPLATES_DIR } from '../node/paths.ts';
import { EXIT } from './exit-codes.ts';
import { resolveLang } from './lang.ts';
import type { CliContext } from './main.ts';
import { isIntegrityProblem, readProjectInput } from './project-input.ts';
import { todayInChina } from '../core/quote/dates.ts';
import { textTable } from './text-table.ts';

const pct = (m: Money | null) => (m === null ? '—' : `${m.times(100).toFixed(2)} %`);

/** The priced BOM by panel, the PCST cost build-up and the margin/approval summary, as text. */
export function renderQuote(e: ProjectEvaluation, lang: Lang, title: string): string {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const priced = e.priced;
  if (!priced) return `${title}: ${L('未能报价', 'could not be priced')}`;
  const out: string[] = [`== ${L('报价核算', 'Quote costing')} — ${title}`];
  const model = e.sizing.configuration?.modelCode;
  if (model) out.push(`${L('型号', 'Model')}: ${model}`);
  out.push(`${L('目录版本', 'Catalog version')}: ${priced.catalogVersion}   ${L('成本模型', 'Cost model')}: ${priced.costModelVersion}   ${L('增值税率', 'VAT')}: ${priced.vatRatePct} %`);
  const right = new Set([3, 5, 6, 7, 8, 9]);
  for (const panel of priced.panels) {
    const lines = priced.lines.filter((l) => l.panelId === panel.id);
    out.push('', `-- ${panel.index}. ${panel.name[lang]}`);
    out.push(
      textTable(
        [L('编码', 'Code'), L('名称', 'Name'), L('规格', 'Spec'), L('数量', 'Qty'), L('单位', 'Unit'), L('材料单价', 'Unit material'), L('全成本', 'Full cost'), L('单价', 'Unit price'), L('金额(不含税)', 'Amount ex VAT'), L('毛利率', 'Margin')],
        lines.map((l) => [
          (l.code ?? L('（非目录）', '(non-catalog)')) + (l.source.kind === 'manual' ? ' *' : ''),
          l.name[lang],
          // A battery line states its groups in the spec, as the documents print it (第 1 组（共 2 组 × 104 只）).
          specText({ spec: l.spec, unit: l.unit, quantity: l.quantity, ...(l.groups ? { groups: l.groups } : {}) }, lang),
          l.quantity,
          unitLabels[l.unit][lang],
          formatMoney(l.unitCost),
          formatMoney(l.totalCost),
          formatMoney(l.unitPrice),
          formatMoney(l.netAmountExVat),
          pct(l.grossMargin) + (l.belowCost ? L(' 低于成本', ' BELOW COST') : ''),
        ]),
        right,
      ),
    );
    out.push(`${L('小计', 'Subtotal')}: ${L('成本', 'cost')} ${formatMoney(panel.totalCost)}  ${L('不含税', 'ex VAT')} ${formatMoney(panel.netAmountExVat)}  ${L('毛利率', 'margin')} ${pct(panel.grossMargin)}`);
  }
  out.push('', `-- ${L('成本构成 (PCST)', 'Cost build-up (PCST)')}`);
  out.push(
    textTable(
      [L('项目', 'Item'), L('费率/依据', 'Rate / basis'), L('金额', 'Amount')],
      priced.costLayers.map((c) => [c.name[lang], c.ratePct ? `${c.ratePct} % × ${formatMoney(c.baseAmount ?? 0)}` : c.perPanelAmount ? `${formatMoney(c.perPanelAmount)} × ${c.panelCount}` : '', formatMoney(c.amount)]),
      new Set([2]),
    ),
  );
  const t = priced.totals;
  out.push(
    '',
    `-- ${L('合计', 'Totals')}`,
    `${L('总成本', 'Total cost')}: ${formatMoney(t.totalCost)}`,
    `${L('报价(不含税)', 'Price ex VAT')}: ${formatMoney(t.netAmountExVat)}${t.headerDiscount.isZero() ? '' : `  (${L('整单折扣', 'header discount')} ${formatMoney(t.headerDiscount)})`}`,
    `${L('增值税', 'VAT')}: ${formatMoney(t.vat)}`,
    `${L('报价(含税)', 'Price incl. VAT')}: ${formatMoney(t.amountIncVat)}`,
    `${L('毛利', 'Gross profit')}: ${formatMoney(t.grossProfit)}   ${L('毛利率', 'Gross margin')}: ${pct(t.grossMargin)}`,
  );
  if (e.quote) {
    const q = e.quote;
    out.push(`${L('审批级别', 'Approval level')}: ${levelNames[q.required.level][lang]}${q.required.needsApproval ? L('（需审批）', ' (approval required)') : L('（工程师可直接出具）', ' (engineer may issue)')}`);
    out.push(`${L('可出正式报价', 'May issue final quote')}: ${q.canIssueFinal ? L('是', 'yes') : L('否', 'no')}`);
    for (const b of q.blockers) out.push(`  - ${b.message[lang]}`);
  }
  if (e.deviations.length) out.push('', `${L('与规则清单的偏差', 'Deviations from the rule-built BOM')}: ${e.deviations.length}`);
  const notes = e.problems.filter((p) => p.severity !== 'info');
  if (notes.length) {
    out.push('', `-- ${L('问题与提示', 'Problems and warnings')}`);
    for (const p of notes) out.push(formatProblem(p, lang));
  }
  return out.join('\n');
}

/** Decimal fields that are not money: fractions and percentages, printed exact. */
const NOT_MONEY = new Set(['grossMargin', 'lineDiscountPct', 'ratePct']);

/** JSON form: money as fixed two-decimal strings ("70506.90", never "70506.9" or an exponent); margins and rates exact. */
export function quoteJson(e: ProjectEvaluation): unknown {
  return JSON.parse(
    JSON.stringify({ modelCode: e.sizing.configuration?.modelCode ?? null, priced: e.priced, quote: e.quote, deviations: e.deviations, droppedEdits: e.droppedEdits, problems: e.problems }, function (this: Record<string, unknown>, k: string, v: unknown) {
      // JSON.stringify has already called toJSON (exponent form above 1e40); read the decimal itself.
      const raw = this[k];
      return Money.isDecimal(raw) ? (NOT_MONEY.has(k) ? raw.toFixed() : toFenString(raw)) : v;
    }),
  );
}

/** `dcq quote project.json [--json]`: priced BOM and margin summary. Exit 0 priced, 1 problems, 3 I/O. */
export function registerQuoteCommand(program: Command, ctx: CliContext): void {
  program
    .command('quote')
    .description('price a project: BOM by panel, PCST cost build-up, margin and approval level / 报价核算')
    .argument('<project>', 'project file (JSON) / 项目文件')
    .option('--json', 'print the priced quote as JSON (money as exact decimal strings) / 以 JSON 输出')
    .option('--catalog <dir>', 'catalog directory / 元器件目录')
    .option('--rules <dir>', 'rules directory (rules/) / 规则目录')
    .option('--templates <dir>', 'templates folder: its approval-public-key.txt verifies signed approvals / 模板目录（审批公钥）', DEFAULT_TEMPLATES_DIR)
    .action(async (projectPath: string, opts: { json?: boolean; catalog?: string; rules?: string; templates: string }) => {
      const lang = resolveLang(program.opts<{ lang?: string }>().lang);
      const input = await readProjectInput(ctx, lang, projectPath, { catalog: opts.catalog, rules: opts.rules });
      if (!input) return;
      const signing = readSigningPolicy(input.knowledge, opts.templates);
      if (!signing.ok) {
        signing.problems.forEach((p) => ctx.err(formatProblem(p, lang)));
        ctx.exitCode = EXIT.problems;
        return;
      }
      const now = new Date();
      const evaluation = evaluateProject(input.project, input.knowledge, { now: now.toISOString(), quoteDate: todayInChina(now), signing: signing.value });
      if (opts.json) ctx.out(JSON.stringify(quoteJson(evaluation), null, 2));
      else ctx.out(renderQuote(evaluation, lang, input.project.meta.name));
      const integrity = evaluation.problems.filter(isIntegrityProblem);
      if (!evaluation.priced || integrity.length > 0) {
        for (const p of evaluation.priced ? integrity : evaluation.problems.filter((x) => x.severity === 'error')) ctx.err(formatProblem(p, lang));
        ctx.exitCode = EXIT.problems;
      }
    });
}
