import type { Db, Queryable } from './db.ts';

/**
 * The schema, as numbered migrations run at start. Each runs once, in order, inside one transaction
 * holding an advisory lock, so several servers starting together on one PostgreSQL apply it once.
 * Never edit a migration that has shipped: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users, sessions, projects',
    sql: [
      `CREATE TABLE users (
        id serial PRIMARY KEY,
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users(id),
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`,
      `CREATE INDEX sessions_user ON sessions(user_id)`,
      `CREATE TABLE login_failures (
        id serial PRIMARY KEY,
        username text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX login_failures_name ON login_failures(username, at)`,
      `CREATE TABLE projects (
        id text PRIMARY KEY,
        name text NOT NULL,
        owner_id integer NOT NULL REFERENCES users(id),
        version integer NOT NULL,
        content jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE project_editors (
        project_id text NOT NULL REFERENCES projects(id),
        user_id integer NOT NULL REFERENCES users(id),
        PRIMARY KEY (project_id, user_id)
      )`,
      `CREATE TABLE project_versions (
        project_id text NOT NULL REFERENCES projects(id),
        version integer NOT NULL,
        content jsonb NOT NULL,
        content_hash text,
        saved_by integer NOT NULL REFERENCES users(id),
        saved_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, version)
      )`,
    ],
  },
  {
    version: 2,
    name: 'signed approvals, audit chain, signing key, catalog versions, contract review',
    sql: [
      `CREATE TABLE signing_keys (
        id text PRIMARY KEY,
        secret_key_hex text NOT NULL,
        public_key_hex text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE approvals (
        id serial PRIMARY KEY,
        project_id text NOT NULL REFERENCES projects(id),
        version integer NOT NULL,
        user_id integer NOT NULL REFERENCES users(id),
        record jsonb NOT NULL,
        signed jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX approvals_project ON approvals(project_id, id)`,
      `CREATE TABLE audit (
        project_id text NOT NULL,
        seq integer NOT NULL,
        at timestamptz NOT NULL,
        username text NOT NULL,
        action text NOT NULL,
        detail jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (project_id, seq)
      )`,
      // Append-only in the database itself, not only in the API.
      `CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$`,
      `CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only()`,
      `CREATE TABLE catalog_versions (
        id serial PRIMARY KEY,
        version text NOT NULL UNIQUE,
        sources jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE contract_reviews (
        id serial PRIMARY KEY,
        project_id text NOT NULL REFERENCES projects(id),
        revision text NOT NULL,
        review_role text NOT NULL,
        user_id integer NOT NULL REFERENCES users(id),
        decision text NOT NULL CHECK (decision IN ('approve', 'reject')),
        comment text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`,
      `ALTER TABLE project_versions ADD COLUMN catalog_version text`,
    ],
  },
  {
    version: 3,
    name: 'sign-in failures per client address',
    sql: [
      // NULL for failures recorded before this version (they still count per user name).
      `ALTER TABLE login_failures ADD COLUMN ip text`,
      `CREATE INDEX login_failures_ip ON login_failures(ip, at)`,
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** Any constant: the advisory lock all servers take while migrating. */
const MIGRATION_LOCK = 5044_2014;

export async function appliedVersions(db: Queryable): Promise<number[]> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return [];
  const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((r) => r.version);
}

/** Brings the schema up to `target` (the latest by default). Returns the versions applied now. */
export async function migrate(db: Db, target: number = LATEST_SCHEMA_VERSION): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Set(await appliedVersions(tx));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (m.version > target || done.has(m.version)) continue;
      for (const statement of m.sql) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    }
    return applied;
  });
}
