import { lazy, Suspense, useRef, useState } from 'react';
import type { Problem } from '../../core/problems.ts';
import { ProblemList } from '../components/ProblemList.tsx';
import { sampleProjects } from '../data/samples.ts';
import { useLang, useMessages } from '../i18n/index.ts';
import { useAppStore } from '../store/index.ts';
import type { ProjectSummary } from '../store/project-slice.ts';
import './projects.css';

/** Server mode: the open project's owner and editors (the owner adds and removes editors). */
const ServerEditors = lazy(() => import('../server/ServerEditors.tsx'));

/** A file name from the project name: keeps CJK, drops characters file systems refuse. */
export function projectFileName(name: string): string {
  const base = name.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'project';
  return `${base}.dcq.json`;
}

function formatTime(iso: string, lang: 'zh' | 'en'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function ProjectsScreen() {
  const m = useMessages();
  const p = m.projects;
  const lang = useLang();
  const projects = useAppStore((s) => s.projects);
  const openId = useAppStore((s) => s.history?.present.id ?? null);
  const lastDeleted = useAppStore((s) => s.lastDeleted);
  const undoDelete = useAppStore((s) => s.undoDelete);
  const createProject = useAppStore((s) => s.createProject);
  const importProjectFile = useAppStore((s) => s.importProjectFile);
  const exportProjectFile = useAppStore((s) => s.exportProjectFile);
  const openName = useAppStore((s) => s.history?.present.meta.name ?? null);
  const serverMode = useAppStore((s) => s.mode === 'server');
  const [sampleId, setSampleId] = useState(sampleProjects[0]?.id ?? '');
  const [newName, setNewName] = useState('');
  const [fileProblems, setFileProblems] = useState<{ file: string; problems: Problem[]; opened?: boolean } | null>(null);
  const [createProblems, setCreateProblems] = useState<Problem[]>([]);
  const [openedFile, setOpenedFile] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const create = async () => {
    const sample = sampleProjects.find((s) => s.id === sampleId);
    if (!sample) return;
    const r = await createProject(sample.json, newName.trim() || undefined);
    setCreateProblems(r.ok ? [] : r.problems);
    if (r.ok) setNewName('');
  };

  const saveToFile = () => {
    const text = exportProjectFile();
    if (!text || !openName) return;
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = projectFileName(openName);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const openFile = async (file: File) => {
    const text = await file.text();
    const r = await importProjectFile(text);
    if (r.ok) {
      // Revisions left out of an import (they did not verify) are listed; approvals never come along.
      const dropped = r.warnings.filter((w) => w.code.startsWith('revision.'));
      setFileProblems(dropped.length > 0 ? { file: file.name, problems: dropped, opened: true } : null);
      setOpenedFile(file.name);
    } else {
      setOpenedFile(null);
      setFileProblems({ file: file.name, problems: r.problems });
    }
  };

  return (
    <section className="screen projects-screen">
      <header className="screen-header">
        <h2>{p.heading}</h2>
        <span className="muted" data-testid="project-count">
          {projects.length} {p.count}
        </span>
      </header>

      <div className="projects-toolbar">
        <fieldset className="toolbar-group">
          <legend>{p.newFromSample}</legend>
          <select aria-label={p.sample} data-testid="sample-select" value={sampleId} onChange={(e) => setSampleId(e.target.value)}>
            {sampleProjects.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title[lang]}
              </option>
            ))}
          </select>
          <input type="text" aria-label={p.newName} placeholder={p.newName} data-testid="new-name" value={newName} onChange={(e) => setNewName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void create()} />
          <button type="button" className="primary" data-testid="create-from-sample" onClick={() => void create()}>
            {p.create}
          </button>
        </fieldset>
        <fieldset className="toolbar-group">
          <legend>{p.fileGroup}</legend>
          <button type="button" data-testid="save-file" disabled={!openId} title={p.saveHint} onClick={saveToFile}>
            {p.saveToFile}
          </button>
          <button type="button" data-testid="open-file" onClick={() => fileInput.current?.click()}>
            {p.openFromFile}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="open-file-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void openFile(f);
            }}
          />
        </fieldset>
      </div>

      {createProblems.length > 0 && (
        <div data-testid="create-problems">
          <p className="error-text">{p.createFailed}</p>
          <ProblemList problems={createProblems} />
        </div>
      )}
      {fileProblems && (
        <div className="file-problems" data-testid="file-problems" role="alert">
          <p className="error-text">
            {fileProblems.opened ? p.importDropped : p.openFileFailed} <code>{fileProblems.file}</code>
          </p>
          <ProblemList problems={fileProblems.problems} />
        </div>
      )}
      {openedFile && (
        <p className="ok-text" data-testid="file-opened">
          {p.openedFile}
          <code>{openedFile}</code>
        </p>
      )}
      {lastDeleted && (
        <div className="undo-banner" role="status" data-testid="undo-banner">
          <span>
            {p.deleted}
            <strong>{lastDeleted.name}</strong>
          </span>
          <button type="button" data-testid="undo-delete" onClick={() => void undoDelete()}>
            {p.undoDelete}
          </button>
        </div>
      )}

      {projects.length === 0 ? (
        <p className="empty">{p.noProjects}</p>
      ) : (
        <div className="table-wrap">
          <table className="grid projects-table" data-testid="projects-table">
            <thead>
              <tr>
                <th className="col-state" aria-label={p.opened} />
                <th>{p.name}</th>
                <th>{serverMode ? p.owner : p.customer}</th>
                <th className="col-time">{p.updated}</th>
                <th className="col-actions">{p.actions}</th>
              </tr>
            </thead>
            <tbody>
              {projects.map((proj) => (
                <ProjectRow key={proj.id} project={proj} isOpen={proj.id === openId} serverMode={serverMode} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {serverMode && openId && (
        <Suspense fallback={null}>
          <ServerEditors />
        </Suspense>
      )}
    </section>
  );
}

function ProjectRow({ project, isOpen, serverMode }: { project: ProjectSummary; isOpen: boolean; serverMode: boolean }) {
    const p = useMessages().projects;
    const lang = useLang();
    const openProject = useAppStore((s) => s.openProject);
    const renameProject = useAppStore((s) => s.renameProject);
    const copyProject = useAppStore((s) => s.copyProject);
    const deleteProject = useAppStore((s) => s.deleteProject);
    const setScreen = useAppStore((s) => s.setScreen);
    const [editing, setEditing] = useState(false);
    const [draft, setDraft] = useState(project.name);
    const finish = (save: boolean) => {
      setEditing(false);
      if (save && draft.trim() && draft.trim() !== project.name) void renameProject(project.id, draft);
      else setDraft(project.name);
    };
    return (
      <tr className={isOpen ? 'selected' : ''} data-testid="project-row" data-project-id={project.id} aria-current={isOpen || undefined}>
        <td className="col-state">{isOpen && <span className="badge open" title={p.opened}>● {p.opened}</span>}</td>
        <td>
          {editing ? (
            <span className="rename">
              <input
                autoFocus
                type="text"
                aria-label={p.name}
                data-testid="rename-input"
                value={draft}
                title={p.renameHint}
                onChange={(e) => setDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') finish(true);
                  if (e.key === 'Escape') finish(false);
                }}
                onBlur={() => finish(true)}
              />
            </span>
          ) : (
            <button type="button" className="link project-name" data-testid="project-name" onDoubleClick={() => setEditing(true)} onClick={() => void openProject(project.id).then((ok) => ok && setScreen('requirements'))}>
              {project.name}
            </button>
          )}
        </td>
        <td>{serverMode ? project.owner : project.customer}</td>
        <td className="col-time num">{formatTime(project.updatedAt, lang)}</td>
        <td className="col-actions">
          <button type="button" data-testid="open-project" disabled={isOpen} onClick={() => void openProject(project.id)}>
            {p.open}
          </button>
          <button
            type="button"
            data-testid="rename-project"
            onClick={() => {
              setDraft(project.name);
              setEditing(true);
            }}
          >
            {p.rename}
          </button>
          <button type="button" data-testid="copy-project" onClick={() => void copyProject(project.id)}>
            {p.copy}
          </button>
          {/* The server keeps every project with its audit log: no delete there. */}
          {!serverMode && (
            <button type="button" className="danger" data-testid="delete-project" onClick={() => void deleteProject(project.id)}>
              {p.delete}
            </button>
          )}
        </td>
      </tr>
    );
  }
