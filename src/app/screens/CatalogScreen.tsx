import { useMemo } from 'react';
import { familyLabels, unitLabels } from '../../core/catalog/labels.ts';
import type { Catalog, CatalogItem, Family } from '../../core/catalog/schema.ts';
import { catalogFacets, searchCatalog } from '../../core/catalog/search.ts';
import { formatMoney } from '../../core/money.ts';
import { problemText } from '../../core/problems.ts';
import { useProgressiveCount } from '../components/progressive.ts';
import { baseFields, fieldLabels } from '../i18n/fields.ts';
import { useLang, useMessages } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';

const MAX_ROWS = 400;

export function CatalogScreen() {
  const m = useMessages();
  const lang = useLang();
  const catalog = useAppStore((s) => s.knowledge?.catalog ?? null);
  const problems = useAppStore((s) => s.knowledgeProblems);
  if (!catalog) {
    return (
      <section className="screen">
        <h2>{m.catalog.heading}</h2>
        {problems.length > 0 ? (
          <div className="problems error" role="alert">
            <p>{m.catalog.loadFailed}</p>
            <ul>
              {problems.map((p, i) => (
                <li key={i}>{problemText(p, lang)}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p>{m.app.loading}</p>
        )}
      </section>
    );
  }
  return <CatalogBrowser catalog={catalog} />;
}

function CatalogBrowser({ catalog }: { catalog: Catalog }) {
  const m = useMessages();
  const lang = useLang();
  const filter = useAppStore((s) => s.catalogFilter);
  const setFilter = useAppStore((s) => s.setCatalogFilter);
  const selectedCode = useAppStore((s) => s.selectedItemCode);
  const selectItem = useAppStore((s) => s.selectItem);
  const facets = useMemo(() => catalogFacets(catalog), [catalog]);
  const brandName = useMemo(() => {
    const names = new Map(catalog.brands.map((b) => [b.id, lang === 'zh' ? b.nameZh : b.nameEn]));
    return (id: string) => names.get(id) ?? id;
  }, [catalog, lang]);
  const results = useMemo(
    () =>
      searchCatalog(catalog, {
        text: filter.text,
        family: filter.family || undefined,
        brand: filter.brand || undefined,
        includeObsolete: filter.includeObsolete,
      }),
    [catalog, filter],
  );
  const selected = selectedCode ? catalog.byCode.get(selectedCode) : undefined;
  // The frame that shows the screen renders the rows in view of the table's box; the rest (up to
  // MAX_ROWS) a frame later (issue #16: a switch within 100 ms).
  const shownRows = useProgressiveCount(Math.min(results.length, MAX_ROWS), 40);

  return (
    <section className="screen catalog-screen">
      <header className="screen-header">
        <h2>{m.catalog.heading}</h2>
        <dl className="catalog-meta" data-testid="catalog-meta">
          <dt>{m.catalog.version}</dt>
          <dd>{catalog.version}</dd>
          <dt>{m.catalog.effectiveDate}</dt>
          <dd>{catalog.effectiveDate}</dd>
          <dt>{m.catalog.items}</dt>
          <dd>{catalog.items.length}</dd>
        </dl>
      </header>
      <p className="hint">{m.catalog.samplePrices}</p>
      <div className="filters" role="search">
        <input
          type="search"
          aria-label={m.catalog.search}
          placeholder={m.catalog.search}
          value={filter.text}
          onChange={(e) => setFilter({ text: e.target.value })}
        />
        <select aria-label={m.catalog.allFamilies} value={filter.family} onChange={(e) => setFilter({ family: e.target.value as Family | '' })}>
          <option value="">{m.catalog.allFamilies}</option>
          {facets.families.map((f) => (
            <option key={f} value={f}>
              {familyLabels[f][lang]}
            </option>
          ))}
        </select>
        <select aria-label={m.catalog.allBrands} value={filter.brand} onChange={(e) => setFilter({ brand: e.target.value })}>
          <option value="">{m.catalog.allBrands}</option>
          {facets.brands.map((b) => (
            <option key={b} value={b}>
              {brandName(b)}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={filter.includeObsolete} onChange={(e) => setFilter({ includeObsolete: e.target.checked })} />
          {m.catalog.showObsolete}
        </label>
        <span className="count" data-testid="result-count">
          {results.length} {m.catalog.shown}
        </span>
      </div>
      <div className="split">
        <div className="table-wrap">
          {results.length === 0 ? (
            <p className="empty">{m.catalog.noResults}</p>
          ) : (
            <table className="grid" data-testid="catalog-table">
              <thead>
                <tr>
                  <th>{m.catalog.code}</th>
                  <th>{m.catalog.name}</th>
                  <th>{m.catalog.spec}</th>
                  <th>{m.catalog.brand}</th>
                  <th className="num">{m.catalog.listPrice}</th>
                </tr>
              </thead>
              <tbody>
                {results.slice(0, shownRows).map((item) => (
                  <tr
                    key={item.code}
                    className={`${item.code === selectedCode ? 'selected' : ''} ${item.status === 'obsolete' ? 'obsolete' : ''}`}
                    onClick={() => selectItem(item.code)}
                  >
                    <td className="code">{item.code}</td>
                    <td>{lang === 'zh' ? item.nameZh : item.nameEn}</td>
                    <td>{item.spec}</td>
                    <td>{brandName(item.brand)}</td>
                    <td className="num">{formatMoney(item.listPrice)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <aside className="details" data-testid="item-details">
          {selected ? <ItemDetails item={selected} brandName={brandName} onSelect={selectItem} catalog={catalog} /> : <p className="empty">{m.catalog.noSelection}</p>}
        </aside>
      </div>
    </section>
  );
}

function ItemDetails({
  item,
  brandName,
  onSelect,
  catalog,
}: {
  item: CatalogItem;
  brandName: (id: string) => string;
  onSelect: (code: string) => void;
  catalog: Catalog;
}) {
  const m = useMessages();
  const lang = useLang();
  const attributes = Object.entries(item).filter(([key, value]) => !baseFields.has(key) && value !== undefined);
  return (
    <div>
      <h3>
        <span className="code">{item.code}</span> {lang === 'zh' ? item.nameZh : item.nameEn}
      </h3>
      <p className="spec">{item.spec}</p>
      <dl className="kv">
        <dt>{m.catalog.brand}</dt>
        <dd>{brandName(item.brand)}</dd>
        <dt>{m.catalog.unit}</dt>
        <dd>{unitLabels[item.unit][lang]}</dd>
        <dt>{m.catalog.costPrice}</dt>
        <dd className="num">¥{formatMoney(item.costPrice)}</dd>
        <dt>{m.catalog.listPrice}</dt>
        <dd className="num">¥{formatMoney(item.listPrice)}</dd>
        <dt>{m.catalog.leadTime}</dt>
        <dd>
          {item.leadTimeDays} {m.catalog.days}
        </dd>
        <dt>{m.catalog.status}</dt>
        <dd>{item.status === 'active' ? m.catalog.active : m.catalog.obsolete}</dd>
      </dl>
      <h4>{m.catalog.attributes}</h4>
      <dl className="kv">
        {attributes.map(([key, value]) => (
          <AttributeRow key={key} label={fieldLabels[key]?.[lang] ?? key} value={value} />
        ))}
      </dl>
      {item.alternates.length > 0 && (
        <>
          <h4>{m.catalog.alternates}</h4>
          <ul className="alternates">
            {item.alternates.map((code) => {
              const alt = catalog.byCode.get(code);
              return (
                <li key={code}>
                  <button type="button" className="link" onClick={() => onSelect(code)}>
                    {code}
                  </button>{' '}
                  {alt ? `${brandName(alt.brand)} · ¥${formatMoney(alt.listPrice)}` : ''}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </div>
  );
}

function AttributeRow({ label, value }: { label: string; value: unknown }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{formatAttribute(value)}</dd>
    </>
  );
}

function formatAttribute(value: unknown): string {
  if (typeof value === 'boolean') return value ? '✓' : '—';
  if (Array.isArray(value)) return value.map(formatAttribute).join(', ');
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if ('minV' in o && 'maxV' in o) return `${String(o.minV)}–${String(o.maxV)}`;
    if ('finalVoltageV' in o) return `${String(o.finalVoltageV)} V`;
    return JSON.stringify(value);
  }
  return String(value);
}
