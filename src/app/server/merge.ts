/**
 * Field-by-field comparison and three-way merge of project files (plain JSON), for a stale save (409):
 * the app shows what the server's version changed against the user's, and "re-apply my edits" puts
 * every field the user changed since the version they started from onto the server's version, keeping
 * the other person's changes to fields the user did not touch. Lists whose elements all carry an `id`
 * (loads, periods, BOM edits, revisions…) are compared and merged element by element; other lists are
 * single values.
 */
export interface FieldChange {
  /** A readable path: `requirements.loads[L3].ratedPowerKW`. */
  path: string;
  from: unknown;
  to: unknown;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Lists keyed by a unique string `id` on every element. */
function keyed(v: unknown): Map<string, unknown> | null {
  if (!Array.isArray(v) || v.length === 0) return null;
  const out = new Map<string, unknown>();
  for (const x of v) {
    if (!isObj(x) || typeof x.id !== 'string' || out.has(x.id)) return null;
    out.set(x.id, x);
  }
  return out;
}

/** Both keyed, or one keyed and the other empty. */
function keyedPair(a: unknown, b: unknown): [Map<string, unknown>, Map<string, unknown>] | null {
  if (!Array.isArray(a) || !Array.isArray(b)) return null;
  const ka = a.length === 0 ? new Map<string, unknown>() : keyed(a);
  const kb = b.length === 0 ? new Map<string, unknown>() : keyed(b);
  return ka && kb && (a.length > 0 || b.length > 0) ? [ka, kb] : null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Every leaf that differs between `a` and `b`, with a path a person can read. */
export function diffJson(a: unknown, b: unknown, path = ''): FieldChange[] {
  if (jsonEqual(a, b)) return [];
  if (isObj(a) && isObj(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => diffJson(a[k], b[k], join(path, k)));
  }
  const pair = keyedPair(a, b);
  if (pair) {
    const [ma, mb] = pair;
    const ids = [...new Set([...ma.keys(), ...mb.keys()])];
    return ids.flatMap((id) => diffJson(ma.get(id), mb.get(id), `${path}[${id}]`));
  }
  return [{ path, from: a, to: b }];
}

export interface Merge {
  value: unknown;
  /** Paths both sides changed to different values: the user's value was kept. */
  overlaps: string[];
}

/**
 * Three-way merge: `mine` and `theirs` both started from `base`. A field only one side changed takes
 * that side's value; a field both changed differently takes `mine` and is listed in `overlaps`.
 */
export function merge3(base: unknown, mine: unknown, theirs: unknown, path = ''): Merge {
  if (jsonEqual(mine, base)) return { value: theirs, overlaps: [] };
  if (jsonEqual(theirs, base) || jsonEqual(mine, theirs)) return { value: mine, overlaps: [] };
  if (isObj(mine) && isObj(theirs) && (isObj(base) || base === undefined)) {
    const b: Obj = isObj(base) ? base : {};
    const out: Obj = {};
    const overlaps: string[] = [];
    for (const k of [...new Set([...Object.keys(theirs), ...Object.keys(mine)])]) {
      const m = merge3(b[k], mine[k], theirs[k], join(path, k));
      if (m.value !== undefined) out[k] = m.value;
      overlaps.push(...m.overlaps);
    }
    return { value: out, overlaps };
  }
  const pair = keyedPair(mine, theirs);
  const kb = Array.isArray(base) ? (base.length === 0 ? new Map<string, unknown>() : keyed(base)) : base === undefined ? new Map<string, unknown>() : null;
  if (pair && kb) {
    const [mm, mt] = pair;
    const overlaps: string[] = [];
    const merged = new Map<string, unknown>();
    // Their order first, then the elements only I added, in my order.
    const order = [...new Set([...mt.keys(), ...mm.keys(), ...kb.keys()])];
    for (const id of order) {
      const m = merge3(kb.get(id), mm.get(id), mt.get(id), `${path}[${id}]`);
      if (m.value !== undefined) merged.set(id, m.value);
      overlaps.push(...m.overlaps);
    }
    return { value: [...merged.values()], overlaps };
  }
  return { value: mine, overlaps: [path] };
}
