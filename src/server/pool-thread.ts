import { parentPort, workerData } from 'node:worker_threads';
import type { CatalogSource } from '../core/catalog/source-files.ts';
import type { Templates } from '../core/export/templates.ts';
import { loadKnowledge, type Knowledge, type TextSource } from '../core/knowledge.ts';
import { runTask, type Task } from './work.ts';

/** One worker thread: keeps the knowledge of each catalog version it was sent, runs tasks one at a time. */
const { ruleSources, templates } = workerData as { ruleSources: TextSource[]; templates: Templates };
const knowledge = new Map<string, Knowledge>();

parentPort!.on('message', (msg: { id: number; catalogVersion: string; catalogSources?: CatalogSource[]; task: Task }) => {
  void (async () => {
    try {
      let k = knowledge.get(msg.catalogVersion);
      if (!k) {
        if (!msg.catalogSources) throw new Error(`catalog version ${msg.catalogVersion} was not sent to this worker`);
        const loaded = loadKnowledge({ catalog: msg.catalogSources, rules: ruleSources });
        if (!loaded.ok) throw new Error(`catalog version ${msg.catalogVersion} does not load: ${loaded.problems.slice(0, 3).map((p) => p.message.en).join('; ')}`);
        k = loaded.value;
        knowledge.clear();
        knowledge.set(msg.catalogVersion, k);
      }
      const result = await runTask(k, templates, msg.task);
      const transfer = result.kind === 'export' && result.ok ? [result.bytes.buffer as ArrayBuffer] : [];
      parentPort!.postMessage({ id: msg.id, result }, transfer);
    } catch (e) {
      parentPort!.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
    }
  })();
});
parentPort!.postMessage({ ready: true });
