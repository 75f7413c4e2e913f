import { LineCounter, parseDocument } from 'yaml';
import type { Problem, Result } from '../problems.ts';
import { fail, ok } from '../problems.ts';
import {
  LOAD_KINDS,
  ruleFileSchemas,
  SINGLETON_KINDS,
  type KcTableFile,
  type LoadClass,
  type LoadKind,
  type RuleFileInfo,
  type RuleKind,
  type Rules,
} from './schema.ts';

/** One rule file as read at the edge (CLI, app, tests): its path (for messages) and its text. */
export interface RuleSource {
  path: string;
  text: string;
}

function problem(code: string, path: string, file: string, zh: string, en: string, extra: Partial<Problem> = {}): Problem {
  return { code, severity: 'error', path, message: { zh, en }, location: { file }, ...extra };
}

function isRuleKind(k: unknown): k is RuleKind {
  return typeof k === 'string' && Object.prototype.hasOwnProperty.call(ruleFileSchemas, k);
}

/**
 * Validates every rule file with its zod schema and assembles the `Rules` the sizing reads.
 * Every problem of every file is listed (not only the first); nothing is defaulted silently.
 */
export function loadRules(sources: readonly RuleSource[]): Result<Rules> {
  const problems: Problem[] = [];
  const files: RuleFileInfo[] = [];
  const singletons = new Map<RuleKind, { path: string; data: unknown }>();
  const kcTables = new Map<string, KcTableFile>();

  for (const src of sources) {
    const lineCounter = new LineCounter();
    const doc = parseDocument(src.text, { lineCounter, prettyErrors: false });
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        const pos = lineCounter.linePos(e.pos[0]);
        problems.push(
          problem('RULES_YAML_SYNTAX', '', src.path, `YAML 语法错误：${e.message}`, `YAML syntax error: ${e.message}`, {
            location: { file: src.path, row: pos.line },
          }),
        );
      }
      continue;
    }
    const raw: unknown = doc.toJS();
    const kind = (raw as { kind?: unknown } | null)?.kind;
    if (!isRuleKind(kind)) {
      problems.push(
        problem('RULES_UNKNOWN_KIND', 'kind', src.path, `未知的规则文件类型：${String(kind)}`, `Unknown rule file kind: ${String(kind)}`, {
          value: kind,
          limit: Object.keys(ruleFileSchemas),
        }),
      );
      continue;
    }
    const parsed = ruleFileSchemas[kind].safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join('.');
        problems.push(problem('RULES_INVALID', path, src.path, `规则数据无效：${issue.message}`, `Invalid rule data: ${issue.message}`));
      }
      continue;
    }
    const data = parsed.data as { id: string; description: { zh: string; en: string }; unit: string; clause: string; edition: string; confidence: RuleFileInfo['confidence']; sources: string[] };
    files.push({ id: data.id, kind, path: src.path, description: data.description, unit: data.unit, clause: data.clause, edition: data.edition, confidence: data.confidence, sources: data.sources });
    if (kind === 'kcTable') {
      const table = parsed.data as KcTableFile;
      if (kcTables.has(table.id)) {
        problems.push(problem('RULES_DUPLICATE', 'id', src.path, `Kc 表 ${table.id} 重复`, `Kc table ${table.id} is defined twice`, { value: table.id }));
      }
      const voltages = table.columns.map((c) => c.finalVoltageV);
      if (new Set(voltages).size !== voltages.length) {
        problems.push(problem('RULES_DUPLICATE', 'columns', src.path, `Kc 表 ${table.id} 有重复的终止电压列`, `Kc table ${table.id} has a final voltage column twice`));
      }
      kcTables.set(table.id, table);
    } else if (singletons.has(kind)) {
      problems.push(
        problem('RULES_DUPLICATE', 'kind', src.path, `规则 ${kind} 重复（另见 ${singletons.get(kind)?.path}）`, `Rule table ${kind} is defined twice (also in ${singletons.get(kind)?.path})`, { value: kind }),
      );
    } else {
      singletons.set(kind, { path: src.path, data: parsed.data });
    }
  }

  for (const kind of SINGLETON_KINDS) {
    if (!singletons.has(kind)) {
      problems.push(problem('RULES_MISSING', kind, '', `缺少规则表：${kind}`, `Missing rule table: ${kind}`, { value: kind }));
    }
  }
  if (problems.length > 0) return fail(problems);

  const get = <K extends RuleKind>(k: K) => (singletons.get(k) as { data: unknown }).data as Rules[K extends keyof Rules ? K : never];
  const loadClasses = get('loadClasses') as Rules['loadClasses'];
  const loadClassById = new Map<LoadKind, LoadClass>();
  for (const c of loadClasses.classes) {
    if (loadClassById.has(c.id)) problems.push(problem('RULES_DUPLICATE', `classes.${c.id}`, singletons.get('loadClasses')?.path ?? '', `负荷类别 ${c.id} 重复`, `Load class ${c.id} defined twice`));
    loadClassById.set(c.id, c);
  }
  for (const k of LOAD_KINDS) {
    if (!loadClassById.has(k)) problems.push(problem('RULES_MISSING', `classes.${k}`, singletons.get('loadClasses')?.path ?? '', `缺少负荷类别 ${k}`, `Load class ${k} is missing`));
  }
  const step = get('stepMethod') as Rules['stepMethod'];
  if (!step.randomLoadPlacement.alternatives.includes(step.randomLoadPlacement.value)) {
    problems.push(problem('RULES_INVALID', 'randomLoadPlacement.value', singletons.get('stepMethod')?.path ?? '', '随机负荷规则不在可选项中', 'randomLoadPlacement.value is not one of its alternatives'));
  }
  const arr = get('arrangements') as Rules['arrangements'];
  for (const d of arr.defaults) {
    if (!arr.arrangements.some((a) => a.id === d.arrangement)) {
      problems.push(problem('RULES_INVALID', 'defaults', singletons.get('arrangements')?.path ?? '', `默认配置 ${d.arrangement} 未定义`, `Default arrangement ${d.arrangement} is not defined`));
    }
  }
  if (problems.length > 0) return fail(problems);

  const rules: Rules = {
    files,
    kcTables,
    voltageLimits: get('voltageLimits') as Rules['voltageLimits'],
    cellVoltages: get('cellVoltages') as Rules['cellVoltages'],
    loadClasses,
    loadClassById,
    dischargeDurations: get('dischargeDurations') as Rules['dischargeDurations'],
    stepMethod: step,
    batteryCapacities: get('batteryCapacities') as Rules['batteryCapacities'],
    charger: get('charger') as Rules['charger'],
    arrangements: arr,
    breakers: get('breakers') as Rules['breakers'],
    breakerRatings: get('breakerRatings') as Rules['breakerRatings'],
    cables: get('cables') as Rules['cables'],
    cableSections: get('cableSections') as Rules['cableSections'],
    equipmentF: get('equipmentF') as Rules['equipmentF'],
    monitoring: get('monitoring') as Rules['monitoring'],
  };
  return ok(rules);
}
