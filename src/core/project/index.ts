export * from './schema.ts';
export { validateProject, validateRequirements, checkRequirements, problemFromZodIssue, dutyCycleMin, defaultDischargeMin } from './requirements.ts';
