import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { portableSha256Hex } from '../../src/core/quote/hash.ts';
import { nodeSha256Hex } from '../../src/node/native-hash.ts';

describe('the content hash is the same digest in every runtime', () => {
  it('node:crypto and the portable SHA-256 agree on the FIPS 180 example and on any text (property)', () => {
    expect(portableSha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(nodeSha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const same = (s: string) => {
      expect(nodeSha256Hex(s)).toBe(portableSha256Hex(s));
    };
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), same));
    // lone surrogates: both encode them as U+FFFD
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), same));
  });
});
