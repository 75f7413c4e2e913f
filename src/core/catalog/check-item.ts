import { englishWords } from '../format/latin-words.ts';
import type { Problem } from '../problems.ts';
import { familySchemas, isFamily, knownFields, zodIssueText } from './family-schemas.ts';
import { fieldPath, itemPath } from './field-path.ts';
import { technicalGroupsOf, type CatalogItem } from './schema.ts';
import { catalogProblem, locate, MONEY_FIELDS, type SourceRef } from './source-files.ts';

/**
 * Validates one item entry against its family's schema. Returns the typed item only when it has no
 * errors; every problem found on the way is pushed, so one run reports all of them.
 */
export function checkItem(
  raw: unknown,
  index: number,
  fileFamily: string | undefined,
  ref: SourceRef,
  problems: Problem[],
): CatalogItem | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(
      catalogProblem('catalog.schema', 'error', itemPath(undefined, index), {
        zh: '条目应为映射（键: 值）', en: 'an item must be a mapping (key: value)',
      }, locate(ref)),
    );
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const code = typeof entry.code === 'string' ? entry.code : undefined;
  const base = itemPath(code, index);
  const where = (field: (string | number)[] = []) => locate(ref, field, code);
  const before = problems.length;

  const family = entry.family ?? fileFamily;
  if (entry.family !== undefined && fileFamily !== undefined && entry.family !== fileFamily) {
    problems.push(
      catalogProblem('catalog.familyMismatch', 'error', `${base}.family`, {
        zh: `条目的类别“${String(entry.family)}”与文件声明的类别“${fileFamily}”不一致`,
        en: `item family "${String(entry.family)}" differs from the file's family "${fileFamily}"`,
      }, where(['family']), entry.family),
    );
  }
  if (family === undefined) {
    problems.push(
      catalogProblem('catalog.unknownFamily', 'error', `${base}.family`, {
        zh: '缺少类别（family）：在文件头写 family，或在条目里写', en: 'no family: give it at the top of the file or on the item',
      }, where()),
    );
    return undefined;
  }
  if (!isFamily(family)) {
    problems.push(
      catalogProblem('catalog.unknownFamily', 'error', `${base}.family`, {
        zh: `未知类别“${String(family)}”`, en: `unknown family "${String(family)}"`,
      }, where(entry.family !== undefined ? ['family'] : []), family),
    );
    return undefined;
  }

  // Prices get their own problem codes: a missing or negative price is the commonest data-entry slip.
  const reported = new Set<string>();
  for (const field of MONEY_FIELDS) {
    const v = entry[field];
    if (v === undefined || v === null || v === '') {
      reported.add(field);
      problems.push(
        catalogProblem('catalog.missingPrice', 'error', `${base}.${field}`, {
          zh: `缺少价格 ${field}`, en: `price ${field} is missing`,
        }, where([field])),
      );
    } else if (typeof v === 'string' && /^\s*-/.test(v)) {
      reported.add(field);
      problems.push(
        catalogProblem('catalog.negativePrice', 'error', `${base}.${field}`, {
          zh: `价格不能为负：${v}`, en: `price must not be negative: ${v}`,
        }, where([field]), v),
      );
    }
  }

  const allowed = knownFields(family);
  for (const key of Object.keys(entry)) {
    if (!allowed.has(key)) {
      problems.push(
        catalogProblem('catalog.unknownField', 'warning', `${base}.${key}`, {
          zh: `未知字段“${key}”，已忽略（拼写错误？）`, en: `unknown field "${key}" ignored (a typo?)`,
        }, where([key])),
      );
    }
  }

  const result = familySchemas[family].safeParse({ ...entry, family }, { reportInput: true });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const head = issue.path[0];
      if (typeof head === 'string' && reported.has(head)) continue;
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      problems.push(
        catalogProblem('catalog.schema', 'error', fieldPath(base, path), zodIssueText(issue), where(path), issue.input),
      );
    }
  }
  if (result.success) {
    // Chinese documents print specZh: an English spec needs one, and the Chinese one must be Chinese.
    const item = result.data as CatalogItem;
    const english = englishWords(item.spec);
    if (english.length > 0 && item.specZh === undefined) {
      problems.push(
        catalogProblem('catalog.specZhMissing', 'error', `${base}.specZh`, {
          zh: `规格含英文（${english.join(' ')}），须填写中文规格 specZh，中文报价单和计算书用它`,
          en: `the spec has English words (${english.join(' ')}): give the Chinese spec specZh that Chinese quotes and calculation books print`,
        }, where(['spec']), item.spec),
      );
    }
    const left = item.specZh === undefined ? [] : englishWords(item.specZh);
    if (left.length > 0) {
      problems.push(
        catalogProblem('catalog.specZhEnglish', 'error', `${base}.specZh`, {
          zh: `中文规格 specZh 仍含英文：${left.join(' ')}`, en: `the Chinese spec specZh still has English words: ${left.join(' ')}`,
        }, where(['specZh']), item.specZh),
      );
    }
    // Technical data (issue #15) that restates a field of the item must agree with it.
    for (const [gi, group] of technicalGroupsOf(item).entries()) {
      for (const [key, value] of Object.entries(group.values)) {
        // A breaker's letter curve (C) must be among the curves its technical data list.
        const curve = key === 'curves' && 'curve' in item && typeof item.curve === 'string' && /^[BCDKZ]$/.test(item.curve) ? item.curve : undefined;
        const body = curve ?? (item as Record<string, unknown>)[key === 'outputRangeV' ? 'outputRangeV' : key];
        if (body === undefined || (key === 'curves' && curve === undefined)) continue;
        const same = curve !== undefined
          ? (value as string[]).includes(curve)
          : key === 'outputRangeV'
          ? (body as { minV: number; maxV: number }).minV === (value as { min: number }).min && (body as { minV: number; maxV: number }).maxV === (value as { max: number }).max
          : body === value;
        if (!same) {
          problems.push(
            catalogProblem('catalog.technicalMismatch', 'error', `${base}.technical[${gi}].values.${key}`, {
              zh: `技术参数 ${key} 与条目的 ${key} 不一致（${JSON.stringify(value)} ≠ ${JSON.stringify(body)}）`,
              en: `technical value ${key} differs from the item's ${key} (${JSON.stringify(value)} ≠ ${JSON.stringify(body)})`,
            }, where(['technical', gi, 'values', key]), value),
          );
        }
      }
    }
  }
  const hasNewErrors = problems.slice(before).some((p) => p.severity === 'error');
  return result.success && !hasNewErrors ? (result.data as CatalogItem) : undefined;
}
