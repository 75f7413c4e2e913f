import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPROVAL_KEY_FILE } from '../core/export/templates.ts';
import type { Knowledge } from '../core/knowledge.ts';
import { fail, ok, type Result } from '../core/problems.ts';
import { parsePublicKeyFile, signingPolicyFor, type SigningPolicy } from '../core/signing/approval-signature.ts';
import { DEFAULT_TEMPLATES_DIR } from './paths.ts';

/**
 * The "approvals must be signed" policy of the CLI: the setting in rules/pricing/approval.yaml and the
 * team server's public key kept with the templates (templates/approval-public-key.txt; no file, no key).
 * A line in the key file that is not a key is refused, naming the line, rather than ignored.
 */
export function readSigningPolicy(knowledge: Pick<Knowledge, 'pricingRules'>, templatesDir: string = DEFAULT_TEMPLATES_DIR): Result<SigningPolicy> {
  const path = join(templatesDir, APPROVAL_KEY_FILE);
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code !== 'ENOENT') {
      return fail([{ code: 'signing.keyFileIo', severity: 'error', path: '', location: { file: path }, message: { zh: `无法读取审批公钥文件：${path}（${err.code ?? err.message}）`, en: `cannot read the approval public-key file: ${path} (${err.code ?? err.message})` } }]);
    }
  }
  const parsed = parsePublicKeyFile(text, path);
  if (parsed.problems.length > 0) return fail(parsed.problems);
  return ok(signingPolicyFor(knowledge, parsed.keys));
}
