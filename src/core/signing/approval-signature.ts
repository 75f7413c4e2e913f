import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Knowledge } from '../knowledge.ts';
import { evaluateProject, type ProjectEvaluation } from '../pipeline.ts';
import type { Problem } from '../problems.ts';
import type { ProjectFile } from '../project/schema.ts';
import type { QuoteContext } from '../quote/approval.ts';
import { canonicalJson } from '../quote/hash.ts';
import { approvalRecordSchema, type ApprovalRecord, type QuoteState } from '../quote/schema.ts';

/**
 * Approvals a server signs (Ed25519). The signature covers the approval record — which carries the
 * content hash the decision was taken on — and the project id and version the reviewer looked at. This
 * module takes the content hash as data: it does not compute it, so it follows whatever the quote
 * module defines as content. The public key is kept with the templates
 * (templates/approval-public-key.txt) so the CLI, the app and the exports verify without the server.
 *
 * With "approvals must be signed" on, only approvals whose signature verifies count, and a final
 * customer document needs a signed release (an approving decision) of exactly the current content, even
 * where the margin needs no approval level.
 */
export const SIGNATURE_FORMAT = 'dcq-approval-signature/1';

export interface SignedApproval {
  format: typeof SIGNATURE_FORMAT;
  projectId: string;
  /** Project version the decision was taken on (the reviewer's If-Match). */
  version: number;
  record: ApprovalRecord;
  keyId: string;
  /** Ed25519 signature of the canonical JSON of every field above, hex. */
  signature: string;
}

export interface PublicKey {
  id: string;
  /** 32-byte Ed25519 public key, hex. */
  hex: string;
}

export function signingPayload(s: Omit<SignedApproval, 'signature'>): Uint8Array {
  return utf8ToBytes(canonicalJson({ format: s.format, projectId: s.projectId, version: s.version, record: s.record, keyId: s.keyId }));
}

export function generateSigningKey(): { secretHex: string; publicKey: PublicKey } {
  const secret = ed25519.utils.randomSecretKey();
  const pub = bytesToHex(ed25519.getPublicKey(secret));
  return { secretHex: bytesToHex(secret), publicKey: { id: `ed25519-${pub.slice(0, 16)}`, hex: pub } };
}

export function signApproval(fields: { projectId: string; version: number; record: ApprovalRecord }, key: { id: string; secretHex: string }): SignedApproval {
  const unsigned = { format: SIGNATURE_FORMAT, projectId: fields.projectId, version: fields.version, record: fields.record, keyId: key.id } as const;
  return { ...unsigned, signature: bytesToHex(ed25519.sign(signingPayload(unsigned), hexToBytes(key.secretHex))) };
}

/** `ed25519 <id> <hex>` lines; blank lines and # comments skipped. */
export function parsePublicKeys(text: string): PublicKey[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .flatMap((l) => {
      const m = /^ed25519\s+(\S+)\s+([0-9a-f]{64})$/.exec(l);
      return m ? [{ id: m[1]!, hex: m[2]! }] : [];
    });
}

export function formatPublicKey(k: PublicKey): string {
  return `ed25519 ${k.id} ${k.hex}`;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'malformed' | 'unknownKey' | 'badSignature' | 'otherProject' };

/** Checks one signed approval against the company's public keys (and, when given, the project it should belong to). */
export function verifySignedApproval(s: unknown, keys: readonly PublicKey[], projectId?: string): VerifyResult {
  if (typeof s !== 'object' || s === null) return { ok: false, reason: 'malformed' };
  const c = s as Partial<SignedApproval>;
  const record = approvalRecordSchema.safeParse(c.record);
  if (c.format !== SIGNATURE_FORMAT || typeof c.projectId !== 'string' || !Number.isSafeInteger(c.version) || !record.success || typeof c.keyId !== 'string' || typeof c.signature !== 'string' || !/^[0-9a-f]{128}$/.test(c.signature)) {
    return { ok: false, reason: 'malformed' };
  }
  if (projectId !== undefined && c.projectId !== projectId) return { ok: false, reason: 'otherProject' };
  const key = keys.find((k) => k.id === c.keyId);
  if (!key) return { ok: false, reason: 'unknownKey' };
  const payload = signingPayload({ format: SIGNATURE_FORMAT, projectId: c.projectId, version: c.version as number, record: c.record as ApprovalRecord, keyId: c.keyId });
  let good = false;
  try {
    good = ed25519.verify(hexToBytes(c.signature), payload, hexToBytes(key.hex));
  } catch {
    good = false;
  }
  return good ? { ok: true } : { ok: false, reason: 'badSignature' };
}

/**
 * The quote state with only approvals that a verified signature vouches for: the working quote's and
 * every issued revision's unsigned or forged records are dropped.
 */
export function signedOnlyState(state: QuoteState, verified: readonly ApprovalRecord[]): QuoteState {
  const known = new Set(verified.map((r) => canonicalJson(r)));
  return {
    ...state,
    approvals: [...verified],
    revisions: state.revisions.map((r) => ({ ...r, approvals: r.approvals.filter((a) => known.has(canonicalJson(a))) })),
  };
}

const REASON: Record<Exclude<VerifyResult, { ok: true }>['reason'], { zh: string; en: string }> = {
  malformed: { zh: '签名格式无效', en: 'the signature is malformed' },
  unknownKey: { zh: '签名密钥不是本公司的公钥', en: 'it is signed with a key that is not the company key' },
  badSignature: { zh: '签名验证失败（内容被改动或伪造）', en: 'the signature does not verify (changed or forged)' },
  otherProject: { zh: '签名属于另一个项目', en: 'the signature belongs to another project' },
};

export interface SignedEvaluation {
  evaluation: ProjectEvaluation;
  /** Signed approvals that did not verify, with the reason (also in the blockers when they matter). */
  rejected: { signed: unknown; reason: VerifyResult }[];
}

/**
 * Evaluates a project under "approvals must be signed": approvals count only when their signature
 * verifies, and a final customer document needs a verified approving decision on the current content
 * hash (the latest decision on it). Otherwise the quote's blockers say why and documents are DRAFT.
 */
export function evaluateWithSignedApprovals(project: ProjectFile, knowledge: Knowledge, signed: readonly unknown[], keys: readonly PublicKey[], projectId: string, context: QuoteContext = {}): SignedEvaluation {
  const verified: ApprovalRecord[] = [];
  const rejected: SignedEvaluation['rejected'] = [];
  for (const s of signed) {
    const v = verifySignedApproval(s, keys, projectId);
    if (v.ok) verified.push((s as SignedApproval).record);
    else rejected.push({ signed: s, reason: v });
  }
  const state = signedOnlyState((project.quote ?? { approvals: [], revisions: [] }) as QuoteState, verified);
  const evaluation = evaluateProject({ ...project, quote: state } as ProjectFile, knowledge, context);
  const quote = evaluation.quote;
  if (!quote) return { evaluation, rejected };
  const onCurrent = verified.filter((r) => r.contentHash === quote.contentHash);
  const latest = onCurrent[onCurrent.length - 1];
  const blockers: Problem[] = [...quote.blockers];
  const released = latest?.decision === 'approve';
  if (!released) {
    const dropped = rejected.map((r) => (r.reason.ok ? '' : REASON[r.reason.reason]));
    blockers.push({
      code: 'approval.signedReleaseMissing',
      severity: 'error',
      path: 'quote.approvals',
      message: {
        zh: `须有服务器签名的放行审批（针对当前报价内容）才能出正式报价${dropped.length ? `；${dropped.length} 条审批无效：${dropped.map((d) => (d ? d.zh : '')).join('；')}` : ''}`,
        en: `A final quote needs a server-signed release of the current content${dropped.length ? `; ${dropped.length} approval(s) not accepted: ${dropped.map((d) => (d ? d.en : '')).join('; ')}` : ''}`,
      },
    });
  }
  const canIssueFinal = blockers.length === 0;
  return { evaluation: { ...evaluation, quote: { ...quote, approved: quote.approved && released, canIssueFinal, blockers } }, rejected };
}
