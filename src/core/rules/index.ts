export * from './schema.ts';
export { loadRules, type RuleSource } from './load.ts';
