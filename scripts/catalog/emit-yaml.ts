import { parse } from 'yaml';

/**
 * A tiny YAML writer for the sample catalog: block mappings, one field per line, fixed field order,
 * money written as plain two-decimal numbers (the loader keeps their text exactly).
 */
export class Raw {
  constructor(readonly text: string) {}
}

export type Value = string | number | boolean | Raw | readonly string[] | readonly number[] | { readonly [k: string]: Value };
export type Item = { readonly [k: string]: Value | undefined };

function scalar(value: string | number | boolean | Raw): string {
  if (value instanceof Raw) return value.text;
  if (typeof value !== 'string') return String(value);
  const plainSafe = /^[^\s\-?:,[\]{}#&*!|>'"%@`0-9.+][^#]*$/u.test(value) && !/:\s|\s$/.test(value);
  return plainSafe && parse(value) === value ? value : JSON.stringify(value);
}

function emitValue(value: Value, indent: string): string {
  if (Array.isArray(value)) return `[${value.map((v) => scalar(v as string | number)).join(', ')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Raw)) {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${emitValue(v, indent)}`).join(', ')} }`;
  }
  return scalar(value as string | number | boolean | Raw);
}

export function emitItem(item: Item): string {
  const lines = Object.entries(item)
    .filter((e): e is [string, Value] => e[1] !== undefined)
    .map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${emitValue(v, '    ')}`);
  return lines.join('\n');
}

export interface Group {
  comment: string;
  items: Item[];
}

export function emitFile(headerComment: string, family: string, groups: Group[]): string {
  const out = [headerComment.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n'), '', `family: ${family}`, 'items:'];
  for (const group of groups) {
    out.push('', ...group.comment.split('\n').map((l) => `  # ${l}`.trimEnd()));
    for (const item of group.items) out.push(emitItem(item));
  }
  return `${out.join('\n')}\n`;
}
