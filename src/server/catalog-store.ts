import type { CatalogSource } from '../core/catalog/source-files.ts';
import type { Db } from './db.ts';

/**
 * The shared catalog on the server: versions in the database. The repository's catalog/ seeds the
 * first version when the table is empty; a later catalog/ whose version is not stored yet is added as
 * the next one (so `dcq catalog import --apply` + a restart publishes a new price list). Every saved
 * project version records the catalog version it was priced with.
 */
export interface CatalogVersion {
  id: number;
  version: string;
  sources: CatalogSource[];
}

export async function seedCatalog(db: Db, version: string, sources: readonly CatalogSource[], by: string): Promise<{ added: boolean }> {
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('dcq-catalog'))`);
    const { rows } = await tx.query<{ id: number }>('INSERT INTO catalog_versions (version, sources, created_by) VALUES ($1, $2, $3) ON CONFLICT (version) DO NOTHING RETURNING id', [
      version, JSON.stringify(sources), by,
    ]);
    return { added: rows.length > 0 };
  });
}

export async function latestCatalog(db: Db): Promise<CatalogVersion | null> {
  const { rows } = await db.query<CatalogVersion>('SELECT id, version, sources FROM catalog_versions ORDER BY id DESC LIMIT 1');
  return rows[0] ?? null;
}

export async function listCatalogVersions(db: Db): Promise<{ id: number; version: string; createdBy: string; createdAt: string }[]> {
  const { rows } = await db.query<{ id: number; version: string; created_by: string; created_at: Date }>('SELECT id, version, created_by, created_at FROM catalog_versions ORDER BY id');
  return rows.map((r) => ({ id: r.id, version: r.version, createdBy: r.created_by, createdAt: new Date(r.created_at).toISOString() }));
}
