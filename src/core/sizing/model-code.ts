/**
 * Model codes of the complete systems, as the maker's presales deck writes them (products.md) — company
 * convention, not DL/T 5044.
 *   DC system         ZHDCS{Un} {rated A}/{C10 Ah}                                   ZHDCS220 30/100
 *   integrated system ZHTS{Un} {rated A}/{C10 Ah}-{station AC A}/{UPS kVA}K/{-48 V A}  ZHTS220 60/300-250/3K/75
 *   telecom system    IMPS48/{A} or IPS48/{A}, the series from the module (catalog systemSeries)
 * "rated A" = n1 × Ime of ONE charger set (base modules, spares excluded); Ah = the rated capacity of one
 * battery group; station AC A = the AC system's rated current as entered; UPS kVA = rated kVA × count;
 * -48 V A = the telecom system's rated current as asked (not the installed DC/DC modules). The trace says
 * how each field was derived.
 */
import type { LocalText } from '../text.ts';
import type { TraceText } from '../trace.ts';
import { addEntry, fmt, type SizingContext } from './context.ts';

export interface ModelCodeInputs {
  chargerRatedA: number;
  moduleRatingA: number;
  /** Series the telecom rectifier module builds (IMPS48 / IPS48), from the catalog. */
  telecomSeries?: 'IMPS48' | 'IPS48' | undefined;
  baseModules: number;
  upsKVA: number | null;
  upsCount: number;
  telecom48A: number | null;
  /** Installed DC/DC base modules × rating, for the trace (the code carries the asked current). */
  dcdcInstalledA: number | null;
  acRatedA: number | null;
  batteryAh: number;
}

export function modelCode(ctx: SizingContext, x: ModelCodeInputs): { code: string; description: { zh: string; en: string } } {
  const { req } = ctx;
  const un = req.nominalVoltageV;
  let code: string;
  let formula: TraceText;
  const fields: LocalText[] = [{ zh: `Un = ${un} V（输入）`, en: `Un = ${un} V (entered)` }];
  const ratedField = { zh: `${fmt(x.chargerRatedA)} A = 一套充电装置 n1 × Ime = ${x.baseModules} × ${fmt(x.moduleRatingA)} A（不含备用）`, en: `${fmt(x.chargerRatedA)} A = n1 × Ime of one charger set = ${x.baseModules} × ${fmt(x.moduleRatingA)} A (spares excluded)` };
  const ahField = { zh: `${fmt(x.batteryAh)} Ah = 一组蓄电池额定容量 C10`, en: `${fmt(x.batteryAh)} Ah = rated capacity C10 of one battery group` };
  if (req.systemKind === 'dcSystem') {
    code = `ZHDCS${un} ${fmt(x.chargerRatedA)}/${fmt(x.batteryAh)}`;
    formula = 'ZHDCS{Un} {Icn}/{C10}';
    fields.push(ratedField, ahField);
  } else if (req.systemKind === 'integratedSystem') {
    const ups = x.upsKVA ?? 0;
    const t48 = x.telecom48A ?? 0;
    code = `ZHTS${un} ${fmt(x.chargerRatedA)}/${fmt(x.batteryAh)}-${fmt(x.acRatedA ?? 0)}/${fmt(ups)}K/${fmt(t48)}`;
    formula = { zh: 'ZHTS{Un} {Icn}/{C10}-{站用交流 A}/{UPS kVA}K/{-48 V A}', en: 'ZHTS{Un} {Icn}/{C10}-{station AC A}/{UPS kVA}K/{-48 V A}' };
    fields.push(
      ratedField,
      ahField,
      { zh: `${fmt(x.acRatedA ?? 0)} A = 站用交流系统额定电流（输入）`, en: `${fmt(x.acRatedA ?? 0)} A = station AC system rated current (entered)` },
      x.upsKVA !== null
        ? { zh: `${fmt(ups)}K = UPS/逆变电源 ${fmt(ups / Math.max(1, x.upsCount))} kVA × ${x.upsCount}`, en: `${fmt(ups)}K = UPS/inverter ${fmt(ups / Math.max(1, x.upsCount))} kVA × ${x.upsCount}` }
        : { zh: '0K = 未配置 UPS/逆变电源', en: '0K = no UPS/inverter configured' },
      x.telecom48A !== null
        ? {
            zh: `${fmt(t48)} = 所要求的 -48 V 通信电源额定电流${x.dcdcInstalledA !== null ? `；已装 DC/DC 基本模块 ${fmt(x.dcdcInstalledA)} A 不计入` : ''}`,
            en: `${fmt(t48)} = -48 V telecom rated current as asked${x.dcdcInstalledA !== null ? `; installed DC/DC base modules ${fmt(x.dcdcInstalledA)} A not used` : ''}`,
          }
        : { zh: '0 = 未配置 -48 V 通信电源', en: '0 = no -48 V telecom system configured' },
    );
  } else {
    const series = x.telecomSeries ?? (x.moduleRatingA < 50 ? 'IMPS48' : 'IPS48');
    code = `${series}/${fmt(x.chargerRatedA)}`;
    formula = { zh: '{IMPS48 | IPS48（模块系列）}/{Icn}', en: '{IMPS48 | IPS48 (series of the module)}/{Icn}' };
    fields.push(
      {
        zh: `${series}：${fmt(x.moduleRatingA)} A 模块的系列${x.telecomSeries ? '（目录给出）' : '（目录未给出：50 A 以下 → IMPS48）'}`,
        en: `${series}: series of the ${fmt(x.moduleRatingA)} A module${x.telecomSeries ? ' (from the catalog)' : ' (no series in the catalog: below 50 A → IMPS48)'}`,
      },
      ratedField,
    );
  }
  const extra = (zh: string, en: string, on: boolean) => (on ? { zh, en } : { zh: '', en: '' });
  const ac = extra(`，站用交流 ${fmt(x.acRatedA ?? 0)} A`, `, station AC ${fmt(x.acRatedA ?? 0)} A`, req.systemKind === 'integratedSystem' && x.acRatedA !== null);
  const ups = extra(`，UPS/逆变 ${fmt(x.upsKVA ?? 0)} kVA`, `, UPS/inverter ${fmt(x.upsKVA ?? 0)} kVA`, !!x.upsKVA);
  const tel = extra(`，-48 V ${fmt(x.telecom48A ?? 0)} A`, `, -48 V ${fmt(x.telecom48A ?? 0)} A`, !!x.telecom48A);
  const description = {
    zh: `${un} V，额定 ${fmt(x.chargerRatedA)} A，蓄电池 ${fmt(x.batteryAh)} Ah${ac.zh}${ups.zh}${tel.zh}`,
    en: `${un} V, rated ${fmt(x.chargerRatedA)} A, battery ${fmt(x.batteryAh)} Ah${ac.en}${ups.en}${tel.en}`,
  };
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'modelCode',
    quantity: { zh: '系统型号', en: 'System model code' },
    symbol: 'model',
    value: code,
    unit: '',
    formula,
    substituted: { zh: `${code}：${fields.map((f) => f.zh).join('；')}`, en: `${code}: ${fields.map((f) => f.en).join('; ')}` },
    inputs: [
      { symbol: 'Icn', value: x.chargerRatedA, unit: 'A', ref: 'charger.rated' },
      ...(req.systemKind !== 'telecomSystem' ? [{ symbol: 'C10', value: x.batteryAh, unit: 'Ah', ref: 'battery.C10' }] : []),
    ],
    clause: 'company model-code convention (products.md, the maker’s presales deck)',
    confidence: ['P'],
    note: { zh: '“额定电流”为一套充电装置基本模块电流之和 n1 × Ime（不含备用模块）；-48 V 字段为所要求的通信电源额定电流', en: '"rated A" is n1 × Ime of one charger set (spare modules excluded); the -48 V field is the telecom rated current asked for' },
  }));
  return { code, description };
}
