import { useMemo, useState } from 'react';
import type { BomEdit } from '../../core/bom/edits.ts';
import type { Bom, BomPanel, CustomItem, LineItemRef } from '../../core/bom/model.ts';
import { unitLabels } from '../../core/catalog/labels.ts';
import { brandName } from '../../core/catalog/query.ts';
import { unitSchema, type Catalog, type CatalogItem, type Unit } from '../../core/catalog/schema.ts';
import { searchCatalog } from '../../core/catalog/search.ts';
import { formatMoney } from '../../core/money.ts';
import { useLang, useMessages } from '../i18n/index.ts';
import { nextManualId, parseAmountText, parseQuantityText, punct } from './quote-helpers.ts';

const MAX_RESULTS = 12;

type Field = 'panel' | 'item' | 'nameZh' | 'nameEn' | 'spec' | 'costPrice' | 'listPrice' | 'quantity';

/**
 * Adds a manual line to a panel: an item picked from the catalog by search, or a one-off item from
 * outside the catalog with its own name, spec, unit, cost and price (flagged as non-catalog everywhere).
 * Each field shows its own error; nothing typed is lost when the line is refused.
 */
export function AddLineForm({
  catalog,
  panels,
  bom,
  edits,
  onAdd,
}: {
  catalog: Catalog;
  panels: readonly BomPanel[];
  ruleBom: Bom;
  bom: Bom;
  edits: readonly BomEdit[];
  /** Returns the core's refusal, or null when the line was added. */
  onAdd: (edit: BomEdit) => string | null;
}) {
  const b = useMessages().bom;
  const lang = useLang();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<'catalog' | 'custom'>('catalog');
  const [panelId, setPanelId] = useState(panels[0]?.id ?? '');
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<CatalogItem | null>(null);
  const [custom, setCustom] = useState({ nameZh: '', nameEn: '', spec: '', unit: 'pcs' as Unit, brand: '', costPrice: '', listPrice: '' });
  const [quantity, setQuantity] = useState('1');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [refusal, setRefusal] = useState<string | null>(null);

  const results = useMemo(() => (search.trim() ? searchCatalog(catalog, { text: search }).slice(0, MAX_RESULTS) : []), [catalog, search]);

  const submit = () => {
    const errs: Partial<Record<Field, string>> = {};
    if (!panels.some((p) => p.id === panelId)) errs.panel = b.errPanel;
    let item: LineItemRef | undefined;
    let unit: Unit | undefined;
    if (mode === 'catalog') {
      if (!picked) errs.item = b.errPickItem;
      else {
        item = { kind: 'catalog', code: picked.code };
        unit = picked.unit;
      }
    } else {
      const zh = custom.nameZh.trim();
      const en = custom.nameEn.trim();
      if (!zh && !en) errs.nameZh = b.errName;
      if (!custom.spec.trim()) errs.spec = b.errSpec;
      const cost = parseAmountText(custom.costPrice);
      const list = parseAmountText(custom.listPrice);
      if (!cost.ok) errs.costPrice = cost.reason[lang];
      if (!list.ok) errs.listPrice = list.reason[lang];
      unit = custom.unit;
      if (cost.ok && list.ok && (zh || en) && custom.spec.trim()) {
        const it: CustomItem = { name: { zh: zh || en, en: en || zh }, spec: custom.spec.trim(), unit: custom.unit, costPrice: cost.value, listPrice: list.value };
        if (custom.brand.trim()) it.brand = custom.brand.trim();
        item = { kind: 'custom', item: it };
      }
    }
    const q = parseQuantityText(quantity, unit);
    if (!q.ok) errs.quantity = q.reason[lang];
    setErrors(errs);
    setRefusal(null);
    if (Object.keys(errs).length > 0 || !item || !q.ok) return;
    const refused = onAdd({ type: 'addManualLine', line: { id: nextManualId(edits, bom), panelId, item, quantity: q.value, note: note.trim() } });
    if (refused) {
      setRefusal(refused);
      return;
    }
    setPicked(null);
    setSearch('');
    setCustom({ nameZh: '', nameEn: '', spec: '', unit: 'pcs', brand: '', costPrice: '', listPrice: '' });
    setQuantity('1');
    setNote('');
  };

  const err = (f: Field) =>
    errors[f] ? (
      <span className="field-error" role="alert" data-testid={`add-error-${f}`}>
        {errors[f]}
      </span>
    ) : null;

  if (!open) {
    return (
      <p>
        <button type="button" data-testid="add-line-open" onClick={() => setOpen(true)}>
          + {b.addLine}
        </button>
      </p>
    );
  }

  return (
    <fieldset className="add-line subsection" data-testid="add-line">
      <legend>{b.addLine}</legend>
      <div className="form-row">
        <label>
          {b.panel}
          <select value={panelId} onChange={(e) => setPanelId(e.target.value)} data-testid="add-panel">
            {panels.map((p) => (
              <option key={p.id} value={p.id}>
                {p.index}# {p.name[lang]}
              </option>
            ))}
          </select>
          {err('panel')}
        </label>
        <span className="segmented" role="radiogroup" aria-label={b.addLine}>
          <label className="check">
            <input type="radio" name="add-mode" checked={mode === 'catalog'} onChange={() => setMode('catalog')} data-testid="add-mode-catalog" />
            {b.fromCatalog}
          </label>
          <label className="check">
            <input type="radio" name="add-mode" checked={mode === 'custom'} onChange={() => setMode('custom')} data-testid="add-mode-custom" />
            {b.customItem}
          </label>
        </span>
      </div>

      {mode === 'catalog' ? (
        <div className="form-block">
          <input type="search" className="wide" placeholder={b.searchCatalog} aria-label={b.searchCatalog} value={search} onChange={(e) => setSearch(e.target.value)} data-testid="add-search" />
          {err('item')}
          {picked && (
            <p className="picked" data-testid="add-picked">
              {b.picked}
              {punct(lang).colon}
              <span className="code">{picked.code}</span> {lang === 'zh' ? picked.nameZh : picked.nameEn} · {picked.spec} · {brandName(catalog, picked.brand, lang)} · {b.unitCost} ¥
              {formatMoney(picked.costPrice)}
            </p>
          )}
          {results.length > 0 && (
            <table className="grid compact search-results">
              <tbody>
                {results.map((i) => (
                  <tr key={i.code} className={picked?.code === i.code ? 'selected' : ''} onClick={() => setPicked(i)} data-testid={`add-result-${i.code}`}>
                    <td className="code">{i.code}</td>
                    <td>{lang === 'zh' ? i.nameZh : i.nameEn}</td>
                    <td className="spec">{i.spec}</td>
                    <td>{brandName(catalog, i.brand, lang)}</td>
                    <td>{unitLabels[i.unit][lang]}</td>
                    <td className="num">{formatMoney(i.costPrice)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : (
        <div className="form-grid">
          <label>
            {b.nameZh}
            <input value={custom.nameZh} onChange={(e) => setCustom({ ...custom, nameZh: e.target.value })} data-testid="add-name-zh" />
            {err('nameZh')}
          </label>
          <label>
            {b.nameEn}
            <input value={custom.nameEn} onChange={(e) => setCustom({ ...custom, nameEn: e.target.value })} data-testid="add-name-en" />
          </label>
          <label>
            {b.spec}
            <input value={custom.spec} onChange={(e) => setCustom({ ...custom, spec: e.target.value })} data-testid="add-spec" />
            {err('spec')}
          </label>
          <label>
            {b.unit}
            <select value={custom.unit} onChange={(e) => setCustom({ ...custom, unit: e.target.value as Unit })}>
              {unitSchema.options.map((u) => (
                <option key={u} value={u}>
                  {unitLabels[u][lang]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {b.brand}
            <input value={custom.brand} onChange={(e) => setCustom({ ...custom, brand: e.target.value })} />
          </label>
          <label>
            {b.unitCost}
            <input className="num" value={custom.costPrice} onChange={(e) => setCustom({ ...custom, costPrice: e.target.value })} data-testid="add-cost" aria-invalid={errors.costPrice ? true : undefined} />
            {err('costPrice')}
          </label>
          <label>
            {b.listPrice}
            <input className="num" value={custom.listPrice} onChange={(e) => setCustom({ ...custom, listPrice: e.target.value })} data-testid="add-list" aria-invalid={errors.listPrice ? true : undefined} />
            {err('listPrice')}
          </label>
          <p className="muted small span-all">{b.customHint}</p>
        </div>
      )}

      <div className="form-row">
        <label>
          {b.quantity}
          <input className="num" size={6} value={quantity} onChange={(e) => setQuantity(e.target.value)} data-testid="add-quantity" aria-invalid={errors.quantity ? true : undefined} />
          {err('quantity')}
        </label>
        <label className="grow">
          {b.note}
          <input className="wide" value={note} onChange={(e) => setNote(e.target.value)} data-testid="add-note" />
        </label>
        <button type="button" className="primary" onClick={submit} data-testid="add-line-submit">
          {b.add}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {b.close}
        </button>
      </div>
      {refusal && (
        <p className="field-error" role="alert">
          {refusal}
        </p>
      )}
    </fieldset>
  );
}
