import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
// @ts-expect-error plain ESM module without types (bin/ holds the launcher)
import { freshBundle } from '../../bin/fresh-bundle.mjs';
import type { Templates } from '../core/export/templates.ts';
import { REPO_ROOT } from '../node/paths.ts';
import type { Task, TaskResult } from './work.ts';

/**
 * A pool of worker threads (one per core by default) for the CPU-heavy part of requests: sizing and
 * pricing on save, approval evaluation, document rendering. Tasks queue when every worker is busy; a
 * worker that dies fails its task (the request answers 500 with a reference, never hangs) and is
 * replaced. Each worker is sent a catalog version once, as compiled knowledge (catalog and rules
 * already loaded and checked, src/core/knowledge-compiled.ts: read in milliseconds, where loading the
 * YAML again took seconds), and keeps it.
 */
export interface CatalogRef {
  version: string;
  compiled: () => Promise<string> | string;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  isReady: boolean;
  busy: boolean;
  catalogVersion: string | null;
  pending: { id: number; resolve: (r: TaskResult) => void; reject: (e: Error) => void } | null;
}

/**
 * Where a worker starts: build/cli/pool-thread.cjs, built with the dcq bundle (scripts/cli/build.ts),
 * while every source it was built from is unchanged (the same check as bin/dcq.mjs) — plain JavaScript,
 * so a worker that died is back in well under the 2 s budget; otherwise (a fresh edit in development,
 * no build yet, DCQ_FROM_SOURCE=1) src/server/pool-worker.mjs, which compiles the sources through tsx.
 */
export function workerEntry(root: string = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): { file: string; bundled: boolean } {
  const bundle = join(root, 'build/cli/pool-thread.cjs');
  const fresh = !env.DCQ_FROM_SOURCE && existsSync(bundle) && (freshBundle(pathToFileURL(`${root}/`)) as object | undefined) !== undefined;
  return fresh ? { file: bundle, bundled: true } : { file: join(root, 'src/server/pool-worker.mjs'), bundled: false };
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: { task: Task; catalog: CatalogRef; resolve: (r: TaskResult) => void; reject: (e: Error) => void }[] = [];
  private nextId = 1;
  private closed = false;
  /** The worker entry, chosen once per pool (see workerEntry). */
  readonly entry: { file: string; bundled: boolean };

  constructor(readonly size: number, private readonly data: { templates: Templates }, entry = workerEntry()) {
    this.entry = entry;
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.entry.file, { workerData: this.data });
    let markReady!: () => void;
    const slot: Slot = { worker, ready: new Promise<void>((r) => (markReady = r)), isReady: false, busy: false, catalogVersion: null, pending: null };
    worker.on('message', (msg: { ready?: true; id?: number; result?: TaskResult; error?: string }) => {
      if (msg.ready) {
        slot.isReady = true;
        return markReady();
      }
      const p = slot.pending;
      if (!p || p.id !== msg.id) return;
      slot.pending = null;
      slot.busy = false;
      if (msg.error !== undefined) p.reject(new Error(msg.error));
      else p.resolve(msg.result!);
      this.pump();
    });
    worker.on('error', (e) => this.lost(slot, e));
    worker.on('exit', (code) => this.lost(slot, new Error(`worker exited with code ${code}`)));
    return slot;
  }

  private lost(slot: Slot, e: Error): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    slot.pending?.reject(e);
    slot.pending = null;
    if (this.closed) return;
    this.slots[i] = this.spawn();
    this.pump();
  }

  /** True once a worker has started. */
  get ready(): boolean {
    return this.slots.some((s) => s.isReady);
  }

  /**
   * Resolves when every worker has started and loaded the catalog in force (the server listens only
   * then, so its first requests do not queue behind start-up).
   */
  async whenReady(catalog: CatalogRef): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
    await Promise.all(this.slots.map(() => this.run({ kind: 'warm' }, catalog)));
  }

  run(task: Task, catalog: CatalogRef): Promise<TaskResult> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, catalog, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.busy = true;
      void (async () => {
        try {
          await slot.ready;
          const id = this.nextId++;
          const catalogCompiled = slot.catalogVersion === job.catalog.version ? undefined : await job.catalog.compiled();
          slot.pending = { id, resolve: job.resolve, reject: job.reject };
          slot.worker.postMessage({ id, catalogVersion: job.catalog.version, task: job.task, ...(catalogCompiled ? { catalogCompiled } : {}) });
          slot.catalogVersion = job.catalog.version;
        } catch (e) {
          slot.busy = false;
          job.reject(e as Error);
          this.pump();
        }
      })();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const q of this.queue.splice(0)) q.reject(new Error('the worker pool is closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
