/**
 * Everything the store runs on a project: validation (zod schemas), the sizing → BOM → pricing →
 * approval pipeline, revisions and the signing policy. It is its own chunk (issue #16): the first
 * screen does not wait for it; `loadEngine()` fetches it in parallel with the catalog and rules, and the
 * store marks the knowledge ready only once both have arrived, so every action after that runs it
 * synchronously. tests/app/entry-chunk.test.ts keeps it out of the entry's static imports.
 */
export { projectLimitProblems } from '../../core/limits.ts';
export { createProjectEvaluator, quoteCheckOf } from '../../core/pipeline.ts';
export { bundledSigningPolicy } from '../../export/bundled-signing.ts';
export { openProjectJson, openProjectText, validateProject } from '../../core/project/index.ts';
export { copyForNewProject, importQuoteState, recordDecision } from '../../core/quote/approval.ts';
export { issueRevision, startFromRevision } from '../../core/quote/revisions.ts';
export { emptyQuoteState } from '../../core/quote/schema.ts';
