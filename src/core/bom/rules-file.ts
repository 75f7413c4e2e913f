import { parseDocument } from 'yaml';
import { fail, ok, type Result } from '../problems.ts';
import { bomRulesSchema, type BomRules } from './build.ts';

// The YAML loader lives apart from buildBom so the app, which gets the rules precompiled, does not
// carry the YAML parser in its first script.
/** Reads rules/bom/bom-rules.yaml from its text (failsafe YAML: every scalar is the text typed). */
export function loadBomRules(source: { path: string; text: string }): Result<BomRules> {
  const doc = parseDocument(source.text, { schema: 'failsafe', uniqueKeys: true });
  if (doc.errors.length > 0) {
    return fail(doc.errors.map((e) => ({ code: 'bomRules.yamlSyntax', severity: 'error' as const, path: '', location: { file: source.path, row: e.linePos?.[0]?.line }, message: { zh: `YAML 语法错误：${e.message}`, en: `YAML syntax error: ${e.message}` } })));
  }
  const r = bomRulesSchema.safeParse(doc.toJS());
  if (!r.success) {
    return fail(
      r.error.issues.map((i) => {
        const path = i.path.map(String).join('.');
        return { code: 'bomRules.invalid', severity: 'error' as const, path, location: { file: source.path }, message: { zh: `${path} 无效：${i.message}`, en: `${path} is not valid: ${i.message}` } };
      }),
    );
  }
  return ok(r.data);
}
