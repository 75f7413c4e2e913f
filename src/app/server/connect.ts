import { knowledgeFromCompiled } from '../../core/knowledge-compiled.ts';
import { fail, ok, type Problem } from '../../core/problems.ts';
import type { RemoteBackend } from '../store/server-slice.ts';
import { useAppStore } from '../store/index.ts';
import { ApiError, createApi } from './api.ts';
import { browserOutbox } from './outbox.ts';
import { SaveQueue } from './sync.ts';

/** Server mode's one client and one save queue for this tab, and the backend the project slice calls. */
export const api = createApi();

export const queue = new SaveQueue(api, browserOutbox(), (st) => useAppStore.getState().setServerState({ sync: { state: st.state, version: st.version, message: st.message, conflict: st.conflict } }));

export function problemOf(e: unknown): Problem {
  const text = e instanceof ApiError ? e.text : { zh: String(e), en: String(e) };
  return { code: e instanceof ApiError ? `server.${e.code}` : 'server.error', severity: 'error', path: '', message: text };
}

/**
 * Prices with the server's catalog: fetches GET /api/catalog (a 304 from the browser's cache when the
 * version is unchanged) and puts its knowledge in the store when the version differs from the one the
 * app has, so the app's figures are the server's to the fen after a price-list import.
 */
export async function loadServerCatalog(): Promise<void> {
  const { version, compiled } = await api.catalog();
  if (useAppStore.getState().serverCatalogVersion === version) return;
  const { knowledge } = knowledgeFromCompiled(compiled);
  useAppStore.setState({ knowledge });
  useAppStore.getState().setServerState({ serverCatalogVersion: version });
}

export function serverBackend(): RemoteBackend {
  return {
    list: async () => (await api.listProjects()).map((p) => ({ id: p.id, name: p.name, customer: '', updatedAt: p.updatedAt, owner: p.owner })),
    open: async (id) => {
      let got;
      try {
        got = await api.getProject(id);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
      useAppStore.getState().setServerState({ serverProject: { id, owner: got.owner, editors: got.editors } });
      // A price list imported since the last look prices this project from now on.
      await loadServerCatalog().catch(() => {});
      return queue.open(id, got.version, got.project);
    },
    read: async (id) => (await api.getProject(id)).project,
    create: async (project) => {
      try {
        return ok((await api.createProject(project)).id);
      } catch (e) {
        return fail([problemOf(e)]);
      }
    },
    save: (project) => void queue.edit(project),
    close: () => queue.close(),
  };
}

/** Re-reads the open project from the server (after a decision recorded there) when nothing is unsent. */
export async function reloadOpenProject(): Promise<void> {
  const s = useAppStore.getState();
  const id = s.history?.present.id;
  if (id && !queue.unsaved) await s.openProject(id);
}
