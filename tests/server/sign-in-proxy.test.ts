import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Client, PASSWORD, startTestServer, type TestServer } from './helpers.ts';

/**
 * The session cookie behind a reverse proxy and the per-address sign-in limit (issue 13):
 * X-Forwarded-Proto / X-Forwarded-For count only from a trusted proxy (DCQ_TRUSTED_PROXIES); from a
 * trusted proxy, https marks the cookie Secure; failed sign-ins are limited per client address as well
 * as per user name. PGlite, and PostgreSQL under scripts/with-postgres.sh.
 */
vi.setConfig({ testTimeout: 90_000 });
let direct: TestServer;
let proxied: TestServer;
const users = { ann: ['engineer'], bob: ['engineer'], cat: ['engineer'] };
const limit = { attempts: 3, perAddressAttempts: 4, windowSeconds: 600 };

beforeAll(async () => {
  direct = await startTestServer(users, { app: { loginLimit: limit } });
  proxied = await startTestServer(users, { app: { loginLimit: limit, trustedProxies: ['127.0.0.1', '::1'] } });
}, 120_000);
afterAll(async () => {
  await direct?.close();
  await proxied?.close();
});

function signIn(base: string, username: string, password: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });
}

describe('Secure session cookie', () => {
  it('is Secure when a trusted proxy says the request came over HTTPS, and not otherwise', async () => {
    const https = await signIn(proxied.base, 'ann', PASSWORD, { 'X-Forwarded-Proto': 'https', 'X-Forwarded-For': '203.0.113.1' });
    expect(https.status).toBe(200);
    expect(https.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Path=\/; Secure; Max-Age=\d+$/);
    const http = await signIn(proxied.base, 'ann', PASSWORD, { 'X-Forwarded-Proto': 'http' });
    expect(http.headers.get('set-cookie')).not.toMatch(/Secure/);
    const none = await signIn(proxied.base, 'ann', PASSWORD);
    expect(none.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('ignores X-Forwarded-Proto from a client that is not a trusted proxy', async () => {
    const r = await signIn(direct.base, 'ann', PASSWORD, { 'X-Forwarded-Proto': 'https' });
    expect(r.status).toBe(200);
    expect(r.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('signs out with the same attributes (the browser drops a Secure cookie only with a Secure one)', async () => {
    const c = new Client(proxied.base);
    const r = await signIn(proxied.base, 'ann', PASSWORD, { 'X-Forwarded-Proto': 'https' });
    c.cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]!;
    c.csrf = ((await r.json()) as { csrfToken: string }).csrfToken;
    const out = await c.req('DELETE', '/api/session', undefined, { 'X-Forwarded-Proto': 'https' });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^dcq_session=; HttpOnly; SameSite=Strict; Path=\/; Secure; Max-Age=0$/);
  });
});

describe('sign-in limit per client address', () => {
  it('one address trying several names is stopped (429), even with a right password; another address is not', async () => {
    const attacker = { 'X-Forwarded-For': '198.51.100.7' };
    // Below the per-name limit (3) for each name, 4 failures from one address in all.
    for (const name of ['ann', 'bob', 'cat', 'nobody']) expect((await signIn(proxied.base, name, 'not the password', attacker)).status).toBe(401);
    const blocked = await signIn(proxied.base, 'bob', PASSWORD, attacker);
    expect(blocked.status).toBe(429);
    expect(await blocked.json()).toMatchObject({ code: 'tooManyAttempts', messageZh: expect.stringContaining('登录失败次数过多') });
    // bob from his own address still signs in: his name has only one failure.
    expect((await signIn(proxied.base, 'bob', PASSWORD, { 'X-Forwarded-For': '192.0.2.44' })).status).toBe(200);
  });

  it('the nearest untrusted X-Forwarded-For hop is the client: a forged left-most entry changes nothing', async () => {
    const hops = (forged: string) => ({ 'X-Forwarded-For': `${forged}, 198.51.100.99` });
    for (let i = 0; i < 4; i++) expect((await signIn(proxied.base, `x${i}`, 'not the password', hops(`10.9.9.${i}`))).status).toBe(401);
    expect((await signIn(proxied.base, 'cat', PASSWORD, hops('10.9.9.200'))).status).toBe(429);
  });

  it('without a trusted proxy the socket address counts and X-Forwarded-For is ignored', async () => {
    for (let i = 0; i < 4; i++) expect((await signIn(direct.base, `y${i}`, 'not the password', { 'X-Forwarded-For': `10.8.8.${i}` })).status).toBe(401);
    expect((await signIn(direct.base, 'cat', PASSWORD, { 'X-Forwarded-For': '10.8.8.200' })).status).toBe(429);
    const { rows } = await direct.db.query<{ ip: string }>('SELECT DISTINCT ip FROM login_failures');
    expect(rows.map((r) => r.ip)).toEqual(['127.0.0.1']);
  });
});
