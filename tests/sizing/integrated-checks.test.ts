import { beforeAll, describe, expect, it } from 'vitest';
import type { Knowledge } from '../../src/core/knowledge.ts';
import { validateProject } from '../../src/core/project/index.ts';
import type { Requirements } from '../../src/core/project/schema.ts';
import { size } from '../../src/core/sizing/index.ts';
import { sampleBases, sampleProjectJson } from '../fixtures/knowledge.ts';
import { traceText } from '../../src/core/trace.ts';

/**
 * The cross-checks an engineer expects (issue 17) and the -48 V modules of the deck: each check fires on
 * the case the issue names and stays quiet on the samples.
 */
let k: Knowledge;
let base110: Requirements;
let base220: Requirements;
let baseIt: Requirements;
beforeAll(async () => {
  ({ k, base110, base220, baseIt } = await sampleBases());
});
const clone = <T>(x: T): T => structuredClone(x);
const sized = (req: Requirements) => size(req, k.catalog, k.sizingRules);
const codes = (req: Requirements) => sized(req).problems.map((p) => p.code);

describe('an integrated system without its integrated options is refused, never given a model code', () => {
  it('no integrated options at all: an error naming requirements.integrated, no configuration', () => {
    const req = clone(base110);
    delete req.integrated;
    const r = sized(req);
    expect(r.ok).toBe(false);
    expect(r.configuration).toBeNull();
    const p = r.problems.find((x) => x.code === 'INTEGRATED_OPTIONS_REQUIRED')!;
    expect(p).toMatchObject({ severity: 'error', path: 'requirements.integrated' });
    expect(p.message.zh).toMatch(/一体化/);
  });

  it('no station AC rated current: an error naming the field; the project file says so through dcq too', () => {
    const req = clone(base110);
    delete req.integrated!.acRatedCurrentA;
    const r = sized(req);
    expect(r.configuration).toBeNull();
    expect(r.problems.find((x) => x.code === 'INTEGRATED_AC_RATED_REQUIRED')?.path).toBe('requirements.integrated.acRatedCurrentA');
  });

  it('neither UPS nor -48 V telecom: sized, but the engineer is asked to confirm', () => {
    const req = clone(base110);
    delete req.integrated!.ups;
    delete req.integrated!.telecom48;
    req.loads = req.loads.filter((l) => l.kind !== 'ups' && l.kind !== 'dcdc');
    const r = sized(req);
    expect(r.configuration?.modelCode).toBe(`ZHTS220 ${r.configuration!.charger.module.ratedCurrentA}/${r.configuration!.battery.capacityAh}-250/0K/0`);
    expect(r.problems.find((x) => x.code === 'INTEGRATED_WITHOUT_UPS_TELECOM')?.severity).toBe('warning');
    expect(codes(base110)).not.toContain('INTEGRATED_WITHOUT_UPS_TELECOM');
  });

  it('the new input is part of the project file: acRatedCurrentA validates, a negative one names its path', () => {
    const json = sampleProjectJson('sample-110kv.json') as { requirements: { integrated: { acRatedCurrentA: number } } };
    expect(validateProject(json, k.sizingRules).ok).toBe(true);
    json.requirements.integrated.acRatedCurrentA = -5;
    const v = validateProject(json, k.sizingRules);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems.map((p) => p.path)).toContain('requirements.integrated.acRatedCurrentA');
  });
});

describe('telecom rated current against the DC/DC load', () => {
  it('a 75 A telecom system with no DC/DC load warns (the battery would be sized without it)', () => {
    const req = clone(baseIt);
    const withLoad = sized(req).configuration!.battery.requiredCapacityAh;
    req.loads = req.loads.filter((l) => l.kind !== 'dcdc');
    const r = sized(req);
    expect(r.configuration!.battery.requiredCapacityAh).toBeLessThan(withLoad);
    const p = r.problems.find((x) => x.code === 'TELECOM_LOAD_MISSING')!;
    expect(p).toMatchObject({ severity: 'warning', path: 'requirements.loads' });
    expect(p.message.en).toContain('75 A');
    expect(codes(baseIt)).not.toContain('TELECOM_LOAD_MISSING');
  });

  it('a DC/DC load above what the telecom rating draws warns on the telecom current', () => {
    const req = clone(baseIt);
    req.integrated!.telecom48 = { currentA: 40 };
    const r = sized(req);
    expect(r.problems.find((x) => x.code === 'TELECOM_LOAD_EXCEEDS_RATING')?.path).toBe('requirements.integrated.telecom48.currentA');
    expect(traceText(r.trace.find((e) => e.id === 'checks.telecomLoad')!.substituted!, 'en')).toContain('DC/DC loads 3.8 kW');
  });
});

describe('UPS rating against the UPS load', () => {
  it('10 kVA of UPS load on a 3 kVA UPS warns; the sample (3 kVA on 3 kVA) does not', () => {
    const req = clone(baseIt);
    req.loads = req.loads.map((l) => (l.kind === 'ups' ? { ...l, apparentPowerKVA: 10 } : l));
    const p = sized(req).problems.find((x) => x.code === 'UPS_RATING_BELOW_LOAD')!;
    expect(p).toMatchObject({ severity: 'warning', path: 'requirements.integrated.ups.ratedKVA', value: 3, limit: 10 });
    expect(codes(baseIt)).not.toContain('UPS_RATING_BELOW_LOAD');
  });
});

describe('220 kV with one battery', () => {
  it('says the deck recommends two batteries; quiet on the default two-group arrangement and at 110 kV', () => {
    const req = clone(base220);
    req.arrangement = '1b2c';
    const p = sized(req).problems.find((x) => x.code === 'ARRANGEMENT_TWO_BATTERIES_RECOMMENDED')!;
    expect(p).toMatchObject({ severity: 'warning', path: 'requirements.arrangement' });
    expect(p.message.en).toMatch(/two batteries/);
    expect(codes(base220)).not.toContain('ARRANGEMENT_TWO_BATTERIES_RECOMMENDED');
    const at110 = clone(req);
    at110.site = { ...at110.site, voltageLevel: 110 };
    expect(codes(at110)).not.toContain('ARRANGEMENT_TWO_BATTERIES_RECOMMENDED');
  });
});

describe('-48 V modules: the deck’s 37.5 A NPR48 class', () => {
  const telecom = (rating: 30 | 37.5 | 50, currentA: number): Requirements => {
    const r = clone(base220);
    Object.assign(r, { systemKind: 'telecomSystem', nominalVoltageV: 48, arrangement: '1b1c', telecom: { moduleRatingA: rating }, charger: {} });
    r.site = { ...r.site, voltageLevel: 110 };
    r.battery = { technology: 'vrla', unitVoltageV: 2, cellCount: 24, finalVoltagePerCellV: 1.8 };
    r.loads = [{ name: 'telecom', kind: 'controlProtection', currentA }] as Requirements['loads'];
    r.feeders = { main: [{ kind: 'control', ratingA: 32, count: 6 }], subPanels: [] };
    return r;
  };

  it('the project schema accepts 37.5 A and the catalog has the module, flagged as sample data', () => {
    const json = sampleProjectJson('sample-220kv.json') as { requirements: Requirements };
    json.requirements = telecom(37.5, 30);
    expect(validateProject(json, k.sizingRules).ok).toBe(true);
    const m = k.catalog.byCode.get('NPR48-37.5')!;
    expect(m).toMatchObject({ family: 'telecomRectifier', ratedCurrentA: 37.5 });
    expect(m.note).toMatch(/SAMPLE DATA/);
  });

  it('a telecom system on 37.5 A modules is built as n × 37.5 A, and its code names the series from the catalog', () => {
    const r = sized(telecom(37.5, 30));
    const c = r.configuration!;
    expect(c.charger.module).toMatchObject({ itemCode: 'NPR48-37.5', moduleRatingA: 37.5 });
    expect(c.charger.module.ratedCurrentA).toBe(c.charger.module.baseModules * 37.5);
    expect(c.modelCode).toBe(`IPS48/${c.charger.module.ratedCurrentA}`);
    expect(sized(telecom(30, 30)).configuration!.modelCode).toMatch(/^IMPS48\/\d+$/);
  });
});
