import { useEffect, useMemo, useState } from 'react';
import { formatMoney } from '../../core/money.ts';
import { evaluateProject } from '../../core/pipeline.ts';
import type { ProjectFile } from '../../core/project/schema.ts';
import { compareRevisions } from '../../core/quote/revisions.ts';
import { snapshotOf } from '../../core/quote/snapshot.ts';
import { FIRST_START_SAMPLE, sampleProjects } from '../data/samples.ts';
import { useAppStore } from '../store/index.ts';
import { ApiError, type SessionUser } from './api.ts';
import { api, loadServerCatalog, queue, serverBackend } from './connect.ts';
import { diffJson } from './merge.ts';
import { fill, useServerText } from './texts.ts';
import './server.css';

/**
 * Server mode's frame: the sign-in screen until someone is signed in, then a bar with who is signed in,
 * their roles, the save state (saved / saving / offline / conflict / refused) and sign-out, and the
 * conflict view when a save was stale. Warns before the page is left with edits the server has not
 * acknowledged, and sends them when the connection comes back.
 */
export default function ServerShell() {
  const t = useServerText();
  const user = useAppStore((s) => s.serverUser);
  const setServerState = useAppStore((s) => s.setServerState);
  const startProjects = useAppStore((s) => s.startProjects);
  const [phase, setPhase] = useState<'checking' | 'signIn' | 'unreachable' | 'in'>('checking');
  const [error, setError] = useState<string | null>(null);
  const lang = useAppStore((s) => s.lang);

  const begin = async (u: SessionUser) => {
    // The server's catalog and roles before any project opens: the app prices as the server does.
    const [roles] = await Promise.all([api.roles().catch(() => []), loadServerCatalog().catch(() => {})]);
    setServerState({ serverUser: u, remote: serverBackend(), serverRoles: roles });
    setPhase('in');
    const sample = sampleProjects.find((s) => s.id === FIRST_START_SAMPLE) ?? sampleProjects[0];
    await startProjects(sample?.json);
  };

  const check = () => {
    setPhase('checking');
    api.session().then(
      (u) => (u ? void begin(u) : setPhase('signIn')),
      (e: unknown) => {
        setError(e instanceof ApiError ? e.text[lang] : String(e));
        setPhase('unreachable');
      },
    );
  };

  useEffect(check, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (!queue.unsaved) return;
      e.preventDefault();
      e.returnValue = t.leaveWarning;
    };
    const online = () => void queue.flush();
    window.addEventListener('beforeunload', beforeUnload);
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener('online', online);
    };
  }, [t]);

  if (phase === 'checking') return null;
  if (phase === 'unreachable') {
    return (
      <div className="problems error banner" role="alert" data-testid="server-unreachable">
        {t.noServer}
        {error}{' '}
        <button type="button" onClick={check}>
          {t.retry}
        </button>
      </div>
    );
  }
  if (phase === 'signIn' || !user) return <SignIn onSignedIn={(u) => void begin(u)} />;
  return (
    <>
      <ServerBar onSignedOut={() => setPhase('signIn')} />
      <ConflictView />
    </>
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (u: SessionUser) => void }) {
  const t = useServerText();
  const lang = useAppStore((s) => s.lang);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const u = await api.signIn(username.trim(), password);
      setPassword('');
      onSignedIn(u);
    } catch (err) {
      setError(err instanceof ApiError ? err.text[lang] : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="screen sign-in" data-testid="sign-in">
      <form onSubmit={(e) => void submit(e)}>
        <h2>{t.signInHeading}</h2>
        <p className="muted">{t.signInHint}</p>
        <label>
          {t.username}
          <input autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} data-testid="sign-in-user" required />
        </label>
        <label>
          {t.password}
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="sign-in-password" required />
        </label>
        {error && (
          <p className="error-text" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy} data-testid="sign-in-submit">
          {busy ? t.signingIn : t.signIn}
        </button>
      </form>
    </section>
  );
}

function ServerBar({ onSignedOut }: { onSignedOut: () => void }) {
  const t = useServerText();
  const lang = useAppStore((s) => s.lang);
  const user = useAppStore((s) => s.serverUser);
  const sync = useAppStore((s) => s.sync);
  const serverProject = useAppStore((s) => s.serverProject);
  const openId = useAppStore((s) => s.history?.present.id ?? null);
  const catalogVersion = useAppStore((s) => s.serverCatalogVersion);
  if (!user) return null;
  const canEdit = !serverProject || serverProject.id !== openId || serverProject.owner === user.username || serverProject.editors.includes(user.username);
  const signOut = async () => {
    if (queue.unsaved && !window.confirm(t.signOutUnsaved)) return;
    await api.signOut().catch(() => {});
    const s = useAppStore.getState();
    s.closeProject();
    s.setServerState({ serverUser: null, remote: null, serverProject: null, serverCatalogVersion: null });
    useAppStore.setState({ projects: [] });
    onSignedOut();
  };
  const label = {
    saved: `${t.saved}${sync.version !== null ? ` · ${t.version} ${sync.version}` : ''}`,
    saving: t.saving,
    offline: t.offline,
    conflict: t.conflict,
    error: `${t.refused}${sync.message?.[lang] ?? ''}`,
  }[sync.state];
  return (
    <div className="server-bar" data-testid="server-bar">
      <span className="mode-badge server">{t.server}</span>
      <span data-testid="signed-in-user">
        {t.signedInAs}
        <strong>{user.username}</strong>
      </span>
      <span className="muted" data-testid="signed-in-roles">
        {t.roles}: {user.roles.map((r) => user.roleNames?.[r]?.[lang] ?? r).join('、')}
      </span>
      {serverProject && serverProject.id === openId && (
        <span className="muted">
          {t.owner}: {serverProject.owner}
          {serverProject.editors.length > 0 && ` · ${t.editors}: ${serverProject.editors.join('、')}`}
        </span>
      )}
      <span className={catalogVersion ? 'muted' : 'error-text'} data-testid="server-catalog" data-version={catalogVersion ?? ''}>
        {catalogVersion ? `${t.catalogVersion}: ${catalogVersion}` : t.catalogNotLoaded}
      </span>
      {openId && (
        <span className={`save-state ${sync.state}`} data-testid="save-state" data-state={sync.state} role="status">
          {label}
        </span>
      )}
      {openId && !canEdit && <span className="muted small">{t.readOnly}</span>}
      <button type="button" data-testid="sign-out" onClick={() => void signOut()}>
        {t.signOut}
      </button>
    </div>
  );
}

const show = (v: unknown) => {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
};

function ConflictView() {
  const t = useServerText();
  const lang = useAppStore((s) => s.lang);
  const conflict = useAppStore((s) => s.sync.conflict);
  const knowledge = useAppStore((s) => s.knowledge);
  const adoptProject = useAppStore((s) => s.adoptProject);
  const [overlaps, setOverlaps] = useState<string[] | null>(null);

  const fields = useMemo(() => {
    if (!conflict) return [];
    const mine = new Set(diffJson(conflict.base, conflict.mine).map((d) => d.path));
    const theirs = new Set(diffJson(conflict.base, conflict.theirs).map((d) => d.path));
    const touched = (set: Set<string>, path: string) => [...set].some((p) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`) || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
    return diffJson(conflict.theirs, conflict.mine)
      .filter((d) => !d.path.startsWith('meta.updatedAt'))
      .map((d) => {
        const me = touched(mine, d.path);
        const them = touched(theirs, d.path);
        return { ...d, by: me && them ? t.byBoth : me ? t.byMe : t.byThem };
      });
  }, [conflict, t]);

  const priced = useMemo(() => {
    if (!conflict || !knowledge) return null;
    const now = new Date().toISOString();
    const a = evaluateProject(conflict.theirs as ProjectFile, knowledge, { now }).priced;
    const b = evaluateProject(conflict.mine as ProjectFile, knowledge, { now }).priced;
    if (!a || !b) return 'notComparable' as const;
    return compareRevisions({ snapshot: snapshotOf(a) }, { snapshot: snapshotOf(b) });
  }, [conflict, knowledge]);

  if (!conflict) {
    return overlaps ? (
      <p className="ok-text banner" role="status" data-testid="reapplied">
        {t.reapplied}
        {overlaps.length ? overlaps.join('、') : '—'}
      </p>
    ) : null;
  }
  const reload = async () => {
    const r = await queue.reload();
    if (r) adoptProject(r.project as ProjectFile, 'replace');
  };
  const reapply = async () => {
    const r = await queue.reapply();
    if (r) {
      adoptProject(r.project as ProjectFile, 'record');
      setOverlaps(r.overlaps);
    }
  };
  return (
    <section className="conflict banner" role="alert" data-testid="conflict-view">
      <h2>{t.conflictHeading}</h2>
      <p>{fill(t.conflictExplain, { theirs: conflict.theirVersion, base: conflict.baseVersion })}</p>
      <h3>{t.fieldsHeading}</h3>
      <table className="grid compact" data-testid="conflict-fields">
        <thead>
          <tr>
            <th>{t.field}</th>
            <th>{t.theirs}</th>
            <th>{t.mine}</th>
            <th>{t.changedBy}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.path} data-path={f.path}>
              <td className="code">{f.path}</td>
              <td>{show(f.from)}</td>
              <td>{show(f.to)}</td>
              <td>{f.by}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t.pricedHeading}</h3>
      {priced === 'notComparable' || priced === null ? (
        <p className="muted">{t.notComparable}</p>
      ) : priced.items.length === 0 && priced.totals.netAmountExVat.delta === '0.00' ? (
        <p className="muted" data-testid="conflict-priced-none">
          {t.noPricedChange}
        </p>
      ) : (
        <table className="grid compact" data-testid="conflict-priced">
          <thead>
            <tr>
              <th>{t.item}</th>
              <th>{t.quantity}</th>
              <th>{t.amount}</th>
            </tr>
          </thead>
          <tbody>
            {priced.items.map((i) => (
              <tr key={i.key}>
                <td>
                  {i.code && <span className="code">{i.code} </span>}
                  {i.name[lang]}
                </td>
                <td className="num">{i.quantity ? `${i.quantity.from ?? 0} → ${i.quantity.to ?? 0}` : ''}</td>
                <td className="num">
                  {formatMoney(i.amount.from)} → {formatMoney(i.amount.to)}
                </td>
              </tr>
            ))}
            <tr className="total">
              <td>{t.total}</td>
              <td />
              <td className="num">
                {formatMoney(priced.totals.netAmountExVat.from)} → {formatMoney(priced.totals.netAmountExVat.to)}
              </td>
            </tr>
          </tbody>
        </table>
      )}
      <p className="muted small">{t.reapplyHint}</p>
      <div className="form-row">
        <button type="button" data-testid="conflict-reload" onClick={() => void reload()}>
          {t.reload}
        </button>
        <button type="button" className="primary" data-testid="conflict-reapply" onClick={() => void reapply()}>
          {t.reapply}
        </button>
      </div>
    </section>
  );
}
