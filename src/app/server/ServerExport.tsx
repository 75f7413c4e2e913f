import { useState } from 'react';
import { download } from '../components/download.ts';
import { useAppStore } from '../store/index.ts';
import { ApiError } from './api.ts';
import { api } from './connect.ts';
import { useServerText } from './texts.ts';
import './server.css';

type DocName = 'quote.pdf' | 'customer-quote.xlsx' | 'internal-bom.xlsx' | 'calculation-report.pdf';
const DOCS: readonly DocName[] = ['quote.pdf', 'customer-quote.xlsx', 'internal-bom.xlsx', 'calculation-report.pdf'];

/** Server mode: the documents as the server makes them (final only with its signed approval), each export in the audit log. */
export default function ServerExport({ lang }: { lang: 'zh' | 'en' }) {
  const t = useServerText();
  const appLang = useAppStore((s) => s.lang);
  const id = useAppStore((s) => s.history?.present.id ?? null);
  const unsent = useAppStore((s) => s.sync.state !== 'saved');
  const [busy, setBusy] = useState<DocName | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string; status?: 'final' | 'draft' } | null>(null);
  if (!id) return null;
  const run = async (name: DocName) => {
    setBusy(name);
    setResult(null);
    try {
      const doc = await api.exportDocument(id, name, lang);
      download(doc.fileName, doc.blob.type, new Uint8Array(await doc.blob.arrayBuffer()));
      setResult({ ok: true, status: doc.status, text: `${t.exported}${doc.fileName} · ${t.exportStatus[doc.status]}${doc.draftReason ? ` — ${doc.draftReason}` : ''}` });
    } catch (e) {
      setResult({ ok: false, text: e instanceof ApiError ? e.text[appLang] : String(e) });
    } finally {
      setBusy(null);
    }
  };
  return (
    <fieldset className="subsection server-panel" data-testid="server-export">
      <legend>{t.exportHeading}</legend>
      <p className="muted small">{t.exportHint}</p>
      {unsent && <p className="muted small">{t.unsavedFirst}</p>}
      <div className="form-row">
        {DOCS.map((d) => (
          <button key={d} type="button" disabled={busy !== null} onClick={() => void run(d)} data-testid={`server-export-${d}`}>
            {t.docs[d]}
          </button>
        ))}
      </div>
      {result && (
        <p className={result.ok ? 'ok-text' : 'error-text'} role={result.ok ? 'status' : 'alert'} data-testid={result.ok ? 'server-export-done' : 'server-export-error'} data-status={result.status}>
          {result.text}
        </p>
      )}
    </fieldset>
  );
}
