import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateProject, quoteCheckOf } from '../../src/core/pipeline.ts';
import { recordDecision } from '../../src/core/quote/approval.ts';
import { HASH_SPEC_VERSION } from '../../src/core/quote/hash.ts';
import type { ApprovalRecord } from '../../src/core/quote/schema.ts';
import {
  formatPublicKey, generateSigningKey, parsePublicKeys, signApproval, verifySignedApproval,
} from '../../src/core/signing/approval-signature.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

const key = generateSigningKey();
const signer = { id: key.publicKey.id, secretHex: key.secretHex };
const record: ApprovalRecord = {
  approverName: '王总监', role: 'director', time: '2026-11-30T10:00:00+08:00', decision: 'approve', comment: '',
  contentHash: `sha256:${'a'.repeat(64)}`, requiredLevel: 'director', hashSpec: HASH_SPEC_VERSION,
};

describe('approval signatures (Ed25519)', () => {
  it('verify with the company key and fail for any change, another key or another project', () => {
    const s = signApproval({ projectId: 'p1', version: 3, record }, signer);
    expect(verifySignedApproval(s, [key.publicKey], 'p1')).toEqual({ ok: true });
    expect(verifySignedApproval(s, [key.publicKey], 'p2')).toEqual({ ok: false, reason: 'otherProject' });
    expect(verifySignedApproval(s, [generateSigningKey().publicKey], 'p1')).toEqual({ ok: false, reason: 'unknownKey' });
    const other = generateSigningKey();
    expect(verifySignedApproval(s, [{ id: key.publicKey.id, hex: other.publicKey.hex }], 'p1')).toEqual({ ok: false, reason: 'badSignature' });
    expect(verifySignedApproval({ ...s, version: 4 }, [key.publicKey])).toEqual({ ok: false, reason: 'badSignature' });
    expect(verifySignedApproval({ ...s, signature: 'zz' }, [key.publicKey])).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySignedApproval(null, [key.publicKey])).toEqual({ ok: false, reason: 'malformed' });
  });

  it('any changed field of the record breaks the signature (property)', () => {
    const s = signApproval({ projectId: 'p1', version: 1, record }, signer);
    fc.assert(
      fc.property(fc.constantFrom<keyof ApprovalRecord>('approverName', 'comment', 'contentHash'), fc.string({ minLength: 1 }), (field, suffix) => {
        const changed = { ...s, record: { ...s.record, [field]: field === 'contentHash' ? `sha256:${'b'.repeat(64)}` : `${s.record[field]}${suffix}` } };
        expect(verifySignedApproval(changed, [key.publicKey]).ok).toBe(false);
      }),
    );
  });

  it('public keys round-trip through the templates text format', () => {
    const text = `# company approval key\n${formatPublicKey(key.publicKey)}\n\nnot a key\n`;
    expect(parsePublicKeys(text)).toEqual([key.publicKey]);
  });

  it('with signing required, unsigned or forged approvals leave the quote DRAFT and say why', async () => {
    const knowledge = await shippedKnowledge();
    const base = await sampleProject('sample-110kv.json');
    const project = { ...base, id: 'p1', quote: { ...evaluateProject(base, knowledge).quoteState, settings: { mode: 'targetMargin' as const, marginPct: '12', allocateBy: 'cost' as const }, terms: { paymentTerms: '30/60/10', deliveryDays: 45, validUntil: '2027-03-31' } } };
    const check = quoteCheckOf(evaluateProject(project, knowledge), knowledge)!;
    const decided = recordDecision(check, { approverName: 'dir', role: 'director', time: '2026-11-30T10:00:00+08:00', decision: 'approve', comment: '' });
    expect(decided.ok).toBe(true);
    if (!decided.ok) return;
    const approvedFile = { ...project, quote: decided.value };
    // Without signing the typed approval is enough: that is the gap the server closes.
    expect(evaluateProject(approvedFile, knowledge).quote?.canIssueFinal).toBe(true);
    const rec = decided.value.approvals[0]!;
    const signing = { required: true, keys: [key.publicKey] };
    const withSigned = (signed: unknown[], id = 'p1') => evaluateProject({ ...approvedFile, id, quote: { ...approvedFile.quote, signed } }, knowledge, { signing });

    const unsigned = withSigned([]);
    expect(unsigned.quote?.canIssueFinal).toBe(false);
    expect(unsigned.quote?.blockers.map((b) => b.code)).toEqual(expect.arrayContaining(['approval.required', 'approval.signedReleaseMissing']));
    expect(unsigned.quote?.blockers.find((b) => b.code === 'approval.signedReleaseMissing')?.message.en).toMatch(/1 approval\(s\) without a server signature/);

    const forger = generateSigningKey();
    const forged = signApproval({ projectId: 'p1', version: 1, record: rec }, { id: key.publicKey.id, secretHex: forger.secretHex });
    const f = withSigned([forged]);
    expect(f.quote?.canIssueFinal).toBe(false);
    expect(f.signing?.problems.map((p) => p.value)).toEqual(['badSignature']);
    expect(f.problems.map((p) => p.code)).toContain('approval.signatureInvalid');
    expect(f.quote?.blockers.find((b) => b.code === 'approval.signedReleaseMissing')?.message.en).toMatch(/do not verify/);

    const good = signApproval({ projectId: 'p1', version: 1, record: rec }, signer);
    expect(withSigned([good]).quote?.canIssueFinal).toBe(true);
    expect(withSigned([good], 'other').quote?.canIssueFinal).toBe(false);
  });
});
