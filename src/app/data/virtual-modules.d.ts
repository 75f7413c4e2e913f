declare module 'virtual:bundled-catalog' {
  import type { CompiledCatalog } from '../../core/catalog/compiled.ts';
  const compiled: CompiledCatalog;
  export default compiled;
}
