import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const ARTIFACTS = resolve(__dirname, '../../../test-artifacts');

export function hasTool(cmd: string, arg = '-v'): boolean {
  const r = spawnSync(cmd, [arg], { stdio: 'ignore' });
  return r.error === undefined;
}

export function writeArtifact(sub: string, name: string, bytes: Uint8Array | string): string {
  const dir = join(ARTIFACTS, sub);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

export function pdfToText(pdfFile: string): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' });
}

export function pdfPageCount(pdfFile: string): number {
  const info = execFileSync('pdfinfo', [pdfFile], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? '0');
}

export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Rasterizes one page: a PNG kept for people to look at, and a PGM read here for automated checks. */
export function rasterizePage(pdfFile: string, page: number, outBase: string, dpi = 60): GrayImage {
  const common = ['-f', String(page), '-l', String(page), '-r', String(dpi), '-singlefile'];
  // A fresh clone has no test-artifacts/ yet: pdftoppm does not create folders.
  mkdirSync(dirname(outBase), { recursive: true });
  execFileSync('pdftoppm', [...common, '-png', pdfFile, outBase]);
  execFileSync('pdftoppm', [...common, '-gray', pdfFile, `${outBase}-gray`]);
  return readPgm(readFileSync(`${outBase}-gray.pgm`));
}

function readPgm(buf: Buffer): GrayImage {
  // P5\n<w> <h>\n<max>\n<data>
  let pos = 0;
  const tokens: string[] = [];
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buf[pos] as number))) pos++;
    let tok = '';
    while (!/\s/.test(String.fromCharCode(buf[pos] as number))) tok += String.fromCharCode(buf[pos++] as number);
    tokens.push(tok);
  }
  pos++;
  if (tokens[0] !== 'P5' || tokens[3] !== '255') throw new Error(`unexpected PGM header ${tokens.join(' ')}`);
  const width = Number(tokens[1]);
  const height = Number(tokens[2]);
  return { width, height, pixels: new Uint8Array(buf.subarray(pos, pos + width * height)) };
}

/** Dark pixels (< threshold) in a box given as fractions of the page. */
export function darkPixels(img: GrayImage, box: { x0: number; y0: number; x1: number; y1: number }, threshold = 128): number {
  let n = 0;
  const xa = Math.floor(box.x0 * img.width);
  const xb = Math.ceil(box.x1 * img.width);
  const ya = Math.floor(box.y0 * img.height);
  const yb = Math.ceil(box.y1 * img.height);
  for (let y = ya; y < yb; y++) for (let x = xa; x < xb; x++) if ((img.pixels[y * img.width + x] as number) < threshold) n++;
  return n;
}
