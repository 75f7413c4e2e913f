/** Texts of the exports screen. The English side is typed against the Chinese one. */
export const zh = {
  heading: '导出',
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const en: Widen<typeof zh> = {
  heading: 'Exports',
};
