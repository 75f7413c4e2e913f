import { canonicalJson, sha256Hex } from '../core/quote/hash.ts';
import type { Queryable } from './db.ts';

/**
 * The audit log: append-only (a trigger refuses UPDATE and DELETE; no API changes it), one hash chain
 * per project. Each entry's hash covers the previous hash and the entry, so an edited or missing entry
 * breaks the chain from there on. Appends take a transaction-scoped advisory lock on the project, so
 * several servers writing to one PostgreSQL keep one unbroken sequence; (project_id, seq) is the
 * primary key as a second guard.
 */
export const GENESIS = 'sha256:0000000000000000000000000000000000000000000000000000000000000000';

export interface AuditEntry {
  projectId: string;
  seq: number;
  at: string;
  user: string;
  action: string;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export function entryHash(prevHash: string, e: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  return `sha256:${sha256Hex(`${prevHash}\n${canonicalJson({ projectId: e.projectId, seq: e.seq, at: e.at, user: e.user, action: e.action, detail: e.detail })}`)}`;
}

/** Must run inside a transaction. */
export async function appendAudit(tx: Queryable, projectId: string, user: string, action: string, detail: Record<string, unknown>, at: Date = new Date()): Promise<AuditEntry> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('dcq-audit:' || $1))`, [projectId]);
  const { rows } = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit WHERE project_id = $1 ORDER BY seq DESC LIMIT 1', [projectId]);
  const prevHash = rows[0]?.hash ?? GENESIS;
  const seq = (rows[0]?.seq ?? 0) + 1;
  const base = { projectId, seq, at: at.toISOString(), user, action, detail };
  const hash = entryHash(prevHash, base);
  await tx.query('INSERT INTO audit (project_id, seq, at, username, action, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    projectId, seq, base.at, user, action, JSON.stringify(detail), prevHash, hash,
  ]);
  return { ...base, prevHash, hash };
}

interface AuditRow {
  project_id: string;
  seq: number;
  at: Date | string;
  username: string;
  action: string;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

export async function readAudit(db: Queryable, projectId: string): Promise<AuditEntry[]> {
  const { rows } = await db.query<AuditRow>('SELECT * FROM audit WHERE project_id = $1 ORDER BY seq', [projectId]);
  return rows.map((r) => ({ projectId: r.project_id, seq: r.seq, at: new Date(r.at).toISOString(), user: r.username, action: r.action, detail: r.detail, prevHash: r.prev_hash, hash: r.hash }));
}

/** Null when the chain is whole; otherwise the first sequence number where it breaks. */
export function auditChainBreak(entries: readonly AuditEntry[]): number | null {
  let prev = GENESIS;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.seq !== i + 1 || e.prevHash !== prev || entryHash(prev, e) !== e.hash) return i + 1;
    prev = e.hash;
  }
  return null;
}
