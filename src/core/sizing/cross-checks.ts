/**
 * Cross-checks a presales engineer expects between the options and the load list (company practice,
 * products.md; none of them is a DL/T 5044 clause):
 *   an integrated system needs its integrated options (the station AC rated current at least): refused
 *   without them, never a model code for a system that is not configured; asked when it has neither a
 *   UPS/inverter nor a -48 V telecom system;
 *   220 kV and above with one battery: the deck recommends two;
 *   the -48 V telecom rated current against the DC/DC load in the battery's load list;
 *   the UPS/inverter rating against the UPS/inverter load in the load list.
 */
import { addEntry, addProblem, fmt, type SizingContext } from './context.ts';
import type { DcdcResult, InverterResult } from './charger.ts';
import type { ResolvedLoad } from './loads.ts';

/** Telecom -48 V output power is reckoned at the nominal 48 V (practice). */
const TELECOM_NOMINAL_V = 48;
const TOL = 1e-6;

/** False (with an error naming the field) when an integrated system lacks the options that define it. */
export function integratedConfigured(ctx: SizingContext): boolean {
  const { req } = ctx;
  if (req.systemKind !== 'integratedSystem') return true;
  const i = req.integrated;
  if (!i) {
    addProblem(ctx, 'INTEGRATED_OPTIONS_REQUIRED', 'error', 'requirements.integrated', '一体化电源系统须填写一体化选项（站用交流额定电流、交流进线、UPS/逆变、-48 V 通信）', 'an integrated system needs its integrated options (station AC rated current, AC incomers, UPS/inverter, -48 V telecom)');
    return false;
  }
  if (i.acRatedCurrentA === undefined) {
    addProblem(ctx, 'INTEGRATED_AC_RATED_REQUIRED', 'error', 'requirements.integrated.acRatedCurrentA', '一体化电源系统须填写站用交流系统额定电流（型号 ZHTS 的第三段）', 'an integrated system needs the station AC system rated current (the third field of the ZHTS model code)');
    return false;
  }
  if (!i.ups && !i.telecom48) {
    addProblem(ctx, 'INTEGRATED_WITHOUT_UPS_TELECOM', 'warning', 'requirements.integrated', '一体化电源系统既无 UPS/逆变电源也无 -48 V 通信电源：请确认，或改为直流系统', 'the integrated system has neither a UPS/inverter nor a -48 V telecom system: confirm, or make it a DC system');
  }
  return true;
}

function installedKW(l: ResolvedLoad, un: number, pf: number): number {
  return l.capacity.unit === 'kW' ? l.capacity.value : l.capacity.unit === 'A' ? (l.capacity.value * un) / 1000 : l.capacity.value * pf;
}

export const crossChecks = {
  /** 220 kV and above set to one battery group: the deck recommends two (products.md, arrangements). */
  arrangement(ctx: SizingContext, batteryGroups: number, fromDefault: boolean): void {
    const lvl = ctx.req.site.voltageLevel;
    if (fromDefault || batteryGroups >= 2 || lvl === 'powerPlant' || lvl < 220) return;
    addProblem(ctx, 'ARRANGEMENT_TWO_BATTERIES_RECOMMENDED', 'warning', 'requirements.arrangement', `${lvl} kV 变电站设为一组蓄电池：厂家资料推荐 220 kV 及以上采用两电两充或两电三充`, `a ${lvl} kV substation set to one battery group: the maker's deck recommends two batteries (2 chargers + 2 batteries, or 3 + 2) for 220 kV and above`, { value: batteryGroups, limit: 2, clause: 'products.md, system arrangements (option 2)' });
  },

  /** The -48 V telecom rating against the DC/DC load, the UPS rating against the UPS load. */
  integratedLoads(ctx: SizingContext, loads: readonly ResolvedLoad[], dcdc: DcdcResult | null, inverter: InverterResult | null): void {
    const { req, cat } = ctx;
    const un = req.nominalVoltageV;
    const t48 = req.integrated?.telecom48;
    if (t48 && dcdc) {
      const mod = cat.byFamily.dcdcModule.find((m) => m.code === dcdc.itemCode);
      const eff = (mod?.efficiencyPct ?? 100) / 100;
      const outKW = (TELECOM_NOMINAL_V * t48.currentA) / 1000;
      const inKW = outKW / eff;
      const dc = loads.filter((l) => l.kind === 'dcdc');
      const loadKW = dc.reduce((a, l) => a + installedKW(l, un, 1), 0);
      if (dc.length === 0) {
        addProblem(ctx, 'TELECOM_LOAD_MISSING', 'warning', 'requirements.loads', `已配置 -48 V 通信电源 ${fmt(t48.currentA)} A（约 ${fmt(inKW, 2)} kW 取自蓄电池），但负荷表中没有 DC/DC 负荷：蓄电池容量未计入通信负荷`, `a -48 V telecom system of ${fmt(t48.currentA)} A is configured (about ${fmt(inKW, 2)} kW from the battery) but the load list has no DC/DC load: the battery is sized without the telecom load`, { value: 0, limit: inKW });
      } else if (loadKW > inKW * (1 + TOL)) {
        addProblem(ctx, 'TELECOM_LOAD_EXCEEDS_RATING', 'warning', 'requirements.integrated.telecom48.currentA', `负荷表中 DC/DC 负荷 ${fmt(loadKW, 2)} kW 大于 -48 V 通信电源 ${fmt(t48.currentA)} A 的输入功率 ${fmt(inKW, 2)} kW`, `the DC/DC load in the load list (${fmt(loadKW, 2)} kW) exceeds what the ${fmt(t48.currentA)} A -48 V telecom system draws at its rating (${fmt(inKW, 2)} kW)`, { value: loadKW, limit: inKW });
      }
      if (ctx.traceOn) addEntry(ctx, () => ({
        id: 'checks.telecomLoad',
        quantity: { zh: '-48 V 通信电源额定电流与 DC/DC 负荷', en: '-48 V telecom rating against the DC/DC load' },
        symbol: 'P48',
        value: inKW,
        unit: 'kW',
        formula: {
          zh: 'P（输入）= 48 V × I48 / η（DC/DC）；与负荷表中 DC/DC 负荷（装置容量 kW）比较',
          en: 'P(in) = 48 V × I48 / η(DC/DC); compare with the DC/DC loads of the load list (installed kW)',
        },
        substituted: {
          zh: `48 × ${fmt(t48.currentA)} / 1000 / ${fmt(eff, 3)} = ${fmt(inKW, 2)} kW；DC/DC 负荷 ${dc.length === 0 ? '无' : `${fmt(loadKW, 2)} kW`}`,
          en: `48 × ${fmt(t48.currentA)} / 1000 / ${fmt(eff, 3)} = ${fmt(inKW, 2)} kW; DC/DC loads ${dc.length === 0 ? 'none' : `${fmt(loadKW, 2)} kW`}`,
        },
        inputs: [{ symbol: 'I48', value: t48.currentA, unit: 'A' }],
        clause: 'practice (products.md)',
        confidence: ['P'],
      }));
    }
    const ups = req.integrated?.ups;
    if (ups && inverter) {
      const item = cat.byFamily.inverter.find((i) => i.code === inverter.itemCode);
      const pf = item?.powerFactor ?? 1;
      const eff = (item?.efficiencyPct ?? 100) / 100;
      const ratedKVA = ups.ratedKVA * ups.count;
      const kinds = ups.kind === 'ups' ? ['ups', 'inverter'] : ['inverter', 'ups'];
      const ul = loads.filter((l) => kinds.includes(l.kind));
      // Compare apparent power: kVA loads as entered; kW / A loads are DC input, converted to output kVA.
      const loadKVA = ul.reduce((a, l) => a + (l.capacity.unit === 'kVA' ? l.capacity.value : (installedKW(l, un, pf) * eff) / pf), 0);
      if (ul.length > 0 && loadKVA > ratedKVA * (1 + TOL)) {
        addProblem(ctx, 'UPS_RATING_BELOW_LOAD', 'warning', 'requirements.integrated.ups.ratedKVA', `UPS/逆变电源额定 ${fmt(ratedKVA)} kVA 小于负荷表中的 UPS/逆变负荷 ${fmt(loadKVA, 2)} kVA`, `the UPS/inverter rating (${fmt(ratedKVA)} kVA) is below the UPS/inverter load in the load list (${fmt(loadKVA, 2)} kVA)`, { value: ratedKVA, limit: loadKVA });
      }
      if (ctx.traceOn) addEntry(ctx, () => ({
        id: 'checks.upsLoad',
        quantity: { zh: 'UPS/逆变电源额定容量与负荷', en: 'UPS/inverter rating against its load' },
        symbol: 'S',
        value: loadKVA,
        unit: 'kVA',
        formula: {
          zh: 'S（负荷）= Σ kVA 负荷 + Σ kW（直流）× η / cos φ ≤ S（额定）× 台数',
          en: 'S(load) = Σ kVA loads + Σ kW(DC) × η / cos φ ≤ S(rated) × count',
        },
        substituted: {
          zh: `${ul.length === 0 ? '无 UPS/逆变负荷' : `${fmt(loadKVA, 2)} kVA`}，额定 ${fmt(ups.ratedKVA)} × ${ups.count} = ${fmt(ratedKVA)} kVA`,
          en: `${ul.length === 0 ? 'no UPS/inverter load' : `${fmt(loadKVA, 2)} kVA`} vs ${fmt(ups.ratedKVA)} × ${ups.count} = ${fmt(ratedKVA)} kVA`,
        },
        clause: 'practice (products.md)',
        confidence: ['P'],
      }));
    }
  },
};
