import type * as EngineModule from './engine.ts';

export type Engine = typeof EngineModule;

let loaded: Engine | null = null;
let pending: Promise<Engine> | null = null;

/** Fetches the project engine chunk once (see engine.ts); later calls share the same promise. */
export function loadEngine(): Promise<Engine> {
  pending ??= import('./engine.ts').then((m) => (loaded = m));
  return pending;
}

/**
 * The loaded engine, for the store's synchronous actions. The store sets `knowledge` only after the
 * engine has arrived and every action that reaches here needs knowledge (an open project), so a call
 * before that is a programming error.
 */
export function engine(): Engine {
  if (!loaded) throw new Error('the project engine is used before loadEngine() resolved');
  return loaded;
}
