import { cachedLoad } from './load-cache.ts';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTooLarge, LIMITS_PATH, type InputLimits } from '../core/limits.ts';
import { loadLimits } from '../core/limits-file.ts';
import { fail, ok, type Result } from '../core/problems.ts';
import { DEFAULT_RULES_ROOT } from './knowledge-files.ts';

/** rules/limits/input-limits.yaml of a rules folder (the one shipped by default). */
export function readLimits(rulesRoot: string = DEFAULT_RULES_ROOT): Result<InputLimits> {
  let text: string;
  try {
    text = readFileSync(join(rulesRoot, LIMITS_PATH), 'utf8');
  } catch {
    return loadLimits(undefined);
  }
  const source = { path: LIMITS_PATH, text };
  return cachedLoad('limits', [source], '', () => loadLimits(source));
}

export type ReadBytes = Result<Uint8Array> & { io?: boolean };

/**
 * Reads a file only when its size is within `maxBytes` (checked on the open handle before reading, so
 * a huge file costs no memory). I/O failures are marked `io` (exit 3); a file too large is an input problem.
 */
export async function readBoundedFile(path: string, maxBytes: number, kind: { zh: string; en: string }): Promise<ReadBytes> {
  let handle;
  try {
    handle = await open(path, 'r');
    const { size } = await handle.stat();
    if (size > maxBytes) return fail([fileTooLarge(kind, size, maxBytes, path)]);
    return ok(new Uint8Array(await handle.readFile()));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return {
      ...fail([{ code: 'IO_UNREADABLE', severity: 'error', path: '', location: { file: path }, message: { zh: `无法读取文件：${path}（${err.code ?? err.message}）`, en: `cannot read file: ${path} (${err.code ?? err.message})` } }]),
      io: true,
    };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * A project file's bytes as text: UTF-8 with or without a byte-order mark; UTF-16 (LE or BE, with a
 * mark, as Windows "Unicode" saves) is decoded too. Bytes that are not UTF-8 are refused with a reason.
 */
export function projectText(bytes: Uint8Array, file: string): Result<string> {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return ok(new TextDecoder('utf-16be').decode(bytes.subarray(2)));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return ok(new TextDecoder('utf-16le').decode(bytes.subarray(2)));
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return fail([{ code: 'PROJECT_NOT_UTF8', severity: 'error', path: '', location: { file }, message: { zh: '项目文件不是 UTF-8 文本（请用本工具保存的项目文件）', en: 'The project file is not UTF-8 text (open a project file saved by this tool)' } }]);
  }
}
