import { parseDocument } from 'yaml';
import { fail, ok, type Problem, type Result } from '../problems.ts';
import {
  approvalRulesSchema, costModelSchema, pricingBoundsSchema, vatSchema,
  type ApprovalRules, type CostModel, type PricingBounds, type PricingRules, type SourceFile, type VatRule,
} from './rules.ts';

// The YAML loader lives apart from the pricing rules' schemas so the app, which gets the rules
// precompiled, does not carry the YAML parser in its first script.
const FILES = { 'cost-model.yaml': costModelSchema, 'vat.yaml': vatSchema, 'approval.yaml': approvalRulesSchema, 'bounds.yaml': pricingBoundsSchema } as const;
type FileName = keyof typeof FILES;

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * Reads rules/pricing/{cost-model,vat,approval,bounds}.yaml from their text (the caller does the I/O).
 * Every problem names its file, line where known, and the field path.
 */
export function loadPricingRules(sources: readonly SourceFile[]): Result<PricingRules> {
  const problems: Problem[] = [];
  const parsed: Partial<Record<FileName, unknown>> = {};
  for (const name of Object.keys(FILES) as FileName[]) {
    const src = sources.find((s) => baseName(s.path) === name);
    if (!src) {
      problems.push({
        code: 'pricingRules.missingFile',
        severity: 'error',
        path: name,
        message: { zh: `缺少定价规则文件 rules/pricing/${name}`, en: `Pricing rules file rules/pricing/${name} is missing` },
      });
      continue;
    }
    const doc = parseDocument(src.text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: true });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        problems.push({
          code: 'pricingRules.yamlSyntax',
          severity: 'error',
          path: name,
          location: { file: src.path, row: e.linePos?.[0]?.line },
          message: { zh: `YAML 语法错误：${e.message}`, en: `YAML syntax error: ${e.message}` },
        });
      }
      continue;
    }
    const result = FILES[name].safeParse(doc.toJS());
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
        problems.push({
          code: 'pricingRules.invalid',
          severity: 'error',
          path: path || '(root)',
          location: { file: src.path },
          message: { zh: `${name} 中 ${path || '根'} 无效：${issue.message}`, en: `${name}: ${path || 'root'} is not valid: ${issue.message}` },
        });
      }
      continue;
    }
    parsed[name] = result.data;
  }
  if (problems.length > 0) return fail(problems);
  return ok({
    costModel: parsed['cost-model.yaml'] as CostModel,
    vat: parsed['vat.yaml'] as VatRule,
    approval: parsed['approval.yaml'] as ApprovalRules,
    bounds: parsed['bounds.yaml'] as PricingBounds,
  });
}
