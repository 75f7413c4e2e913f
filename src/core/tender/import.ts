import { isBlank, type GridCell, type GridDocument, type SheetGrid } from '../catalog/grid.ts';
import type { Problem } from '../problems.ts';
import { makeRequirement, normalizeCell, type Requirement } from './requirement.ts';

/**
 * A tender's requirement table (.xlsx sheet or .csv, already read into a grid by the hardened readers
 * of src/core/catalog) → requirements. The tenders' layout: a header row with 序号, the parameter name
 * (参数名称 / 技术参数 / 项目 …) and the requirement (招标要求 / 技术要求 / 标准参数值 …), optionally a ★
 * column (重要 / 实质性 / ★). Rows without a name and a requirement are left out only when entirely blank;
 * a row with one of the two is reported by its 1-based row number. Unparseable requirement cells are
 * kept (answered 需人工确认), never dropped.
 */
const HEADERS = {
  no: ['序号', '编号', 'no', 'no.', '#', 'item'],
  name: ['参数名称', '技术参数', '参数', '项目', '名称', '项目名称', '技术参数名称', 'parameter', 'name'],
  text: ['招标要求', '技术要求', '标准参数值', '要求值', '招标人要求', '要求', '参数要求', '招标文件要求', 'requirement', 'required value'],
  star: ['★', '重要', '实质性', '重要参数', '实质性条款', 'key', 'substantive'],
} as const;

type Column = keyof typeof HEADERS;

/** What refusals call a tender's requirement table: it is read by the price list's hardened readers, but it is not a price list. */
export const REQUIREMENTS_DOCUMENT: GridDocument = { zh: '技术要求表', en: 'requirements table' };

function cellText(cell: GridCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'object') return '';
  return String(cell);
}

function headerKey(cell: GridCell | undefined): Column | undefined {
  const t = normalizeCell(cellText(cell)).toLowerCase().replace(/[（(].*[)）]$/, '');
  if (!t) return undefined;
  for (const key of Object.keys(HEADERS) as Column[]) if ((HEADERS[key] as readonly string[]).includes(t)) return key;
  return undefined;
}

export interface ImportedRequirements {
  requirements: Requirement[];
  problems: Problem[];
}

/** Finds the header row in the first 20 rows; reads every row below it. */
export function requirementsFromGrid(grid: SheetGrid): ImportedRequirements {
  const file = grid.name;
  const problems: Problem[] = [];
  let header: { index: number; cols: Partial<Record<Column, number>> } | undefined;
  for (let i = 0; i < Math.min(grid.rows.length, 20) && !header; i++) {
    const cols: Partial<Record<Column, number>> = {};
    (grid.rows[i]?.cells ?? []).forEach((c, j) => {
      const k = headerKey(c);
      if (k && cols[k] === undefined) cols[k] = j;
    });
    if (cols.name !== undefined && cols.text !== undefined) header = { index: i, cols };
  }
  if (!header) {
    problems.push({
      code: 'tender.noHeader', severity: 'error', path: '', location: { file },
      message: {
        zh: '找不到表头：技术要求表须有“参数名称”（或 技术参数/项目）和“招标要求”（或 技术要求/标准参数值）两列',
        en: 'no header row found: the requirements table needs a parameter-name column (参数名称 / 技术参数 / 项目) and a requirement column (招标要求 / 技术要求 / 标准参数值)',
      },
    });
    return { requirements: [], problems };
  }
  const { cols } = header;
  const requirements: Requirement[] = [];
  for (const row of grid.rows.slice(header.index + 1)) {
    const get = (k: Column) => (cols[k] === undefined ? undefined : row.cells[cols[k] as number]);
    const bad = (['name', 'text', 'no', 'star'] as Column[]).find((k) => { const c = get(k); return c !== null && typeof c === 'object'; });
    if (bad) {
      problems.push({
        code: 'tender.formulaCell', severity: 'error', path: bad, location: { file, row: row.rowNumber },
        message: { zh: `第 ${row.rowNumber} 行的“${labelOf(bad).zh}”是没有计算结果的公式或错误值`, en: `row ${row.rowNumber}: "${labelOf(bad).en}" is a formula without a result or an error value` },
      });
      continue;
    }
    const name = cellText(get('name')).trim();
    const text = cellText(get('text')).trim();
    if (isBlank(get('name')) && isBlank(get('text'))) continue;
    if (!name || !text) {
      const missing: Column = name ? 'text' : 'name';
      problems.push({
        code: 'tender.missingCell', severity: 'error', path: missing, location: { file, row: row.rowNumber },
        message: { zh: `第 ${row.rowNumber} 行缺少“${labelOf(missing).zh}”`, en: `row ${row.rowNumber}: the ${labelOf(missing).en} is missing` },
      });
      continue;
    }
    const star = cellText(get('star')).trim();
    requirements.push(makeRequirement({ no: cellText(get('no')), name, text, starred: /^(★|☆|\*|是|y|yes|true|1)$/i.test(star), sourceRow: row.rowNumber }));
  }
  if (requirements.length === 0 && problems.length === 0) {
    problems.push({ code: 'tender.empty', severity: 'error', path: '', location: { file }, message: { zh: '技术要求表没有任何参数行', en: 'the requirements table has no parameter rows' } });
  }
  return { requirements, problems };
}

function labelOf(k: Column): { zh: string; en: string } {
  return { no: { zh: '序号', en: 'row number' }, name: { zh: '参数名称', en: 'parameter name' }, text: { zh: '招标要求', en: 'requirement' }, star: { zh: '★', en: '★ mark' } }[k];
}
