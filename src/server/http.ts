import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small HTTP helpers: JSON errors with a message in zh and en (never a stack trace), bounded bodies, cookies. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: { zh: string; en: string },
    readonly extra: Record<string, unknown> = {},
  ) {
    super(text.en);
  }
}

export function errorBody(e: HttpError): Record<string, unknown> {
  return { code: e.code, message: e.text.en, messageZh: e.text.zh, ...e.extra };
}

const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text), ...SECURITY_HEADERS, ...headers });
  res.end(text);
}

export function sendBytes(res: ServerResponse, status: number, bytes: Uint8Array, headers: Record<string, string>): void {
  res.writeHead(status, { 'Content-Length': bytes.byteLength, ...SECURITY_HEADERS, ...headers });
  res.end(bytes);
}

/** Reads the body up to `limit` bytes; 413 beyond (by Content-Length up front, or while streaming). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, 'bodyTooLarge', { zh: `请求内容过大（上限 ${limit} 字节）`, en: `The request body is too large (limit ${limit} bytes)` });
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'contentType', { zh: '请求内容须为 JSON（Content-Type: application/json）', en: 'The request body must be JSON (Content-Type: application/json)' });
  }
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'badJson', { zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' });
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    try {
      out[k] = decodeURIComponent(v);
    } catch {
      // A malformed cookie is ignored, never an error page.
    }
  }
  return out;
}

/** Reads If-Match: `3`, `"3"` or `W/"3"`. Null when absent or not a version number. */
export function ifMatchVersion(req: IncomingMessage): number | null {
  const raw = req.headers['if-match'];
  if (typeof raw !== 'string') return null;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  return m ? Number(m[1]) : null;
}

export function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'badBody', { zh: '请求内容须为 JSON 对象', en: 'The request body must be a JSON object' });
  }
  return body as Record<string, unknown>;
}
