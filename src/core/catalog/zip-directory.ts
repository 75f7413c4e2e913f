import type { Problem } from '../problems.ts';

/**
 * The central directory of a zip (an .xlsx), read without inflating anything, so that a small file
 * that would expand to gigabytes (a zip bomb) is refused before a spreadsheet library sees it.
 */
export interface ZipEntry {
  name: string;
  compressedBytes: number;
  /** As declared by the directory: a crafted zip can lie; `inflatedBytesWithin` measures. */
  uncompressedBytes: number;
  /** 0 stored, 8 deflate (the only methods an .xlsx uses). */
  method: number;
  /** Offset of the entry's local header. */
  localOffset: number;
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
    entries.push({ name, compressedBytes, uncompressedBytes, method: u16(bytes, p + 10), localOffset: u32(bytes, p + 42) });
    total += uncompressedBytes;
    p += 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
  return { ok: true, entries, uncompressedBytes: total };
}

/** Compressed data is fed to the inflater in slices this small, so one slice cannot expand far (deflate ≤ 1032:1). */
const SLICE = 4096;

/**
 * How many bytes one deflated part really expands to, inflating it as a stream and stopping as soon as
 * the count passes `budget` (`over`): nothing is kept, so memory stays at a few slices whatever the part
 * claims. A corrupt stream stops the count where it breaks (the spreadsheet reader then refuses the file).
 */
async function inflatedSize(data: Uint8Array, budget: number): Promise<{ bytes: number; over: boolean }> {
  const ds = new DecompressionStream('deflate-raw');
  const writer = ds.writable.getWriter();
  const reader = ds.readable.getReader();
  let bytes = 0;
  let over = false;
  const drain = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.byteLength;
      if (bytes > budget) {
        over = true;
        await reader.cancel();
        return;
      }
    }
  })().catch(() => undefined);
  try {
    for (let i = 0; i < data.length && !over; i += SLICE) await writer.write(data.subarray(i, i + SLICE) as Uint8Array<ArrayBuffer>);
    if (!over) await writer.close();
  } catch {
    // Cancelled because the budget is spent, or a corrupt stream: the count so far stands.
  }
  await drain;
  if (over) await writer.abort().catch(() => undefined);
  return { bytes, over };
}

/**
 * The bytes the workbook's parts really expand to, up to `limit`: each part's data is read from its local
 * header and inflated with a budget, so a directory that lies about uncompressed sizes cannot make the
 * spreadsheet library expand past the limit. Stops at the first byte over (`over`).
 */
export async function inflatedBytesWithin(bytes: Uint8Array, entries: readonly ZipEntry[], limit: number): Promise<{ bytes: number; over: boolean }> {
  let total = 0;
  for (const e of entries) {
    const at = e.localOffset;
    if (at + 30 > bytes.length || u32(bytes, at) !== 0x04034b50) continue; // the reader refuses the file itself
    const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
    const data = bytes.subarray(start, Math.min(bytes.length, start + e.compressedBytes));
    if (e.method === 8) {
      const r = await inflatedSize(data, limit - total);
      total += r.bytes;
      if (r.over) return { bytes: total, over: true };
    } else {
      total += e.method === 0 ? data.length : e.uncompressedBytes;
      if (total > limit) return { bytes: total, over: true };
    }
  }
  return { bytes: total, over: false };
}

function tooLarge(bytes: number, limit: number, at: { location: { file: string } }, measured: boolean): Problem {
  return {
    code: 'priceList.tooLarge', severity: 'error', path: '', ...at, value: bytes, limit,
    message: measured
      ? {
          zh: `工作簿解压后超过 ${limit} 字节（rules/limits/input-limits.yaml；其目录声明的大小不实），不予读取`,
          en: `The workbook expands to more than ${limit} bytes (rules/limits/input-limits.yaml; its zip directory understates the sizes); it is not read`,
        }
      : {
          zh: `工作簿解压后为 ${bytes} 字节，超过上限 ${limit}（rules/limits/input-limits.yaml），不予读取`,
          en: `The workbook expands to ${bytes} bytes, above the limit of ${limit} (rules/limits/input-limits.yaml); it is not read`,
        },
  };
}

/**
 * Problems of a workbook's zip against the limits: too large expanded, or not readable as a zip. The
 * directory's declared sizes are checked first (no inflating at all), then the parts are inflated as
 * streams with the limit as budget, so a directory that lies is caught before the spreadsheet library.
 */
export async function workbookZipProblems(bytes: Uint8Array, maxUncompressedBytes: number, file: string): Promise<{ problems: Problem[]; entries: ZipEntry[] }> {
  const dir = readZipDirectory(bytes);
  const at = { location: { file } };
  if (!dir.ok) {
    return dir.reason === 'zip64'
      ? { problems: [{ code: 'priceList.tooLarge', severity: 'error', path: '', ...at, message: { zh: '工作簿过大（ZIP64 格式），不予读取', en: 'The workbook is too large (a ZIP64 archive) and is not read' } }], entries: [] }
      : { problems: [{ code: 'priceList.unreadable', severity: 'error', path: '', ...at, message: { zh: '这不是 Excel .xlsx 文件（无法识别 zip 结构）', en: 'This is not an Excel .xlsx file (no zip structure found)' } }], entries: [] };
  }
  if (dir.uncompressedBytes > maxUncompressedBytes) return { problems: [tooLarge(dir.uncompressedBytes, maxUncompressedBytes, at, false)], entries: dir.entries };
  const real = await inflatedBytesWithin(bytes, dir.entries, maxUncompressedBytes);
  if (real.over) return { problems: [tooLarge(real.bytes, maxUncompressedBytes, at, true)], entries: dir.entries };
  return { problems: [], entries: dir.entries };
}
