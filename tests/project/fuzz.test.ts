import { describe, expect, it } from 'vitest';
import { Money } from '../../src/core/money.ts';
import { evaluateProject } from '../../src/core/pipeline.ts';
import { openProjectText } from '../../src/core/project/index.ts';
import { SAMPLE_PROJECTS, sampleProjectJson, shippedKnowledge } from '../fixtures/knowledge.ts';

/**
 * Fuzz: 1,200 mutated project files (truncated, wrong types, negative / huge / non-finite numbers,
 * missing and unknown fields, bad versions, unknown catalog codes in BOM edits, …) are opened the way
 * the app and the CLI open them. None may throw; a rejected file must say where and why; an accepted
 * one must evaluate without throwing and without a NaN or Infinity anywhere in its results.
 */

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const hostileValues: Json[] = [null, -1, 0, -0.0001, 1e21, 1e308, 'NaN', 'Infinity', '', '=1+1', '-2', '１２３', [], {}, true, 'x'.repeat(5000), 'XX-404', 3.5, 220, 'zh'];

function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    for (const [k, v] of entries) {
      const p = [...prefix, k];
      out.push(p);
      paths(v as Json, p, out);
    }
  }
  return out;
}

function parentOf(root: Json, path: (string | number)[]): { parent: Json; key: string | number } | null {
  let node: Json = root;
  for (const k of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string | number, Json>)[k] as Json;
  }
  return node !== null && typeof node === 'object' ? { parent: node, key: path[path.length - 1] as string | number } : null;
}

function mutate(base: Json, rnd: () => number): string {
  const doc = structuredClone(base) as Json;
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const steps = 1 + Math.floor(rnd() * 3);
  let text: string | null = null;
  for (let s = 0; s < steps; s++) {
    const all = paths(doc);
    const target = pick(all);
    const at = target ? parentOf(doc, target) : null;
    const kind = Math.floor(rnd() * 9);
    if (!at) continue;
    const { parent, key } = at;
    const obj = parent as Record<string | number, Json>;
    switch (kind) {
      case 0:
      case 1:
      case 2:
        obj[key] = structuredClone(pick(hostileValues));
        break;
      case 3:
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete obj[key];
        break;
      case 4:
        if (Array.isArray(parent)) parent.push(structuredClone(parent[key as number] as Json));
        else obj[`unknown_${s}`] = 1;
        break;
      case 5:
        (doc as Record<string, Json>).schemaVersion = pick([0, 2, '1', 1.5, null, 1]);
        break;
      case 6: {
        const q = ((doc as Record<string, Json>).quote ??= {}) as Record<string, Json>;
        q.edits = [pick<Json>([{ kind: 'swapItem', lineId: 'nope', code: 'XX-404' }, { kind: 'setQuantity', lineId: 'x', quantity: '-3' }, { kind: 'addManualLine', panelId: 'p', line: { code: 'XX-404', quantity: 1 } }, 42])];
        break;
      }
      case 7: {
        const v = obj[key];
        if (typeof v === 'number') obj[key] = v * pick([-1, 1000, 1e-6, 0]);
        break;
      }
      default:
        text = JSON.stringify(doc).slice(0, Math.floor(rnd() * JSON.stringify(doc).length));
    }
  }
  return text ?? JSON.stringify(doc);
}

function nonFinitePaths(value: unknown, path = '', out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(path);
    return out;
  }
  if (value instanceof Money || (value !== null && typeof value === 'object' && 'isFinite' in value && typeof (value as Money).isFinite === 'function')) {
    if (!(value as Money).isFinite()) out.push(path);
    return out;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return out;
  seen.add(value);
  for (const [k, v] of Object.entries(value)) nonFinitePaths(v, `${path}.${k}`, out, seen);
  return out;
}

describe('opening 1,200 mutated project files', () => {
  it('never throws, explains every rejection, and never lets NaN or Infinity through', async () => {
    const k = await shippedKnowledge();
    const rnd = mulberry32(20261124);
    const bases = SAMPLE_PROJECTS.map((n) => sampleProjectJson(n) as Json);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 1200; i++) {
      const text = mutate(bases[i % bases.length] as Json, rnd);
      const opened = openProjectText(text, k.sizingRules);
      if (!opened.ok) {
        rejected++;
        expect(opened.problems.length, text.slice(0, 200)).toBeGreaterThan(0);
        for (const p of opened.problems) {
          expect(p.code).toMatch(/\S/);
          expect(p.message.zh).toMatch(/\S/);
          expect(p.message.en).toMatch(/\S/);
        }
        continue;
      }
      accepted++;
      const e = evaluateProject(opened.value, k);
      const bad = nonFinitePaths({ configuration: e.sizing.configuration, statistics: e.sizing.loadStatistics, trace: e.sizing.trace.map((t) => t.value), priced: e.priced?.totals, lines: e.priced?.lines });
      expect(bad, `non-finite values in ${text.slice(0, 300)}`).toEqual([]);
    }
    // The corpus must exercise both ways, or it proves nothing. About 8 % of the mutated files stay valid;
    // the exact count moves with the samples' shape (one more key in a sample reshuffles the mutations).
    expect(accepted).toBeGreaterThan(75);
    expect(rejected).toBeGreaterThan(300);
  });
});
