import keyText from '../../templates/approval-public-key.txt?raw';
import type { Knowledge } from '../core/knowledge.ts';
import { parsePublicKeyFile, signingPolicyFor, type SigningPolicy } from '../core/signing/approval-signature.ts';

/**
 * The company's approval public key as the app carries it (bundled from templates/ at build time, like
 * the other templates), and the "approvals must be signed" policy the app evaluates quotes with. Small
 * on purpose: the app's first script imports it, so it pulls in nothing of the document writers.
 */
export const APPROVAL_KEY_SOURCE = { path: 'templates/approval-public-key.txt', text: keyText };

export function bundledSigningPolicy(knowledge: Pick<Knowledge, 'pricingRules'>): SigningPolicy {
  return signingPolicyFor(knowledge, parsePublicKeyFile(keyText).keys);
}
