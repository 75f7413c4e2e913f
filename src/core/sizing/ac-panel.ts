/**
 * The station AC panel of an integrated system (站用交流): its incoming and feeder breakers, so the AC
 * panel the drawing shows is quoted with what it holds. Product practice (products.md), not DL/T 5044:
 *   incomer breakers: one per AC incoming supply, In ≥ the station AC system's rated current, 4 poles
 *   where the catalog has them (3 otherwise);
 *   feeder breakers: the entered AC feeders (rating, count, poles).
 * Brands by the catalog's `breaker.ac` policy.
 */
import type { ItemOf } from '../catalog/schema.ts';
import { addEntry, addProblem, EPS, fmt, PCS, pickByBrand, type SizingContext } from './context.ts';

export interface AcBreakerLine {
  id: string;
  itemCode: string | null;
  /** The picked catalog item's rated current (what the drawing prints); null when the catalog has none. */
  ratingA: number | null;
  quantity: number;
  requiredA: number;
  poles: number;
  name: { zh: string; en: string };
}

/**
 * The AC breaker for a rating and a pole count, by the catalog's `breaker.ac` brand order: the same pick
 * every time for one catalog, so it is memoized per catalog (a scan of every breaker per line was a tenth
 * of a batch sizing's time, issue #16).
 */
function pickAc(cat: SizingContext['cat'], a: number, poles: number): ItemOf<'breaker'> | undefined {
  let byPoles = cat.memo.get('breaker.ac') as Map<number, Map<number, ItemOf<'breaker'> | null>> | undefined;
  if (!byPoles) {
    byPoles = new Map();
    cat.memo.set('breaker.ac', byPoles);
  }
  let byRating = byPoles.get(poles);
  if (!byRating) {
    byRating = new Map();
    byPoles.set(poles, byRating);
  }
  let hit = byRating.get(a);
  if (hit === undefined) {
    hit = pickByBrand(cat.byFamily.breaker, cat.brandOrder('breaker.ac'), (x) => x.currentType === 'ac' && x.poles === poles && x.ratedCurrentA >= a - EPS) ?? null;
    byRating.set(a, hit);
  }
  return hit ?? undefined;
}

export function sizeAcPanel(ctx: SizingContext): AcBreakerLine[] {
  const { req, cat } = ctx;
  const i = req.integrated;
  if (req.systemKind !== 'integratedSystem' || !i) return [];
  const pick = (a: number, poles: number[]): ItemOf<'breaker'> | undefined => {
    for (const p of poles) {
      const b = pickAc(cat, a, p);
      if (b) return b;
    }
    return undefined;
  };
  const out: AcBreakerLine[] = [];
  const add = (id: string, a: number, poles: number[], quantity: number, name: AcBreakerLine['name'], path: string) => {
    if (quantity <= 0) return;
    const b = pick(a, poles);
    if (!b) addProblem(ctx, 'CATALOG_NO_AC_BREAKER', 'warning', path, `目录中没有 ≥ ${fmt(a)} A、${poles.join('/')} 极的交流断路器`, `no AC breaker ≥ ${fmt(a)} A with ${poles.join('/')} poles in the catalog`, { value: a });
    out.push({ id, itemCode: b?.code ?? null, ratingA: b?.ratedCurrentA ?? null, quantity, requiredA: a, poles: b?.poles ?? (poles[0] as number), name });
  };
  if (i.acRatedCurrentA !== undefined) add('ac.incomer', i.acRatedCurrentA, [4, 3], i.acIncomers, { zh: `交流进线断路器 ${fmt(i.acRatedCurrentA)} A × ${i.acIncomers}`, en: `AC incomer breaker ${fmt(i.acRatedCurrentA)} A × ${i.acIncomers}` }, 'requirements.integrated.acRatedCurrentA');
  i.acFeeders.forEach((f, k) => add(`ac.feeder.${k}`, f.ratingA, [f.poles], f.count, { zh: `交流馈线 ${fmt(f.ratingA)} A ${f.poles}P × ${f.count}`, en: `AC feeder ${fmt(f.ratingA)} A ${f.poles}P × ${f.count}` }, `requirements.integrated.acFeeders[${k}]`));
  if (ctx.traceOn && out.length > 0) addEntry(ctx, () => ({
    id: 'ac.breakers',
    quantity: { zh: '站用交流屏断路器', en: 'Station AC panel breakers' },
    symbol: 'In,AC',
    value: out.reduce((a, b) => a + b.quantity, 0),
    unit: PCS,
    formula: {
      zh: '进线：In ≥ 站用交流额定电流（4P，否则 3P）；馈线：In ≥ 输入额定电流，极数按输入',
      en: 'incomers: In ≥ station AC rated current (4P, else 3P); feeders: In ≥ entered rating, entered poles',
    },
    substituted: {
      zh: out.map((l) => `${l.name.zh}：${l.itemCode ?? '?'}（≥ ${fmt(l.requiredA)} A，${l.poles}P）`).join('；'),
      en: out.map((l) => `${l.name.en}: ${l.itemCode ?? '?'} (≥ ${fmt(l.requiredA)} A, ${l.poles}P)`).join('; '),
    },
    clause: 'product practice (products.md)',
    confidence: ['P'],
  }));
  return out;
}
