#!/usr/bin/env node
// `dcq`: the command-line face of the same core the app uses. tsx runs the TypeScript sources directly.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
