import type { z } from 'zod';
import type { Problem, Result } from '../problems.ts';
import { fail, ok } from '../problems.ts';
import type { LocalText } from '../text.ts';
import type { Rules } from '../rules/schema.ts';
import { projectFileSchema, requirementsSchema, type LoadInput, type ProjectFile, type Requirements } from './schema.ts';

export type { ProjectFile, Requirements, LoadInput } from './schema.ts';

/**
 * Validation of the project file: structure (zod) and the cross-field rules a presales engineer gets
 * wrong (negative load, kVA without power factor, a period outside the duty cycle, a final voltage no
 * Kc table covers…). Every problem carries a stable code, the field path and a bilingual reason.
 * Passing `rules` adds the checks that need rule data (default load factors, default duration, Kc columns).
 */

function p(code: string, path: string, zh: string, en: string, extra: Partial<Problem> = {}, severity: Problem['severity'] = 'error'): Problem {
  return { code, severity, path, message: { zh, en }, ...extra };
}

function pathOf(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${String(s)}` : String(s);
  }
  return out;
}

/** The kind of value zod expected, in Chinese words (a Chinese message carries no English type names). */
const EXPECTED_ZH: Record<string, string> = { number: '数值', int: '整数', string: '文本', boolean: '是/否（true/false）', object: '对象（{…}）', array: '列表（[…]）', date: '日期', bigint: '整数' };
function expectedZh(expected: unknown): string {
  return EXPECTED_ZH[String(expected)] ?? `“${String(expected)}”类型`;
}

/** Translates a zod issue into a bilingual problem. */
export function problemFromZodIssue(issue: z.core.$ZodIssue, prefix = ''): Problem {
  const path = pathOf([...(prefix ? [prefix] : []), ...issue.path]);
  let message: LocalText;
  let code = 'PROJECT_INVALID';
  const i = issue as z.core.$ZodIssue & Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type':
      if (i.input === undefined) {
        code = 'PROJECT_REQUIRED';
        message = { zh: `必填项缺失（应为${expectedZh(i.expected)}）`, en: `required field is missing (expected ${String(i.expected)})` };
      } else {
        code = 'PROJECT_TYPE';
        message = { zh: `类型错误：应为${expectedZh(i.expected)}`, en: `wrong type: expected ${String(i.expected)}` };
      }
      break;
    case 'too_small':
      code = 'PROJECT_TOO_SMALL';
      message = i.origin === 'array'
        ? { zh: `至少需要 ${String(i.minimum)} 项`, en: `needs at least ${String(i.minimum)} item(s)` }
        : i.origin === 'string'
          ? { zh: '不能为空', en: 'must not be empty' }
          : { zh: `数值必须${i.inclusive ? '≥' : '>'} ${String(i.minimum)}`, en: `must be ${i.inclusive ? '≥' : '>'} ${String(i.minimum)}` };
      break;
    case 'too_big':
      code = 'PROJECT_TOO_BIG';
      message = { zh: `数值必须${i.inclusive ? '≤' : '<'} ${String(i.maximum)}`, en: `must be ${i.inclusive ? '≤' : '<'} ${String(i.maximum)}` };
      break;
    case 'invalid_value':
      code = 'PROJECT_NOT_ALLOWED';
      message = { zh: `取值不允许，可选：${(i.values as unknown[]).map(String).join(' / ')}`, en: `value not allowed; one of: ${(i.values as unknown[]).map(String).join(' / ')}` };
      break;
    case 'invalid_union':
      code = 'PROJECT_NOT_ALLOWED';
      message = { zh: '取值不在允许范围内', en: 'value is not one of the allowed forms' };
      break;
    case 'unrecognized_keys':
      code = 'PROJECT_UNKNOWN_FIELD';
      message = { zh: `未知字段：${(i.keys as string[]).join(', ')}`, en: `unknown field(s): ${(i.keys as string[]).join(', ')}` };
      break;
    default:
      message = { zh: `无效：${issue.message}`, en: `invalid: ${issue.message}` };
  }
  return { code, severity: 'error', path, message, value: i.input };
}

/** Duty-cycle length: the accident duration, extended by any load whose own duration is longer. */
export function dutyCycleMin(req: Requirements, accidentMin: number): number {
  let t = accidentMin;
  for (const l of req.loads) if (l.durationMin !== undefined && !l.random) t = Math.max(t, l.durationMin);
  return t;
}

/** The default accident duration from the rules (null where the rules give none). */
export function defaultDischargeMin(req: Requirements, rules: Rules): { value: number; key: string } | null {
  const d = rules.dischargeDurations;
  if (req.site.voltageLevel === 'powerPlant') {
    if (req.site.gridConnected === undefined) return null;
    return req.site.gridConnected ? { value: d.powerPlant.gridConnected.value, key: 'powerPlant.gridConnected' } : { value: d.powerPlant.isolated.value, key: 'powerPlant.isolated' };
  }
  return req.site.attended ? { value: d.substation.attended.value, key: 'substation.attended' } : { value: d.substation.unattended.value, key: 'substation.unattended' };
}

function checkLoad(l: LoadInput, i: number, req: Requirements, rules: Rules | undefined, cycleMin: number | null): Problem[] {
  const out: Problem[] = [];
  const at = `requirements.loads[${i}]`;
  const inputs = [l.powerKW, l.currentA, l.apparentPowerKVA].filter((v) => v !== undefined).length;
  if (inputs === 0) out.push(p('LOAD_INPUT_MISSING', at, `负荷“${l.name}”缺少容量：请填写 kW、A 或 kVA 之一`, `Load "${l.name}" has no size: enter one of kW, A or kVA`));
  if (inputs > 1) out.push(p('LOAD_INPUT_AMBIGUOUS', at, `负荷“${l.name}”同时填写了多种容量（kW/A/kVA），只能填写一种`, `Load "${l.name}" has more than one of kW / A / kVA; enter exactly one`));
  if (l.apparentPowerKVA !== undefined) {
    if (l.powerFactor === undefined) out.push(p('LOAD_KVA_PF_MISSING', `${at}.powerFactor`, `负荷“${l.name}”按 kVA 输入，须填写功率因数`, `Load "${l.name}" is given in kVA: enter its power factor`));
    if (l.efficiency === undefined) out.push(p('LOAD_KVA_EFF_MISSING', `${at}.efficiency`, `负荷“${l.name}”按 kVA 输入，须填写效率`, `Load "${l.name}" is given in kVA: enter its efficiency`));
  } else {
    // A field the sizing would not use is refused, never dropped silently (issue 10, item 4).
    for (const field of ['powerFactor', 'efficiency'] as const) {
      if (l[field] !== undefined) out.push(p('LOAD_PF_UNUSED', `${at}.${field}`, `负荷“${l.name}”的功率因数/效率仅用于 kVA 输入：请删除该值，或改按 kVA 填写容量`, `Load "${l.name}": power factor / efficiency apply to kVA inputs only: remove the value, or enter the size in kVA`, { value: l[field] }));
    }
  }
  if (l.currentBasis !== undefined && l.currentA === undefined) {
    out.push(p('LOAD_CURRENT_BASIS_UNUSED', `${at}.currentBasis`, `负荷“${l.name}”的“电流性质（额定/计算）”仅用于按 A 填写的负荷：请删除，或改按 A 填写`, `Load "${l.name}": "rated or calculated current" applies to loads entered in amps only: remove it, or enter the load in A`, { value: l.currentBasis }));
  }
  if (l.currentBasis === 'calculated' && l.loadFactor !== undefined && l.loadFactor !== 1) {
    out.push(p('LOAD_FACTOR_WITH_CALCULATED_CURRENT', `${at}.loadFactor`, `负荷“${l.name}”填写的是计算电流（K = 1），不能再填写负荷系数 ${l.loadFactor}：请删除负荷系数，或改为额定电流`, `Load "${l.name}" is entered as a calculated current (K = 1) and cannot take load factor ${l.loadFactor}: remove the load factor, or mark the current as rated`, { value: l.loadFactor, limit: 1 }));
  }
  for (const [field, v] of [['powerFactor', l.powerFactor], ['efficiency', l.efficiency]] as const) {
    if (v !== undefined && !(v > 0 && v <= 1)) out.push(p('LOAD_RATIO_RANGE', `${at}.${field}`, `须在 (0, 1] 之间`, `must be in (0, 1]`, { value: v, limit: '(0, 1]' }));
  }
  if (l.loadFactor !== undefined && !(l.loadFactor > 0 && l.loadFactor <= 1)) {
    out.push(p('LOAD_FACTOR_RANGE', `${at}.loadFactor`, '负荷系数须在 (0, 1] 之间', 'load factor must be in (0, 1]', { value: l.loadFactor, limit: '(0, 1]' }));
  }
  if (l.kind === 'other' && l.function === undefined) {
    out.push(p('LOAD_FUNCTION_MISSING', `${at}.function`, `负荷“${l.name}”类别为“其他”，须指明控制或动力负荷`, `Load "${l.name}" is of kind "other": state whether it is a control or power load`));
  }
  const cls = rules?.loadClassById.get(l.kind);
  if (cls && cls.loadFactor === undefined && l.loadFactor === undefined && !(l.currentA !== undefined && l.currentBasis === 'calculated')) {
    out.push(p('LOAD_FACTOR_MISSING', `${at}.loadFactor`, `负荷“${l.name}”（${cls.name.zh}）在规则中没有默认负荷系数，请填写`, `Load "${l.name}" (${cls.name.en}) has no default load factor in the rules: enter one`, { clause: rules?.loadClasses.clause }));
  }
  const isRandom = l.random ?? cls?.periods === 'random';
  if (isRandom) {
    // A random load (restoring or auto-transfer closing by class) is a 5 s load by definition: periods and a
    // duration would be ignored, so they are refused with a hint to the load kind that takes them.
    const what = cls && l.random === undefined ? { zh: `“${cls.name.zh}”按定义为随机（5 s）负荷`, en: `"${cls.name.en}" is a random (5 s) load by definition` } : { zh: '随机（5 s）负荷', en: 'a random (5 s) load' };
    const hint = { zh: '如该负荷按时段持续，请改选其他负荷类别（如“其他负荷”，动力）或取消“随机”', en: 'if it runs over periods, choose another load kind (e.g. "Other load", power) or untick "random"' };
    if (l.periods) out.push(p('LOAD_RANDOM_WITH_PERIODS', `${at}.periods`, `负荷“${l.name}”：${what.zh}，不能填写放电时段；${hint.zh}`, `Load "${l.name}": ${what.en} and takes no periods; ${hint.en}`, { value: l.periods }));
    if (l.durationMin !== undefined) out.push(p('LOAD_RANDOM_WITH_DURATION', `${at}.durationMin`, `负荷“${l.name}”：${what.zh}，不能填写持续时间；${hint.zh}`, `Load "${l.name}": ${what.en} and takes no duration; ${hint.en}`, { value: l.durationMin }));
  } else if (l.periods && l.durationMin !== undefined) {
    out.push(p('LOAD_DURATION_WITH_PERIODS', `${at}.durationMin`, `负荷“${l.name}”已填写放电时段，持续时间不再使用：请只填写其一`, `Load "${l.name}" has periods, so its duration would not be used: enter one or the other`, { value: l.durationMin }));
  }
  if (isRandom && l.continuous) out.push(p('LOAD_RANDOM_CONTINUOUS', `${at}.continuous`, '随机负荷不能同时为经常负荷', 'a random load cannot also be continuous'));
  if (l.periods) {
    const sorted = [...l.periods].map((q, j) => ({ ...q, j })).sort((a, b) => a.startMin - b.startMin);
    for (const q of sorted) {
      if (q.endMin <= q.startMin) {
        out.push(p('LOAD_PERIOD_EMPTY', `${at}.periods[${q.j}]`, `时段结束 ${q.endMin} min 须晚于开始 ${q.startMin} min`, `period end ${q.endMin} min must be after its start ${q.startMin} min`, { value: q }));
      }
      if (cycleMin !== null && q.endMin > cycleMin + 1e-9) {
        out.push(
          p('LOAD_PERIOD_OUTSIDE_CYCLE', `${at}.periods[${q.j}].endMin`, `时段结束 ${q.endMin} min 超出事故放电周期 ${cycleMin} min`, `period ends at ${q.endMin} min, outside the ${cycleMin} min duty cycle`, {
            value: q.endMin,
            limit: cycleMin,
          }),
        );
      }
    }
    for (let k = 1; k < sorted.length; k++) {
      const a = sorted[k - 1] as { endMin: number };
      const b = sorted[k] as { startMin: number; j: number };
      if (b.startMin < a.endMin) out.push(p('LOAD_PERIOD_OVERLAP', `${at}.periods[${b.j}]`, '时段重叠，电流会被重复统计', 'periods overlap; the current would be counted twice'));
    }
  }
  return out;
}

/** Cross-field checks of already structurally valid requirements. */
export function checkRequirements(req: Requirements, rules?: Rules): Problem[] {
  const out: Problem[] = [];
  const r = 'requirements';
  const telecom = req.systemKind === 'telecomSystem';
  if (telecom && req.nominalVoltageV !== 48) out.push(p('SYSTEM_VOLTAGE', `${r}.nominalVoltageV`, '通信电源系统标称电压应为 48 V', 'a telecom power system is 48 V', { value: req.nominalVoltageV, limit: 48 }));
  if (!telecom && req.nominalVoltageV === 48) out.push(p('SYSTEM_VOLTAGE', `${r}.nominalVoltageV`, '直流/一体化电源系统标称电压应为 110 V 或 220 V', 'a DC or integrated system is 110 V or 220 V', { value: 48, limit: [110, 220] }));
  if (telecom) {
    if (req.battery.cellCount === undefined) out.push(p('TELECOM_CELLS_REQUIRED', `${r}.battery.cellCount`, 'DL/T 5044 的单体数公式不适用于 -48 V 通信电源，请填写单体数', 'the DL/T 5044 cell-count rule does not cover -48 V telecom systems: enter the cell count'));
    if (req.battery.finalVoltagePerCellV === undefined) out.push(p('TELECOM_FINAL_REQUIRED', `${r}.battery.finalVoltagePerCellV`, '请填写通信电源蓄电池放电终止电压', 'enter the final voltage per cell for the telecom battery'));
    if (!req.telecom) out.push(p('TELECOM_OPTIONS_REQUIRED', `${r}.telecom`, '请选择通信整流模块（30 A 或 50 A）', 'choose the telecom rectifier module (30 A or 50 A)'));
  }
  if (req.integrated && req.systemKind !== 'integratedSystem') out.push(p('INTEGRATED_UNUSED', `${r}.integrated`, '一体化选项仅用于一体化电源系统，已忽略', 'integrated-system options apply to integrated systems only and are ignored', {}, 'warning'));
  if (req.battery.unitVoltageV === 12 && req.battery.cellCount !== undefined && req.battery.cellCount % 6 !== 0) {
    out.push(p('CELLS_NOT_MULTIPLE_OF_6', `${r}.battery.cellCount`, '12 V 组合电池的单体数须为 6 的倍数', 'with 12 V blocks the cell count must be a multiple of 6', { value: req.battery.cellCount }));
  }
  if (req.site.voltageLevel === 'powerPlant' && req.site.gridConnected === undefined && req.dischargeDurationMin === undefined) {
    out.push(p('DURATION_REQUIRED', `${r}.site.gridConnected`, '发电厂须说明是否并网（决定事故放电时间），或直接填写放电时间', 'for a power plant state whether it is grid-connected (sets the discharge duration) or enter the duration'));
  }
  const ids = new Set<string>();
  req.loads.forEach((l, i) => {
    if (l.id !== undefined) {
      if (ids.has(l.id)) out.push(p('LOAD_ID_DUPLICATE', `${r}.loads[${i}].id`, `负荷编号 ${l.id} 重复`, `load id ${l.id} is used twice`));
      ids.add(l.id);
    }
  });
  let cycle: number | null = null;
  if (req.dischargeDurationMin !== undefined) cycle = dutyCycleMin(req, req.dischargeDurationMin);
  else if (rules) {
    const d = defaultDischargeMin(req, rules);
    if (d) cycle = dutyCycleMin(req, d.value);
  }
  req.loads.forEach((l, i) => out.push(...checkLoad(l, i, req, rules, cycle)));
  if (!req.loads.some((l) => (l.continuous ?? rules?.loadClassById.get(l.kind)?.continuous) === true)) {
    out.push(p('NO_CONTINUOUS_LOAD', `${r}.loads`, '负荷表中没有经常负荷（Ijc = 0），请核对', 'the load list has no continuous load (Ijc = 0); check it', {}, 'warning'));
  }
  const feederCheck = (f: { kind: string; ratingA?: number | undefined; closingCurrentA?: number | undefined; closingDurationMs?: number | undefined; count: number; names?: string[] | undefined }, path: string) => {
    // More names than feeders would be dropped from the drawing: refused instead.
    if (f.names !== undefined && f.names.length > f.count) out.push(p('FEEDER_NAMES_TOO_MANY', `${path}.names`, `馈线回路名称有 ${f.names.length} 个，多于馈线数量 ${f.count}：请删除多余的名称或增加数量`, `${f.names.length} circuit names for ${f.count} feeders: remove the extra names or raise the count`, { value: f.names.length, limit: f.count }));
    if (f.ratingA === undefined && !(f.kind === 'closing' && f.closingCurrentA !== undefined)) {
      out.push(p('FEEDER_RATING_MISSING', `${path}.ratingA`, '馈线须填写断路器额定电流（合闸回路可填写合闸电流）', 'enter the feeder breaker rating (closing feeders may give the closing current instead)'));
    }
    // Fields the sizing would not use are refused, never dropped silently.
    if (f.kind !== 'closing' && f.closingCurrentA !== undefined) out.push(p('FEEDER_CLOSING_UNUSED', `${path}.closingCurrentA`, '合闸电流仅用于合闸回路馈线：请删除，或将馈线类型改为“合闸”', 'the closing current applies to closing feeders only: remove it, or set the feeder kind to closing', { value: f.closingCurrentA }));
    if (f.closingDurationMs !== undefined && (f.kind !== 'closing' || f.closingCurrentA === undefined)) out.push(p('FEEDER_CLOSING_DURATION_UNUSED', `${path}.closingDurationMs`, '合闸电流持续时间仅用于填写了合闸电流的合闸回路馈线', 'the closing duration applies to closing feeders with a closing current only', { value: f.closingDurationMs }));
  };
  req.feeders.main.forEach((f, i) => feederCheck(f, `${r}.feeders.main[${i}]`));
  if (req.acInput?.ats === true && req.acInput.incomers < 2) out.push(p('AC_INPUT_ATS_ONE_INCOMER', `${r}.acInput.ats`, '交流进线只有一路时不能配置双电源切换（ATS）：请改为两路进线，或取消 ATS', 'an ATS (dual-supply changeover) needs two AC incomers: set two incomers, or remove the ATS'));
  const subNames = new Set<string>();
  req.feeders.subPanels.forEach((s, i) => {
    const at = `${r}.feeders.subPanels[${i}]`;
    if (subNames.has(s.name)) out.push(p('SUBPANEL_DUPLICATE', `${at}.name`, `分电屏名称“${s.name}”重复`, `sub panel name "${s.name}" is used twice`));
    subNames.add(s.name);
    s.feeders.forEach((f, j) => feederCheck(f, `${at}.feeders[${j}]`));
    if (s.cableLengthM !== undefined && s.loadCurrentA === undefined) out.push(p('SUBPANEL_CURRENT_MISSING', `${at}.loadCurrentA`, '填写了电缆长度，还须填写该回路计算电流', 'a cable length is given: enter the circuit current too'));
  });
  req.cables.circuits.forEach((c, i) => {
    if (c.subPanel !== undefined && !subNames.has(c.subPanel)) out.push(p('CIRCUIT_SUBPANEL_UNKNOWN', `${r}.cables.circuits[${i}].subPanel`, `未找到分电屏“${c.subPanel}”`, `no sub panel named "${c.subPanel}"`, { value: c.subPanel }));
  });
  if (req.integrated?.ups && !req.loads.some((l) => l.kind === 'ups' || l.kind === 'inverter')) {
    out.push(p('UPS_NOT_IN_LOADS', `${r}.loads`, '已选择 UPS/逆变器，但负荷表中没有 UPS/逆变器负荷', 'a UPS/inverter is configured but the load list has no UPS/inverter load', {}, 'warning'));
  }
  const ex = req.battery.existing;
  if (ex && ex.capacityAh === undefined && ex.itemCode === undefined) out.push(p('CHECK_CAPACITY_MISSING', `${r}.battery.existing.capacityAh`, '核算现有蓄电池：请填写容量（Ah）或目录型号', 'checking an existing battery: enter its capacity (Ah) or its catalog model'));
  if (rules) {
    const tech = rules.cellVoltages.technologies.find((t) => t.technology === req.battery.technology);
    const uc = req.battery.equalizeVoltagePerCellV;
    if (tech && uc !== undefined && (uc < tech.equalize.min || uc > tech.equalize.max)) {
      out.push(p('EQUALIZE_OUT_OF_RANGE', `${r}.battery.equalizeVoltagePerCellV`, `均充电压 ${uc} V 不在 ${tech.equalize.min}–${tech.equalize.max} V 范围内`, `equalize voltage ${uc} V is outside ${tech.equalize.min}–${tech.equalize.max} V`, { value: uc, limit: [tech.equalize.min, tech.equalize.max] }, 'warning'));
    }
    const uf = req.battery.finalVoltagePerCellV;
    if (uf !== undefined) {
      const cols = [...rules.kcTables.values()].filter((t) => t.technology === req.battery.technology && t.unitVoltageV === req.battery.unitVoltageV).flatMap((t) => t.columns.map((c) => c.finalVoltageV));
      if (!cols.some((v) => v >= uf - 1e-9)) {
        out.push(
          p('FINAL_VOLTAGE_NOT_COVERED', `${r}.battery.finalVoltagePerCellV`, `终止电压 ${uf} V 高于规则 Kc 表的所有列（${cols.join(', ') || '无'}），只能使用带厂家放电数据的蓄电池`, `final voltage ${uf} V is above every Kc column in the rules (${cols.join(', ') || 'none'}); only a battery with the maker's discharge data can be sized`, { value: uf, limit: cols }, 'warning'),
        );
      }
    }
  }
  return out;
}

/** Validates a parsed JSON project file. All problems at once; warnings ride along on success. */
export function validateProject(json: unknown, rules?: Rules): Result<ProjectFile> {
  // reportInput: the issue carries the value found, so a wrong type is told apart from a missing field.
  const parsed = projectFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) return fail(parsed.error.issues.map((i) => problemFromZodIssue(i)));
  const problems = checkRequirements(parsed.data.requirements, rules);
  const errors = problems.filter((x) => x.severity === 'error');
  if (errors.length > 0) return fail(problems);
  return ok(parsed.data, problems);
}

/** Validates the requirements part alone (the app's form). */
export function validateRequirements(json: unknown, rules?: Rules): Result<Requirements> {
  const parsed = requirementsSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) return fail(parsed.error.issues.map((i) => problemFromZodIssue(i, 'requirements')));
  const problems = checkRequirements(parsed.data, rules);
  if (problems.some((x) => x.severity === 'error')) return fail(problems);
  return ok(parsed.data, problems);
}
