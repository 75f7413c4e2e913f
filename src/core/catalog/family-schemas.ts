import type { z } from 'zod';
import type { LocalText } from '../text.ts';
import {
  auxPowerSupplySchema,
  batteryInspectionSchema,
  batterySchema,
  breakerSchema,
  busbarSchema,
  cabinetSchema,
  cableSchema,
  contactorSchema,
  dcdcModuleSchema,
  disconnectorSchema,
  dropperSchema,
  fuseSchema,
  insulationMonitorSchema,
  inverterSchema,
  meterSchema,
  monitorSchema,
  rectifierModuleSchema,
  samplingBoxSchema,
  shuntSchema,
  sundrySchema,
  surgeArresterSchema,
  telecomRectifierSchema,
  transducerSchema,
  type Family,
} from './schema.ts';

/** One schema per family, so an item is validated against its own family and errors name its fields. */
export const familySchemas = {
  rectifierModule: rectifierModuleSchema,
  dcdcModule: dcdcModuleSchema,
  telecomRectifier: telecomRectifierSchema,
  inverter: inverterSchema,
  monitor: monitorSchema,
  insulationMonitor: insulationMonitorSchema,
  samplingBox: samplingBoxSchema,
  batteryInspection: batteryInspectionSchema,
  auxPowerSupply: auxPowerSupplySchema,
  battery: batterySchema,
  breaker: breakerSchema,
  fuse: fuseSchema,
  disconnector: disconnectorSchema,
  shunt: shuntSchema,
  dropper: dropperSchema,
  meter: meterSchema,
  transducer: transducerSchema,
  contactor: contactorSchema,
  surgeArrester: surgeArresterSchema,
  cable: cableSchema,
  busbar: busbarSchema,
  cabinet: cabinetSchema,
  sundry: sundrySchema,
} satisfies Record<Family, z.ZodObject>;

export function isFamily(value: unknown): value is Family {
  return typeof value === 'string' && Object.hasOwn(familySchemas, value);
}

/** Field names a family's schema declares; anything else in a data file is a typo or a stale field. */
export function knownFields(family: Family): ReadonlySet<string> {
  return new Set(Object.keys(familySchemas[family].shape));
}

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  number: '数值',
  boolean: '布尔值（true/false）',
  array: '列表',
  object: '映射（键: 值）',
};

/** A zod issue as a bilingual reason. zod speaks English only; the Chinese side is ours. */
export function zodIssueText(issue: z.core.$ZodIssue): LocalText {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return { zh: '缺少必填字段', en: 'required field is missing' };
      return {
        zh: `类型不对：应为${TYPE_ZH[issue.expected] ?? issue.expected}`,
        en: `wrong type: expected ${issue.expected}`,
      };
    }
    case 'too_small':
      return {
        zh: `取值过小：应${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`,
        en: `too small: must be ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`,
      };
    case 'too_big':
      return {
        zh: `取值过大：应${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`,
        en: `too large: must be ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`,
      };
    case 'invalid_format':
      return { zh: `格式不符（${issue.message}）`, en: issue.message };
    case 'invalid_value':
      return {
        zh: `取值不在允许范围内：${issue.values.map(String).join(', ')}`,
        en: `not one of the allowed values: ${issue.values.map(String).join(', ')}`,
      };
    case 'invalid_union':
      return { zh: '取值不符合任何允许的形式', en: 'matches none of the allowed forms' };
    default:
      return { zh: `不符合要求：${issue.message}`, en: issue.message };
  }
}
