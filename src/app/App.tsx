import { lazy, Suspense, useEffect, type ComponentType } from 'react';
import { problemText } from '../core/problems.ts';
import { FIRST_START_SAMPLE, sampleProjects } from './data/samples.ts';
import { useLang, useMessages } from './i18n/index.ts';
import { ProjectsScreen } from './screens/ProjectsScreen.tsx';
import { detectServer } from './server/detect.ts';
import { useAppStore } from './store/index.ts';
import { SCREENS, type Screen } from './store/ui-slice.ts';

/**
 * The first screen (the project list) comes with the first script; every other screen is its own
 * chunk, fetched in the background once the first screen is up, so switching finds it already loaded.
 */
const screenLoaders = {
  requirements: () => import('./screens/RequirementsScreen.tsx').then((m) => ({ default: m.RequirementsScreen })),
  sizing: () => import('./screens/SizingScreen.tsx').then((m) => ({ default: m.SizingScreen })),
  bom: () => import('./screens/BomScreen.tsx').then((m) => ({ default: m.BomScreen })),
  pricing: () => import('./screens/PricingScreen.tsx').then((m) => ({ default: m.PricingScreen })),
  tender: () => import('./screens/TenderScreen.tsx').then((m) => ({ default: m.TenderScreen })),
  review: () => import('./screens/ReviewScreen.tsx').then((m) => ({ default: m.ReviewScreen })),
  revisions: () => import('./screens/RevisionsScreen.tsx').then((m) => ({ default: m.RevisionsScreen })),
  drawing: () => import('./screens/DrawingScreen.tsx').then((m) => ({ default: m.DrawingScreen })),
  exports: () => import('./screens/ExportScreen.tsx').then((m) => ({ default: m.ExportScreen })),
  catalog: () => import('./screens/CatalogScreen.tsx').then((m) => ({ default: m.CatalogScreen })),
} satisfies Record<Exclude<Screen, 'projects'>, () => Promise<{ default: ComponentType }>>;

const screenComponents: Record<Screen, ComponentType> = {
  projects: ProjectsScreen,
  ...(Object.fromEntries(Object.entries(screenLoaders).map(([id, load]) => [id, lazy(load)])) as unknown as Record<Exclude<Screen, 'projects'>, ComponentType>),
};

/** Server mode's sign-in, bar and conflict view: loaded only when a team server answers. */
const ServerShell = lazy(() => import('./server/ServerShell.tsx'));

let prefetched = false;
/**
 * Fetches (and compiles) every screen chunk when the browser is idle, once. Started only after the
 * start-up has opened a project: compiling ten screens on a cold start competes with opening and sizing
 * the project for the main thread (issue #16: interactive went from ≈ 0.5 to ≈ 1.7 s on a cold load).
 */
function prefetchScreens(): void {
  if (prefetched) return;
  prefetched = true;
  const idle = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 200));
  idle(() => {
    for (const load of Object.values(screenLoaders)) void load();
  });
}

/** The team-server check, started at once (beside the engine and the catalog), not after them. */
let serverDetection: Promise<boolean> | undefined;
const detectServerOnce = () => (serverDetection ??= detectServer());

/** Screens that need an open project; without one they send the user to the project list. */
const needsProject = new Set<Screen>(['requirements', 'sizing', 'bom', 'pricing', 'tender', 'review', 'revisions', 'drawing', 'exports']);

export function App() {
  const m = useMessages();
  const lang = useLang();
  const setLang = useAppStore((s) => s.setLang);
  const screen = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const knowledge = useAppStore((s) => s.knowledge);
  const knowledgeProblems = useAppStore((s) => s.knowledgeProblems);
  const loadBundledKnowledge = useAppStore((s) => s.loadBundledKnowledge);
  const startProjects = useAppStore((s) => s.startProjects);
  const projectName = useAppStore((s) => s.history?.present.meta.name);
  const canUndo = useAppStore((s) => (s.history?.past.length ?? 0) > 0);
  const canRedo = useAppStore((s) => (s.history?.future.length ?? 0) > 0);
  const undo = useAppStore((s) => s.undo);
  const redo = useAppStore((s) => s.redo);
  const persistError = useAppStore((s) => s.persistError);
  const mode = useAppStore((s) => s.mode);
  const serverUser = useAppStore((s) => s.serverUser);
  const setServerState = useAppStore((s) => s.setServerState);

  useEffect(() => {
    void loadBundledKnowledge();
    void detectServerOnce();
  }, [loadBundledKnowledge]);

  // The other screens' chunks once a project is open (or, in server mode, the sign-in is showing); a
  // start that opened nothing (a storage error) still prefetches them a little later.
  const startSettled = Boolean(knowledge && (projectName || mode === 'server'));
  useEffect(() => {
    if (!knowledge) return;
    if (startSettled) {
      prefetchScreens();
      return;
    }
    const later = window.setTimeout(prefetchScreens, 3000);
    return () => window.clearTimeout(later);
  }, [knowledge, startSettled]);

  // Served by `dcq serve` (team server: sign in, projects on the server) or a static build (local mode:
  // projects in this browser). The server shell starts the projects itself once someone is signed in.
  useEffect(() => {
    if (!knowledge) return;
    let live = true;
    void detectServerOnce().then((server) => {
      if (!live) return;
      setServerState({ mode: server ? 'server' : 'local' });
      if (server) return;
      const sample = sampleProjects.find((s) => s.id === FIRST_START_SAMPLE) ?? sampleProjects[0];
      void startProjects(sample?.json);
    });
    return () => {
      live = false;
    };
  }, [knowledge, startProjects, setServerState]);

  useEffect(() => {
    document.title = projectName ? `${projectName} · ${m.app.title}` : m.app.title;
  }, [m, projectName]);

  // Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z or Ctrl+Y redoes — except while typing in a field, where the
  // browser's own text undo is what the user expects.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  const Current = needsProject.has(screen) && !projectName ? ProjectsScreen : screenComponents[screen];
  const ready = knowledge && (mode === 'local' || (mode === 'server' && serverUser));

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <h1>{m.app.title}</h1>
          <span className="subtitle">{projectName ?? m.app.noProject}</span>
        </div>
        {mode === 'local' && (
          <span className="mode-badge" data-testid="mode-badge" title={m.app.localModeHint}>
            {m.app.localMode}
          </span>
        )}
        <nav className="tabs" aria-label="main">
          {SCREENS.map((id) => (
            <button
              key={id}
              type="button"
              data-testid={`nav-${id}`}
              className={id === screen ? 'active' : ''}
              aria-current={id === screen ? 'page' : undefined}
              disabled={(needsProject.has(id) && !projectName) || (mode === 'server' && !serverUser)}
              onClick={() => setScreen(id)}
            >
              {m.nav[id]}
            </button>
          ))}
        </nav>
        <div className="history-buttons">
          <button type="button" data-testid="undo" disabled={!canUndo} onClick={undo} title="Ctrl+Z">
            ↶ {m.app.undo}
          </button>
          <button type="button" data-testid="redo" disabled={!canRedo} onClick={redo} title="Ctrl+Shift+Z">
            ↷ {m.app.redo}
          </button>
        </div>
        <button type="button" className="lang" data-testid="toggle-lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {m.app.language}
        </button>
      </header>
      {persistError && (
        <div className="problems error banner" role="alert">
          {m.app.saveFailed}
          {persistError}
        </div>
      )}
      {!knowledge && knowledgeProblems.length > 0 && (
        <div className="problems error banner" role="alert">
          <ul>
            {knowledgeProblems.map((p, i) => (
              <li key={i}>{problemText(p, lang)}</li>
            ))}
          </ul>
        </div>
      )}
      {mode === 'server' && (
        <Suspense fallback={null}>
          <ServerShell />
        </Suspense>
      )}
      <main>
        {ready ? (
          <Suspense fallback={<p data-testid="screen-loading">{m.app.loading}</p>}>
            <Current />
          </Suspense>
        ) : mode === 'server' && knowledge ? null : (
          <p>{m.app.loading}</p>
        )}
      </main>
    </div>
  );
}
