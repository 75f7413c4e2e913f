import type { Queryable } from './db.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import type { Roles } from './roles.ts';

/** User accounts: the CLI (`dcq user …`) and the API share these. Errors are UserError with zh/en text. */
export class UserError extends Error {
  constructor(readonly code: string, readonly text: { zh: string; en: string }) {
    super(text.en);
  }
}

export interface UserRow {
  id: number;
  username: string;
  roles: string[];
  disabled: boolean;
}

export function checkUsername(name: string): void {
  if (!/^[\p{L}\p{N}._-]{1,64}$/u.test(name)) {
    throw new UserError('user.name', { zh: `用户名无效：只能用字母、数字、点、下划线、连字符，最多 64 个字符`, en: `The user name is not valid: letters, digits, dot, underscore and hyphen, 64 characters at most` });
  }
}

export function parseRoleList(text: string, roles: Roles): string[] {
  const ids = [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))];
  if (ids.length === 0) throw new UserError('user.roles', { zh: '请用 --role 指定至少一个角色', en: 'Give at least one role with --role' });
  const unknown = roles.unknown(ids);
  if (unknown.length > 0) {
    const known = roles.list.map((r) => r.id).join(', ');
    throw new UserError('user.roleUnknown', { zh: `未知角色：${unknown.join(', ')}（可用：${known}）`, en: `Unknown role: ${unknown.join(', ')} (known: ${known})` });
  }
  return ids;
}

function checkPassword(password: string): void {
  const p = passwordProblem(password);
  if (p) throw new UserError('user.password', p);
}

export async function addUser(db: Queryable, name: string, roleIds: string[], password: string): Promise<UserRow> {
  checkUsername(name);
  checkPassword(password);
  const hash = await hashPassword(password);
  const { rows } = await db.query<UserRow>(
    'INSERT INTO users (username, password_hash, roles) VALUES ($1, $2, $3) ON CONFLICT (username) DO NOTHING RETURNING id, username, roles, disabled',
    [name, hash, roleIds],
  );
  if (!rows[0]) throw new UserError('user.exists', { zh: `用户已存在：${name}`, en: `The user already exists: ${name}` });
  return rows[0];
}

async function mustUpdate(db: Queryable, name: string, sql: string, params: unknown[]): Promise<void> {
  const { rows } = await db.query<{ id: number }>(sql, params);
  if (!rows[0]) throw new UserError('user.unknown', { zh: `没有此用户：${name}`, en: `No such user: ${name}` });
  await db.query('DELETE FROM sessions WHERE user_id = $1', [rows[0].id]);
}

/** Disables the account and ends its sessions. */
export async function disableUser(db: Queryable, name: string): Promise<void> {
  await mustUpdate(db, name, 'UPDATE users SET disabled = true WHERE username = $1 RETURNING id', [name]);
}

/** Sets a new password, enables the account and ends its sessions. */
export async function resetUser(db: Queryable, name: string, password: string): Promise<void> {
  checkPassword(password);
  const hash = await hashPassword(password);
  await mustUpdate(db, name, 'UPDATE users SET password_hash = $2, disabled = false WHERE username = $1 RETURNING id', [name, hash]);
}

export async function userCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  return rows[0]!.n;
}
