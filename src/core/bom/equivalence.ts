import type { CatalogItem } from '../catalog/schema.ts';
import type { LocalText } from '../text.ts';

/**
 * When may an engineer swap one catalog item for another? Only for a listed alternate of the item, or
 * for another brand's item of the same family and the same rating. "Rating" is what the sizing chose
 * the item for; it is spelled out per family below, so a swap can never quietly change a sized value.
 */

/** The fields that make up an item's rating, per family; two items with the same key are equivalent. */
export function ratingKey(item: CatalogItem): string {
  const k = (...parts: (string | number | boolean | undefined)[]) => [item.family, ...parts.map((p) => String(p ?? '-'))].join('|');
  switch (item.family) {
    case 'rectifierModule':
      return k(item.nominalVoltageV, item.ratedCurrentA);
    case 'dcdcModule':
      return k(item.inputVoltageV, item.outputVoltageV, item.ratedCurrentA);
    case 'telecomRectifier':
      return k(item.outputVoltageV, item.ratedCurrentA);
    case 'inverter':
      return k(item.kind, item.ratedKVA, item.dcInputVoltageV);
    case 'monitor':
      return k(item.role);
    case 'insulationMonitor':
      return k(item.role, item.branchChannels);
    case 'samplingBox':
      return k(item.function, item.channels);
    case 'batteryInspection':
      return k(item.unitVoltageV, item.cellsPerUnit);
    case 'auxPowerSupply':
      return k(item.inputVoltageV, item.outputVoltageV);
    case 'battery':
      return k(item.technology, item.unitVoltageV, item.capacityAh);
    case 'breaker':
      return k(item.currentType, item.frame, item.ratedCurrentA, item.poles, item.alarmContact);
    case 'fuse':
      return k(item.ratedCurrentA);
    case 'disconnector':
      return k(item.kind, item.ratedCurrentA, item.poles);
    case 'shunt':
      return k(item.ratedCurrentA, item.outputMillivolt);
    case 'dropper':
      return k(item.nominalVoltageV, item.ratedCurrentA, item.stepsV.join('/'));
    case 'meter':
      return k(item.measures);
    case 'transducer':
      return k(item.measures);
    case 'contactor':
      return k(item.currentType, item.kind, item.ratedCurrentA);
    case 'surgeArrester':
      return k(item.currentType, item.maxDischargeKA);
    case 'cable':
      return k(item.conductor, item.cores, item.sectionMm2);
    case 'busbar':
      return k(item.conductor, item.widthMm, item.thicknessMm);
    case 'cabinet':
      return k(item.kind, item.widthMm, item.depthMm, item.heightMm, item.moduleSlots, item.feederPositions, item.batteryUnits);
    case 'sundry':
      return k(item.kind, item.spec);
  }
}

/** Ratings where the replacement may be better but not worse (breaking capacity, voltage). */
function weakerThan(candidate: CatalogItem, original: CatalogItem): boolean {
  if (candidate.family === 'breaker' && original.family === 'breaker') {
    return candidate.breakingCapacityKA < original.breakingCapacityKA || candidate.ratedVoltageV < original.ratedVoltageV;
  }
  if (candidate.family === 'fuse' && original.family === 'fuse') {
    return candidate.breakingCapacityKA < original.breakingCapacityKA || candidate.ratedVoltageV < original.ratedVoltageV;
  }
  if (candidate.family === 'disconnector' && original.family === 'disconnector') return candidate.ratedVoltageV < original.ratedVoltageV;
  return false;
}

export type SwapCheck = { ok: true; via: 'alternate' | 'sameRating' } | { ok: false; code: string; reason: LocalText };

/** May `candidate` replace `original` on a BOM line? */
export function checkSwap(original: CatalogItem, candidate: CatalogItem): SwapCheck {
  if (candidate.status === 'obsolete') {
    return { ok: false, code: 'edit.swapObsolete', reason: { zh: `“${candidate.code}”已停用，不能换用`, en: `"${candidate.code}" is obsolete and cannot be swapped in` } };
  }
  if (original.code === candidate.code) return { ok: true, via: 'sameRating' };
  // A listed alternate is still refused when it would lower the breaking capacity or the voltage
  // rating: the sizing chose the original against the battery's short-circuit current.
  if (weakerThan(candidate, original)) {
    return {
      ok: false,
      code: 'edit.swapWeaker',
      reason: {
        zh: `“${candidate.code}”的分断能力或额定电压低于“${original.code}”，不能换用`,
        en: `"${candidate.code}" has a lower breaking capacity or voltage rating than "${original.code}"`,
      },
    };
  }
  if (original.alternates.includes(candidate.code) || candidate.alternates.includes(original.code)) return { ok: true, via: 'alternate' };
  if (original.family !== candidate.family) {
    return {
      ok: false,
      code: 'edit.swapOtherFamily',
      reason: { zh: `“${candidate.code}”与“${original.code}”不是同一类物料，且不是其替代料`, en: `"${candidate.code}" is not of the same family as "${original.code}" nor a listed alternate` },
    };
  }
  if (ratingKey(original) !== ratingKey(candidate) || weakerThan(candidate, original)) {
    return {
      ok: false,
      code: 'edit.swapRatingMismatch',
      reason: { zh: `“${candidate.code}”的规格参数与“${original.code}”不同，不能直接换用`, en: `"${candidate.code}" does not have the same rating as "${original.code}"` },
    };
  }
  if (candidate.brand === original.brand) {
    return {
      ok: false,
      code: 'edit.swapSameBrand',
      reason: { zh: `“${candidate.code}”与“${original.code}”同品牌同规格，但不是所列替代料`, en: `"${candidate.code}" is the same brand and rating as "${original.code}" but not a listed alternate` },
    };
  }
  return { ok: true, via: 'sameRating' };
}
