/** Texts of the sizing screen. The English side is typed against the Chinese one. */
export const zh = {
  heading: '计算',
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const en: Widen<typeof zh> = {
  heading: 'Sizing',
};
