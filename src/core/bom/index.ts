/** The BOM: panels and lines (model.ts), engineer's edits on top of the rule-built BOM (edits.ts). */
export * from './model.ts';
export * from './equivalence.ts';
export * from './edits.ts';
export * from './build.ts';
