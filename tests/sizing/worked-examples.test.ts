import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { size } from '../../src/core/sizing/index.ts';
import { realRules, requirements, testCatalog } from './helpers.ts';

/**
 * One generic runner for the worked examples of dlt5044.md, kept as golden data
 * (tests/fixtures/worked-examples/*.json: input, expected numbers, tolerance, source).
 * `trace` reads a trace entry's value; `config` reads the configuration, `[key=value]` selects in an array.
 */
const dir = join(__dirname, '../fixtures/worked-examples');

function read(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.match(/[^.[]+(\[[^\]]*\])?/g) ?? []) {
    const m = /^(\w+)\[(\w+)=([\w.]+)\]$/.exec(part);
    if (m) {
      const arr = (cur as Record<string, unknown>)[m[1] as string] as Record<string, unknown>[];
      cur = arr.find((x) => String(x[m[2] as string]) === m[3]);
    } else cur = (cur as Record<string, unknown> | undefined)?.[part];
  }
  return cur;
}

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const ex = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    name: string;
    source: string;
    requirements: Record<string, unknown>;
    expect: { trace?: string; config?: string; value: number; tolerance: number }[];
  };
  describe(`${ex.name} (${ex.source})`, () => {
    const result = size(requirements(ex.requirements), testCatalog(), realRules());
    it('sizes without errors', () => {
      expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(result.ok).toBe(true);
    });
    for (const e of ex.expect) {
      const label = e.trace ? `trace ${e.trace}` : `configuration ${e.config}`;
      it(`${label} = ${e.value} ± ${e.tolerance}`, () => {
        const actual = e.trace ? result.trace.find((t) => t.id === e.trace)?.value : read(result.configuration, e.config as string);
        expect(typeof actual).toBe('number');
        expect(Math.abs((actual as number) - e.value)).toBeLessThanOrEqual(e.tolerance + 1e-9);
      });
    }
  });
}
