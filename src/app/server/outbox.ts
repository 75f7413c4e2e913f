import { outboxStore } from '../persist/project-db.ts';
import type { Outbox, OutboxEntry } from './sync.ts';

/**
 * The outbox in IndexedDB, shared by every tab of the browser. Each tab files its unsent edits under
 * its own id (kept in sessionStorage, so a reload of the tab finds them again) and holds a Web Lock
 * for as long as it lives; an entry whose tab holds no lock any more was left by a closed tab, and the
 * next tab that opens that project adopts it and sends it. Two open tabs never take each other's edits.
 */
const TAB_KEY = 'dcq.tabId';

function tabId(): string {
  try {
    const saved = sessionStorage.getItem(TAB_KEY);
    if (saved) return saved;
    const id = crypto.randomUUID();
    sessionStorage.setItem(TAB_KEY, id);
    return id;
  } catch {
    return crypto.randomUUID();
  }
}

const lockName = (tab: string) => `dcq-tab-${tab}`;

export function browserOutbox(): Outbox {
  const tab = tabId();
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  // Held until the tab closes.
  void locks?.request(lockName(tab), () => new Promise<void>(() => {}));
  const key = (id: string) => `${tab}:${id}`;

  async function liveTabs(): Promise<Set<string> | null> {
    if (!locks) return null;
    const q = await locks.query();
    return new Set((q.held ?? []).map((l) => l.name ?? ''));
  }

  return {
    async get(id) {
      const all = (await outboxStore.all()).filter((e) => e.id === id);
      const own = all.find((e) => e.tabId === tab);
      if (own) return strip(own);
      const live = await liveTabs();
      if (!live) return undefined;
      const orphan = all.filter((e) => !live.has(lockName(e.tabId))).sort((a, b) => b.at.localeCompare(a.at))[0];
      if (!orphan) return undefined;
      await outboxStore.put({ ...orphan, key: key(id), tabId: tab });
      await outboxStore.delete(orphan.key);
      return strip(orphan);
    },
    put: (e) => outboxStore.put({ ...e, key: key(e.id), tabId: tab }),
    delete: (id) => outboxStore.delete(key(id)),
  };
}

function strip(e: OutboxEntry & { key?: string; tabId?: string }): OutboxEntry {
  return { id: e.id, baseVersion: e.baseVersion, base: e.base, project: e.project, at: e.at };
}
