import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CatalogSource } from '../../src/core/catalog/source-files.ts';

export const repoRoot = resolve(__dirname, '../..');
export const catalogDir = join(repoRoot, 'catalog');

/** The shipped catalog as sources, paths relative to the repo like the CLI shows them. */
export function shippedSources(): CatalogSource[] {
  const names = readdirSync(join(catalogDir, 'items')).filter((n) => n.endsWith('.yaml')).sort();
  return ['catalog.yaml', ...names.map((n) => `items/${n}`)].map((rel) => ({
    path: `catalog/${rel}`,
    text: readFileSync(join(catalogDir, rel), 'utf8'),
  }));
}

/** A small catalog for problem tests: quick to load and easy to break one thing at a time. */
export const HEADER = `version: "t-1"
effectiveDate: 2026-11-01
currency: CNY
brands:
  - { id: own, nameZh: 自产, nameEn: Own make, origin: own }
  - { id: schneider, nameZh: 施耐德, nameEn: Schneider, origin: imported }
  - { id: abb, nameZh: ABB, nameEn: ABB, origin: imported }
  - { id: leoch, nameZh: 理士, nameEn: Leoch, origin: domestic }
brandPolicy:
  - key: breaker.dc
    preferredBrands: [schneider, abb]
  - key: rectifierModule
    preferredBrands: [own]
    defaultItems: [ZHR22010-4]
`;

export const ITEMS = `# small fixture
family: breaker
items:
  - code: SCH-10
    nameZh: 直流微型断路器
    nameEn: DC mcb
    spec: 2P C10
    unit: pcs
    brand: schneider
    costPrice: 1234.55
    listPrice: 1500.00
    leadTimeDays: 10
    status: active
    currentType: dc
    frame: mcb
    series: C65H-DC
    ratedCurrentA: 10
    poles: 2
    ratedVoltageV: 440
    breakingCapacityKA: 10
    alternates: [ABB-10]
  - code: ABB-10
    nameZh: 直流微型断路器
    nameEn: DC mcb
    spec: 2P C10
    unit: pcs
    brand: abb
    costPrice: "270.00"
    listPrice: 356.00
    leadTimeDays: 20
    status: active
    currentType: dc
    frame: mcb
    series: S200M-UC
    ratedCurrentA: 10
    poles: 2
    ratedVoltageV: 440
    breakingCapacityKA: 10
    alternates: [SCH-10]
`;

export const OTHER = `items:
  - family: rectifierModule
    code: ZHR22010-4
    nameZh: 充电模块
    nameEn: Charger module
    spec: DC220V 10A
    unit: pcs
    brand: own
    costPrice: 2150.00
    listPrice: 3200.00
    leadTimeDays: 10
    status: active
    nominalVoltageV: 220
    ratedCurrentA: 10
    outputRangeV: { minV: 198, maxV: 286 }
    acInput: 1P 85–267 V AC
    efficiencyPct: 94
    powerFactor: 0.99
    slotWidth: 1
  - family: rectifierModule
    code: ZHR22010-3
    nameZh: 充电模块（旧）
    nameEn: Charger module (old)
    spec: DC220V 10A
    unit: pcs
    brand: own
    costPrice: 2300.00
    listPrice: 3300.00
    leadTimeDays: 30
    status: obsolete
    nominalVoltageV: 220
    ratedCurrentA: 10
    outputRangeV: { minV: 198, maxV: 286 }
    acInput: 3P 380 V AC
    efficiencyPct: 91
    powerFactor: 0.92
    slotWidth: 1
  - family: battery
    code: LC-DJ100
    nameZh: 蓄电池
    nameEn: VRLA cell
    spec: DJ 2V 100Ah
    unit: cell
    brand: leoch
    costPrice: 260.00
    listPrice: 333.00
    leadTimeDays: 15
    status: active
    technology: vrla
    unitVoltageV: 2
    cellsPerUnit: 1
    capacityAh: 100
    kcTable: vrla-2v
    lengthMm: 171
    widthMm: 72
    heightMm: 218
    weightKg: 6.5
`;

export function fixture(edit: Partial<Record<'header' | 'items' | 'other', (text: string) => string>> = {}): CatalogSource[] {
  const id = (t: string) => t;
  return [
    { path: 'catalog/catalog.yaml', text: (edit.header ?? id)(HEADER) },
    { path: 'catalog/items/breakers.yaml', text: (edit.items ?? id)(ITEMS) },
    { path: 'catalog/items/other.yaml', text: (edit.other ?? id)(OTHER) },
  ];
}
