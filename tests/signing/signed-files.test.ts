import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Knowledge } from '../../src/core/knowledge.ts';
import { evaluateProject, quoteCheckOf } from '../../src/core/pipeline.ts';
import type { ProjectFile } from '../../src/core/project/schema.ts';
import { importQuoteState, recordDecision } from '../../src/core/quote/approval.ts';
import type { QuoteState } from '../../src/core/quote/schema.ts';
import { formatPublicKey, generateSigningKey, signApproval, signingPolicy, type SignedApproval } from '../../src/core/signing/approval-signature.ts';
import { sampleProject, shippedKnowledge } from '../fixtures/knowledge.ts';

/**
 * Signed approvals travelling in project files (issue 13): the CLI, the app's evaluation and the export
 * pipeline verify them against the company key kept with the templates.
 */
const company = generateSigningKey();
const signer = { id: company.publicKey.id, secretHex: company.secretHex };
const NOW = '2026-11-30T12:00:00+08:00';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}

/** A copy of templates/ whose approval-public-key.txt holds the given text. */
function templatesWith(keyText: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcq-tpl-'));
  cpSync(join(import.meta.dirname, '../../templates'), dir, { recursive: true });
  writeFileSync(join(dir, 'approval-public-key.txt'), keyText);
  return dir;
}

let knowledge: Knowledge;
/** Complete terms at the given margin, with one typed (unsigned) approval of `role` on the current content. */
async function approvedAt(marginPct: string, role: 'engineer' | 'director'): Promise<ProjectFile> {
  const base = await sampleProject('sample-110kv.json');
  const project: ProjectFile = { ...base, quote: { ...evaluateProject(base, knowledge).quoteState, settings: { mode: 'targetMargin', marginPct, allocateBy: 'cost' }, terms: { paymentTerms: '30/60/10', deliveryDays: 45, validUntil: '2099-03-31' } } };
  const decided = recordDecision(quoteCheckOf(evaluateProject(project, knowledge), knowledge)!, { approverName: '王总监', role, time: '2026-11-30T10:00:00+08:00', decision: 'approve', comment: '' });
  if (!decided.ok) throw new Error(decided.problems.map((p) => p.message.en).join('; '));
  return { ...project, quote: decided.value };
}

const sign = (p: ProjectFile, key = signer, record = p.quote!.approvals[0]!): SignedApproval => signApproval({ projectId: p.id, version: 3, record }, key);
const withSigned = (p: ProjectFile, signed: unknown[]): ProjectFile => ({ ...p, quote: { ...(p.quote as QuoteState), signed } });
const on = { signing: signingPolicy('whenKeyConfigured', [company.publicKey]), now: NOW };

function writeProject(p: ProjectFile): string {
  const file = join(mkdtempSync(join(tmpdir(), 'dcq-signed-')), 'p.json');
  writeFileSync(file, JSON.stringify(p));
  return file;
}

beforeAll(async () => {
  knowledge = await shippedKnowledge();
});

describe('approvals must be signed', () => {
  it('is on whenever the company key is kept with the templates, unless the company turns it off', () => {
    expect(signingPolicy('whenKeyConfigured', []).required).toBe(false);
    expect(signingPolicy('whenKeyConfigured', [company.publicKey]).required).toBe(true);
    expect(signingPolicy(undefined, [company.publicKey]).required).toBe(true);
    expect(signingPolicy('required', []).required).toBe(true);
    expect(signingPolicy('off', [company.publicKey]).required).toBe(false);
    expect(knowledge.pricingRules.approval.signedApprovals).toBe('whenKeyConfigured');
  });

  it('an unsigned approval with the setting on: DRAFT, and it says why; with it off the typed approval counts as today', async () => {
    const p = await approvedAt('12', 'director');
    expect(evaluateProject(p, knowledge, { now: NOW }).quote?.canIssueFinal).toBe(true);
    const e = evaluateProject(p, knowledge, on);
    expect(e.quote?.canIssueFinal).toBe(false);
    const why = e.quote?.blockers.find((b) => b.code === 'approval.signedReleaseMissing');
    expect(why?.message.en).toMatch(/1 approval\(s\) without a server signature do not count/);
    expect(why?.message.zh).toMatch(/未经服务器签名的审批不计入/);
  });

  it('even where the margin needs no approval, a final document needs the signed release; with it, final', async () => {
    const p = await approvedAt('30', 'engineer');
    expect(evaluateProject(p, knowledge, on).quote?.required.needsApproval).toBe(false);
    expect(evaluateProject(p, knowledge, on).quote?.canIssueFinal).toBe(false);
    const released = evaluateProject(withSigned(p, [sign(p)]), knowledge, on);
    expect(released.quote?.canIssueFinal).toBe(true);
    expect(released.problems.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('a forged approval in an imported file is an error and releases nothing', async () => {
    const p = await approvedAt('12', 'director');
    const forger = generateSigningKey();
    const forged = sign(p, { id: company.publicKey.id, secretHex: forger.secretHex });
    // Opened from outside: the typed approvals go, the signed ones stay to be verified.
    const imported = { ...p, quote: importQuoteState(withSigned(p, [forged]).quote as QuoteState).state };
    expect(imported.quote.approvals).toEqual([]);
    const e = evaluateProject(imported, knowledge, on);
    expect(e.problems.find((x) => x.code === 'approval.signatureInvalid')?.value).toBe('badSignature');
    expect(e.quote?.canIssueFinal).toBe(false);
    // The same file with the real signature: the import keeps it and it verifies.
    const genuine = { ...p, quote: importQuoteState(withSigned(p, [sign(p)]).quote as QuoteState).state };
    expect(evaluateProject(genuine, knowledge, on).quote?.canIssueFinal).toBe(true);
  });

  it('a signature over other content does not release this content', async () => {
    const p = await approvedAt('12', 'director');
    const other = { ...p.quote!.approvals[0]!, contentHash: `sha256:${'c'.repeat(64)}` };
    const e = evaluateProject(withSigned(p, [sign(p, signer, other)]), knowledge, on);
    expect(e.signing?.verified).toHaveLength(1);
    expect(e.quote?.canIssueFinal).toBe(false);
    expect(e.quote?.blockers.find((b) => b.code === 'approval.signedReleaseMissing')?.message.en).toMatch(/other content/);
    // Editing the signed record to this content breaks the signature.
    const moved = sign(p, signer, other);
    const edited = { ...moved, record: { ...moved.record, contentHash: p.quote!.approvals[0]!.contentHash } };
    expect(evaluateProject(withSigned(p, [edited]), knowledge, on).problems.find((x) => x.code === 'approval.signatureInvalid')?.value).toBe('badSignature');
  });

  it('a key mismatch (another server, or another company) is not accepted', async () => {
    const p = await approvedAt('12', 'director');
    const stranger = generateSigningKey();
    const e = evaluateProject(withSigned(p, [sign(p, { id: stranger.publicKey.id, secretHex: stranger.secretHex })]), knowledge, on);
    expect(e.problems.find((x) => x.code === 'approval.signatureInvalid')?.value).toBe('unknownKey');
    expect(e.quote?.canIssueFinal).toBe(false);
    // And a signature for another project id (a copy sent elsewhere) neither.
    const copy = { ...withSigned(p, [sign(p)]), id: 'another-project' };
    expect(evaluateProject(copy, knowledge, on).problems.find((x) => x.code === 'approval.signatureInvalid')?.value).toBe('otherProject');
  });
});

describe('dcq quote / dcq export verify with the key kept with the templates', () => {
  it('dcq quote: unsigned → not final and exit 0 with the reason; signed release → final; forged → exit 1', async () => {
    const tpl = templatesWith(`# company key\n${formatPublicKey(company.publicKey)}\n`);
    const p = await approvedAt('12', 'director');
    const unsigned = await run(['--lang', 'en', 'quote', writeProject(p), '--templates', tpl, '--json']);
    expect(unsigned.code).toBe(0);
    expect(JSON.parse(unsigned.out).quote.canIssueFinal).toBe(false);
    const signed = await run(['--lang', 'en', 'quote', writeProject(withSigned(p, [sign(p)])), '--templates', tpl, '--json']);
    expect(JSON.parse(signed.out).quote.canIssueFinal).toBe(true);
    const forger = generateSigningKey();
    const forged = await run(['--lang', 'en', 'quote', writeProject(withSigned(p, [sign(p, { id: company.publicKey.id, secretHex: forger.secretHex })])), '--templates', tpl]);
    expect(forged.code).toBe(1);
    expect(forged.out).toMatch(/server-signed release/);
    expect(forged.err).toMatch(/does not verify/);
    // Without a key kept (pure local use) the typed approval is final, as before.
    const local = await run(['quote', writeProject(p), '--json']);
    expect(JSON.parse(local.out).quote.canIssueFinal).toBe(true);
  });

  it('dcq export: DRAFT without the signed release, saying why; a bad key line is refused naming the line', async () => {
    const tpl = templatesWith(`${formatPublicKey(company.publicKey)}\n`);
    const p = await approvedAt('12', 'director');
    const out = mkdtempSync(join(tmpdir(), 'dcq-out-'));
    const r = await run(['--lang', 'en', 'export', writeProject(p), '--out', out, '--templates', tpl, '--date', '2026-11-30']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/marked DRAFT: .*server-signed release/);
    expect(readdirSync(out)).toHaveLength(4);
    const bad = templatesWith('ed25519 k1 not-a-key\n');
    const b = await run(['--lang', 'en', 'export', writeProject(p), '--out', out, '--templates', bad]);
    expect(b.code).toBe(1);
    expect(b.err).toMatch(/Line 1 of the approval public-key file/);
  }, 240_000);
});
