import { lazy, Suspense, useState } from 'react';
import type { Problem } from '../../core/problems.ts';
import type { Lang } from '../../core/text.ts';
import type { DocumentKind } from '../../export/documents.ts';
import { ProblemList } from '../components/ProblemList.tsx';
import { NotPriced, StaleNotice } from '../components/QuoteNotices.tsx';
import { useQuoteContext } from '../components/use-quote.ts';
import { todayInChina } from '../../core/quote/dates.ts';
import { requirementsOfState } from '../../core/tender/review.ts';
import { useLang, useMessages } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import { appTenderBid, appTenderFiles, selectMayExport } from './tender-export.ts';
import '../components/quote-ui.css';
import { download } from '../components/download.ts';

export { download };

/** The four documents, in the order people ask for them. (Kept here so the heavy export module is not loaded to list them.) */
const KINDS: readonly DocumentKind[] = ['internalBom', 'customerQuoteXlsx', 'quotePdf', 'calculationReportPdf'];
const PDF_KINDS: ReadonlySet<DocumentKind> = new Set(['quotePdf', 'calculationReportPdf']);
const CUSTOMER: ReadonlySet<DocumentKind> = new Set(['customerQuoteXlsx', 'quotePdf']);

/** Server mode: the server's own export (final only with its signed approval). */
const ServerExport = lazy(() => import('../server/ServerExport.tsx'));

/** The document date: today in China, as `dcq export` and the team server date documents. */
const today = () => todayInChina(new Date());

/**
 * Exports: the internal priced BOM, the customer quote (xlsx and PDF) and the calculation report. The
 * document code (exceljs, pdfmake, fonts) is loaded only when a button is pressed. Until the quote may be
 * issued as final, customer documents carry DRAFT on every page; the reasons are listed here. Characters
 * the PDF font cannot draw come back as warnings, listed by field. With tender requirements kept in the project,
 * the technical bid's three tables too (the 技术标 screen's path, tender-export.ts).
 */
export function ExportScreen() {
  const m = useMessages();
  const x = m.exports;
  const appLang = useLang();
  const { knowledge, evaluation, stale, draftProblems, project } = useQuoteContext();
  const [lang, setLang] = useState<Lang>(appLang);
  const [panelPricesOnly, setPanelPricesOnly] = useState(false);
  const [busy, setBusy] = useState<DocumentKind | 'all' | 'tender' | null>(null);
  const [warnings, setWarnings] = useState<Problem[]>([]);
  const [errors, setErrors] = useState<Problem[]>([]);
  const [saved, setSaved] = useState<string[]>([]);
  /** Glyphs are checked when a PDF is made; until then there is nothing to report either way. */
  const [glyphChecked, setGlyphChecked] = useState(false);
  const serverMode = useAppStore((s) => s.mode === 'server');
  // On the team server, documents are exported by those whose roles carry the export permission (bid
  // staff); the server refuses its own export to others, and this screen does not make them locally.
  const mayExport = useAppStore(selectMayExport);
  if (!knowledge || !project) return null;
  const quote = evaluation?.quote;
  if (!evaluation || !evaluation.priced || !quote) {
    return (
      <section className="screen quote-screen">
        <h2>{x.heading}</h2>
        <StaleNotice stale={stale} problems={draftProblems} />
        <NotPriced evaluation={evaluation} text={x.notPriced} />
      </section>
    );
  }
  const final = quote.canIssueFinal;
  const tenderKept = requirementsOfState(project.quote?.tender).length > 0;
  const issued = evaluation.quoteState.revisions.find((r) => r.letter === quote.issuedRevision);

  const run = async (kinds: readonly DocumentKind[], key: DocumentKind | 'all') => {
    setBusy(key);
    setErrors([]);
    setSaved([]);
    try {
      const { exportDocuments } = await import('../../export/browser.ts');
      const r = await exportDocuments({ project, knowledge, evaluation, lang, date: today(), panelPricesOnly, only: kinds });
      if (!r.ok) {
        setErrors(r.problems);
        return;
      }
      if (kinds.some((k) => PDF_KINDS.has(k))) {
        setWarnings(r.warnings.filter((w) => w.code !== 'export.draft'));
        setGlyphChecked(true);
      }
      for (const f of r.value) download(f.name, f.mediaType, f.bytes);
      setSaved(r.value.map((f) => f.name));
    } catch (e) {
      setErrors([{ code: 'export.failed', severity: 'error', path: '', message: { zh: `导出失败：${String(e)}`, en: `Export failed: ${String(e)}` } }]);
    } finally {
      setBusy(null);
    }
  };

  // The technical bid's tables, made as the 技术标 screen makes them (same bids, same bytes as dcq tender).
  const runTender = async () => {
    setBusy('tender');
    setErrors([]);
    setSaved([]);
    try {
      const now = new Date();
      const bid = appTenderBid({ project, knowledge, evaluation, lang, now });
      if (!bid) return;
      const files = await appTenderFiles(bid, lang, now);
      for (const f of files) download(f.name, f.mediaType, f.bytes);
      setSaved(files.map((f) => f.name));
    } catch (e) {
      setErrors([{ code: 'export.failed', severity: 'error', path: '', message: { zh: `导出失败：${String(e)}`, en: `Export failed: ${String(e)}` } }]);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="screen quote-screen export-screen">
      <header className="screen-header">
        <h2>{x.heading}</h2>
        <span className={`tag ${final ? 'tag-ok' : 'tag-warn'}`} data-testid="document-status">
          {final ? x.final : x.draft}
        </span>
      </header>
      <StaleNotice stale={stale} problems={draftProblems} />
      {serverMode && (
        <Suspense fallback={null}>
          <ServerExport lang={lang} />
        </Suspense>
      )}
      <p className="muted" data-testid="export-identity">
        {issued ? x.isRevision.replaceAll('{letter}', issued.letter) : x.isWorking}
      </p>
      {!final && (
        <div className="problems warning" data-testid="draft-explained">
          <p>{x.draftExplained}</p>
          <ProblemList problems={quote.blockers} />
        </div>
      )}

      <fieldset className="subsection export-options">
        <legend>{x.options}</legend>
        <div className="form-row">
          <label>
            {x.language}
            <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="export-lang">
              <option value="zh">中文</option>
              <option value="en">English</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={panelPricesOnly} onChange={(e) => setPanelPricesOnly(e.target.checked)} data-testid="panel-prices-only" />
            {x.panelPricesOnly}
          </label>
          <span className="muted small">{x.panelPricesOnlyHint}</span>
        </div>
      </fieldset>

      {!mayExport && (
        <p className="problems warning" role="status" data-testid="export-not-permitted">
          {x.notPermitted}
        </p>
      )}
      <div className="export-grid">
        {KINDS.map((k) => (
          <div key={k} className="export-card" data-testid={`export-card-${k}`}>
            <h3>{x.kinds[k].title}</h3>
            <p className="muted small">{x.kinds[k].text}</p>
            {CUSTOMER.has(k) && !final && <p className="tag tag-warn">{x.carriesDraft}</p>}
            <button type="button" className="primary" disabled={busy !== null || stale || !mayExport} onClick={() => void run([k], k)} data-testid={`export-${k}`}>
              {busy === k ? x.working : x.download}
            </button>
          </div>
        ))}
      </div>
      <p>
        <button type="button" disabled={busy !== null || stale || !mayExport} onClick={() => void run(KINDS, 'all')} data-testid="export-all">
          {busy === 'all' ? x.working : x.downloadAll}
        </button>{' '}
        <span className="muted small">{x.lazyHint}</span>
      </p>
      <div className="export-grid">
        <div className="export-card" data-testid="export-card-tender">
          <h3>{x.tender.title}</h3>
          <p className="muted small">{x.tender.text}</p>
          {!tenderKept ? (
            <p className="hint" data-testid="export-tender-none">{x.tender.none}</p>
          ) : !knowledge.tenderVocabulary ? (
            <p className="problem">{m.tender.noVocabulary}</p>
          ) : (
            <button type="button" className="primary" disabled={busy !== null || stale || !mayExport} onClick={() => void runTender()} data-testid="export-tender">
              {busy === 'tender' ? x.working : x.tender.download}
            </button>
          )}
        </div>
      </div>
      <ProblemList problems={errors} testId="export-errors" />
      {saved.length > 0 && (
        <p className="ok-text" role="status" data-testid="export-saved">
          {x.saved} {saved.join(lang === 'zh' ? '、' : ', ')}
        </p>
      )}
      <section className="subsection" data-testid="glyph-warnings">
        <h3>{x.glyphHeading}</h3>
        {warnings.length === 0 ? <p className="muted">{glyphChecked ? x.glyphNone : x.glyphPending}</p> : <ProblemList problems={warnings} />}
      </section>
    </section>
  );
}
