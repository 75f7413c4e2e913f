import { execFileSync } from 'node:child_process';

/** One entry of a zip (xlsx) as text, via the system unzip. */
export function zipEntry(file: string, entry: string): string {
  // unzip reads entry names as wildcard patterns: "[Content_Types].xml" must be escaped to match itself.
  const pattern = entry.replace(/[[*?]/g, (c) => `[${c}]`);
  return execFileSync('unzip', ['-p', file, pattern], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Every entry of the zip, concatenated as text: for "is this figure anywhere in the file" checks. */
export function zipAllText(file: string): { names: string[]; text: string } {
  const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return { names, text: names.map((n) => zipEntry(file, n)).join('\n') };
}
