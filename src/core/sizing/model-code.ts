/**
 * Model codes of the complete systems (products.md) — company convention, not DL/T 5044.
 *   DC system         ZHDCS{Un}/{rated A}
 *   integrated system ZHTS{Un}/{rated A}-{UPS/inverter kVA}/{-48 V A}   (ZHTS220/250-3/75; a missing part is 0)
 *   telecom system    IMPS48/{A} with 30 A modules, IPS48/{A} with 50 A modules
 * "rated A" = n1 × Ime of ONE charger set (base modules, spares excluded); -48 V A = n1 × Ime of the
 * DC/DC modules (integrated) — the same definition, written in the trace.
 */
import { addEntry, fmt, type SizingContext } from './context.ts';

export interface ModelCodeInputs {
  chargerRatedA: number;
  moduleRatingA: number;
  upsKVA: number | null;
  telecom48A: number | null;
  batteryAh: number;
}

export function modelCode(ctx: SizingContext, x: ModelCodeInputs): { code: string; description: { zh: string; en: string } } {
  const { req } = ctx;
  const un = req.nominalVoltageV;
  let code: string;
  let formula: string;
  if (req.systemKind === 'dcSystem') {
    code = `ZHDCS${un}/${fmt(x.chargerRatedA)}`;
    formula = 'ZHDCS{Un}/{Icn}';
  } else if (req.systemKind === 'integratedSystem') {
    code = `ZHTS${un}/${fmt(x.chargerRatedA)}-${fmt(x.upsKVA ?? 0)}/${fmt(x.telecom48A ?? 0)}`;
    formula = 'ZHTS{Un}/{Icn}-{UPS kVA}/{-48 V A}';
  } else {
    const prefix = x.moduleRatingA === 30 ? 'IMPS' : 'IPS';
    code = `${prefix}48/${fmt(x.chargerRatedA)}`;
    formula = '{IMPS (30 A modules) | IPS (50 A modules)}48/{Icn}';
  }
  const description = {
    zh: `${un} V，额定 ${fmt(x.chargerRatedA)} A，蓄电池 ${fmt(x.batteryAh)} Ah${x.upsKVA ? `，UPS/逆变 ${fmt(x.upsKVA)} kVA` : ''}${x.telecom48A ? `，-48 V ${fmt(x.telecom48A)} A` : ''}`,
    en: `${un} V, rated ${fmt(x.chargerRatedA)} A, battery ${fmt(x.batteryAh)} Ah${x.upsKVA ? `, UPS/inverter ${fmt(x.upsKVA)} kVA` : ''}${x.telecom48A ? `, -48 V ${fmt(x.telecom48A)} A` : ''}`,
  };
  if (ctx.traceOn) addEntry(ctx, () => ({
    id: 'modelCode',
    quantity: { zh: '系统型号', en: 'System model code' },
    symbol: 'model',
    value: code,
    unit: '',
    formula,
    substituted: `${code} (rated A = n1 × Ime of one charger set = ${fmt(x.chargerRatedA)} A)`,
    inputs: [{ symbol: 'Icn', value: x.chargerRatedA, unit: 'A', ref: 'charger.rated' }],
    clause: 'company model-code convention (products.md)',
    confidence: ['P'],
    note: { zh: '“额定电流”定义为一套充电装置基本模块电流之和 n1 × Ime（不含备用模块）', en: '"rated A" is defined as n1 × Ime of one charger set (spare modules excluded)' },
  }));
  return { code, description };
}
