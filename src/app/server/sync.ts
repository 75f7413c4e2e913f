import type { LocalText } from '../../core/text.ts';
import { ApiError, type Api } from './api.ts';
import { merge3 } from './merge.ts';

/**
 * Saving the open project to the team server. Every edit is first written to the outbox (IndexedDB in
 * the app) with the version it started from, then sent with If-Match: that version. A reload, a crash
 * or a lost connection keeps the unsent edit; it is sent when the server can be reached again, and a
 * version saved by someone else in between gives a conflict (409) instead of an overwrite. Saves of
 * one project go one at a time, so each carries the version the previous one produced.
 */
export type SaveState = 'saved' | 'saving' | 'offline' | 'conflict' | 'error';

export interface OutboxEntry {
  id: string;
  baseVersion: number;
  /** The project as it was at `baseVersion` (for the three-way merge of a conflict). */
  base: unknown;
  /** The user's unsent project. */
  project: unknown;
  at: string;
}

export interface Outbox {
  get: (id: string) => Promise<OutboxEntry | undefined>;
  put: (entry: OutboxEntry) => Promise<void>;
  delete: (id: string) => Promise<void>;
}

export interface Conflict {
  id: string;
  baseVersion: number;
  base: unknown;
  mine: unknown;
  theirs: unknown;
  theirVersion: number;
  /** Who holds the project and who else edits it (from the server's answer). */
  owner: string;
}

export interface SyncStatus {
  state: SaveState;
  version: number | null;
  message: LocalText | null;
  conflict: Conflict | null;
}

interface Current {
  id: string;
  baseVersion: number;
  base: unknown;
  pending: unknown;
  inFlight: boolean;
  conflict: Conflict | null;
}

export class SaveQueue {
  private cur: Current | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private status: SyncStatus = { state: 'saved', version: null, message: null, conflict: null };

  constructor(
    private readonly api: Pick<Api, 'saveProject' | 'getProject'>,
    private readonly outbox: Outbox,
    private readonly onStatus: (s: SyncStatus) => void,
    private readonly opts: { delayMs?: number; retryMs?: number } = {},
  ) {}

  private set(s: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...s };
    this.onStatus(this.status);
  }

  /** True while an edit is not yet acknowledged by the server. */
  get unsaved(): boolean {
    return this.cur !== null && (this.cur.pending !== null || this.cur.inFlight || this.cur.conflict !== null);
  }

  get openId(): string | null {
    return this.cur?.id ?? null;
  }

  /**
   * Starts tracking a project opened from the server. When the outbox holds an unsent edit of it, that
   * edit is returned (to show instead of the server's version) and sent with its own base version.
   */
  async open(id: string, version: number, project: unknown): Promise<unknown> {
    // Reopening the project being saved: keep the queue as it is (its base is newer than the answer).
    if (this.cur?.id === id && this.unsaved) return this.cur.conflict?.mine ?? this.cur.pending ?? this.cur.base;
    this.clearTimers();
    const waiting = await this.outbox.get(id).catch(() => undefined);
    if (waiting) {
      this.cur = { id, baseVersion: waiting.baseVersion, base: waiting.base, pending: waiting.project, inFlight: false, conflict: null };
      this.set({ state: 'saving', version: waiting.baseVersion, message: null, conflict: null });
      void this.flush();
      return waiting.project;
    }
    this.cur = { id, baseVersion: version, base: project, pending: null, inFlight: false, conflict: null };
    this.set({ state: 'saved', version, message: null, conflict: null });
    return project;
  }

  close(): void {
    this.clearTimers();
    this.cur = null;
    this.set({ state: 'saved', version: null, message: null, conflict: null });
  }

  /** An edit of the open project: kept in the outbox at once, sent shortly. */
  async edit(project: unknown): Promise<void> {
    const c = this.cur;
    if (!c) return;
    c.pending = project;
    if (c.conflict) {
      // Still in conflict: the newest edit is what "re-apply" will send.
      c.conflict = { ...c.conflict, mine: project };
      this.set({ conflict: c.conflict });
    } else if (this.status.state !== 'offline') {
      this.set({ state: 'saving', message: null });
    }
    await this.outbox.put({ id: c.id, baseVersion: c.baseVersion, base: c.base, project, at: new Date().toISOString() });
    this.schedule(this.opts.delayMs ?? 400);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.retry) clearTimeout(this.retry);
    this.timer = this.retry = null;
  }

  /** Sends the pending edit now (also what reconnecting calls). */
  async flush(): Promise<void> {
    const c = this.cur;
    if (!c || c.inFlight || c.pending === null || c.conflict) return;
    const sending = c.pending;
    c.inFlight = true;
    this.set({ state: this.status.state === 'offline' ? 'offline' : 'saving' });
    try {
      const { version } = await this.api.saveProject(c.id, c.baseVersion, sending);
      if (this.cur !== c) return;
      c.baseVersion = version;
      c.base = sending;
      if (c.pending === sending) {
        c.pending = null;
        await this.outbox.delete(c.id);
        this.set({ state: 'saved', version, message: null });
      } else {
        await this.outbox.put({ id: c.id, baseVersion: version, base: sending, project: c.pending, at: new Date().toISOString() });
        this.set({ version });
        c.inFlight = false;
        // Awaited inside the try: a bare `return this.flush()` would run the finally below (inFlight =
        // false) while the next save is still on the wire, letting a timer send a second one beside it.
        await this.flush();
        return;
      }
    } catch (e) {
      if (this.cur !== c) return;
      const err = e instanceof ApiError ? e : new ApiError(0, 'offline', { zh: String(e), en: String(e) });
      if (err.offline) {
        this.set({ state: 'offline', message: err.text });
        if (this.retry) clearTimeout(this.retry);
        this.retry = setTimeout(() => {
          this.retry = null;
          void this.flush();
        }, this.opts.retryMs ?? 5000);
      } else if (err.status === 409) {
        await this.loadConflict(c, err.text);
      } else {
        // Refused (no edit rights, invalid, too large): the edit stays in the outbox, the reason shows.
        this.set({ state: 'error', message: err.text });
      }
    } finally {
      c.inFlight = false;
    }
  }

  private async loadConflict(c: Current, text: LocalText): Promise<void> {
    try {
      const server = await this.api.getProject(c.id);
      c.conflict = { id: c.id, baseVersion: c.baseVersion, base: c.base, mine: c.pending ?? c.base, theirs: server.project, theirVersion: server.version, owner: server.owner };
      this.set({ state: 'conflict', message: text, conflict: c.conflict });
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      this.set({ state: err?.offline ? 'offline' : 'error', message: err?.text ?? text });
    }
  }

  /** Conflict → drop my edits and take the server's version (returned to open). */
  async reload(): Promise<{ project: unknown; version: number } | null> {
    const c = this.cur;
    if (!c?.conflict) return null;
    const { theirs, theirVersion } = c.conflict;
    Object.assign(c, { baseVersion: theirVersion, base: theirs, pending: null, conflict: null });
    await this.outbox.delete(c.id);
    this.set({ state: 'saved', version: theirVersion, message: null, conflict: null });
    return { project: theirs, version: theirVersion };
  }

  /**
   * Conflict → put every field I changed since my base onto the server's version (theirs kept where I
   * changed nothing) and save that on top of the server's version. Returns the merged project to show.
   */
  async reapply(): Promise<{ project: unknown; overlaps: string[] } | null> {
    const c = this.cur;
    if (!c?.conflict) return null;
    const { base, mine, theirs, theirVersion } = c.conflict;
    const merged = merge3(base, mine, theirs);
    Object.assign(c, { baseVersion: theirVersion, base: theirs, pending: merged.value, conflict: null });
    this.set({ conflict: null, version: theirVersion, state: 'saving', message: null });
    await this.outbox.put({ id: c.id, baseVersion: theirVersion, base: theirs, project: merged.value, at: new Date().toISOString() });
    await this.flush();
    return { project: merged.value, overlaps: merged.overlaps };
  }

  /** The version the server holds of the open project as far as this tab knows (for If-Match on approvals). */
  get version(): number | null {
    return this.cur ? this.cur.baseVersion : null;
  }
}
