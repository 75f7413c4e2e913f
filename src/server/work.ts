import type { Templates } from '../core/export/templates.ts';
import type { Knowledge } from '../core/knowledge.ts';
import { evaluateProject, quoteCheckOf } from '../core/pipeline.ts';
import type { Problem } from '../core/problems.ts';
import type { ProjectFile } from '../core/project/schema.ts';
import { recordDecision } from '../core/quote/approval.ts';
import type { ApprovalRecord } from '../core/quote/schema.ts';
import type { ApprovalLevel } from '../core/pricing/rules.ts';
import type { PublicKey } from '../core/signing/approval-signature.ts';
import type { DocumentKind } from '../export/node.ts';

/**
 * The CPU-heavy work of a request — sizing, pricing and hashing a project, evaluating an approval,
 * rendering a document — as plain-data tasks, so it runs on a worker thread (src/server/pool.ts) and
 * the server's event loop stays free for every other request. The same functions run inline when the
 * server is started without workers (the API tests).
 */
export type Task =
  | { kind: 'warm' }
  | { kind: 'facts'; project: ProjectFile; now: string }
  | { kind: 'decide'; project: ProjectFile; now: string; decision: { approverName: string; role: ApprovalLevel; time: string; decision: 'approve' | 'reject'; comment: string } }
  | { kind: 'export'; project: ProjectFile; now: string; date: string; lang: 'zh' | 'en'; document: DocumentKind; keys: PublicKey[] };

export type TaskResult =
  | { kind: 'warm' }
  | { kind: 'facts'; contentHash: string | null; priced: boolean }
  | { kind: 'decide'; ok: true; record: ApprovalRecord }
  | { kind: 'decide'; ok: false; notPriced: boolean; problems: Problem[] }
  | { kind: 'export'; ok: true; name: string; mediaType: string; bytes: Uint8Array; status: 'final' | 'draft'; blockers: Problem[] }
  | { kind: 'export'; ok: false; problems: Problem[] };

export async function runTask(knowledge: Knowledge, templates: Templates, task: Task): Promise<TaskResult> {
  // Loading the catalog version's knowledge (done by the caller) is all a warm-up needs.
  if (task.kind === 'warm') return { kind: 'warm' };
  if (task.kind === 'facts') {
    const ev = evaluateProject(task.project, knowledge, { now: task.now });
    return { kind: 'facts', contentHash: ev.quote?.contentHash ?? null, priced: ev.priced !== null };
  }
  if (task.kind === 'decide') {
    const evaluation = evaluateProject(task.project, knowledge, { now: task.now });
    const check = quoteCheckOf(evaluation, knowledge);
    if (!check) return { kind: 'decide', ok: false, notPriced: true, problems: evaluation.problems.filter((x) => x.severity === 'error').slice(0, 20) };
    const result = recordDecision(check, task.decision);
    if (!result.ok) return { kind: 'decide', ok: false, notPriced: false, problems: result.problems };
    return { kind: 'decide', ok: true, record: result.value.approvals[result.value.approvals.length - 1] as ApprovalRecord };
  }
  // On the server "approvals must be signed" is always on.
  const evaluation = evaluateProject(task.project, knowledge, { now: task.now, quoteDate: task.date, signing: { required: true, keys: task.keys } });
  // The document writers (pdfmake, exceljs, fonts) load on the first export only: a worker is ready
  // for saves and approvals without them.
  const { exportDocuments } = await import('../export/node.ts');
  const result = await exportDocuments({ project: task.project, knowledge, templates, lang: task.lang, date: task.date, evaluation, only: [task.document] });
  if (!result.ok) return { kind: 'export', ok: false, problems: result.problems.slice(0, 20) };
  const file = result.value[0]!;
  const status = evaluation.quote?.canIssueFinal ? 'final' : 'draft';
  return { kind: 'export', ok: true, name: file.name, mediaType: file.mediaType, bytes: file.bytes, status, blockers: status === 'draft' ? (evaluation.quote?.blockers ?? []) : [] };
}
