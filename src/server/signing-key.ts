import { generateSigningKey, type PublicKey } from '../core/signing/approval-signature.ts';
import type { Db } from './db.ts';

/**
 * The server's Ed25519 approval key lives in its database (so every server behind a load balancer signs
 * with the same key). Created on first start; `dcq serve` prints the public key line that belongs in
 * templates/approval-public-key.txt, and GET /api/signing-key returns it.
 */
export interface ServerKey {
  id: string;
  secretHex: string;
  publicKey: PublicKey;
}

export async function loadOrCreateSigningKey(db: Db): Promise<{ current: ServerKey; all: PublicKey[] }> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('dcq-signing-key'))`);
    let { rows } = await tx.query<{ id: string; secret_key_hex: string; public_key_hex: string }>('SELECT id, secret_key_hex, public_key_hex FROM signing_keys ORDER BY created_at DESC, id');
    if (rows.length === 0) {
      const k = generateSigningKey();
      await tx.query('INSERT INTO signing_keys (id, secret_key_hex, public_key_hex) VALUES ($1, $2, $3)', [k.publicKey.id, k.secretHex, k.publicKey.hex]);
      rows = [{ id: k.publicKey.id, secret_key_hex: k.secretHex, public_key_hex: k.publicKey.hex }];
    }
    const first = rows[0]!;
    return {
      current: { id: first.id, secretHex: first.secret_key_hex, publicKey: { id: first.id, hex: first.public_key_hex } },
      all: rows.map((r) => ({ id: r.id, hex: r.public_key_hex })),
    };
  });
}
