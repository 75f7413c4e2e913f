/** `items[ZHR22010-4]` + ['outputRangeV', 'minV'] → `items[ZHR22010-4].outputRangeV.minV` (the Problem.path form). */
export function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    const name = String(part);
    return acc ? `${acc}.${name}` : name;
  }, prefix);
}

export function itemPath(code: string | undefined, index: number): string {
  return `items[${code ?? `#${index + 1}`}]`;
}
