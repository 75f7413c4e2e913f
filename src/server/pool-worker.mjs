// Entry of a server worker thread (src/server/pool.ts). Plain JavaScript so it starts the same way
// whether the server runs from the bundle (build/cli) or from the sources: it registers tsx and loads
// the TypeScript task runner.
import { register } from 'tsx/esm/api';

register();
await import('./pool-thread.ts');
