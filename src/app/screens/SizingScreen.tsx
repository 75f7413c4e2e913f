import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { Catalog } from '../../core/catalog/schema.ts';
import type { BatteryCheck, ClosingCheck, Configuration, LoadStatistics, SizingResult } from '../../core/sizing/index.ts';
import { clauseText } from '../../core/clause-text.ts';
import { traceText, type TraceEntry } from '../../core/trace.ts';
import { DutyCycleChart } from '../components/DutyCycleChart.tsx';
import { dutySteps } from '../components/load-model.ts';
import { ProblemList } from '../components/ProblemList.tsx';
import { filterTrace, formatValue, groupTrace, isUnconfirmed, TRACE_FAMILIES, type TraceFamily } from '../components/trace-view.ts';
import { useLang, useMessages } from '../i18n/index.ts';
import type { Messages } from '../i18n/messages.ts';
import { useAppStore } from '../store/index.ts';
import { useAfterFirstFrame, useProgressiveCount } from '../components/progressive.ts';
import './sizing.css';

type Lang = 'zh' | 'en';
type M = Messages['sizing'];

const n2 = (v: number | null | undefined) => (v === null || v === undefined ? '' : v.toFixed(2));
const n1 = (v: number) => String(Number(v.toFixed(1)));

/** Panel ids the sizing uses for locations; a sub panel's location is its own name. */
function locationLabel(location: string, m: M): string {
  return (m.locations as Record<string, string>)[location] ?? location;
}

function brandName(catalog: Catalog, id: string, lang: Lang): string {
  const b = catalog.brands.find((x) => x.id === id);
  return b ? (lang === 'zh' ? b.nameZh : b.nameEn) : id;
}

export function SizingScreen() {
  const m = useMessages().sizing;
  const evaluation = useAppStore((s) => s.evaluation);
  const stale = useAppStore((s) => s.evaluationStale);
  const draftProblems = useAppStore((s) => s.draftProblems);
  const catalog = useAppStore((s) => s.knowledge?.catalog ?? null);
  const sizing = evaluation?.sizing ?? null;
  const problems = useMemo(() => [...draftProblems, ...(sizing?.problems ?? [])], [draftProblems, sizing]);
  // The frame that shows the screen renders its first screenful (the key results and checks); the load
  // statistics and the trace below them (a traced sizing, 260 entries for 200 loads) a frame later (#16).
  const below = useAfterFirstFrame();
  return (
    <section className="screen sizing-screen">
      <header className="screen-header">
        <h2>{m.heading}</h2>
        {sizing?.configuration && (
          <span className="model-code" data-testid="model-code">
            {sizing.configuration.modelCode}
          </span>
        )}
      </header>
      {stale && (
        <div className="problems error stale-banner" role="alert" data-testid="sizing-stale">
          {m.stale}
        </div>
      )}
      <ProblemList problems={problems} testId="sizing-problems" />
      {!sizing || !catalog ? (
        <p className="empty">{m.notSized}</p>
      ) : (
        <div className={stale ? 'is-stale' : ''}>
          {sizing.configuration ? <KeyResults c={sizing.configuration} catalog={catalog} /> : <p className="empty">{m.noConfiguration}</p>}
          {sizing.batteryCheck && <BatteryCheckTable check={sizing.batteryCheck} />}
          {sizing.configuration && sizing.configuration.closingChecks.length > 0 && <ClosingChecks checks={sizing.configuration.closingChecks} />}
          {below && sizing.loadStatistics && <StatisticsTable stats={sizing.loadStatistics} />}
          {below && <TracePanel sizing={sizing} />}
        </div>
      )}
    </section>
  );
}

/* ---------------------------------------------------------------- checks beside the sizing */

function BatteryCheckTable({ check }: { check: BatteryCheck }) {
  const m = useMessages().sizing;
  return (
    <div className="results" data-testid="battery-check">
      <h3>
        {m.batteryCheck}: {check.itemCode ?? ''} {check.capacityAh} Ah × {check.cellCount} · {check.kcSource.label}
      </h3>
      <table className="grid compact">
        <thead>
          <tr>
            <th>{m.checkStage}</th>
            <th className="num">min</th>
            <th className="num">{m.checkRequired}</th>
            <th className="num">{m.checkAvailable}</th>
            <th className="num">{m.checkMargin}</th>
            <th className="num">{m.checkMarginPct}</th>
          </tr>
        </thead>
        <tbody>
          {check.stages.map((s) => (
            <tr key={s.stage} className={s.ok ? '' : 'row-invalid'}>
              <td>{s.stage}</td>
              <td className="num">{s.endMin}</td>
              <td className="num">
                {n2(s.requiredAh)}
                {s.withRandom ? ' (+CR)' : ''}
              </td>
              <td className="num">{s.availableAh}</td>
              <td className={`num ${s.ok ? 'ok' : 'bad'}`}>{n2(s.marginAh)}</td>
              <td className="num">{s.ok ? n2(s.marginPct) : `${n2(s.marginPct)} ${m.short}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ClosingChecks({ checks }: { checks: readonly ClosingCheck[] }) {
  const m = useMessages().sizing;
  return (
    <div className="results" data-testid="closing-checks">
      <h3>{m.closingChecks}</h3>
      <ul>
        {checks.map((c) => (
          <li key={c.breakerId} className={c.status === 'ok' ? 'ok' : 'bad'}>
            <span className="code small">{c.itemCode ?? '—'}</span> {c.ratingA ?? '—'} A · {c.closingCurrentA} A × {c.durationMs} ms ·{' '}
            {c.status === 'ok' ? `✓ ${m.ok} (${c.withstandMs ?? '∞'} ms)` : c.status === 'trips' ? `✗ ${m.closingTrips} (${c.withstandMs} ms)` : `⚠ ${m.closingNoCurve}`}
            {c.sampleData ? ' (sample)' : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}

/* ---------------------------------------------------------------- key results */

const KeyResults = memo(function KeyResults({ c, catalog }: { c: Configuration; catalog: Catalog }) {
  const m = useMessages().sizing;
  const lang = useLang();
  const arrangementName = useAppStore((s) => s.knowledge?.sizingRules.arrangements.arrangements.find((a) => a.id === c.arrangement.id)?.name[lang] ?? c.arrangement.id);
  const v = c.voltage;
  const b = c.battery;
  const ch = c.charger;
  const unitWord = b.unit === 'block' ? (lang === 'zh' ? '只 12 V' : '12 V blocks') : lang === 'zh' ? '只 2 V' : '2 V cells';
  return (
    <div className="results" data-testid="key-results">
      <div className="cards">
        <div className="card">
          <h3>{m.model}</h3>
          <p className="big code">{c.modelCode}</p>
          <p className="muted">{c.modelDescription[lang]}</p>
          <dl className="kv">
            <dt>{m.arrangement}</dt>
            <dd>
              {arrangementName}
              {c.arrangement.fromDefault && <span className="muted"> ({m.fromDefault})</span>}
            </dd>
            <dt>{m.duration}</dt>
            <dd className="num-left">{c.dischargeDurationMin} min</dd>
            <dt>{m.dutyCycle}</dt>
            <dd className="num-left">{c.dutyCycleMin} min</dd>
          </dl>
        </div>
        <div className="card">
          <h3>{m.voltageWindow}</h3>
          <dl className="kv">
            <dt>{m.cells}</dt>
            <dd data-testid="cells">
              <strong>{v.cellCount}</strong> {m.cellsUnit}
              {v.unitVoltageV === 12 ? ` (${v.unitsPerString} × 12 V)` : ''}
            </dd>
            <dt>{m.floatBus}</dt>
            <dd>
              {n2(v.floatBusV)} V <span className="muted">({v.floatVoltagePerCellV} V × {v.cellCount})</span>
            </dd>
            <dt>{m.finalVoltage}</dt>
            <dd>
              {v.finalVoltageV} V <span className="muted">({m.requiredFinal} ≥ {v.requiredFinalVoltageV} V)</span>
            </dd>
            <dt>{m.endOfDischarge}</dt>
            <dd>{n1(v.endOfDischargeBatteryV)} V</dd>
            <dt>{m.equalizeLimit}</dt>
            <dd>{v.equalizeLimitPerCellV.toFixed(3)} V</dd>
          </dl>
        </div>
        <div className="card">
          <h3>{m.battery}</h3>
          <p className="big" data-testid="battery-chosen">
            {b.capacityAh} Ah <span className="code small">{b.itemCode}</span>
          </p>
          <dl className="kv">
            <dt>{m.required}</dt>
            <dd data-testid="battery-required">{n2(b.requiredCapacityAh)} Ah</dd>
            <dt>{m.standard}</dt>
            <dd>{b.standardCapacityAh ?? '—'} Ah</dd>
            <dt>{m.chosen}</dt>
            <dd>
              {b.groups} {m.groups} × {b.unitsPerGroup} {unitWord}
              {b.stringsPerGroup > 1 ? ` · ${m.strings} ${b.stringsPerGroup}` : ''} · {brandName(catalog, b.brand, lang)}
            </dd>
            <dt>{m.i10}</dt>
            <dd>{n2(b.i10A)} A</dd>
            <dt>{m.kcSource}</dt>
            <dd className="small">{b.kcSource.label}</dd>
            {b.shortCircuitA !== null && (
              <>
                <dt>{m.shortCircuit}</dt>
                <dd>{n1(b.shortCircuitA)} A</dd>
              </>
            )}
          </dl>
        </div>
        <div className="card">
          <h3>{m.charger}</h3>
          <p className="big" data-testid="charger-chosen">
            {c.charger.sets} × ({ch.module.baseModules}+{ch.module.spareModules}) × {ch.module.moduleRatingA} A
          </p>
          <dl className="kv">
            <dt>{m.designCurrent}</dt>
            <dd>
              {n2(ch.designCurrentA)} A{' '}
              <span className="muted">
                ({m.floatA} {n2(ch.floatA)} · {m.initialA} {n2(ch.initialA)} · {m.equalizeA} {n2(ch.equalizeA)})
              </span>
            </dd>
            <dt>{m.ratedCurrent}</dt>
            <dd>{ch.module.ratedCurrentA} A</dd>
            <dt>{m.modules}</dt>
            <dd className="code">{ch.module.itemCode}</dd>
            <dt>{m.outputRange}</dt>
            <dd className={ch.outputRangeOk ? 'ok' : 'bad'}>
              {ch.outputRangeOk ? `✓ ${m.ok}` : `✗ ${m.notOk}`}{' '}
              <span className="muted">
                {ch.outputRange.minV}–{ch.outputRange.maxV} V ⊇ {n1(ch.outputRange.floatV)} / {n1(ch.outputRange.equalizeV)} V
              </span>
            </dd>
            <dt>{m.equalizeChosen}</dt>
            <dd>{v.equalizePerCellV.toFixed(2)} V</dd>
            {c.dcdc && (
              <>
                <dt>{m.dcdc}</dt>
                <dd>
                  {c.dcdc.baseModules}+{c.dcdc.spareModules} × {c.dcdc.moduleRatingA} A <span className="code small">{c.dcdc.itemCode}</span>
                </dd>
              </>
            )}
            {c.inverter && (
              <>
                <dt>{m.inverter}</dt>
                <dd>
                  {c.inverter.count} × {c.inverter.ratedKVA} kVA <span className="code small">{c.inverter.itemCode}</span>
                </dd>
              </>
            )}
          </dl>
        </div>
      </div>

      <div className="side-by-side">
        <div>
          <h4>{m.candidates}</h4>
          <table className="grid compact" data-testid="battery-candidates">
            <thead>
              <tr>
                <th>{m.brand}</th>
                <th>{m.itemCode}</th>
                <th className="num">{m.capacity}</th>
                <th className="num">{m.strings}</th>
                <th className="num">{m.requiredAh}</th>
                <th>{m.result}</th>
              </tr>
            </thead>
            <tbody>
              {b.candidates.map((k) => (
                <tr key={k.brand} className={k.itemCode === b.itemCode ? 'chosen' : ''}>
                  <td>
                    {brandName(catalog, k.brand, lang)}
                    {k.itemCode === b.itemCode && <span className="tag-chosen">{m.chosenMark}</span>}
                  </td>
                  <td className="code">{k.itemCode ?? '—'}</td>
                  <td className="num">{k.capacityAh ?? '—'}</td>
                  <td className="num">{k.strings}</td>
                  <td className="num">{n2(k.requiredAh)}</td>
                  <td>{k.reason[lang]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h4>{m.alternatives}</h4>
          <table className="grid compact" data-testid="charger-alternatives">
            <thead>
              <tr>
                <th className="num">{m.moduleRating}</th>
                <th>{m.itemCode}</th>
                <th className="num">{m.baseModules}</th>
                <th className="num">{m.spareModules}</th>
                <th className="num">{m.totalModules}</th>
                <th className="num">{m.ratedCurrent}</th>
                <th className="num">{m.installed}</th>
              </tr>
            </thead>
            <tbody>
              {ch.alternatives.map((a) => {
                const chosen = a.itemCode === ch.module.itemCode;
                return (
                  <tr key={a.itemCode} className={chosen ? 'chosen' : ''}>
                    <td className="num">
                      {chosen && <span className="tag-chosen">{m.chosenMark}</span>}
                      {a.moduleRatingA}
                    </td>
                    <td className="code">{a.itemCode}</td>
                    <td className="num">{a.baseModules}</td>
                    <td className="num">{a.spareModules}</td>
                    <td className="num">{a.totalModules}</td>
                    <td className="num">{a.ratedCurrentA}</td>
                    <td className="num">{a.installedCurrentA}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>

      <h4>{m.breakers}</h4>
      <BreakersTable c={c} />
      <h4>{m.cables}</h4>
      <table className="grid compact" data-testid="cables-table">
        <thead>
          <tr>
            <th>{m.circuit}</th>
            <th className="num">{m.length}</th>
            <th className="num">{m.current}</th>
            <th className="num">{m.allowedDrop}</th>
            <th className="num">{m.section}</th>
            <th className="num">{m.runs}</th>
            <th className="num">{m.actualDrop}</th>
            <th>{m.itemCode}</th>
            <th className="num">{m.order}</th>
          </tr>
        </thead>
        <tbody>
          {c.cables.map((k) => (
            <tr key={k.id}>
              <td>{k.name[lang]}</td>
              <td className="num">{k.lengthM}</td>
              <td className="num">{n2(k.currentA)}</td>
              <td className="num">{n2(k.allowedDropV)}</td>
              <td className="num">
                <strong>{k.sectionMm2}</strong>
              </td>
              <td className="num">{k.runs}</td>
              <td className="num">{n2(k.actualDropV)}</td>
              <td className="code">{k.itemCode ?? <span className="bad">{m.noItem}</span>}</td>
              <td className="num">{n1(k.orderLengthM)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="side-by-side">
        <div>
          <h4>{m.monitoring}</h4>
          <table className="grid compact" data-testid="monitoring-table">
            <thead>
              <tr>
                <th>{m.role}</th>
                <th>{m.itemCode}</th>
                <th className="num">{m.quantity}</th>
                <th>{m.location}</th>
              </tr>
            </thead>
            <tbody>
              {c.monitoring.map((k, i) => (
                <tr key={i}>
                  <td>{k.reason[lang]}</td>
                  <td className="code">{k.itemCode ?? <span className="bad">{m.noItem}</span>}</td>
                  <td className="num">{k.quantity}</td>
                  <td>{locationLabel(k.location, m)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h4>{m.panels}</h4>
          <table className="grid compact" data-testid="panels-table">
            <thead>
              <tr>
                <th>{m.role}</th>
                <th>{m.itemCode}</th>
                <th className="num">{m.quantity}</th>
              </tr>
            </thead>
            <tbody>
              {c.panels.map((k, i) => (
                <tr key={i}>
                  <td>{k.reason[lang]}</td>
                  <td className="code">{k.itemCode ?? <span className="bad">{m.noItem}</span>}</td>
                  <td className="num">{k.quantity}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
});

function BreakersTable({ c }: { c: Configuration }) {
  const m = useMessages().sizing;
  const lang = useLang();
  const byId = new Map(c.breakers.map((b) => [b.id, b]));
  const pairsOf = (id: string) => c.selectivity.filter((p) => p.downstream === id);
  return (
    <table className="grid compact" data-testid="breakers-table">
      <thead>
        <tr>
          <th>{m.circuit}</th>
          <th>{m.location}</th>
          <th className="num">{m.requiredA}</th>
          <th className="num">{m.rating}</th>
          <th className="num">{m.breaking}</th>
          <th className="num">{m.quantity}</th>
          <th>{m.itemCode}</th>
          <th>
            {m.selectivity} ({m.upstream} / {m.ratio})
          </th>
        </tr>
      </thead>
      <tbody>
        {c.breakers.map((b) => (
          <tr key={b.id}>
            <td>{b.name[lang]}</td>
            <td>{locationLabel(b.location, m)}</td>
            <td className="num">{n2(b.requiredA)}</td>
            <td className="num">
              <strong>{b.ratingA ?? '—'}</strong>
            </td>
            <td className="num">{b.breakingCapacityKA ?? '—'}</td>
            <td className="num">{b.quantity}</td>
            <td className="code">{b.itemCode ?? <span className="bad">{m.noItem}</span>}</td>
            <td>
              {pairsOf(b.id).map((p) => (
                <span key={p.upstream} className={`sel ${p.ok ? 'ok' : 'bad'}`} data-testid="selectivity-flag">
                  {p.ok ? '✓' : '✗'} {byId.get(p.upstream)?.name[lang] ?? p.upstream} · {formatValue(p.ratio)}
                </span>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/* ---------------------------------------------------------------- load statistics (designers' layout) */

export const StatisticsTable = memo(function StatisticsTable({ stats }: { stats: LoadStatistics }) {
  const m = useMessages().sizing;
  const lang = useLang();
  const cols = stats.columns;
  const cap = stats.capacity;
  const steps = useMemo(() => dutySteps(stats), [stats]);
  const shownRows = useProgressiveCount(stats.rows.length);
  const caption = m.statsCaption.replace('{un}', String(stats.nominalVoltageV)).replace('{t}', String(stats.dischargeDurationMin)).replace('{T}', String(stats.dutyCycleMin));
  return (
    <div className="stats-block">
      <h3>{m.statistics}</h3>
      <p className="muted">{caption}</p>
      <div className="stats-layout">
        <div className="table-wrap">
          <table className="grid stats-table" data-testid="statistics-table">
            <colgroup>
              <col style={{ width: 44 }} />
              <col />
              <col style={{ width: 84 }} />
              <col style={{ width: 70 }} />
              <col style={{ width: 84 }} />
              <col style={{ width: 96 }} />
              {cols.map((c) => (
                <col key={c.id} style={{ width: 96 }} />
              ))}
              <col style={{ width: 84 }} />
            </colgroup>
            <thead>
              <tr>
                <th rowSpan={2}>{m.stats.no}</th>
                <th rowSpan={2}>{m.stats.name}</th>
                <th rowSpan={2} className="num">
                  {m.stats.capacity}
                </th>
                <th rowSpan={2} className="num">
                  {m.stats.loadFactor}
                </th>
                <th rowSpan={2} className="num">
                  {m.stats.current}
                </th>
                <th rowSpan={2} className="num">
                  {m.stats.continuous}
                </th>
                <th colSpan={cols.length + 1} className="group">
                  {m.stats.accident}
                </th>
              </tr>
              <tr>
                {cols.map((c) => (
                  <th key={c.id} className="num period-head">
                    {c.label[lang]}
                  </th>
                ))}
                <th className="num period-head">{m.stats.random}</th>
              </tr>
            </thead>
            <tbody>
              {stats.rows.slice(0, shownRows).map((r) => (
                <StatsRow key={r.no} row={r} />
              ))}
            </tbody>
            <tfoot>
              <tr className="stats-totals-row" data-testid="stats-totals">
                <th colSpan={5}>{m.stats.totals}</th>
                <td className="num">
                  <span className="sym">I0</span> {n2(stats.totals.i0A)}
                </td>
                {stats.totals.periodsA.map((a, i) => (
                  <td key={i} className="num">
                    <span className="sym">I{i + 1}</span> {n2(a)}
                  </td>
                ))}
                <td className="num">
                  <span className="sym">IR</span> {n2(stats.totals.randomA)}
                </td>
              </tr>
              {cap && (
                <>
                  <tr>
                    <th colSpan={6}>{m.stats.stages}</th>
                    {cap.stagesAh.map((a, i) => (
                      <td key={i} className="num">
                        {n2(a)}
                      </td>
                    ))}
                    <td className="num">{n2(cap.randomAh)}</td>
                  </tr>
                  <tr>
                    <th colSpan={6}>{m.stats.withRandom}</th>
                    {cap.withRandomAh.map((a, i) => (
                      <td key={i} className="num">
                        {n2(a)}
                      </td>
                    ))}
                    <td />
                  </tr>
                  <tr className="chosen-row">
                    <th colSpan={6}>{m.stats.chosen}</th>
                    <td colSpan={cols.length + 1} data-testid="stats-chosen">
                      {m.required} {n2(cap.requiredAh)} Ah → <strong>{cap.chosenAh ?? '—'} Ah</strong>
                    </td>
                  </tr>
                </>
              )}
            </tfoot>
          </table>
        </div>
        <div className="stats-chart">
          <DutyCycleChart steps={steps} randomA={stats.totals.randomA} title={lang === 'zh' ? '事故放电负荷曲线' : 'Accident duty cycle'} timeLabel={lang === 'zh' ? '时间' : 'Time'} currentLabel={lang === 'zh' ? '电流 (A)' : 'Current (A)'} width={720} height={240} />
        </div>
      </div>
    </div>
  );
});

type StatsRowData = LoadStatistics['rows'][number];

/** One load of the statistics table; re-renders only when its numbers change (a 200-load table stays cheap). */
const StatsRow = memo(
  function StatsRow({ row: r }: { row: StatsRowData }) {
    return (
      <tr>
        <td className="num">{r.no}</td>
        <td>{r.name}</td>
        <td className="num">
          {r.capacity.value} {r.capacity.unit}
        </td>
        <td className="num">{r.loadFactor}</td>
        <td className="num">{n2(r.currentA)}</td>
        <td className="num">{n2(r.continuousA)}</td>
        {r.periodsA.map((a, i) => (
          <td key={i} className="num">
            {n2(a)}
          </td>
        ))}
        <td className="num">{n2(r.randomA)}</td>
      </tr>
    );
  },
  (a, b) =>
    a.row.no === b.row.no &&
    a.row.name === b.row.name &&
    a.row.capacity.value === b.row.capacity.value &&
    a.row.capacity.unit === b.row.capacity.unit &&
    a.row.loadFactor === b.row.loadFactor &&
    a.row.currentA === b.row.currentA &&
    a.row.continuousA === b.row.continuousA &&
    a.row.randomA === b.row.randomA &&
    samePeriods(a.row.periodsA, b.row.periodsA),
);

/** Row cells compared once each (a row's periodsA is computed when read: read it once). */
function samePeriods(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** What a trace item shows, as one string: equal strings render the same. */
function traceSignature(e: TraceEntry, byId: ReadonlyMap<string, TraceEntry>): string {
  return [
    e.id,
    e.value,
    JSON.stringify(e.unit),
    e.symbol,
    JSON.stringify(e.formula),
    JSON.stringify(e.substituted ?? ''),
    JSON.stringify(e.valueText ?? ''),
    e.clause,
    e.confidence.join(','),
    e.quantity.zh,
    e.quantity.en,
    e.note?.zh ?? '',
    e.note?.en ?? '',
    ...e.inputs.map((i) => `${i.symbol}=${i.value}${i.unit}|${i.label?.zh ?? ''}|${i.label?.en ?? ''}|${i.ref ?? ''}|${i.ref ? (byId.get(i.ref)?.quantity.zh ?? '') + (byId.get(i.ref)?.quantity.en ?? '') : ''}`),
  ].join('\u0001');
}

/* ---------------------------------------------------------------- calculation trace */

function TracePanel({ sizing }: { sizing: SizingResult }) {
  const m = useMessages().sizing;
  const [text, setText] = useState('');
  const [onlyUnconfirmed, setOnlyUnconfirmed] = useState(false);
  const [closed, setClosed] = useState<ReadonlySet<TraceFamily>>(new Set());
  const [highlight, setHighlight] = useState<string | null>(null);
  const filtered = useMemo(() => filterTrace(sizing.trace, { text, onlyUnconfirmed }), [sizing.trace, text, onlyUnconfirmed]);
  const groups = useMemo(() => groupTrace(filtered), [filtered]);
  const byId = useMemo(() => new Map(sizing.trace.map((e) => [e.id, e])), [sizing.trace]);
  const unconfirmed = useMemo(() => sizing.trace.filter(isUnconfirmed).length, [sizing.trace]);
  // A long trace (a 200-load project has 260 entries) comes in right after the screen's first frame.
  let shownEntries = useProgressiveCount(sizing.trace.length, 80);
  const searching = text.trim() !== '' || onlyUnconfirmed;
  const byIdRef = useRef(byId);
  byIdRef.current = byId;
  const goTo = useCallback((id: string) => {
    const target = byIdRef.current.get(id);
    if (!target) return;
    setText('');
    setOnlyUnconfirmed(false);
    setClosed(new Set());
    setHighlight(id);
    requestAnimationFrame(() => document.getElementById(`trace-${id}`)?.scrollIntoView({ block: 'center', behavior: 'smooth' }));
  }, []);
  return (
    <div className="trace-block" data-testid="trace">
      <h3>{m.trace}</h3>
      <div className="trace-toolbar">
        <input type="search" aria-label={m.search} placeholder={m.search} data-testid="trace-search" value={text} onChange={(e) => setText(e.target.value)} />
        <label className="check">
          <input type="checkbox" data-testid="trace-unconfirmed" checked={onlyUnconfirmed} onChange={(e) => setOnlyUnconfirmed(e.target.checked)} />
          {m.onlyUnconfirmed}
        </label>
        <button type="button" onClick={() => setClosed(new Set())}>
          {m.expandAll}
        </button>
        <button type="button" onClick={() => setClosed(new Set(TRACE_FAMILIES))}>
          {m.collapseAll}
        </button>
        <span className="muted" data-testid="trace-count">
          {filtered.length} / {sizing.trace.length} {m.entries}
        </span>
      </div>
      <p className="legend" data-testid="trace-legend">
        <span className="unconfirmed-mark">{m.unconfirmedMark}</span> — {unconfirmed} {m.unconfirmedCount}. {m.legend}
      </p>
      {groups.length === 0 && <p className="empty">{m.noMatch}</p>}
      {groups.map((g) => {
        const open = searching || !closed.has(g.family);
        const budget = shownEntries;
        if (open) shownEntries -= g.entries.length;
        return (
          <section key={g.family} className="trace-group" data-testid={`trace-group-${g.family}`}>
            <h4>
              <button
                type="button"
                className="group-toggle"
                aria-expanded={open}
                onClick={() =>
                  setClosed((s) => {
                    const n = new Set(s);
                    if (n.has(g.family)) n.delete(g.family);
                    else n.add(g.family);
                    return n;
                  })
                }
              >
                {open ? '▾' : '▸'} {m.families[g.family]} <span className="muted">({g.entries.length})</span>
              </button>
            </h4>
            {open && (
              <ol className="trace-list">
                {g.entries.slice(0, Math.max(0, budget)).map((e) => (
                  <TraceItem key={e.id} entry={e} byId={byId} sig={traceSignature(e, byId)} onGo={goTo} highlighted={highlight === e.id} />
                ))}
              </ol>
            )}
          </section>
        );
      })}
    </div>
  );
}

const TraceItem = memo(function TraceItem({ entry: e, byId, onGo, highlighted }: { entry: TraceEntry; byId: ReadonlyMap<string, TraceEntry>; sig: string; onGo: (id: string) => void; highlighted: boolean }) {
  const m: M = useMessages().sizing;
  const lang = useLang();
  const unconfirmed = isUnconfirmed(e);
  const value = e.valueText ? e.valueText[lang] : typeof e.value === 'number' ? formatValue(e.value) : e.value;
  return (
    <li id={`trace-${e.id}`} className={`trace-entry ${unconfirmed ? 'unconfirmed' : ''} ${highlighted ? 'highlight' : ''}`} data-trace-id={e.id}>
      <div className="trace-head">
        <span className="quantity">{e.quantity[lang]}</span>
        <span className="eq">
          <span className="sym">{e.symbol}</span> = <strong>{value}</strong> {traceText(e.unit, lang)}
        </span>
        <span className="tags">
          {e.confidence.length === 0 ? (
            <span className="conf-tag conf-input">{m.input}</span>
          ) : (
            e.confidence.map((t) => (
              <span key={t} className={`conf-tag ${t === 'S' ? 'conf-s' : 'conf-u'}`}>
                {t}
              </span>
            ))
          )}
          {unconfirmed && (
            <span className="unconfirmed-mark" title={m.unconfirmedMark}>
              {m.unconfirmedShort}
            </span>
          )}
        </span>
        <code className="trace-id">{e.id}</code>
      </div>
      <div className="trace-body">
        <div>
          <span className="lbl">{m.formula}</span>
          <code>{traceText(e.formula, lang)}</code>
        </div>
        {e.substituted && (
          <div>
            <span className="lbl">{m.substituted}</span>
            <code>{traceText(e.substituted, lang)}</code>
          </div>
        )}
        <div>
          <span className="lbl">{m.clause}</span>
          <span className="clause">{clauseText(e.clause, lang)}</span>
        </div>
        {e.note && (
          <div>
            <span className="lbl">{m.note}</span>
            <span>{e.note[lang]}</span>
          </div>
        )}
        {e.inputs.length > 0 && (
          <details className="inputs">
            <summary>
              {m.inputs} ({e.inputs.length})
            </summary>
            <ul>
              {e.inputs.map((i, k) => (
                <li key={k}>
                  <span className="sym">{i.symbol}</span> = {typeof i.value === 'number' ? formatValue(i.value) : i.value} {i.unit}
                  {i.label && <span className="muted"> · {i.label[lang]}</span>}
                  {i.ref && byId.has(i.ref) && (
                    <>
                      {' '}
                      <a
                        href={`#trace-${i.ref}`}
                        className="ref"
                        onClick={(ev) => {
                          ev.preventDefault();
                          onGo(i.ref as string);
                        }}
                      >
                        → {byId.get(i.ref)?.quantity[lang]} ({i.ref})
                      </a>
                    </>
                  )}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
    </li>
  );
}, (a, b) => a.sig === b.sig && a.highlighted === b.highlighted && a.onGo === b.onGo);
