import type { Problem } from '../problems.ts';

/**
 * The central directory of a zip (an .xlsx), read without inflating anything, so that a small file
 * that would expand to gigabytes (a zip bomb) is refused before a spreadsheet library sees it.
 */
export interface ZipEntry {
  name: string;
  compressedBytes: number;
  uncompressedBytes: number;
}

export type ZipDirectory = { ok: true; entries: ZipEntry[]; uncompressedBytes: number } | { ok: false; reason: 'notZip' | 'zip64' };

const u16 = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, i: number) => (u16(b, i) | (u16(b, i + 2) << 16)) >>> 0;

export function readZipDirectory(bytes: Uint8Array): ZipDirectory {
  // End of central directory: 22 bytes + a comment of up to 65535 bytes, at the end of the file.
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= min; i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'notZip' };
  const count = u16(bytes, eocd + 10);
  const size = u32(bytes, eocd + 12);
  const offset = u32(bytes, eocd + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { ok: false, reason: 'zip64' };
  if (offset + size > bytes.length) return { ok: false, reason: 'notZip' };
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = offset;
  const decoder = new TextDecoder('utf-8');
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) return { ok: false, reason: 'notZip' };
    const compressedBytes = u32(bytes, p + 20);
    const uncompressedBytes = u32(bytes, p + 24);
    if (compressedBytes === 0xffffffff || uncompressedBytes === 0xffffffff) return { ok: false, reason: 'zip64' };
    const nameLength = u16(bytes, p + 28);
    const name = decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength));
    entries.push({ name, compressedBytes, uncompressedBytes });
    total += uncompressedBytes;
    p += 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
  return { ok: true, entries, uncompressedBytes: total };
}

/** Problems of a workbook's zip against the limits: too large expanded, or not readable as a zip. */
export function workbookZipProblems(bytes: Uint8Array, maxUncompressedBytes: number, file: string): { problems: Problem[]; entries: ZipEntry[] } {
  const dir = readZipDirectory(bytes);
  const at = { location: { file } };
  if (!dir.ok) {
    return dir.reason === 'zip64'
      ? { problems: [{ code: 'priceList.tooLarge', severity: 'error', path: '', ...at, message: { zh: '工作簿过大（ZIP64 格式），不予读取', en: 'The workbook is too large (a ZIP64 archive) and is not read' } }], entries: [] }
      : { problems: [{ code: 'priceList.unreadable', severity: 'error', path: '', ...at, message: { zh: '这不是 Excel .xlsx 文件（无法识别 zip 结构）', en: 'This is not an Excel .xlsx file (no zip structure found)' } }], entries: [] };
  }
  if (dir.uncompressedBytes > maxUncompressedBytes) {
    return {
      problems: [{
        code: 'priceList.tooLarge', severity: 'error', path: '', ...at, value: dir.uncompressedBytes, limit: maxUncompressedBytes,
        message: {
          zh: `工作簿解压后为 ${dir.uncompressedBytes} 字节，超过上限 ${maxUncompressedBytes}（rules/limits/input-limits.yaml），不予读取`,
          en: `The workbook expands to ${dir.uncompressedBytes} bytes, above the limit of ${maxUncompressedBytes} (rules/limits/input-limits.yaml); it is not read`,
        },
      }],
      entries: dir.entries,
    };
  }
  return { problems: [], entries: dir.entries };
}
