import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState, type FocusEvent } from 'react';
import type { Catalog } from '../../core/catalog/schema.ts';
import type { Problem } from '../../core/problems.ts';
import { defaultDischargeMin } from '../../core/project/requirements.ts';
import { VOLTAGE_LEVELS_KV, type Feeder, type LoadInput, type ProjectFile, type Requirements } from '../../core/project/schema.ts';
import type { LoadClass, LoadKind, Rules } from '../../core/rules/schema.ts';
import { CIRCUIT_KINDS } from '../../core/rules/schema.ts';
import { defaultArrangement } from '../../core/sizing/index.ts';
import { DutyCycleChart } from '../components/DutyCycleChart.tsx';
import { useAfterFirstFrame, useProgressiveCount } from '../components/progressive.ts';
import { Field, FieldMessages, NumberInput, SelectInput, TextInput, useFieldProblems } from '../components/FormFields.tsx';
import {
  capacityMode,
  capacityValue,
  duplicateLoad,
  dutyPreview,
  dutySteps,
  formatPeriods,
  insertLoads,
  parsePeriods,
  problemsByLoadRow,
  removeLoad,
  replaceLoad,
  rowFieldProblems,
  withCapacityMode,
  withCapacityValue,
  withField,
  type CapacityMode,
  type DutyPreview,
} from '../components/load-model.ts';
import { parsePastedLoads, unknownColumns, type PasteResult } from '../components/paste-loads.ts';
import { ProblemList } from '../components/ProblemList.tsx';
import { useLang, useMessages } from '../i18n/index.ts';
import type { Messages } from '../i18n/messages.ts';
import { useAppStore } from '../store/index.ts';
import './requirements.css';

type Edit = (recipe: (p: ProjectFile) => ProjectFile) => void;
type Lang = 'zh' | 'en';

const EMPTY_PROBLEMS: Problem[] = [];

function useEditReq() {
  const edit = useAppStore((s) => s.editProject);
  return useCallback((f: (r: Requirements) => Requirements) => edit((p) => {
    const next = f(p.requirements);
    return next === p.requirements ? p : { ...p, requirements: next };
  }), [edit]);
}

/** Sets or removes one optional key of an object (undefined removes it). */
function setKey<T extends object, K extends keyof T>(o: T, key: K, value: T[K] | undefined): T {
  if (o[key] === value) return o;
  const next = { ...o };
  if (value === undefined) delete next[key];
  else next[key] = value as T[K];
  return next;
}

function brandLabel(catalog: Catalog, id: string, lang: Lang): string {
  const b = catalog.brands.find((x) => x.id === id);
  return b ? (lang === 'zh' ? b.nameZh : b.nameEn) : id;
}

export function RequirementsScreen() {
  const m = useMessages();
  const r = m.requirements;
  const hasProject = useAppStore((s) => s.history !== null);
  const knowledge = useAppStore((s) => s.knowledge);
  const stale = useAppStore((s) => s.evaluationStale);
  const problems = useAppStore((s) => s.draftProblems);
  const systemKind = useAppStore((s) => s.history?.present.requirements.systemKind);
  // The sections below the load table (feeders, cables, the integrated system) come a frame after the
  // screen shows, like the table's scroll margin and its duty chart (issue #16: a switch within 100 ms).
  const below = useAfterFirstFrame();
  if (!hasProject || !knowledge) return null;
  const errors = problems.filter((p) => p.severity === 'error').length;
  return (
    <section className="screen req-screen">
      <header className="screen-header">
        <h2>{r.heading}</h2>
      </header>
      {stale && (
        <div className="problems error stale-banner" role="alert" data-testid="stale-banner">
          {r.stale}
        </div>
      )}
      {problems.length > 0 && (
        <details className="req-problems" open={errors > 0} data-testid="req-problems">
          <summary>
            {r.problemsTitle} ({problems.length})
          </summary>
          <ProblemList problems={problems} />
        </details>
      )}
      <div className="req-grid">
        <S.Meta />
        <S.Site rules={knowledge.sizingRules} />
        <S.Battery catalog={knowledge.catalog} rules={knowledge.sizingRules} />
        <S.Charger catalog={knowledge.catalog} />
      </div>
      <S.Loads rules={knowledge.sizingRules} catalog={knowledge.catalog} />
      {below && (
        <div className="req-grid two">
          <S.Feeders />
          <S.Cables />
        </div>
      )}
      {below && systemKind === 'integratedSystem' && <S.Integrated />}
    </section>
  );
}

/* ---------------------------------------------------------------- project, site, system */

/**
 * The requirements for the sections above the load table: a load edit does not re-render them (issue #16).
 * The object returned may carry older loads; these sections never read the loads.
 */
function useReqExceptLoads(): Requirements | undefined {
  const last = useRef<Requirements | undefined>(undefined);
  return useAppStore((s) => {
    const r = s.history?.present.requirements;
    const prev = last.current;
    if (r && prev && sameExceptLoads(prev, r)) return prev;
    last.current = r;
    return r;
  });
}

function sameExceptLoads(a: Requirements, b: Requirements): boolean {
  if (a === b) return true;
  const keys = Object.keys(b) as (keyof Requirements)[];
  if (Object.keys(a).length !== keys.length) return false;
  return keys.every((k) => k === 'loads' || a[k] === b[k]);
}

function MetaSection() {
  const m = useMessages().requirements;
  const meta = useAppStore((s) => s.history?.present.meta);
  const edit = useAppStore((s) => s.editProject);
  if (!meta) return null;
  const setMeta = (key: 'name' | 'customer' | 'siteName' | 'designInstitute' | 'tenderNo' | 'quoteNo', v: string) =>
    edit((p) => ({ ...p, meta: key === 'name' || key === 'customer' || key === 'siteName' ? { ...p.meta, [key]: key === 'name' ? v.trim() : v } : setKey(p.meta, key, v.trim() === '' ? undefined : v) }));
  const text = (key: 'name' | 'customer' | 'siteName' | 'designInstitute' | 'tenderNo' | 'quoteNo') => (
    <Field label={m.meta[key]} path={`meta.${key}`}>
      {(problems) => <TextInput label={m.meta[key]} value={meta[key]} problems={problems} path={`meta.${key}`} testId={`meta-${key}`} onCommit={(v) => setMeta(key, v)} />}
    </Field>
  );
  return (
    <fieldset className="req-section">
      <legend>{m.sections.project}</legend>
      {text('name')}
      {text('customer')}
      {text('siteName')}
      {text('designInstitute')}
      {text('tenderNo')}
      {text('quoteNo')}
    </fieldset>
  );
}

function SiteSection({ rules }: { rules: Rules }) {
  const m = useMessages().requirements;
  const lang = useLang();
  const req = useReqExceptLoads();
  const setReq = useEditReq();
  if (!req) return null;
  const site = req.site;
  const arrDefault = (() => {
    try {
      const id = defaultArrangement({ ...req, arrangement: undefined }, rules).id;
      return rules.arrangements.arrangements.find((a) => a.id === id)?.name[lang] ?? id;
    } catch {
      return '—';
    }
  })();
  const durDefault = (() => {
    try {
      return defaultDischargeMin(req, rules)?.value;
    } catch {
      return undefined;
    }
  })();
  const placementDefault = rules.stepMethod.randomLoadPlacement.value;
  return (
    <fieldset className="req-section">
      <legend>
        {m.sections.site} · {m.sections.system}
      </legend>
      <Field label={m.site.voltageLevel} path="requirements.site.voltageLevel">
        {(problems) => (
          <SelectInput
            label={m.site.voltageLevel}
            testId="site-voltageLevel"
            problems={problems}
            value={String(site.voltageLevel)}
            options={[...VOLTAGE_LEVELS_KV.map((v) => ({ value: String(v), label: `${v} kV` })), { value: 'powerPlant', label: m.site.powerPlant }]}
            onChange={(v) => setReq((r) => ({ ...r, site: { ...r.site, voltageLevel: v === 'powerPlant' ? 'powerPlant' : (Number(v) as Requirements['site']['voltageLevel']) } }))}
          />
        )}
      </Field>
      {site.voltageLevel === 'powerPlant' ? (
        <Field label={m.site.gridConnected} path="requirements.site.gridConnected">
          {(problems) => (
            <SelectInput
              label={m.site.gridConnected}
              problems={problems}
              value={site.gridConnected === undefined ? '' : String(site.gridConnected)}
              options={[{ value: '', label: m.site.unknown }, { value: 'true', label: m.yes }, { value: 'false', label: m.no }]}
              onChange={(v) => setReq((r) => ({ ...r, site: setKey(r.site, 'gridConnected', v === '' ? undefined : v === 'true') }))}
            />
          )}
        </Field>
      ) : null}
      <Field label={m.site.attended} path="requirements.site.attended">
        {(problems) => (
          <SelectInput
            label={m.site.attended}
            testId="site-attended"
            problems={problems}
            value={String(site.attended)}
            options={[{ value: 'false', label: m.site.attendedNo }, { value: 'true', label: m.site.attendedYes }]}
            onChange={(v) => setReq((r) => ({ ...r, site: { ...r.site, attended: v === 'true' } }))}
          />
        )}
      </Field>
      <label className="form-field check-field">
        <span className="form-label">{m.site.smart}</span>
        <span className="form-control">
          <input type="checkbox" checked={site.smart ?? false} onChange={(e) => setReq((r) => ({ ...r, site: setKey(r.site, 'smart', e.target.checked || undefined) }))} />
        </span>
      </label>
      <Field label={m.system.systemKind} path="requirements.systemKind">
        {(problems) => (
          <SelectInput
            label={m.system.systemKind}
            testId="systemKind"
            problems={problems}
            value={req.systemKind}
            options={(['dcSystem', 'integratedSystem', 'telecomSystem'] as const).map((k) => ({ value: k, label: m.system[k] }))}
            onChange={(v) =>
              setReq((r) => {
                const kind = v as Requirements['systemKind'];
                const next = { ...r, systemKind: kind };
                if (kind === 'integratedSystem' && !r.integrated) next.integrated = { acIncomers: 2, acFeeders: [], monitorScheme: 'default' };
                return next;
              })
            }
          />
        )}
      </Field>
      <Field label={m.system.nominalVoltageV} path="requirements.nominalVoltageV">
        {(problems) => (
          <SelectInput
            label={m.system.nominalVoltageV}
            testId="nominalVoltageV"
            problems={problems}
            value={String(req.nominalVoltageV)}
            options={[220, 110, 48].map((v) => ({ value: String(v), label: `${v} V` }))}
            onChange={(v) => setReq((r) => ({ ...r, nominalVoltageV: Number(v) as Requirements['nominalVoltageV'] }))}
          />
        )}
      </Field>
      <Field label={m.system.arrangement} path="requirements.arrangement" hint={`${m.system.arrangementDefault}: ${arrDefault}`}>
        {(problems) => (
          <SelectInput
            label={m.system.arrangement}
            testId="arrangement"
            problems={problems}
            value={req.arrangement ?? ''}
            options={[{ value: '', label: `${arrDefault} (${m.byDefault})` }, ...rules.arrangements.arrangements.map((a) => ({ value: a.id, label: a.name[lang] }))]}
            onChange={(v) => setReq((r) => setKey(r, 'arrangement', v === '' ? undefined : (v as Requirements['arrangement'])))}
          />
        )}
      </Field>
      <Field label={m.system.dcLoadType} path="requirements.dcLoadType">
        {(problems) => (
          <SelectInput
            label={m.system.dcLoadType}
            problems={problems}
            value={req.dcLoadType}
            options={(['controlOnly', 'powerOnly', 'combined'] as const).map((k) => ({ value: k, label: m.system[k] }))}
            onChange={(v) => setReq((r) => ({ ...r, dcLoadType: v as Requirements['dcLoadType'] }))}
          />
        )}
      </Field>
      <Field label={m.system.dischargeDurationMin} path="requirements.dischargeDurationMin" hint={durDefault !== undefined ? `${m.system.durationDefault}: ${durDefault} min` : undefined}>
        {(problems) => (
          <NumberInput
            label={m.system.dischargeDurationMin}
            testId="dischargeDurationMin"
            path="requirements.dischargeDurationMin"
            problems={problems}
            value={req.dischargeDurationMin}
            placeholder={durDefault !== undefined ? `${m.defaultPrefix} ${durDefault}` : ''}
            onCommit={(v) => setReq((r) => setKey(r, 'dischargeDurationMin', v))}
          />
        )}
      </Field>
      <Field label={m.system.randomLoadPlacement} path="requirements.options.randomLoadPlacement">
        {(problems) => (
          <SelectInput
            label={m.system.randomLoadPlacement}
            problems={problems}
            value={req.options.randomLoadPlacement ?? ''}
            options={[{ value: '', label: `${m.system[placementDefault]} (${m.byDefault})` }, { value: 'largestStageExcludingFirst', label: m.system.largestStageExcludingFirst }, { value: 'everyStage', label: m.system.everyStage }]}
            onChange={(v) => setReq((r) => ({ ...r, options: setKey(r.options, 'randomLoadPlacement', v === '' ? undefined : (v as 'everyStage')) }))}
          />
        )}
      </Field>
      <label className="form-field check-field">
        <span className="form-label">{m.system.batteryInspection}</span>
        <span className="form-control">
          <input type="checkbox" checked={req.options.batteryInspection ?? false} onChange={(e) => setReq((r) => ({ ...r, options: { ...r.options, batteryInspection: e.target.checked } }))} />
        </span>
      </label>
    </fieldset>
  );
}

function BatterySection({ catalog, rules }: { catalog: Catalog; rules: Rules }) {
  const m = useMessages().requirements;
  const lang = useLang();
  const req = useReqExceptLoads();
  const setReq = useEditReq();
  const brandsByUnit = useMemo(() => {
    const out = new Map<number, string[]>();
    for (const i of catalog.items) if (i.family === 'battery') out.set(i.unitVoltageV, [...new Set([...(out.get(i.unitVoltageV) ?? []), i.brand])]);
    return out;
  }, [catalog]);
  const breakerBrands = useMemo(() => [...new Set(catalog.items.filter((i) => i.family === 'breaker' && i.currentType === 'dc').map((i) => i.brand))], [catalog]);
  if (!req) return null;
  const b = req.battery;
  const tech = rules.cellVoltages.technologies.find((t) => t.technology === b.technology);
  const telecom = req.systemKind === 'telecomSystem';
  const setBattery = <K extends keyof Requirements['battery']>(key: K, v: Requirements['battery'][K] | undefined) => setReq((r) => ({ ...r, battery: setKey(r.battery, key, v) }));
  type Existing = NonNullable<Requirements['battery']['existing']>;
  /** Check mode fields; the `existing` object goes away when all three are empty. */
  const setExisting = <K extends keyof Existing>(key: K, v: Existing[K] | undefined) =>
    setReq((r) => {
      const next = setKey(r.battery.existing ?? {}, key, v);
      return { ...r, battery: setKey(r.battery, 'existing', Object.keys(next).length ? next : undefined) };
    });
  const brands = brandsByUnit.get(b.unitVoltageV) ?? [];
  return (
    <fieldset className="req-section">
      <legend>{m.sections.battery}</legend>
      <Field label={m.battery.unitVoltageV} path="requirements.battery.unitVoltageV">
        {(problems) => (
          <SelectInput
            label={m.battery.unitVoltageV}
            testId="battery-unitVoltageV"
            problems={problems}
            value={String(b.unitVoltageV)}
            options={[{ value: '2', label: m.battery.cell2 }, { value: '12', label: m.battery.block12 }]}
            onChange={(v) => setBattery('unitVoltageV', Number(v) as 2 | 12)}
          />
        )}
      </Field>
      <Field label={m.battery.brandPreference} path="requirements.battery.brandPreference">
        {(problems) => (
          <SelectInput
            label={m.battery.brandPreference}
            testId="battery-brand"
            problems={problems}
            value={b.brandPreference ?? ''}
            options={[{ value: '', label: m.battery.anyBrand }, ...[...new Set([...brands, ...(b.brandPreference ? [b.brandPreference] : [])])].map((id) => ({ value: id, label: brandLabel(catalog, id, lang) }))]}
            onChange={(v) => setBattery('brandPreference', v === '' ? undefined : v)}
          />
        )}
      </Field>
      <Field label={m.battery.floatVoltagePerCellV} path="requirements.battery.floatVoltagePerCellV">
        {(problems) => (
          <NumberInput label={m.battery.floatVoltagePerCellV} path="requirements.battery.floatVoltagePerCellV" problems={problems} value={b.floatVoltagePerCellV} placeholder={tech ? `${tech.float.default ?? ''} (${tech.float.min}–${tech.float.max})`.trim() : m.battery.auto} onCommit={(v) => setBattery('floatVoltagePerCellV', v)} />
        )}
      </Field>
      <Field label={m.battery.equalizeVoltagePerCellV} path="requirements.battery.equalizeVoltagePerCellV">
        {(problems) => (
          <NumberInput label={m.battery.equalizeVoltagePerCellV} path="requirements.battery.equalizeVoltagePerCellV" problems={problems} value={b.equalizeVoltagePerCellV} placeholder={tech ? `${tech.equalize.min}–${tech.equalize.max}` : m.battery.auto} onCommit={(v) => setBattery('equalizeVoltagePerCellV', v)} />
        )}
      </Field>
      <Field label={m.battery.cellCount} path="requirements.battery.cellCount">
        {(problems) => <NumberInput label={m.battery.cellCount} integer path="requirements.battery.cellCount" problems={problems} value={b.cellCount} placeholder={telecom ? m.loads.kRequired : m.battery.auto} onCommit={(v) => setBattery('cellCount', v)} />}
      </Field>
      <Field label={m.battery.finalVoltagePerCellV} path="requirements.battery.finalVoltagePerCellV">
        {(problems) => <NumberInput label={m.battery.finalVoltagePerCellV} path="requirements.battery.finalVoltagePerCellV" problems={problems} value={b.finalVoltagePerCellV} placeholder={telecom ? m.loads.kRequired : m.battery.auto} onCommit={(v) => setBattery('finalVoltagePerCellV', v)} />}
      </Field>
      <Field label={m.battery.existingCapacityAh} path="requirements.battery.existing.capacityAh">
        {(problems) => <NumberInput label={m.battery.existingCapacityAh} testId="existing-capacity" path="requirements.battery.existing.capacityAh" problems={problems} value={b.existing?.capacityAh} placeholder={m.battery.existingNone} onCommit={(v) => setExisting('capacityAh', v)} />}
      </Field>
      <Field label={m.battery.existingCellCount} path="requirements.battery.existing.cellCount">
        {(problems) => <NumberInput label={m.battery.existingCellCount} integer path="requirements.battery.existing.cellCount" problems={problems} value={b.existing?.cellCount} placeholder={m.battery.auto} onCommit={(v) => setExisting('cellCount', v)} />}
      </Field>
      <Field label={m.battery.existingItemCode} path="requirements.battery.existing.itemCode">
        {(problems) => (
          <SelectInput
            label={m.battery.existingItemCode}
            problems={problems}
            path="requirements.battery.existing.itemCode"
            value={b.existing?.itemCode ?? ''}
            options={[{ value: '', label: '—' }, ...catalog.items.filter((i) => i.family === 'battery' && i.unitVoltageV === b.unitVoltageV).map((i) => ({ value: i.code, label: `${i.code} (${brandLabel(catalog, i.brand, lang)})` }))]}
            onChange={(v) => setExisting('itemCode', v === '' ? undefined : v)}
          />
        )}
      </Field>
      <Field label={m.system.breakerBrand} path="requirements.breakerBrand">
        {(problems) => (
          <SelectInput
            label={m.system.breakerBrand}
            problems={problems}
            value={req.breakerBrand ?? ''}
            options={[{ value: '', label: m.battery.anyBrand }, ...breakerBrands.map((id) => ({ value: id, label: brandLabel(catalog, id, lang) }))]}
            onChange={(v) => setReq((r) => setKey(r, 'breakerBrand', v === '' ? undefined : v))}
          />
        )}
      </Field>
    </fieldset>
  );
}

function ChargerSection({ catalog }: { catalog: Catalog }) {
  const m = useMessages().requirements;
  const lang = useLang();
  const req = useReqExceptLoads();
  const setReq = useEditReq();
  const modules = useMemo(() => catalog.items.filter((i) => i.family === 'rectifierModule'), [catalog]);
  if (!req) return null;
  const forVoltage = modules.filter((i) => i.family === 'rectifierModule' && i.nominalVoltageV === req.nominalVoltageV) as { ratedCurrentA: number; brand: string }[];
  const ratings = [...new Set(forVoltage.map((i) => i.ratedCurrentA))].sort((a, b) => a - b);
  const brands = [...new Set(forVoltage.map((i) => i.brand))];
  const c = req.charger;
  const telecom = req.systemKind === 'telecomSystem';
  return (
    <fieldset className="req-section">
      <legend>{m.sections.charger}</legend>
      <Field label={m.charger.moduleRatingA} path="requirements.charger.moduleRatingA">
        {(problems) => (
          <SelectInput
            label={m.charger.moduleRatingA}
            testId="charger-moduleRatingA"
            problems={problems}
            value={c.moduleRatingA === undefined ? '' : String(c.moduleRatingA)}
            options={[{ value: '', label: m.charger.auto }, ...[...new Set([...ratings, ...(c.moduleRatingA ? [c.moduleRatingA] : [])])].map((a) => ({ value: String(a), label: `${a} A` }))]}
            onChange={(v) => setReq((r) => ({ ...r, charger: setKey(r.charger, 'moduleRatingA', v === '' ? undefined : Number(v)) }))}
          />
        )}
      </Field>
      <Field label={m.charger.moduleBrand} path="requirements.charger.moduleBrand">
        {(problems) => (
          <SelectInput
            label={m.charger.moduleBrand}
            problems={problems}
            value={c.moduleBrand ?? ''}
            options={[{ value: '', label: m.battery.anyBrand }, ...[...new Set([...brands, ...(c.moduleBrand ? [c.moduleBrand] : [])])].map((id) => ({ value: id, label: brandLabel(catalog, id, lang) }))]}
            onChange={(v) => setReq((r) => ({ ...r, charger: setKey(r.charger, 'moduleBrand', v === '' ? undefined : v) }))}
          />
        )}
      </Field>
      {telecom && (
        <Field label={m.charger.telecomModule} path="requirements.telecom">
          {(problems) => (
            <SelectInput
              label={m.charger.telecomModule}
              problems={problems}
              value={req.telecom ? String(req.telecom.moduleRatingA) : ''}
              options={[{ value: '', label: '—' }, { value: '30', label: '30 A (IMPS48)' }, { value: '37.5', label: '37.5 A (NPR48)' }, { value: '50', label: '50 A (IPS48)' }]}
              onChange={(v) => setReq((r) => setKey(r, 'telecom', v === '' ? undefined : { moduleRatingA: Number(v) as 30 | 37.5 | 50 }))}
            />
          )}
        </Field>
      )}
    </fieldset>
  );
}

/* ---------------------------------------------------------------- the load table */

/**
 * The load statistics the table and chart show: the store's fresh evaluation when the draft is valid
 * (no extra work per edit), otherwise the preview computed from the draft itself.
 */
function useDutyStats(req: Requirements | undefined, rules: Rules, catalog: Catalog): DutyPreview | null {
  const fresh = useAppStore((s) => (s.evaluationStale ? null : (s.evaluation?.sizing.loadStatistics ?? null)));
  return useMemo(() => {
    if (!req || !rules || !catalog) return null;
    if (fresh && fresh.rows.length === req.loads.length) return { statistics: fresh, rowOf: req.loads.map((_, i) => i), skipped: [], settingsInvalid: false };
    return dutyPreview(req, rules, catalog);
  }, [req, fresh, rules, catalog]);
}

interface KindOption {
  value: LoadKind;
  label: string;
  cls: LoadClass;
}

function periodsLabel(cls: LoadClass, m: Messages['requirements']): string {
  return cls.periods === 'initial' ? m.loads.periodInitial : cls.periods === 'random' ? m.loads.periodRandom : m.loads.periodWhole;
}

/** First guess of a row's height; the real one is measured on scroll. */
const ROW_HEIGHT_PX = 36;
const WINDOW_FROM_ROWS = 60;
const WINDOW_ROWS = 20;
// Rows rendered above and below the WINDOW_ROWS in view (more than fit in the scroller, whatever the rows' heights); the window moves
// every 4 rows of scroll, so 6 keep it ahead (was 12: 44 rows laid out and painted at each edit, then 32; near the top, where there is
// no room above, the window no longer takes those rows below instead: 26 rows there, not 32).
const WINDOW_MARGIN_ROWS = 6;

function LoadsSection({ rules, catalog }: { rules: Rules; catalog: Catalog }) {
  const m = useMessages().requirements;
  const lang = useLang();
  const req = useAppStore((s) => s.history?.present.requirements);
  const problems = useAppStore((s) => s.draftProblems);
  const edit = useAppStore((s) => s.editProject);
  const [pasteOpen, setPasteOpen] = useState(false);
  // Long tables render only the rows in view (plus a margin): a 200-load edit then costs ~50 rows of layout, not 200.
  const wrapRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [rowHeight, setRowHeight] = useState(ROW_HEIGHT_PX);
  const onScroll = useCallback(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const measured = wrap.querySelector('tbody tr[data-testid]')?.getBoundingClientRect().height;
    if (measured && Math.abs(measured - rowHeight) > 0.5) setRowHeight(measured);
    const top = wrap.scrollTop;
    setScrollTop((old) => (Math.abs(old - top) >= rowHeight * 4 ? top : old));
  }, [rowHeight]);
  const [focusedRow, setFocusedRow] = useState<number | null>(null);
  const onRowFocus = useCallback((e: FocusEvent) => {
    const id = (e.target as HTMLElement).closest('tr')?.getAttribute('data-testid') ?? '';
    const m = /^load-row-(\d+)$/.exec(id);
    if (m) setFocusedRow(Number(m[1]));
  }, []);
  const kindOptions: KindOption[] = useMemo(() => rules.loadClasses.classes.map((cls) => ({ value: cls.id, label: cls.name[lang], cls })), [rules, lang]);
  const preview = useDutyStats(req, rules, catalog);
  const byRow = problemsByLoadRow(problems);
  // The frame that shows the screen renders the rows inside the browser window (measured before that
  // frame is painted, null until then); the rest of the scroll window and its margin right after it.
  const [rowsInView, setRowsInView] = useState<number | null>(null);
  const windowedTable = (req?.loads.length ?? 0) > WINDOW_FROM_ROWS;
  useLayoutEffect(() => {
    const wrap = wrapRef.current;
    if (rowsInView !== null || !wrap || !windowedTable) return;
    const box = wrap.getBoundingClientRect();
    const head = wrap.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const visible = Math.min(box.bottom, window.innerHeight) - box.top - head;
    setRowsInView(Math.max(0, Math.min(WINDOW_ROWS, Math.ceil(visible / rowHeight) + 1)));
  }, [rowsInView, windowedTable, rowHeight]);
  const progressive = useProgressiveCount(WINDOW_ROWS + 2 * WINDOW_MARGIN_ROWS, rowsInView ?? 0);
  const below = useAfterFirstFrame();
  if (!req || !preview) return null;
  const loads = req.loads;
  const windowed = loads.length > WINDOW_FROM_ROWS;
  const top = Math.floor(scrollTop / rowHeight);
  const first = Math.max(0, Math.min(loads.length, top - WINDOW_MARGIN_ROWS));
  // The row being edited stays rendered even when scrolled away, so its typed text is never dropped.
  const keep = focusedRow !== null && focusedRow < loads.length ? focusedRow : null;
  const start = windowed ? Math.min(first, keep ?? first) : 0;
  const end = windowed ? Math.max(Math.min(loads.length, first + progressive, top + WINDOW_ROWS + WINDOW_MARGIN_ROWS), keep === null ? 0 : keep + 1) : loads.length;
  const stats = preview.statistics;
  const defaultDuration = stats?.dischargeDurationMin;
  const addOfKind = (cls: LoadClass) => edit((p) => insertLoads(p, [{ name: cls.name[lang], kind: cls.id }]));
  return (
    <fieldset className="req-section loads-section" data-testid="loads-section">
      <legend>
        {m.sections.loads} <span className="muted">· {loads.length} {m.loads.count}</span>
      </legend>
      <div className="loads-toolbar">
        <button type="button" className="primary" data-testid="add-load" onClick={() => edit((p) => insertLoads(p, [{ name: m.loads.newLoad, kind: 'controlProtection' }]))}>
          + {m.loads.add}
        </button>
        <details className="library" data-testid="load-library">
          <summary>{m.loads.library} ▾</summary>
          <div className="library-pop">
            <p className="form-hint">{m.loads.libraryHint}</p>
            <table className="grid compact">
              <thead>
                <tr>
                  <th>{m.loads.kind}</th>
                  <th className="num">K</th>
                  <th>{m.loads.function}</th>
                  <th>{m.loads.periods}</th>
                  <th>{m.loads.continuous}</th>
                </tr>
              </thead>
              <tbody>
                {rules.loadClasses.classes.map((cls) => (
                  <tr key={cls.id} data-testid={`library-${cls.id}`} onClick={(e) => { addOfKind(cls); (e.currentTarget.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open'); }}>
                    <td>{cls.name[lang]}</td>
                    <td className="num">{cls.loadFactor?.value ?? <span className="req-mark">{m.loads.kRequired}</span>}</td>
                    <td>{cls.function ? m.loads[cls.function] : '—'}</td>
                    <td>{periodsLabel(cls, m)}</td>
                    <td>{cls.continuous ? '✓' : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
        <button type="button" data-testid="paste-open" onClick={() => setPasteOpen((o) => !o)}>
          {m.paste.open}
        </button>
        {preview.skipped.length > 0 && (
          <span className="warn-text" data-testid="preview-skipped">
            {preview.skipped.length} {m.loads.skipped} {preview.skipped.map((i) => i + 1).join(', ')} {m.loads.skippedRows}
          </span>
        )}
        {preview.settingsInvalid && <span className="warn-text">{m.loads.settingsInvalid}</span>}
      </div>
      {pasteOpen && <PastePanel rules={rules} onClose={() => setPasteOpen(false)} />}
      <div className="table-wrap loads-wrap" ref={wrapRef} onScroll={onScroll}>
        <table className="grid load-table" data-testid="load-table">
          <thead>
            <tr>
              <th className="c-no">{m.loads.no}</th>
              <th className="c-name">{m.loads.name}</th>
              <th className="c-kind">{m.loads.kind}</th>
              <th className="c-fn">{m.loads.function}</th>
              <th className="c-mode">{m.loads.mode}</th>
              <th className="c-num">{m.loads.capacity}</th>
              <th className="c-small">{m.loads.pf}</th>
              <th className="c-small">{m.loads.eff}</th>
              <th className="c-small">{m.loads.loadFactor}</th>
              <th className="c-flag">{m.loads.continuous}</th>
              <th className="c-flag">{m.loads.random}</th>
              <th className="c-num">{m.loads.durationMin}</th>
              <th className="c-periods">{m.loads.periods}</th>
              <th className="c-num num">{m.loads.current}</th>
              <th className="c-act" />
            </tr>
          </thead>
          <tbody onFocus={onRowFocus}>
            {start > 0 && (
              <tr className="spacer" aria-hidden="true">
                <td colSpan={15} style={{ height: start * rowHeight }} />
              </tr>
            )}
            {loads.slice(start, end).map((l, k) => {
              const i = start + k;
              const row = preview.rowOf[i];
              const currentA = row === null || row === undefined ? null : (stats?.rows[row]?.currentA ?? null);
              return <LoadRow key={l.id ?? `#${i}`} index={i} load={l} kindOptions={kindOptions} currentA={currentA} defaultDurationMin={defaultDuration} problems={byRow.get(i) ?? EMPTY_PROBLEMS} edit={edit} />;
            })}
            {end < loads.length && (
              <tr className="spacer" aria-hidden="true">
                <td colSpan={15} style={{ height: (loads.length - end) * rowHeight }} />
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {below && <DutyPanel />}
    </fieldset>
  );
}

interface LoadRowProps {
  index: number;
  load: LoadInput;
  kindOptions: KindOption[];
  currentA: number | null;
  defaultDurationMin: number | undefined;
  problems: Problem[];
  edit: Edit;
}

const LoadRow = memo(
  function LoadRow({ index, load, kindOptions, currentA, defaultDurationMin, problems, edit }: LoadRowProps) {
    const m = useMessages().requirements;
    const fp = rowFieldProblems(problems, index);
    const at = (f: string) => fp.byField.get(f) ?? EMPTY_PROBLEMS;
    const path = `requirements.loads[${index}]`;
    const cls = kindOptions.find((k) => k.value === load.kind)?.cls;
    const set = (f: (l: LoadInput) => LoadInput) => edit((p) => replaceLoad(p, index, f));
    const mode = capacityMode(load);
    const continuousDefault = cls?.continuous ?? false;
    const randomDefault = cls?.periods === 'random';
    const random = load.random ?? randomDefault;
    const continuous = random ? false : (load.continuous ?? continuousDefault);
    const durationPlaceholder = random ? m.loads.randomSeconds : cls?.periods === 'initial' ? '1' : defaultDurationMin !== undefined ? String(defaultDurationMin) : '';
    const kDefault = cls?.loadFactor?.value;
    const rowProblems = fp.row;
    const invalidRow = problems.some((p) => p.severity === 'error');
    return (
      <>
        <tr className={invalidRow ? 'row-invalid' : ''} data-testid={`load-row-${index}`}>
          <td className="c-no num">{index + 1}</td>
          <td className="c-name">
            <TextInput label={m.loads.name} value={load.name} problems={at('name')} path={`${path}.name`} testId={`load-${index}-name`} onCommit={(v) => set((l) => ({ ...l, name: v }))} />
          </td>
          <td className="c-kind">
            <SelectInput label={m.loads.kind} testId={`load-${index}-kind`} problems={at('kind')} value={load.kind} options={kindOptions.map((k) => ({ value: k.value, label: k.label }))} onChange={(v) => set((l) => ({ ...l, kind: v as LoadKind }))} />
          </td>
          <td className="c-fn">
            <SelectInput
              label={m.loads.function}
              problems={at('function')}
              value={load.function ?? ''}
              options={[{ value: '', label: cls?.function ? `(${m.loads[cls.function]})` : '—' }, { value: 'control', label: m.loads.control }, { value: 'power', label: m.loads.power }]}
              onChange={(v) => set((l) => withField(l, 'function', v === '' ? undefined : (v as 'control' | 'power')))}
            />
          </td>
          <td className="c-mode">
            <select aria-label={m.loads.mode} data-testid={`load-${index}-mode`} value={mode} onChange={(e) => set((l) => withCapacityMode(l, e.target.value as CapacityMode))}>
              <option value="kW">kW</option>
              <option value="A">A</option>
              <option value="kVA">kVA</option>
            </select>
            {mode === 'A' && (
              <SelectInput
                label={m.loads.currentBasis}
                testId={`load-${index}-basis`}
                path={`${path}.currentBasis`}
                problems={at('currentBasis')}
                value={load.currentBasis ?? 'rated'}
                options={[{ value: 'rated', label: m.loads.basisRated }, { value: 'calculated', label: m.loads.basisCalculated }]}
                onChange={(v) => set((l) => withField(l, 'currentBasis', v === 'calculated' ? 'calculated' : undefined))}
              />
            )}
          </td>
          <td className="c-num">
            <NumberInput
              label={`${m.loads.capacity} (${mode})`}
              testId={`load-${index}-value`}
              path={`${path}.${mode === 'kW' ? 'powerKW' : mode === 'A' ? 'currentA' : 'apparentPowerKVA'}`}
              problems={mode === 'kW' ? at('powerKW') : mode === 'A' ? at('currentA') : at('apparentPowerKVA')}
              value={capacityValue(load)}
              onCommit={(v) => set((l) => withCapacityValue(l, v))}
            />
          </td>
          <td className="c-small">{mode === 'kVA' ? <NumberInput label={m.loads.pf} testId={`load-${index}-pf`} path={`${path}.powerFactor`} problems={at('powerFactor')} value={load.powerFactor} onCommit={(v) => set((l) => withField(l, 'powerFactor', v))} /> : <span className="na">—</span>}</td>
          <td className="c-small">{mode === 'kVA' ? <NumberInput label={m.loads.eff} testId={`load-${index}-eff`} path={`${path}.efficiency`} problems={at('efficiency')} value={load.efficiency} onCommit={(v) => set((l) => withField(l, 'efficiency', v))} /> : <span className="na">—</span>}</td>
          <td className="c-small">
            {mode === 'A' && load.currentBasis === 'calculated' && load.loadFactor === undefined ? (
              <span className="na" data-testid={`load-${index}-k-fixed`} title={m.loads.basisCalculated}>1</span>
            ) : (
              <NumberInput label={m.loads.loadFactor} testId={`load-${index}-k`} path={`${path}.loadFactor`} problems={at('loadFactor')} value={load.loadFactor} placeholder={kDefault !== undefined ? String(kDefault) : m.loads.kRequired} onCommit={(v) => set((l) => withField(l, 'loadFactor', v))} />
            )}
          </td>
          <td className="c-flag">
            <input type="checkbox" aria-label={m.loads.continuous} className={load.continuous === undefined ? 'is-default' : ''} title={load.continuous === undefined ? m.byDefault : undefined} checked={continuous} disabled={random} onChange={(e) => set((l) => withField(l, 'continuous', e.target.checked === continuousDefault ? undefined : e.target.checked))} />
            <FieldMessages problems={at('continuous')} />
          </td>
          <td className="c-flag">
            <input type="checkbox" aria-label={m.loads.random} data-testid={`load-${index}-random`} className={load.random === undefined ? 'is-default' : ''} title={load.random === undefined ? m.byDefault : undefined} checked={random} onChange={(e) => set((l) => withField(l, 'random', e.target.checked === randomDefault ? undefined : e.target.checked))} />
          </td>
          <td className="c-num">
            {random && load.durationMin === undefined ? (
              <span className="na">{m.loads.randomSeconds}</span>
            ) : (
              <NumberInput label={m.loads.durationMin} testId={`load-${index}-duration`} path={`${path}.durationMin`} problems={at('durationMin')} value={load.durationMin} placeholder={durationPlaceholder} onCommit={(v) => set((l) => withField(l, 'durationMin', v))} />
            )}
          </td>
          <td className="c-periods">{random && load.periods === undefined ? <span className="na">—</span> : <PeriodsInput index={index} value={load.periods} problems={at('periods')} edit={edit} />}</td>
          <td className="c-num num current" data-testid={`load-${index}-current`}>
            {currentA === null ? '—' : currentA.toFixed(2)}
          </td>
          <td className="c-act">
            <button type="button" className="icon" title={m.loads.duplicate} aria-label={m.loads.duplicate} data-testid={`load-${index}-duplicate`} onClick={() => edit((p) => duplicateLoad(p, index))}>
              ⧉
            </button>
            <button type="button" className="icon danger" title={m.loads.remove} aria-label={m.loads.remove} data-testid={`load-${index}-remove`} onClick={() => edit((p) => removeLoad(p, index))}>
              ✕
            </button>
          </td>
        </tr>
        {rowProblems.length > 0 && (
          <tr className="row-problems">
            <td />
            <td colSpan={14}>
              <FieldMessages problems={rowProblems} />
            </td>
          </tr>
        )}
      </>
    );
  },
);

function PeriodsInput({ index, value, problems, edit }: { index: number; value: LoadInput['periods']; problems: Problem[]; edit: Edit }) {
  const m = useMessages().requirements;
  const shown = formatPeriods(value);
  const [text, setText] = useState(shown);
  const [last, setLast] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  if (last !== shown) {
    setLast(shown);
    setText(shown);
    setError(null);
  }
  const commit = () => {
    const parsed = parsePeriods(text);
    if (!parsed.ok) {
      setError(`${m.badPeriods}“${parsed.part}”`);
      return;
    }
    setError(null);
    const next = parsed.value ?? undefined;
    if (formatPeriods(next) === shown) return;
    edit((p) => replaceLoad(p, index, (l) => withField(l, 'periods', next)));
  };
  const invalid = error !== null || problems.some((p) => p.severity === 'error');
  return (
    <span className={`field ${invalid ? 'invalid' : ''}`}>
      <input type="text" aria-label={m.loads.periods} data-testid={`load-${index}-periods`} data-path={`requirements.loads[${index}].periods`} value={text} placeholder={m.loads.periodsPlaceholder} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      <FieldMessages problems={problems} local={error} />
    </span>
  );
}

/** The accident duty cycle and the current totals of the draft; follows every edit of the table. */
function DutyPanel() {
  const m = useMessages();
  const lang = useLang();
  const req = useAppStore((s) => s.history?.present.requirements);
  const knowledge = useAppStore((s) => s.knowledge);
  const preview = useDutyStats(req, knowledge?.sizingRules as Rules, knowledge?.catalog as Catalog);
  const stats = preview?.statistics ?? null;
  const steps = useMemo(() => dutySteps(stats), [stats]);
  if (!stats) return <p className="empty">—</p>;
  return (
    <div className="duty-panel" data-testid="duty-panel">
      <div className="duty-chart-wrap" data-testid="duty-chart">
        <DutyCycleChart steps={steps} randomA={stats.totals.randomA} title={m.requirements.sections.duty} timeLabel={lang === 'zh' ? '时间' : 'Time'} currentLabel={lang === 'zh' ? '电流 (A)' : 'Current (A)'} width={720} height={220} />
      </div>
      <table className="grid compact duty-totals" data-testid="duty-totals">
        <caption>{m.requirements.loads.totals}</caption>
        <tbody>
          <tr>
            <th>I0</th>
            <td className="num" data-testid="total-I0">
              {stats.totals.i0A.toFixed(2)} A
            </td>
            <td className="muted">{lang === 'zh' ? '经常负荷' : 'continuous'}</td>
          </tr>
          {stats.columns.map((c, i) => (
            <tr key={c.id}>
              <th>I{i + 1}</th>
              <td className="num" data-testid={`total-I${i + 1}`}>
                {(stats.totals.periodsA[i] ?? 0).toFixed(2)} A
              </td>
              <td className="muted">{c.label[lang]}</td>
            </tr>
          ))}
          <tr>
            <th>IR</th>
            <td className="num" data-testid="total-IR">
              {stats.totals.randomA.toFixed(2)} A
            </td>
            <td className="muted">{m.requirements.loads.periodRandom}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function PastePanel({ rules, onClose }: { rules: Rules; onClose: () => void }) {
  const m = useMessages().requirements;
  const lang = useLang();
  const edit = useAppStore((s) => s.editProject);
  const [text, setText] = useState('');
  const classNames = useMemo(() => {
    const map = new Map<string, LoadKind>();
    for (const c of rules.loadClasses.classes) {
      map.set(c.id.toLowerCase(), c.id);
      map.set(c.name.zh.toLowerCase(), c.id);
      map.set(c.name.en.toLowerCase(), c.id);
    }
    return map;
  }, [rules]);
  const result: PasteResult | null = useMemo(() => (text.trim() ? parsePastedLoads(text, classNames) : null), [text, classNames]);
  const unknown = result ? unknownColumns(result) : [];
  const kindName = (k: LoadKind) => rules.loadClassById.get(k)?.name[lang] ?? k;
  const capacityText = (l: LoadInput) => `${capacityValue(l) ?? ''} ${capacityMode(l)}`;
  return (
    <div className="paste-panel" data-testid="paste-panel">
      <h4>{m.paste.title}</h4>
      <p className="form-hint">{m.paste.hint}</p>
      <textarea aria-label={m.paste.area} data-testid="paste-area" rows={5} value={text} onChange={(e) => setText(e.target.value)} onPaste={(e) => { e.preventDefault(); setText(e.clipboardData.getData('text/plain')); }} />
      {result && (
        <div className="paste-result" data-testid="paste-result">
          {result.errors.map((e, i) => (
            <p key={i} className="error-text">
              {e[lang]}
            </p>
          ))}
          {result.layout !== 'none' && result.errors.length === 0 && <p className="muted">{result.layout === 'statistics' ? m.paste.layoutStatistics : m.paste.layoutSimple}</p>}
          {result.columns.length > 0 && (
            <p className="paste-columns">
              <span className="muted">{m.paste.columns}: </span>
              {result.columns.map((c) => (
                <span key={c.index} className={`chip ${c.kind.role === 'unknown' ? 'chip-bad' : ''}`}>
                  {c.header || `#${c.index + 1}`} → {m.paste.roles[c.kind.role]}
                  {c.kind.role === 'period' ? ` ${c.kind.startMin}–${c.kind.endMin} min` : ''}
                </span>
              ))}
            </p>
          )}
          {unknown.length > 0 && (
            <p className="warn-text" data-testid="paste-unknown">
              {m.paste.unknownColumns}
              {unknown.map((c) => `“${c.header || `#${c.index + 1}`}”`).join('，')}
            </p>
          )}
          {result.skipped.length > 0 && (
            <p className="warn-text" data-testid="paste-skipped">
              {m.paste.skipped}
              {result.skipped.map((s) => `${m.paste.line}${s.line}${m.paste.lineSuffix}: ${s.reason[lang]}`).join('; ')}
            </p>
          )}
          {result.rows.length > 0 && (
            <table className="grid compact" data-testid="paste-preview">
              <thead>
                <tr>
                  <th>{m.paste.line}</th>
                  <th>{m.loads.name}</th>
                  <th>{m.loads.kind}</th>
                  <th className="num">{m.loads.capacity}</th>
                  <th className="num">K</th>
                  <th>{m.loads.durationMin} / {m.loads.periods}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {result.rows.map((r) => (
                  <tr key={r.line}>
                    <td className="num">{r.line}</td>
                    <td>{r.load.name}</td>
                    <td>{kindName(r.load.kind)}</td>
                    <td className="num">{capacityText(r.load)}</td>
                    <td className="num">{r.load.loadFactor ?? ''}</td>
                    <td>
                      {r.load.random ? m.loads.periodRandom : r.load.periods ? formatPeriods(r.load.periods) : r.load.durationMin !== undefined ? `0-${r.load.durationMin}` : ''}
                      {r.load.continuous ? ` · ${m.loads.continuous}` : ''}
                    </td>
                    <td className="warn-text">{r.notes.map((n) => n[lang]).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <div className="paste-actions">
        <button
          type="button"
          className="primary"
          data-testid="paste-add"
          disabled={!result || result.rows.length === 0}
          onClick={() => {
            if (!result) return;
            edit((p) => insertLoads(p, result.rows.map((r) => r.load)));
            setText('');
            onClose();
          }}
        >
          {m.paste.add} {result?.rows.length ?? 0} {m.paste.rows}
        </button>
        <button type="button" onClick={onClose}>
          {m.paste.cancel}
        </button>
      </div>
    </div>
  );
}

/* ---------------------------------------------------------------- feeders, cables, integrated */

const FEEDER_KINDS = ['control', 'power', 'closing', 'motor'] as const;

function FeederTable({ feeders, basePath, onChange, testId }: { feeders: Feeder[]; basePath: string; onChange: (f: (list: Feeder[]) => Feeder[]) => void; testId: string }) {
  const m = useMessages().requirements;
  const setAt = (i: number, f: (x: Feeder) => Feeder) => onChange((list) => list.map((x, j) => (j === i ? f(x) : x)));
  return (
    <div>
      <table className="grid compact form-table" data-testid={testId}>
        <thead>
          <tr>
            <th>{m.feeders.kind}</th>
            <th className="num">{m.feeders.ratingA}</th>
            <th className="num">{m.feeders.count}</th>
            <th className="num">{m.feeders.closingCurrentA}</th>
            <th className="num">{m.feeders.closingDurationMs}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {feeders.map((f, i) => (
            <FeederRow key={i} feeder={f} path={`${basePath}[${i}]`} onSet={(g) => setAt(i, g)} onRemove={() => onChange((list) => list.filter((_, j) => j !== i))} />
          ))}
        </tbody>
      </table>
      <button type="button" className="small" data-testid={`${testId}-add`} onClick={() => onChange((list) => [...list, { kind: 'control', ratingA: 10, count: 1 }])}>
        + {m.feeders.add}
      </button>
    </div>
  );
}

function FeederRow({ feeder, path, onSet, onRemove }: { feeder: Feeder; path: string; onSet: (f: (x: Feeder) => Feeder) => void; onRemove: () => void }) {
  const m = useMessages().requirements;
  const pRating = useFieldProblems(`${path}.ratingA`);
  const pCount = useFieldProblems(`${path}.count`);
  const pClosing = useFieldProblems(`${path}.closingCurrentA`);
  const pDuration = useFieldProblems(`${path}.closingDurationMs`);
  return (
    <tr>
      <td>
        <select aria-label={m.feeders.kind} value={feeder.kind} onChange={(e) => onSet((x) => (e.target.value === 'closing' ? { ...x, kind: 'closing' } : setKey(setKey({ ...x, kind: e.target.value as Feeder['kind'] }, 'closingCurrentA', undefined), 'closingDurationMs', undefined)))}>
          {FEEDER_KINDS.map((k) => (
            <option key={k} value={k}>
              {m.feeders[k]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <NumberInput label={m.feeders.ratingA} path={`${path}.ratingA`} problems={pRating} value={feeder.ratingA} onCommit={(v) => onSet((x) => setKey(x, 'ratingA', v))} />
      </td>
      <td>
        <NumberInput label={m.feeders.count} integer optional={false} path={`${path}.count`} problems={pCount} value={feeder.count} onCommit={(v) => v !== undefined && onSet((x) => ({ ...x, count: v }))} />
      </td>
      <td>{feeder.kind === 'closing' ? <NumberInput label={m.feeders.closingCurrentA} path={`${path}.closingCurrentA`} problems={pClosing} value={feeder.closingCurrentA} onCommit={(v) => onSet((x) => setKey(x, 'closingCurrentA', v))} /> : <span className="na">—</span>}</td>
      <td>{feeder.kind === 'closing' ? <NumberInput label={m.feeders.closingDurationMs} path={`${path}.closingDurationMs`} problems={pDuration} value={feeder.closingDurationMs} onCommit={(v) => onSet((x) => setKey(x, 'closingDurationMs', v))} /> : <span className="na">—</span>}</td>
      <td>
        <button type="button" className="icon danger" aria-label={m.feeders.remove} title={m.feeders.remove} onClick={onRemove}>
          ✕
        </button>
      </td>
    </tr>
  );
}

function FeedersSection() {
  const m = useMessages().requirements;
  const feeders = useAppStore((s) => s.history?.present.requirements.feeders);
  const setReq = useEditReq();
  if (!feeders) return null;
  const setMain = (f: (list: Feeder[]) => Feeder[]) => setReq((r) => ({ ...r, feeders: { ...r.feeders, main: f(r.feeders.main) } }));
  type Sub = Requirements['feeders']['subPanels'][number];
  const setSub = (i: number, f: (s: Sub) => Sub) => setReq((r) => ({ ...r, feeders: { ...r.feeders, subPanels: r.feeders.subPanels.map((s, j) => (j === i ? f(s) : s)) } }));
  return (
    <fieldset className="req-section" data-testid="feeders-section">
      <legend>{m.sections.feeders}</legend>
      <h4>{m.feeders.main}</h4>
      <FeederTable feeders={feeders.main} basePath="requirements.feeders.main" onChange={setMain} testId="main-feeders" />
      <h4>{m.feeders.subPanels}</h4>
      {feeders.subPanels.map((s, i) => {
        const at = `requirements.feeders.subPanels[${i}]`;
        return (
          <div key={i} className="sub-panel" data-testid={`sub-panel-${i}`}>
            <div className="sub-panel-head">
              <Field label={m.feeders.subName} path={`${at}.name`}>
                {(problems) => <TextInput label={m.feeders.subName} value={s.name} problems={problems} path={`${at}.name`} onCommit={(v) => setSub(i, (x) => ({ ...x, name: v }))} />}
              </Field>
              <label className="inline-check">
                <input type="checkbox" checked={s.independent} onChange={(e) => setSub(i, (x) => ({ ...x, independent: e.target.checked }))} /> {m.feeders.independent}
              </label>
              <button type="button" className="small danger" onClick={() => setReq((r) => ({ ...r, feeders: { ...r.feeders, subPanels: r.feeders.subPanels.filter((_, j) => j !== i) } }))}>
                {m.feeders.removeSub}
              </button>
            </div>
            <div className="sub-panel-fields">
              <Field label={m.feeders.incomingRatingA} path={`${at}.incomingRatingA`}>
                {(problems) => <NumberInput label={m.feeders.incomingRatingA} path={`${at}.incomingRatingA`} problems={problems} value={s.incomingRatingA} placeholder={m.feeders.auto} onCommit={(v) => setSub(i, (x) => setKey(x, 'incomingRatingA', v))} />}
              </Field>
              <Field label={m.feeders.cableLengthM} path={`${at}.cableLengthM`}>
                {(problems) => <NumberInput label={m.feeders.cableLengthM} path={`${at}.cableLengthM`} problems={problems} value={s.cableLengthM} onCommit={(v) => setSub(i, (x) => setKey(x, 'cableLengthM', v))} />}
              </Field>
              <Field label={m.feeders.loadCurrentA} path={`${at}.loadCurrentA`}>
                {(problems) => <NumberInput label={m.feeders.loadCurrentA} path={`${at}.loadCurrentA`} problems={problems} value={s.loadCurrentA} onCommit={(v) => setSub(i, (x) => setKey(x, 'loadCurrentA', v))} />}
              </Field>
              <Field label={m.feeders.loadFunction} path={`${at}.loadFunction`}>
                {(problems) => <SelectInput label={m.feeders.loadFunction} problems={problems} value={s.loadFunction} options={[{ value: 'control', label: m.loads.control }, { value: 'power', label: m.loads.power }]} onChange={(v) => setSub(i, (x) => ({ ...x, loadFunction: v as 'control' | 'power' }))} />}
              </Field>
              <Field label={m.feeders.allowedDropPct} path={`${at}.allowedDropPct`}>
                {(problems) => <NumberInput label={m.feeders.allowedDropPct} path={`${at}.allowedDropPct`} problems={problems} value={s.allowedDropPct} placeholder={m.feeders.auto} onCommit={(v) => setSub(i, (x) => setKey(x, 'allowedDropPct', v))} />}
              </Field>
            </div>
            <FeederTable feeders={s.feeders} basePath={`${at}.feeders`} testId={`sub-${i}-feeders`} onChange={(f) => setSub(i, (x) => ({ ...x, feeders: f(x.feeders) }))} />
          </div>
        );
      })}
      <button
        type="button"
        className="small"
        data-testid="add-sub-panel"
        onClick={() => setReq((r) => ({ ...r, feeders: { ...r.feeders, subPanels: [...r.feeders.subPanels, { name: `${m.feeders.newSub} ${r.feeders.subPanels.length + 1}`, independent: false, feeders: [], loadFunction: 'control' }] } }))}
      >
        + {m.feeders.addSub}
      </button>
    </fieldset>
  );
}

function CablesSection() {
  const m = useMessages().requirements;
  const cables = useAppStore((s) => s.history?.present.requirements.cables);
  const subNames = useAppStore((s) => s.history?.present.requirements.feeders.subPanels.map((x) => x.name).join('\u0001') ?? '');
  const setReq = useEditReq();
  if (!cables) return null;
  type Circuit = Requirements['cables']['circuits'][number];
  const setCircuit = (i: number, f: (c: Circuit) => Circuit) => setReq((r) => ({ ...r, cables: { ...r.cables, circuits: r.cables.circuits.map((c, j) => (j === i ? f(c) : c)) } }));
  const names = subNames ? subNames.split('\u0001') : [];
  return (
    <fieldset className="req-section" data-testid="cables-section">
      <legend>{m.sections.cables}</legend>
      <Field label={m.cables.batteryToPanelM} path="requirements.cables.batteryToPanelM">
        {(problems) => <NumberInput label={m.cables.batteryToPanelM} testId="batteryToPanelM" path="requirements.cables.batteryToPanelM" optional={false} problems={problems} value={cables.batteryToPanelM} onCommit={(v) => v !== undefined && setReq((r) => ({ ...r, cables: { ...r.cables, batteryToPanelM: v } }))} />}
      </Field>
      <h4>{m.cables.circuits}</h4>
      <table className="grid compact form-table" data-testid="cable-circuits">
        <thead>
          <tr>
            <th>{m.cables.name}</th>
            <th>{m.cables.kind}</th>
            <th className="num">{m.cables.lengthM}</th>
            <th className="num">{m.cables.currentA}</th>
            <th>{m.cables.loadFunction}</th>
            <th>{m.cables.subPanel}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {cables.circuits.map((c, i) => (
            <CircuitRow key={i} circuit={c} index={i} names={names} onSet={(f) => setCircuit(i, f)} onRemove={() => setReq((r) => ({ ...r, cables: { ...r.cables, circuits: r.cables.circuits.filter((_, j) => j !== i) } }))} />
          ))}
        </tbody>
      </table>
      <button type="button" className="small" data-testid="add-circuit" onClick={() => setReq((r) => ({ ...r, cables: { ...r.cables, circuits: [...r.cables.circuits, { name: `${m.cables.newCircuit} ${r.cables.circuits.length + 1}`, kind: 'panelToLoad', lengthM: 50, currentA: 5, loadFunction: 'control' }] } }))}>
        + {m.cables.add}
      </button>
    </fieldset>
  );
}

function CircuitRow({ circuit, index, names, onSet, onRemove }: { circuit: Requirements['cables']['circuits'][number]; index: number; names: string[]; onSet: (f: (c: Requirements['cables']['circuits'][number]) => Requirements['cables']['circuits'][number]) => void; onRemove: () => void }) {
  const m = useMessages().requirements;
  const at = `requirements.cables.circuits[${index}]`;
  const pName = useFieldProblems(`${at}.name`);
  const pLen = useFieldProblems(`${at}.lengthM`);
  const pCur = useFieldProblems(`${at}.currentA`);
  const pSub = useFieldProblems(`${at}.subPanel`);
  return (
    <tr>
      <td>
        <TextInput label={m.cables.name} value={circuit.name} problems={pName} path={`${at}.name`} onCommit={(v) => onSet((c) => ({ ...c, name: v }))} />
      </td>
      <td>
        <select aria-label={m.cables.kind} value={circuit.kind} onChange={(e) => onSet((c) => ({ ...c, kind: e.target.value as typeof c.kind }))}>
          {CIRCUIT_KINDS.map((k) => (
            <option key={k} value={k}>
              {m.cables.kinds[k]}
            </option>
          ))}
        </select>
      </td>
      <td>
        <NumberInput label={m.cables.lengthM} optional={false} path={`${at}.lengthM`} problems={pLen} value={circuit.lengthM} onCommit={(v) => v !== undefined && onSet((c) => ({ ...c, lengthM: v }))} />
      </td>
      <td>
        <NumberInput label={m.cables.currentA} optional={false} path={`${at}.currentA`} problems={pCur} value={circuit.currentA} onCommit={(v) => v !== undefined && onSet((c) => ({ ...c, currentA: v }))} />
      </td>
      <td>
        <select aria-label={m.cables.loadFunction} value={circuit.loadFunction} onChange={(e) => onSet((c) => ({ ...c, loadFunction: e.target.value as 'control' | 'power' }))}>
          <option value="control">{m.loads.control}</option>
          <option value="power">{m.loads.power}</option>
        </select>
      </td>
      <td>
        <SelectInput label={m.cables.subPanel} problems={pSub} value={circuit.subPanel ?? ''} options={[{ value: '', label: '—' }, ...[...new Set([...names, ...(circuit.subPanel ? [circuit.subPanel] : [])])].map((n) => ({ value: n, label: n }))]} onChange={(v) => onSet((c) => setKey(c, 'subPanel', v === '' ? undefined : v))} />
      </td>
      <td>
        <button type="button" className="icon danger" aria-label={m.cables.remove} title={m.cables.remove} onClick={onRemove}>
          ✕
        </button>
      </td>
    </tr>
  );
}

type Integrated = NonNullable<Requirements['integrated']>;

function IntegratedSection() {
  const m = useMessages().requirements;
  const integrated = useAppStore((s) => s.history?.present.requirements.integrated);
  const setReq = useEditReq();
  const base: Integrated = integrated ?? { acIncomers: 2, acFeeders: [], monitorScheme: 'default' };
  const setI = (f: (i: Integrated) => Integrated) => setReq((r) => ({ ...r, integrated: f(r.integrated ?? { acIncomers: 2, acFeeders: [], monitorScheme: 'default' }) }));
  const ups = base.ups;
  return (
    <fieldset className="req-section integrated-section" data-testid="integrated-section">
      <legend>{m.sections.integrated}</legend>
      <div className="integrated-grid">
        <div>
          <Field label={m.integrated.ups} path="requirements.integrated.ups">
            {(problems) => (
              <SelectInput
                label={m.integrated.ups}
                testId="ups-kind"
                problems={problems}
                value={ups?.kind ?? ''}
                options={[{ value: '', label: m.integrated.upsNone }, { value: 'ups', label: m.integrated.upsKind }, { value: 'inverter', label: m.integrated.inverterKind }]}
                onChange={(v) => setI((i) => setKey(i, 'ups', v === '' ? undefined : { kind: v as 'ups' | 'inverter', ratedKVA: i.ups?.ratedKVA ?? 5, count: i.ups?.count ?? 1 }))}
              />
            )}
          </Field>
          {ups && (
            <>
              <Field label={m.integrated.ratedKVA} path="requirements.integrated.ups.ratedKVA">
                {(problems) => <NumberInput label={m.integrated.ratedKVA} testId="ups-kva" optional={false} path="requirements.integrated.ups.ratedKVA" problems={problems} value={ups.ratedKVA} onCommit={(v) => v !== undefined && setI((i) => ({ ...i, ups: { ...(i.ups ?? ups), ratedKVA: v } }))} />}
              </Field>
              <Field label={m.integrated.upsCount} path="requirements.integrated.ups.count">
                {(problems) => <NumberInput label={m.integrated.upsCount} integer optional={false} path="requirements.integrated.ups.count" problems={problems} value={ups.count} onCommit={(v) => v !== undefined && setI((i) => ({ ...i, ups: { ...(i.ups ?? ups), count: v } }))} />}
              </Field>
            </>
          )}
          <Field label={m.integrated.telecom48} path="requirements.integrated.telecom48.currentA">
            {(problems) => <NumberInput label={m.integrated.telecom48} testId="telecom48" path="requirements.integrated.telecom48.currentA" problems={problems} value={base.telecom48?.currentA} placeholder={m.integrated.telecomNone} onCommit={(v) => setI((i) => setKey(i, 'telecom48', v === undefined ? undefined : { currentA: v }))} />}
          </Field>
          <Field label={m.integrated.acRatedCurrentA} path="requirements.integrated.acRatedCurrentA">
            {(problems) => <NumberInput label={m.integrated.acRatedCurrentA} testId="ac-rated-current" path="requirements.integrated.acRatedCurrentA" problems={problems} value={base.acRatedCurrentA} onCommit={(v) => setI((i) => setKey(i, 'acRatedCurrentA', v))} />}
          </Field>
          <Field label={m.integrated.acIncomers} path="requirements.integrated.acIncomers">
            {(problems) => <NumberInput label={m.integrated.acIncomers} integer optional={false} path="requirements.integrated.acIncomers" problems={problems} value={base.acIncomers} onCommit={(v) => v !== undefined && setI((i) => ({ ...i, acIncomers: v }))} />}
          </Field>
          <Field label={m.integrated.monitorScheme} path="requirements.integrated.monitorScheme">
            {(problems) => (
              <SelectInput
                label={m.integrated.monitorScheme}
                problems={problems}
                value={base.monitorScheme}
                options={(['default', 'oneTwo', 'acSupervised'] as const).map((k) => ({ value: k, label: m.integrated.schemes[k] }))}
                onChange={(v) => setI((i) => ({ ...i, monitorScheme: v as Integrated['monitorScheme'] }))}
              />
            )}
          </Field>
        </div>
        <div>
          <h4>{m.integrated.acFeeders}</h4>
          <table className="grid compact form-table" data-testid="ac-feeders">
            <thead>
              <tr>
                <th className="num">{m.integrated.ratingA}</th>
                <th className="num">{m.integrated.count}</th>
                <th className="num">{m.integrated.poles}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {base.acFeeders.map((f, k) => (
                <AcFeederRow key={k} index={k} feeder={f} onSet={(g) => setI((i) => ({ ...i, acFeeders: i.acFeeders.map((x, j) => (j === k ? g(x) : x)) }))} onRemove={() => setI((i) => ({ ...i, acFeeders: i.acFeeders.filter((_, j) => j !== k) }))} />
              ))}
            </tbody>
          </table>
          <button type="button" className="small" onClick={() => setI((i) => ({ ...i, acFeeders: [...i.acFeeders, { ratingA: 16, count: 1, poles: 3 }] }))}>
            + {m.integrated.add}
          </button>
        </div>
      </div>
    </fieldset>
  );
}

function AcFeederRow({ index, feeder, onSet, onRemove }: { index: number; feeder: Integrated['acFeeders'][number]; onSet: (f: (x: Integrated['acFeeders'][number]) => Integrated['acFeeders'][number]) => void; onRemove: () => void }) {
  const m = useMessages().requirements;
  const at = `requirements.integrated.acFeeders[${index}]`;
  const pR = useFieldProblems(`${at}.ratingA`);
  const pC = useFieldProblems(`${at}.count`);
  const pP = useFieldProblems(`${at}.poles`);
  return (
    <tr>
      <td>
        <NumberInput label={m.integrated.ratingA} optional={false} path={`${at}.ratingA`} problems={pR} value={feeder.ratingA} onCommit={(v) => v !== undefined && onSet((x) => ({ ...x, ratingA: v }))} />
      </td>
      <td>
        <NumberInput label={m.integrated.count} integer optional={false} path={`${at}.count`} problems={pC} value={feeder.count} onCommit={(v) => v !== undefined && onSet((x) => ({ ...x, count: v }))} />
      </td>
      <td>
        <NumberInput label={m.integrated.poles} integer optional={false} path={`${at}.poles`} problems={pP} value={feeder.poles} onCommit={(v) => v !== undefined && onSet((x) => ({ ...x, poles: v }))} />
      </td>
      <td>
        <button type="button" className="icon danger" aria-label={m.integrated.remove} title={m.integrated.remove} onClick={onRemove}>
          ✕
        </button>
      </td>
    </tr>
  );
}

/**
 * The sections, each re-rendering only when what it selects from the store changes: the screen itself
 * re-renders at every edit (its problem list), and a 200-load project must re-render in one frame (issue #16).
 */
const S = {
  Meta: memo(MetaSection),
  Site: memo(SiteSection),
  Battery: memo(BatterySection),
  Charger: memo(ChargerSection),
  Loads: memo(LoadsSection),
  Feeders: memo(FeedersSection),
  Cables: memo(CablesSection),
  Integrated: memo(IntegratedSection),
};
