import type { LocalText } from '../../core/text.ts';

/**
 * The app's client of the team server API (issue 13). Small and free of React: the app loads it only
 * once GET /api/health has said a server is there. The session is an HttpOnly cookie the browser
 * keeps; the CSRF token that every state-changing request carries lives only in this object.
 */
export interface SessionUser {
  username: string;
  roles: string[];
  /** From rules/access/roles.yaml on the server; for display only (the server decides every request). */
  roleNames?: Record<string, LocalText>;
  approvalLevel?: string | null;
  reviewSeats?: ReviewSeat[];
  permissions?: string[];
}

export interface ServerProjectSummary {
  id: string;
  name: string;
  version: number;
  owner: string;
  updatedAt: string;
}

export interface ServerProject {
  project: unknown;
  version: number;
  owner: string;
  editors: string[];
}

/** A role of rules/access/roles.yaml as GET /api/roles gives it. */
export interface RoleInfo {
  id: string;
  name: LocalText;
  approvalLevel: string | null;
  contractReview: ReviewSeat | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  user: string;
  action: string;
  detail: Record<string, unknown>;
  hash: string;
}

export type ReviewSeat = 'sales' | 'finance' | 'technical';
export interface SeatDecision {
  user: string;
  decision: 'approve' | 'reject';
  comment: string;
  at: string;
}
export interface ContractReviewState {
  revision: string | null;
  seats: Record<ReviewSeat, SeatDecision | null> | null;
  status: 'noRevision' | 'pending' | 'approved' | 'rejected';
}

export interface ExportedDocument {
  blob: Blob;
  fileName: string;
  status: 'final' | 'draft';
  draftReason: string;
}

/** A refused or failed request: the HTTP status, the server's code and its message in both languages. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: LocalText,
    readonly body: Record<string, unknown> = {},
  ) {
    super(text.en);
  }
  /** The request never reached the server (offline, server down): worth retrying later. */
  get offline(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

const OFFLINE_TEXT: LocalText = { zh: '无法连接服务器（离线或服务器未运行）', en: 'The server cannot be reached (offline, or the server is not running)' };

import type { FetchLike } from './detect.ts';

export { detectServer, type FetchLike } from './detect.ts';

export function createApi(fetchImpl: FetchLike = (u, i) => fetch(u, i), base = '') {
  let csrf = '';

  async function request(method: string, path: string, opts: { body?: unknown; ifMatch?: number } = {}): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    if (opts.ifMatch !== undefined) headers['If-Match'] = `"${opts.ifMatch}"`;
    let r: Response;
    try {
      r = await fetchImpl(`${base}${path}`, { method, headers, credentials: 'same-origin', ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
    } catch {
      throw new ApiError(0, 'offline', OFFLINE_TEXT);
    }
    if (r.ok) return r;
    let body: Record<string, unknown> = {};
    try {
      body = (await r.json()) as Record<string, unknown>;
    } catch {
      // A proxy's HTML error page: the status alone tells the story.
    }
    const en = typeof body.message === 'string' ? body.message : `HTTP ${r.status}`;
    const zh = typeof body.messageZh === 'string' ? body.messageZh : en;
    throw new ApiError(r.status, typeof body.code === 'string' ? body.code : `http${r.status}`, { zh, en }, body);
  }

  const json = async <T>(method: string, path: string, opts: { body?: unknown; ifMatch?: number } = {}): Promise<T> => (await (await request(method, path, opts)).json()) as T;
  const p = (id: string) => `/api/projects/${encodeURIComponent(id)}`;

  return {
    /** The signed-in user from the session cookie, or null when there is none (or it expired). */
    async session(): Promise<SessionUser | null> {
      try {
        const s = await json<{ csrfToken: string; user: SessionUser }>('GET', '/api/session');
        csrf = s.csrfToken;
        return s.user;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    async signIn(username: string, password: string): Promise<SessionUser> {
      const s = await json<{ csrfToken: string; user: SessionUser }>('POST', '/api/session', { body: { username, password } });
      csrf = s.csrfToken;
      return s.user;
    },
    async signOut(): Promise<void> {
      try {
        await request('DELETE', '/api/session');
      } finally {
        csrf = '';
      }
    },
    listProjects: () => json<ServerProjectSummary[]>('GET', '/api/projects'),
    getProject: (id: string) => json<ServerProject>('GET', p(id)),
    createProject: (project: unknown) => json<{ id: string; version: number }>('POST', '/api/projects', { body: project }),
    /** Saves on top of `baseVersion`; a stale base is ApiError 409 (`code` "stale"). */
    saveProject: (id: string, baseVersion: number, project: unknown) => json<{ version: number }>('PUT', p(id), { body: project, ifMatch: baseVersion }),
    /** The owner adds or removes an editor; the answer is the project's owner and editors now. */
    addEditor: (id: string, username: string) => json<{ owner: string; editors: string[] }>('POST', `${p(id)}/editors`, { body: { username } }),
    removeEditor: (id: string, username: string) => json<{ owner: string; editors: string[] }>('DELETE', `${p(id)}/editors/${encodeURIComponent(username)}`),
    roles: () => json<RoleInfo[]>('GET', '/api/roles'),
    /**
     * The catalog the server prices with now, compiled as the bundled one is: the version and the text
     * for knowledgeFromCompiled. The browser revalidates it by its ETag (the version), so an unchanged
     * catalog costs a 304.
     */
    async catalog(): Promise<{ version: string; compiled: string }> {
      const r = await request('GET', '/api/catalog');
      const version = r.headers.get('x-catalog-version');
      if (!version) throw new ApiError(r.status, 'catalogFormat', { zh: '服务器没有给出物料库版本', en: 'The server sent the catalog without its version' });
      return { version: decodeURIComponent(version), compiled: await r.text() };
    },
    /** 报价审批 of the version the reviewer looked at; the server checks level, four eyes and content. */
    decide: (id: string, version: number, decision: 'approve' | 'reject', comment: string) =>
      json<{ signed: unknown }>('POST', `${p(id)}/approvals`, { body: { decision, comment }, ifMatch: version }),
    audit: async (id: string): Promise<{ entries: AuditEntry[]; chain: string }> => {
      const r = await request('GET', `${p(id)}/audit`);
      return { entries: (await r.json()) as AuditEntry[], chain: r.headers.get('x-audit-chain') ?? '' };
    },
    contractReview: (id: string, revision?: string) => json<ContractReviewState>('GET', `${p(id)}/contract-review${revision ? `?revision=${encodeURIComponent(revision)}` : ''}`),
    signContractReview: (id: string, body: { revision: string; seat: ReviewSeat; decision: 'approve' | 'reject'; comment: string }) =>
      json<ContractReviewState>('POST', `${p(id)}/contract-review`, { body }),
    async exportDocument(id: string, name: 'quote.pdf' | 'customer-quote.xlsx' | 'internal-bom.xlsx' | 'calculation-report.pdf', lang: 'zh' | 'en'): Promise<ExportedDocument> {
      const r = await request('GET', `${p(id)}/export/${name}?lang=${lang}`);
      const disposition = r.headers.get('content-disposition') ?? '';
      const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? name;
      const reason = r.headers.get('x-draft-reason') ?? '';
      let draftReason = reason;
      try {
        draftReason = decodeURIComponent(reason);
      } catch {
        // Shown as sent.
      }
      return { blob: await r.blob(), fileName, status: r.headers.get('x-document-status') === 'final' ? 'final' : 'draft', draftReason };
    },
  };
}

export type Api = ReturnType<typeof createApi>;
