/**
 * Is a team server there? The static build (local mode) has no /api/health, or answers with its
 * index page; `dcq serve` answers {"ok":true,…}. Kept apart from the API client so the first script
 * carries only this check; the client and the sign-in screen load when a server answers.
 */
export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export async function detectServer(fetchImpl: FetchLike = (u, i) => fetch(u, i), base = ''): Promise<boolean> {
  try {
    const r = await fetchImpl(`${base}/api/health`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    if (!r.ok || !/json/i.test(r.headers.get('content-type') ?? '')) return false;
    const body = (await r.json()) as { ok?: unknown };
    return body.ok === true;
  } catch {
    return false;
  }
}
