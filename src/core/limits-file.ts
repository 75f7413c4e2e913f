import { parse } from 'yaml';
import { fail, ok, type Problem, type Result } from './problems.ts';
import { inputLimitsSchema, LIMITS_PATH, type InputLimits } from './limits.ts';

// The YAML loader lives apart from the limits themselves so the app, which gets them precompiled,
// does not carry the YAML parser in its first script.
export function loadLimits(source: { path: string; text: string } | undefined): Result<InputLimits> {
  const problem = (zh: string, en: string): Problem => ({ code: 'limits.invalid', severity: 'error', path: `rules/${LIMITS_PATH}`, message: { zh, en } });
  if (!source) return fail([problem('缺少输入限值文件 rules/limits/input-limits.yaml', 'The input limits file rules/limits/input-limits.yaml is missing')]);
  let json: unknown;
  try {
    json = parse(source.text);
  } catch (e) {
    return fail([problem(`输入限值文件不是有效的 YAML：${(e as Error).message}`, `The input limits file is not valid YAML: ${(e as Error).message}`)]);
  }
  const parsed = inputLimitsSchema.safeParse(json);
  if (!parsed.success) return fail(parsed.error.issues.map((i) => problem(`输入限值 ${i.path.join('.')}：${i.message}`, `input limits ${i.path.join('.')}: ${i.message}`)));
  return ok(parsed.data);
}
