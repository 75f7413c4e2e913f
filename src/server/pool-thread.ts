import { parentPort, workerData } from 'node:worker_threads';
import type { Templates } from '../core/export/templates.ts';
import type { Knowledge } from '../core/knowledge.ts';
import { knowledgeFromCompiled } from '../core/knowledge-compiled.ts';
import { runTask, type Task } from './work.ts';

/**
 * One worker thread: keeps the knowledge of the catalog version it was last sent (compiled: catalog
 * and rules as the server loaded and checked them), runs tasks one at a time.
 */
const { templates } = workerData as { templates: Templates };
let current: { version: string; knowledge: Knowledge } | null = null;

parentPort!.on('message', (msg: { id: number; catalogVersion: string; catalogCompiled?: string; task: Task }) => {
  void (async () => {
    try {
      if (current?.version !== msg.catalogVersion) {
        if (!msg.catalogCompiled) throw new Error(`catalog version ${msg.catalogVersion} was not sent to this worker`);
        current = { version: msg.catalogVersion, knowledge: knowledgeFromCompiled(msg.catalogCompiled).knowledge };
      }
      const result = await runTask(current.knowledge, templates, msg.task);
      const transfer = result.kind === 'export' && result.ok ? [result.bytes.buffer as ArrayBuffer] : [];
      parentPort!.postMessage({ id: msg.id, result }, transfer);
    } catch (e) {
      parentPort!.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
    }
  })();
});
parentPort!.postMessage({ ready: true });
