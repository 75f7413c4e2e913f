/** The quote: project-file section (schema.ts), approval (approval.ts), revisions (revisions.ts). */
export * from './schema.ts';
export * from './snapshot.ts';
export * from './hash.ts';
export * from './approval.ts';
export * from './revisions.ts';
export * from './covered.ts';
export * from './dates.ts';
export { approvalRecordProblems, quoteIntegrityProblems, verifyQuoteState } from './verify.ts';
