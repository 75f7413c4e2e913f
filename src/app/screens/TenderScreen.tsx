import { useMemo, useState } from 'react';
import { decodeText, parseCsv } from '../../core/catalog/csv.ts';
import { gridLimitProblems, type SheetGrid } from '../../core/catalog/grid.ts';
import { fileTooLarge } from '../../core/limits.ts';
import type { Problem } from '../../core/problems.ts';
import { REQUIREMENTS_DOCUMENT, requirementsFromGrid } from '../../core/tender/import.ts';
import type { Requirement } from '../../core/tender/requirement.ts';
import { loadRequirementSet, nextSetVersion, requirementSetYaml, SET_ID } from '../../core/tender/requirement-sets.ts';
import { STATUS_TEXT } from '../../core/tender/respond.ts';
import { acknowledgeDeviation, acknowledgementOf, requirementsOfState, setTenderRequirements } from '../../core/tender/review.ts';
import { download } from '../components/download.ts';
import { en as tenderEn, zh as tenderZh } from '../i18n/screens/tender.ts';
import { ProblemList } from '../components/ProblemList.tsx';
import { NotPriced, StaleNotice } from '../components/QuoteNotices.tsx';
import { useQuoteContext } from '../components/use-quote.ts';
import { useLang, useMessages } from '../i18n/index.ts';
import { todayInChina } from '../../core/quote/dates.ts';
import { useAppStore } from '../store/index.ts';
import { appTenderBid, appTenderFiles, selectMayExport } from './tender-export.ts';
import '../components/quote-ui.css';

const fill = (text: string, values: Record<string, string | number>) => Object.entries(values).reduce((t, [k, v]) => t.replaceAll(`{${k}}`, String(v)), text);

/**
 * Technical bid (技术标, issue #15): import a tender's requirement table, keep it in the project, see each
 * requirement answered from the configuration, and acknowledge every negative deviation as a reviewer
 * (a final quote is blocked until each is acknowledged). The .xlsx/PDF tables are those of `dcq tender`; the
 * 导出 screen offers them too (tender-export.ts, one path for both).
 */
export function TenderScreen() {
  const m = useMessages();
  const v = m.tender;
  const lang = useLang();
  const { knowledge, evaluation, stale, draftProblems, project, editQuote } = useQuoteContext();
  const [pasted, setPasted] = useState('');
  const [imported, setImported] = useState<Requirement[] | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [notice, setNotice] = useState('');
  const [reviewer, setReviewer] = useState('');
  const [setChoice, setSetChoice] = useState('');
  const [setId, setSetId] = useState('');
  const [setName, setSetName] = useState('');
  const [busy, setBusy] = useState(false);
  const tender = project?.quote?.tender;
  const stored = useMemo(() => requirementsOfState(tender), [tender]);
  const sets = knowledge?.tenderSets ?? [];
  // On the team server the tables are documents like the quote's: only a role with the export permission makes them.
  const mayExport = useAppStore(selectMayExport);
  const bid = useMemo(
    () => (evaluation && project && knowledge ? appTenderBid({ project, knowledge, evaluation, lang, now: new Date() }) : null),
    [evaluation, project, knowledge, lang],
  );
  const response = bid?.response ?? null;
  const fail = (zh: string, en: string) => setProblems([{ code: 'tender.app', severity: 'error', path: '', message: { zh, en } }]);

  const loadSet = () => {
    const set = sets.find((x) => `${x.id}@${x.version}` === setChoice) ?? sets[0];
    if (!set) return;
    setImported(set.requirements);
    setProblems([]);
    setNotice(fill(v.setLoaded, { set: `${set.id}@${set.version}`, n: set.requirements.length }));
  };
  const toSave = imported ?? stored;
  const saveSet = () => {
    const id = setId.trim();
    if (!SET_ID.test(id)) return fail(tenderZh.badSetId, tenderEn.badSetId);
    if (setName.trim() === '') return fail(tenderZh.noSetName, tenderEn.noSetName);
    const version = nextSetVersion(sets, id);
    const yaml = requirementSetYaml({ id, version, name: { zh: setName.trim(), en: setName.trim() }, source: `${project?.meta.name ?? ''} (saved from the app ${todayInChina(new Date())})`, confidence: 'internal', requirements: toSave });
    const file = `${id}-v${version}.yaml`;
    download(file, 'application/yaml', new TextEncoder().encode(yaml));
    setProblems([]);
    setNotice(fill(v.setDownloaded, { file }));
  };
  const exportTables = async () => {
    if (!bid) return;
    setBusy(true);
    setProblems([]);
    try {
      const files = await appTenderFiles(bid, lang, new Date());
      for (const f of files) download(f.name, f.mediaType, f.bytes);
      setNotice(fill(v.exported, { files: files.map((f) => f.name).join(lang === 'zh' ? '、' : ', ') }));
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      fail(fill(tenderZh.exportFailed, { reason }), fill(tenderEn.exportFailed, { reason }));
    } finally {
      setBusy(false);
    }
  };

  const readGrid = (grid: SheetGrid) => {
    const r = requirementsFromGrid(grid);
    setProblems(r.problems);
    setImported(r.problems.length === 0 ? r.requirements : null);
    setNotice('');
  };
  const onFile = async (file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (/\.ya?ml$/i.test(file.name)) {
      const set = loadRequirementSet({ path: file.name, text: decodeText(bytes).text });
      setProblems(set.ok ? [] : set.problems);
      setImported(set.ok ? set.value.requirements : null);
      setNotice(set.ok ? fill(v.setLoaded, { set: `${set.value.id}@${set.value.version}`, n: set.value.requirements.length }) : '');
      return;
    }
    if (/\.xlsx$/i.test(file.name)) {
      const { readPriceListWorkbook } = await import('../../export/xlsx/price-list-workbook.ts');
      const grid = await readPriceListWorkbook(bytes, { name: file.name, document: REQUIREMENTS_DOCUMENT, ...(knowledge ? { limits: knowledge.limits.priceList } : {}) });
      if (!grid.ok) {
        setProblems(grid.problems);
        setImported(null);
        return;
      }
      readGrid(grid.value);
    } else {
      const limits = knowledge?.limits.priceList;
      const tooLarge = limits && bytes.length > limits.maxFileBytes ? [fileTooLarge({ zh: `${REQUIREMENTS_DOCUMENT.zh}文件`, en: `${REQUIREMENTS_DOCUMENT.en} file` }, bytes.length, limits.maxFileBytes, file.name)] : [];
      const grid = tooLarge.length === 0 ? parseCsv(decodeText(bytes).text, file.name) : undefined;
      const over = [...tooLarge, ...(grid && limits ? gridLimitProblems(grid, limits, REQUIREMENTS_DOCUMENT) : [])];
      if (!grid || over.length > 0) {
        setProblems(over);
        setImported(null);
        return;
      }
      readGrid(grid);
    }
  };

  if (!evaluation || !evaluation.priced) return <NotPriced evaluation={evaluation} text={m.pricing.notPriced} />;
  return (
    <section className="screen" data-testid="tender-screen">
      <h2>{v.heading}</h2>
      <StaleNotice stale={stale} problems={draftProblems} />
      <p>{v.intro}</p>
      <p>
        <label>
          {v.file}{' '}
          <input type="file" accept=".xlsx,.csv,.txt,.yaml,.yml" data-testid="tender-file" onChange={(e) => { const f = e.target.files?.[0]; if (f) void onFile(f); }} />
        </label>{' '}
        <small>{v.fileSet}</small>
      </p>
      {sets.length > 0 && (
        <p>
          <label>
            {v.library}{' '}
            <select value={setChoice} onChange={(e) => setSetChoice(e.target.value)} data-testid="tender-set">
              {sets.map((x) => <option key={`${x.id}@${x.version}`} value={`${x.id}@${x.version}`}>{`${x.id}@${x.version} ${x.name[lang]}`}</option>)}
            </select>
          </label>{' '}
          <button type="button" onClick={loadSet} data-testid="tender-load-set">{v.loadSet}</button>
        </p>
      )}
      <details>
        <summary>{v.paste}</summary>
        <textarea rows={6} cols={80} value={pasted} onChange={(e) => setPasted(e.target.value)} data-testid="tender-paste" />
        <br />
        <button type="button" onClick={() => readGrid(parseCsv(pasted, 'paste'))}>{v.read}</button>
      </details>
      <ProblemList problems={problems} />
      {imported && (
        <p>
          <button type="button" data-testid="tender-save" onClick={() => { editQuote((q) => setTenderRequirements(q, imported)); setNotice(fill(v.saved, { n: imported.length })); setImported(null); }}>
            {fill(v.save, { n: imported.length })}
          </button>
        </p>
      )}
      {notice && <p role="status">{notice}</p>}
      {stored.length === 0 ? (
        <p>{v.none}</p>
      ) : !knowledge?.tenderVocabulary ? (
        <p className="problem">{v.noVocabulary}</p>
      ) : response && (
        <>
          <p data-testid="tender-summary">{fill(v.summary, response.counts)}</p>
          <p>
            <label>
              {v.reviewer}{' '}
              <input value={reviewer} onChange={(e) => setReviewer(e.target.value)} data-testid="tender-reviewer" />
            </label>
          </p>
          <table className="quote-table" data-testid="tender-answers">
            <thead>
              <tr><th>{v.no}</th><th>{v.name}</th><th>{v.required}</th><th>{v.ours}</th><th>{v.status}</th><th>{v.note}</th><th>{v.ack}</th></tr>
            </thead>
            <tbody>
              {response.answers.map((a, i) => {
                const ack = a.status === 'negative' ? acknowledgementOf(tender, a.requirement) : undefined;
                return (
                  <tr key={i} className={a.status === 'negative' ? 'deviation-negative' : a.status === 'manual' ? 'deviation-manual' : undefined}>
                    <td>{a.requirement.no}</td>
                    <td>{a.requirement.starred ? '★' : ''}{a.requirement.name}</td>
                    <td>{a.requirement.text}</td>
                    <td>{a.ourValue[lang]}</td>
                    <td>{STATUS_TEXT[a.status][lang]}{a.disqualifying ? `（${v.disqualifying}）` : ''}</td>
                    <td>{a.note[lang]}</td>
                    <td>
                      {a.status === 'negative' && (ack ? fill(v.acknowledgedBy, { who: ack.reviewer }) : (
                        <button type="button" disabled={reviewer.trim() === ''} onClick={() => {
                          editQuote((q) => {
                            const r = acknowledgeDeviation(q, { no: a.requirement.no, name: a.requirement.name, text: a.requirement.text, reviewer, time: new Date().toISOString() });
                            if (!r.ok) { setProblems(r.problems); return q; }
                            return r.value;
                          });
                        }}>{v.acknowledge}</button>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p>
            <button type="button" onClick={() => editQuote((q) => { const { tender: _t, ...rest } = q; return rest; })}>{v.clear}</button>
          </p>
        </>
      )}
      {toSave.length > 0 && (
        <details>
          <summary>{v.saveSet}</summary>
          <label>{v.setId} <input value={setId} onChange={(e) => setSetId(e.target.value)} data-testid="tender-set-id" /></label>{' '}
          <label>{v.setName} <input value={setName} onChange={(e) => setSetName(e.target.value)} data-testid="tender-set-name" /></label>{' '}
          <button type="button" onClick={saveSet} data-testid="tender-save-set">{fill(v.downloadSet, { version: nextSetVersion(sets, setId.trim()) })}</button>
        </details>
      )}
      {bid && (
        <p>
          <button type="button" disabled={busy || !mayExport} onClick={() => void exportTables()} data-testid="tender-export">{busy ? v.exporting : v.exportTables}</button>
          {!mayExport && <span className="muted small"> {m.exports.notPermitted}</span>}
        </p>
      )}
      <p className="hint">{v.exportHint}</p>
    </section>
  );
}
