/** Texts of the projects screen. The English side is typed against the Chinese one. */
export const zh = {
  heading: '项目',
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const en: Widen<typeof zh> = {
  heading: 'Projects',
};
