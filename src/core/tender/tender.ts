import Decimal from 'decimal.js';
import { familyLabels, unitLabels } from '../catalog/labels.ts';
import type { Catalog, Family } from '../catalog/schema.ts';
import type { Bom } from '../bom/model.ts';
import type { SizingResult } from '../sizing/index.ts';
import type { LocalText } from '../text.ts';
import type { Requirement } from './requirement.ts';
import { answerAll, configuredItems, type TenderAnswer } from './respond.ts';
import type { Vocabulary } from './vocabulary.ts';

/**
 * The technical bid of one project (issue #15): the parameter response table (表 1.2), the main
 * component table (表 2.2) and the deviation table (表 9), from the evaluated pipeline (the BOM after
 * the engineer's edits) and the catalog. Pure: the CLI and the app render it.
 */
export interface ComponentRow {
  no: number;
  family: LocalText;
  name: LocalText;
  /** Item code (model) and spec as a document prints them. */
  model: string;
  spec: LocalText;
  brand: LocalText;
  /** 自产 / 国产 / 进口 */
  origin: LocalText;
  quantity: string;
  unit: LocalText;
}

export interface TenderResponse {
  answers: TenderAnswer[];
  /** 表 9: the answers that deviate (正偏离 and 负偏离). */
  deviations: TenderAnswer[];
  components: ComponentRow[];
  counts: Record<TenderAnswer['status'], number>;
  /** ★ items answered 负偏离. */
  disqualifying: TenderAnswer[];
}

/** The families 表 2.2 lists as main components, in the order it lists them. */
export const MAIN_COMPONENT_FAMILIES: readonly Family[] = [
  'rectifierModule', 'dcdcModule', 'telecomRectifier', 'inverter', 'battery', 'monitor', 'insulationMonitor', 'batteryInspection',
  'samplingBox', 'auxPowerSupply', 'breaker', 'fuse', 'disconnector', 'contactor', 'surgeArrester', 'dropper', 'meter', 'transducer', 'shunt', 'cabinet',
];

const ORIGIN: Record<'own' | 'domestic' | 'imported', LocalText> = {
  own: { zh: '自产', en: 'Own make' },
  domestic: { zh: '国产', en: 'Domestic' },
  imported: { zh: '进口', en: 'Imported' },
};

/** What the tables are made from: the BOM after the engineer's edits and the sizing result. */
export interface EvaluatedConfiguration {
  bom: Bom | null;
  sizing: Pick<SizingResult, 'configuration'>;
}

export function componentRows(evaluation: Pick<EvaluatedConfiguration, 'bom'>, catalog: Catalog): ComponentRow[] {
  const totals = new Map<string, Decimal>();
  for (const line of evaluation.bom?.lines ?? []) {
    if (line.item.kind !== 'catalog') continue;
    totals.set(line.item.code, (totals.get(line.item.code) ?? new Decimal(0)).plus(line.quantity));
  }
  const rows: Omit<ComponentRow, 'no'>[] = [];
  // Within a family: kinds (names) in the order the BOM first lists them, then by rating, as bid tables list breakers.
  const rating = (code: string) => { const it = catalog.byCode.get(code); return it && 'ratedCurrentA' in it && typeof it.ratedCurrentA === 'number' ? it.ratedCurrentA : 0; };
  const kinds: string[] = [];
  for (const code of totals.keys()) { const n = catalog.byCode.get(code)?.nameZh; if (n !== undefined && !kinds.includes(n)) kinds.push(n); }
  const kindOf = (code: string) => kinds.indexOf(catalog.byCode.get(code)?.nameZh ?? '');
  const ordered = [...totals].sort(([a], [b]) => kindOf(a) - kindOf(b) || rating(a) - rating(b));
  for (const family of MAIN_COMPONENT_FAMILIES) {
    for (const [code, qty] of ordered) {
      const item = catalog.byCode.get(code);
      if (!item || item.family !== family || qty.isZero()) continue;
      const brand = catalog.brands.find((b) => b.id === item.brand);
      rows.push({
        family: familyLabels[family],
        name: { zh: item.nameZh, en: item.nameEn },
        model: item.code,
        spec: { zh: item.specZh ?? item.spec, en: item.spec },
        brand: brand ? { zh: brand.nameZh, en: brand.nameEn } : { zh: item.brand, en: item.brand },
        origin: brand ? ORIGIN[brand.origin] : { zh: '', en: '' },
        quantity: qty.toFixed(),
        unit: unitLabels[item.unit],
      });
    }
  }
  return rows.map((r, i) => ({ no: i + 1, ...r }));
}

export function respondToTender(evaluation: EvaluatedConfiguration, catalog: Catalog, vocabulary: Vocabulary, requirements: readonly Requirement[]): TenderResponse {
  const codes = (evaluation.bom?.lines ?? []).flatMap((l) => (l.item.kind === 'catalog' ? [l.item.code] : []));
  const cellCount = evaluation.sizing.configuration?.voltage.cellCount;
  const answers = answerAll(requirements, vocabulary, configuredItems(codes, catalog, cellCount));
  const counts = { none: 0, positive: 0, negative: 0, manual: 0 };
  for (const a of answers) counts[a.status]++;
  return {
    answers,
    deviations: answers.filter((a) => a.status === 'negative' || a.status === 'positive'),
    components: componentRows(evaluation, catalog),
    counts,
    disqualifying: answers.filter((a) => a.disqualifying),
  };
}
