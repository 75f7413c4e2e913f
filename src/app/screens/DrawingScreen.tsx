import { useMemo, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import { parse } from 'yaml';
import companyYaml from '../../../templates/company.yaml?raw';
import drawingYaml from '../../../templates/drawing.yaml?raw';
import { resolveItem } from '../../core/bom/model.ts';
import { parseDrawingTemplate } from '../../core/drawing/template.ts';
import { todayInChina } from '../../core/quote/dates.ts';
import { projectDrawing } from '../../core/drawing/project-drawing.ts';
import { sheetSvg } from '../../core/drawing/svg.ts';
import { traceText } from '../../core/trace.ts';
import type { Problem } from '../../core/problems.ts';
import type { DrawingFileKind } from '../../export/drawing-files.ts';
import { download } from '../components/download.ts';
import { ProblemList } from '../components/ProblemList.tsx';
import { useLang } from '../i18n/index.ts';
import * as texts from '../i18n/screens/drawing.ts';
import { useAppStore } from '../store/index.ts';
import './drawing.css';

/**
 * The one-line drawing of the open project (loaded lazily with its screen): the same SVG the CLI writes,
 * with pan and zoom; clicking a device shows its trace entry and its BOM lines.
 */
const template = parseDrawingTemplate(drawingYaml, 'templates/drawing.yaml');
const company = (parse(companyYaml) as { name: { zh: string; en: string } }).name;
/** The drawing's date: today in China, as `dcq drawing` dates it. */
const today = () => todayInChina(new Date());

export function DrawingScreen() {
  const lang = useLang();
  const t = texts[lang];
  const project = useAppStore((s) => s.history?.present ?? null);
  const evaluation = useAppStore((s) => s.evaluation);
  const catalog = useAppStore((s) => s.knowledge?.catalog ?? null);
  const [sheet, setSheet] = useState(1);
  const [selected, setSelected] = useState<string | null>(null);
  const [view, setView] = useState({ scale: 1, x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);
  const [busy, setBusy] = useState<DrawingFileKind | null>(null);
  const [saved, setSaved] = useState<string[]>([]);
  const [errors, setErrors] = useState<Problem[]>([]);

  const drawing = useMemo(() => (project && evaluation && template.ok ? projectDrawing({ project, evaluation, template: template.value, company, lang, date: today(), ...(catalog ? { catalog } : {}) }) : null), [project, evaluation, lang, catalog]);
  const sheetNo = drawing ? Math.min(sheet, drawing.sheetCount) : 1;
  const svg = useMemo(() => (drawing ? sheetSvg(drawing, sheetNo, { width: '100%', ...(selected ? { highlight: new Set([selected]) } : {}) }) : ''), [drawing, sheetNo, selected]);
  const element = drawing?.elements.find((e) => e.id === selected) ?? null;
  const trace = element?.traceRef ? (evaluation?.sizing.trace.find((e) => e.id === element.traceRef) ?? null) : null;
  const bom = evaluation?.bom ?? null;
  // The BOM lines of the element's item, in the panel the BOM puts the element in where the drawing knows it.
  const lines = element?.itemCode && bom ? bom.lines.filter((l) => l.item.kind === 'catalog' && l.item.code === element.itemCode && (element.panelId === undefined || l.panelId === element.panelId)) : [];

  const onWheel = (e: WheelEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    setView((v) => {
      const scale = Math.min(8, Math.max(0.5, v.scale * (e.deltaY < 0 ? 1.15 : 1 / 1.15)));
      const k = scale / v.scale;
      return { scale, x: px - (px - v.x) * k, y: py - (py - v.y) * k };
    });
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = { x: e.clientX, y: e.clientY, moved: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || e.buttons === 0) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (Math.abs(dx) + Math.abs(dy) > 2) d.moved = true;
    d.x = e.clientX;
    d.y = e.clientY;
    setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    drag.current = null;
    if (d?.moved) return;
    const g = (e.target as Element).closest?.('g[data-id]');
    const id = g?.getAttribute('data-id') ?? null;
    setSelected(id && drawing?.elements.some((x) => x.id === id && (x.traceRef || x.itemCode)) ? id : null);
  };

  // The files `dcq drawing` writes, made here on demand: the drawing code (pdfmake, DXF writer, fonts) loads only now.
  const save = async (kind: DrawingFileKind) => {
    if (!project || !evaluation || !template.ok) return;
    setBusy(kind);
    setErrors([]);
    setSaved([]);
    try {
      const { drawingDownload } = await import('../../export/drawing-browser.ts');
      const r = await drawingDownload({ project, evaluation, template: template.value, company, lang, date: today(), ...(catalog ? { catalog } : {}) }, kind);
      if (!r.ok) {
        setErrors(r.problems);
        return;
      }
      for (const f of r.value) download(f.name, f.mediaType, f.bytes);
      setSaved(r.value.map((f) => f.name));
    } catch (e) {
      setErrors([{ code: 'drawing.downloadFailed', severity: 'error', path: '', message: { zh: `${texts.zh.failed}${String(e)}`, en: `${texts.en.failed}${String(e)}` } }]);
    } finally {
      setBusy(null);
    }
  };
  const downloads: [DrawingFileKind, string][] = [['pdf', t.downloadPdf], ['dxf', t.downloadDxf], ['svg', t.downloadSvg], ['letter', t.downloadLetter]];

  if (!drawing) {
    return (
      <section className="screen drawing-screen">
        <h2>{t.heading}</h2>
        <ProblemList problems={template.ok ? [] : template.problems} testId="drawing-problems" />
        <p className="empty" data-testid="drawing-empty">{t.noDrawing}</p>
      </section>
    );
  }
  return (
    <section className="screen drawing-screen">
      <header className="screen-header">
        <h2>{t.heading}</h2>
        <span>
          {t.drawingNo} {drawing.titleBlock.drawingNumber} · {t.revision} {drawing.titleBlock.revision}
        </span>
      </header>
      <div className="drawing-toolbar">
        {Array.from({ length: drawing.sheetCount }, (_, i) => (
          <button key={i} type="button" data-testid={`drawing-sheet-${i + 1}`} className={sheetNo === i + 1 ? 'active' : ''} onClick={() => setSheet(i + 1)}>
            {t.sheet.replace('{n}', String(i + 1))}
          </button>
        ))}
        <button type="button" onClick={() => setView((v) => ({ ...v, scale: Math.min(8, v.scale * 1.25) }))}>{t.zoomIn}</button>
        <button type="button" onClick={() => setView((v) => ({ ...v, scale: Math.max(0.5, v.scale / 1.25) }))}>{t.zoomOut}</button>
        <button type="button" onClick={() => setView({ scale: 1, x: 0, y: 0 })}>{t.fit}</button>
        <span className="hint">{t.hint}</span>
      </div>
      <div className="drawing-toolbar" data-testid="drawing-downloads">
        <span>{t.downloads}</span>
        {downloads.map(([kind, text]) => (
          <button key={kind} type="button" data-testid={`drawing-download-${kind}`} disabled={busy !== null} onClick={() => void save(kind)}>
            {busy === kind ? t.working : text}
          </button>
        ))}
        {saved.length > 0 && (
          <span className="hint" data-testid="drawing-saved">
            {t.saved} {saved.join('、')}
          </span>
        )}
      </div>
      <ProblemList problems={errors} testId="drawing-download-problems" />
      <div className="drawing-body">
        <div className="drawing-viewport" data-testid="drawing-viewport" onWheel={onWheel} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp}>
          {/* Our own SVG string: every text in it is escaped by sheetSvg. */}
          <div className="drawing-canvas" style={{ transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }} dangerouslySetInnerHTML={{ __html: svg }} />
        </div>
        <aside className="drawing-details" data-testid="drawing-details">
          {!element ? (
            <p className="empty">{t.selectedNone}</p>
          ) : (
            <>
              <h3>{element.labels.map((l) => l.text).join(' ')}</h3>
              <h4>{t.trace}</h4>
              {trace ? (
                <div data-testid="drawing-trace">
                  <p>
                    {trace.quantity[lang]}: <strong>{String(trace.value)} {traceText(trace.unit, lang)}</strong>
                  </p>
                  <p className="formula">{traceText(trace.formula, lang)}</p>
                  {trace.substituted && <p className="formula">{traceText(trace.substituted, lang)}</p>}
                  <p className="clause">
                    {t.clause}: {trace.clause}
                  </p>
                </div>
              ) : (
                <p className="empty">{t.noTrace}</p>
              )}
              <h4>{t.bomLines}</h4>
              {lines.length === 0 || !bom || !catalog ? (
                <p className="empty">{t.noBom}</p>
              ) : (
                <ul data-testid="drawing-bom">
                  {lines.map((l) => {
                    const item = resolveItem(l, catalog);
                    const panel = bom.panels.find((p) => p.id === l.panelId);
                    return (
                      <li key={l.id}>
                        {panel ? `${panel.name[lang]}: ` : ''}
                        {item ? `${item.name[lang]} ` : ''}
                        {element.itemCode} — {t.quantity} {String(l.quantity)}
                      </li>
                    );
                  })}
                </ul>
              )}
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
