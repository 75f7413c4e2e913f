export * from './schema.ts';
export { validateProject, validateRequirements, checkRequirements, problemFromZodIssue, dutyCycleMin, defaultDischargeMin } from './requirements.ts';
export { CURRENT_SCHEMA_VERSION, migrateProjectJson, openProjectJson, openProjectText, parseProjectText } from './file.ts';
