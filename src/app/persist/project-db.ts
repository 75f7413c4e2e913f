import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/**
 * Projects live in the browser's IndexedDB: one record per project holding the whole project file
 * (JSON-safe), plus a trash store so a delete can be undone. Every change is saved as soon as the frame
 * showing it is painted (autosave, within 0.15 s; before any other database work and when the page is
 * left), so a reload loses nothing.
 */
export interface StoredProject {
  id: string;
  name: string;
  customer: string;
  updatedAt: string;
  /** The project file exactly as it would be saved to disk. */
  file: unknown;
}

interface ProjectDb extends DBSchema {
  projects: { key: string; value: StoredProject; indexes: { updatedAt: string } };
  trash: { key: string; value: StoredProject & { deletedAt: string } };
  settings: { key: string; value: { key: string; value: unknown } };
  /** Team server mode: edits not yet acknowledged by the server, with the version they started from. */
  outbox: { key: string; value: { key: string; tabId: string; id: string; baseVersion: number; base: unknown; project: unknown; at: string } };
}

const DB_NAME = 'dcq';
const DB_VERSION = 2;
let dbPromise: Promise<IDBPDatabase<ProjectDb>> | undefined;

function db(): Promise<IDBPDatabase<ProjectDb>> {
  // Saves still waiting for their frame go first, so every later read or write sees them, in order.
  flushSaves();
  return openedDb();
}

function openedDb(): Promise<IDBPDatabase<ProjectDb>> {
  dbPromise ??= openDB<ProjectDb>(DB_NAME, DB_VERSION, {
    upgrade(database, oldVersion) {
      if (oldVersion < 1) {
        const projects = database.createObjectStore('projects', { keyPath: 'id' });
        projects.createIndex('updatedAt', 'updatedAt');
        database.createObjectStore('trash', { keyPath: 'id' });
        database.createObjectStore('settings', { keyPath: 'key' });
      }
      if (oldVersion < 2) database.createObjectStore('outbox', { keyPath: 'key' });
    },
  });
  return dbPromise;
}

/** Starts opening the database (app start, beside the engine and the catalog); the first read then finds it open. */
export function openProjectDb(): void {
  openedDb().catch(() => undefined);
}

export async function listProjects(): Promise<Omit<StoredProject, 'file'>[]> {
  const all = await (await db()).getAll('projects');
  return all
    .map(({ file: _file, ...summary }) => summary)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export async function getProject(id: string): Promise<StoredProject | undefined> {
  return (await db()).get('projects', id);
}

export async function putProject(project: StoredProject): Promise<void> {
  await (await db()).put('projects', project);
}

/** Edits waiting to be saved, by project id: the newest draft of each, and who waits for it. */
const pendingSaves = new Map<string, { project: StoredProject; settle: { resolve: () => void; reject: (e: unknown) => void }[] }>();
let saveScheduled = false;

function flushSaves(): void {
  if (pendingSaves.size === 0) return;
  const saves = [...pendingSaves.values()];
  pendingSaves.clear();
  for (const { project, settle } of saves) {
    openedDb()
      .then((d) => d.put('projects', project))
      .then(
        () => settle.forEach((s) => s.resolve()),
        (e: unknown) => settle.forEach((s) => s.reject(e)),
      );
  }
}

/**
 * Saves an edited project once the frame that shows the edit is painted (issue #16): writing it copies the
 * whole project (a 200-load one in ≈ 2 ms), which need not delay the edit on screen. Edits within that
 * frame are saved once, as the newest; any other read or write of the database, a hidden page (no frames)
 * and leaving the page save them first, so nothing typed is lost and nothing is saved out of order.
 */
export function saveProjectSoon(project: StoredProject): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = pendingSaves.get(project.id)?.settle ?? [];
    settle.push({ resolve, reject });
    pendingSaves.set(project.id, { project, settle });
    if (saveScheduled) return;
    saveScheduled = true;
    const run = () => {
      if (!saveScheduled) return;
      saveScheduled = false;
      flushSaves();
    };
    // When the browser is idle after that frame (within 0.1 s even while the user keeps editing), or
    // right after the frame where there is no idle callback; a hidden page has no frames.
    requestAnimationFrame(() => (typeof requestIdleCallback === 'function' ? requestIdleCallback(run, { timeout: 100 }) : setTimeout(run, 0)));
    setTimeout(run, 150);
  });
}

if (typeof window !== 'undefined') window.addEventListener('pagehide', flushSaves);

/** Moves a project to the trash; `restoreProject` brings it back. */
export async function deleteProject(id: string, deletedAt: string): Promise<void> {
  const database = await db();
  const tx = database.transaction(['projects', 'trash'], 'readwrite');
  const project = await tx.objectStore('projects').get(id);
  if (project) {
    await tx.objectStore('trash').put({ ...project, deletedAt });
    await tx.objectStore('projects').delete(id);
  }
  await tx.done;
}

export async function restoreProject(id: string): Promise<void> {
  const database = await db();
  const tx = database.transaction(['projects', 'trash'], 'readwrite');
  const trashed = await tx.objectStore('trash').get(id);
  if (trashed) {
    const { deletedAt: _deletedAt, ...project } = trashed;
    await tx.objectStore('projects').put(project);
    await tx.objectStore('trash').delete(id);
  }
  await tx.done;
}

export async function getSetting<T>(key: string): Promise<T | undefined> {
  return (await (await db()).get('settings', key))?.value as T | undefined;
}

export async function putSetting(key: string, value: unknown): Promise<void> {
  await (await db()).put('settings', { key, value });
}

export type OutboxRecord = ProjectDb['outbox']['value'];

/** The outbox of server mode, one record per browser tab and project (see src/app/server/outbox.ts). */
export const outboxStore = {
  all: async (): Promise<OutboxRecord[]> => (await db()).getAll('outbox'),
  put: async (entry: OutboxRecord): Promise<void> => {
    await (await db()).put('outbox', entry);
  },
  delete: async (key: string): Promise<void> => (await db()).delete('outbox', key),
};
