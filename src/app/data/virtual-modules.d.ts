declare module 'virtual:bundled-knowledge' {
  /** The built app's precompiled knowledge asset (fetched); undefined on the dev server. */
  export const knowledgeUrl: string | undefined;
  /** The dev server's inlined precompiled knowledge; undefined in the built app. */
  export const knowledgeText: string | undefined;
}
