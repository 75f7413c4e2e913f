/** Pricing (PCST cost build-up, price, margin). The rounding rule is written in ./README.md. */
export * from './calc.ts';
export * from './rules.ts';
export * from './settings.ts';
export * from './price.ts';
export * from './alternatives.ts';
