import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Knowledge } from '../knowledge.ts';
import type { SignedApprovalsSetting } from '../pricing/rules.ts';
import type { Problem } from '../problems.ts';
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

/** `ed25519 <id> <hex>` lines; blank lines and # comments skipped; other lines are ignored here (see parsePublicKeyFile). */
export function parsePublicKeys(text: string): PublicKey[] {
  return parsePublicKeyFile(text).keys;
}

/** The public-key file (templates/approval-public-key.txt): its keys, and a problem for every line that is not a key. */
export function parsePublicKeyFile(text: string, file = 'templates/approval-public-key.txt'): { keys: PublicKey[]; problems: Problem[] } {
  const keys: PublicKey[] = [];
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const l = raw.replace(/^\uFEFF/, '').trim();
    if (l === '' || l.startsWith('#')) return;
    const m = /^ed25519\s+(\S+)\s+([0-9a-f]{64})$/.exec(l);
    if (m) keys.push({ id: m[1]!, hex: m[2]! });
    else {
      problems.push({
        code: 'signing.keyLine',
        severity: 'error',
        path: `line ${i + 1}`,
        location: { file, row: i + 1 },
        value: l.slice(0, 80),
        message: { zh: `审批公钥文件第 ${i + 1} 行不是“ed25519 <编号> <64 位十六进制>”格式`, en: `Line ${i + 1} of the approval public-key file is not "ed25519 <id> <64 hex digits>"` },
      });
    }
  });
  return { keys, problems };
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

/**
 * The company setting "approvals must be signed" (rules/pricing/approval.yaml `signedApprovals`):
 * `whenKeyConfigured` (default) turns it on as soon as the company's public key is kept with the
 * templates — i.e. whenever a team server is configured; `required` and `off` force it. The team server
 * itself always requires signatures.
 */

export interface SigningPolicy {
  /** Only approvals whose signature verifies count, and a final document needs a signed release. */
  required: boolean;
  keys: readonly PublicKey[];
}

export function signingPolicy(setting: SignedApprovalsSetting | undefined, keys: readonly PublicKey[]): SigningPolicy {
  const required = setting === 'required' || ((setting ?? 'whenKeyConfigured') === 'whenKeyConfigured' && keys.length > 0);
  return { required, keys };
}

/** The company's policy: the setting from the approval rules, the keys kept with the templates. */
export function signingPolicyFor(knowledge: Pick<Knowledge, 'pricingRules'>, keys: readonly PublicKey[]): SigningPolicy {
  return signingPolicy(knowledge.pricingRules.approval.signedApprovals, keys);
}

const REASON: Record<Exclude<VerifyResult, { ok: true }>['reason'], { zh: string; en: string }> = {
  malformed: { zh: '签名格式无效', en: 'the signature is malformed' },
  unknownKey: { zh: '签名密钥不是本公司的公钥', en: 'it is signed with a key that is not the company key' },
  badSignature: { zh: '签名验证失败（内容被改动或伪造）', en: 'the signature does not verify (changed or forged)' },
  otherProject: { zh: '签名属于另一个项目', en: 'the signature belongs to another project' },
};

export interface SigningCheck {
  /** The quote state with only the verified approvals (what counts). */
  state: QuoteState;
  verified: ApprovalRecord[];
  /** Approval records in the file that no verified signature vouches for (not counted). */
  unsigned: number;
  /** One error problem per signed approval that does not verify. */
  problems: Problem[];
  /** How many company keys it was checked against. */
  keyCount: number;
}

/**
 * Applies "approvals must be signed" to a project's quote section: the signed approvals it carries
 * (`quote.signed`, written by the team server into the files it hands out) are verified against the
 * company keys and the project id; only their records count. A signed approval that does not verify
 * is an error (a forged or altered file); an approval typed into the file is simply not counted.
 */
export function checkSignedApprovals(state: QuoteState, policy: SigningPolicy, projectId: string): SigningCheck {
  const verified: ApprovalRecord[] = [];
  const problems: Problem[] = [];
  (state.signed ?? []).forEach((s, i) => {
    const v = verifySignedApproval(s, policy.keys, projectId);
    if (v.ok) verified.push((s as SignedApproval).record);
    else {
      problems.push({
        code: 'approval.signatureInvalid',
        severity: 'error',
        path: `quote.signed[${i}]`,
        value: v.reason,
        message: { zh: `第 ${i + 1} 条签名审批无效：${REASON[v.reason].zh}`, en: `Signed approval ${i + 1} is not accepted: ${REASON[v.reason].en}` },
      });
    }
  });
  const signedKeys = new Set(verified.map((r) => canonicalJson(r)));
  const unsigned = [...state.approvals, ...state.revisions.flatMap((r) => r.approvals)].filter((a) => !signedKeys.has(canonicalJson(a))).length;
  return { state: signedOnlyState(state, verified), verified, unsigned, problems, keyCount: policy.keys.length };
}

/**
 * The release rule under "approvals must be signed": a final customer document needs a verified
 * approving decision on exactly the current content (the latest verified decision on that hash),
 * even where the margin needs no approval level. Null when released; otherwise the blocker saying why.
 */
export function signedReleaseBlocker(check: SigningCheck, contentHash: string): Problem | null {
  const onCurrent = check.verified.filter((r) => r.contentHash === contentHash);
  if (onCurrent[onCurrent.length - 1]?.decision === 'approve') return null;
  const why: { zh: string; en: string }[] = [];
  if (check.keyCount === 0) why.push({ zh: '模板目录中没有公司审批公钥（templates/approval-public-key.txt）', en: 'no company public key is kept with the templates (templates/approval-public-key.txt)' });
  if (check.verified.length > 0 && onCurrent.length === 0) why.push({ zh: '已签名的审批针对的是其他报价内容', en: 'the signed approvals are of other content' });
  if (onCurrent.length > 0) why.push({ zh: '对当前内容的最新签名决定是驳回', en: 'the latest signed decision on this content is a rejection' });
  if (check.unsigned > 0) why.push({ zh: `${check.unsigned} 条未经服务器签名的审批不计入`, en: `${check.unsigned} approval(s) without a server signature do not count` });
  if (check.problems.length > 0) why.push({ zh: `${check.problems.length} 条签名审批验证失败`, en: `${check.problems.length} signed approval(s) do not verify` });
  return {
    code: 'approval.signedReleaseMissing',
    severity: 'error',
    path: 'quote.signed',
    message: {
      zh: `本公司要求审批须经服务器签名：正式客户文件须有服务器对当前报价内容签名的放行审批${why.length ? `（${why.map((w) => w.zh).join('；')}）` : ''}`,
      en: `Approvals must be signed by the team server: final customer documents need a server-signed release of the current content${why.length ? ` (${why.map((w) => w.en).join('; ')})` : ''}`,
    },
  };
}
