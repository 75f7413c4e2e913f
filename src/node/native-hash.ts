import { createHash } from 'node:crypto';
import { useSha256Hex } from '../core/quote/hash.ts';

/** The content hash through node:crypto in Node processes (the same digest as the portable one; see useSha256Hex). */
export function nodeSha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function useNodeSha256(): void {
  useSha256Hex(nodeSha256Hex);
}
