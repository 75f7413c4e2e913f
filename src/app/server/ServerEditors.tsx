import { useState } from 'react';
import { useAppStore } from '../store/index.ts';
import { ApiError } from './api.ts';
import { api } from './connect.ts';
import { fill, useServerText } from './texts.ts';
import { editorsView } from './who-may-act.ts';
import './server.css';

/**
 * Server mode, projects screen: the open project's owner and editors. The owner adds an editor by user
 * name and removes one (each audited on the server); everyone else sees the list read-only.
 */
export default function ServerEditors() {
  const t = useServerText();
  const lang = useAppStore((s) => s.lang);
  const user = useAppStore((s) => s.serverUser);
  const openId = useAppStore((s) => s.history?.present.id ?? null);
  const serverProject = useAppStore((s) => s.serverProject);
  const setServerState = useAppStore((s) => s.setServerState);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!serverProject || serverProject.id !== openId) return null;
  const view = editorsView(user?.username ?? null, serverProject);

  const change = async (action: 'add' | 'remove', username: string) => {
    setBusy(true);
    setError(null);
    try {
      const r = action === 'add' ? await api.addEditor(serverProject.id, username) : await api.removeEditor(serverProject.id, username);
      setServerState({ serverProject: { id: serverProject.id, owner: r.owner, editors: r.editors } });
      if (action === 'add') setName('');
    } catch (e) {
      setError(e instanceof ApiError ? e.text[lang] : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="subsection server-panel" data-testid="project-people">
      <h3>{t.peopleHeading}</h3>
      <ul className="plain">
        {view.people.map((p) => (
          <li key={p.name} data-testid={p.owner ? 'project-owner' : 'project-editor'} data-user={p.name}>
            <strong>{p.name}</strong> <span className="muted small">{p.owner ? t.owner : t.editor}</span>
            {p.removable && (
              <>
                {' '}
                <button type="button" className="link" disabled={busy} onClick={() => void change('remove', p.name)} data-testid={`remove-editor-${p.name}`}>
                  {t.removeEditor}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {view.people.length === 1 && <p className="muted small">{t.noEditors}</p>}
      {view.canManage ? (
        <form
          className="form-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void change('add', name.trim());
          }}
        >
          <label>
            {t.editorName}
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" data-testid="editor-name" />
          </label>
          <button type="submit" disabled={busy || !name.trim()} data-testid="add-editor">
            {t.addEditor}
          </button>
        </form>
      ) : (
        <p className="muted small" data-testid="editors-read-only">
          {fill(t.editorsReadOnly, { owner: serverProject.owner })}
        </p>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="editors-error">
          {error}
        </p>
      )}
    </section>
  );
}
