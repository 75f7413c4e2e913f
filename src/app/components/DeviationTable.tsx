import type { Deviation, LineState } from '../../core/bom/edits.ts';
import type { BomPanel } from '../../core/bom/model.ts';
import { formatMoney } from '../../core/money.ts';
import { useLang, useMessages } from '../i18n/index.ts';
import { signed } from './quote-helpers.ts';

/**
 * Every deviation from the rule-built BOM (quantity changed, item swapped, line removed, line added)
 * with the material-cost effect the core computed for it. Shown on the BOM screen (with a way back to
 * the rules' line) and on the review screen (read-only).
 */
export function DeviationTable({ deviations, panels, onRevert }: { deviations: readonly Deviation[]; panels: readonly BomPanel[]; onRevert?: (lineId: string) => void }) {
  const m = useMessages();
  const b = m.bom;
  const lang = useLang();
  const panelName = (id: string) => {
    const p = panels.find((x) => x.id === id);
    return p ? `${p.index}# ${p.name[lang]}` : id;
  };
  const state = (s: LineState | undefined) =>
    s ? (
      <>
        {s.code && <span className="code">{s.code}</span>} {s.name?.[lang]} <span className="muted">× {s.quantity}</span>
      </>
    ) : (
      '—'
    );
  return (
    <table className="grid compact deviation-table" data-testid="deviation-table">
      <thead>
        <tr>
          <th>{b.panel}</th>
          <th>{b.deviationKind}</th>
          <th>{b.from}</th>
          <th>{b.to}</th>
          <th className="num">{b.costDelta}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {deviations.map((d, i) => (
          <tr key={`${d.lineId}-${d.kind}-${i}`} className={`dev-${d.kind}`} data-testid={`deviation-${d.kind}-${d.lineId}`}>
            <td>{panelName(d.panelId)}</td>
            <td>
              <span className={`tag tag-dev-${d.kind === 'quantity' ? 'qty' : d.kind}`}>{b.deviationKinds[d.kind]}</span>
              {d.nonCatalog && <span className="tag tag-noncat">{b.nonCatalog}</span>}
            </td>
            <td>{state(d.from)}</td>
            <td>{state(d.to)}</td>
            <td className={`num ${d.costDelta.isNegative() ? 'delta-down' : d.costDelta.isZero() ? '' : 'delta-up'}`}>{signed(formatMoney(d.costDelta), d.costDelta)}</td>
            <td>
              {onRevert && (
                <button type="button" className="link" onClick={() => onRevert(d.lineId)}>
                  {d.kind === 'added' ? b.remove : b.revert}
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
