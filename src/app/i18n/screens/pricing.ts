/** Texts of the cost and price screen. The English side is typed against the Chinese one. */
export const zh = {
  heading: '成本与报价',
} as const;

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const en: Widen<typeof zh> = {
  heading: 'Cost and price',
};
