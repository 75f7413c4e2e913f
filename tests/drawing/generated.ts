import fc from 'fast-check';
import type { ProjectFile, Requirements } from '../../src/core/project/schema.ts';

const RATINGS = [6, 10, 16, 20, 25, 32, 40, 50, 63] as const;
const KINDS = ['control', 'power', 'closing', 'motor'] as const;
const NAME_CHARS = [...'主变保护测控开关柜线路备用通信直流电源室甲乙丙丁ABC123 -'];

const circuitName = fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 28 }).map((a) => a.join('').trim() || '回路');
const feeder = fc.record({ kind: fc.constantFrom(...KINDS), ratingA: fc.constantFrom(...RATINGS), count: fc.integer({ min: 1, max: 16 }), named: fc.boolean(), names: fc.array(circuitName, { maxLength: 16 }) }).map(({ kind, ratingA, count, named, names }) => ({ kind, ratingA, count, ...(named ? { names: names.slice(0, count) } : {}) }));
const subName = fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 30 }).map((a) => a.join('').trim() || '分电屏');

export interface Shape {
  arrangement: '1b1c' | '1b2c' | '2b2c' | '2b3c';
  main: Requirements['feeders']['main'];
  subs: { name: string; feeders: Requirements['feeders']['main'] }[];
  acIncomers: 1 | 2;
  integrated: boolean;
}

export const shapes: fc.Arbitrary<Shape> = fc.record({
  arrangement: fc.constantFrom('1b1c', '1b2c', '2b2c', '2b3c'),
  main: fc.array(feeder, { minLength: 1, maxLength: 6 }),
  subs: fc.array(fc.record({ name: subName, feeders: fc.array(feeder, { minLength: 1, maxLength: 3 }) }), { maxLength: 12 }),
  acIncomers: fc.constantFrom(1, 2),
  integrated: fc.boolean(),
}) as fc.Arbitrary<Shape>;

/** A project of the given shape on the requirements of a sample (220 kV DC or 110 kV integrated). */
export function projectOf(shape: Shape, base220: ProjectFile, base110: ProjectFile): ProjectFile {
  const base = shape.integrated ? base110 : base220;
  const seen = new Set<string>();
  const subs = shape.subs.map((s, i) => {
    const name = seen.has(s.name) ? `${s.name} ${i + 1}` : s.name;
    seen.add(name);
    return { name, independent: false, loadFunction: 'control' as const, feeders: s.feeders };
  });
  const req: Requirements = {
    ...base.requirements,
    arrangement: shape.arrangement,
    acInput: { incomers: shape.acIncomers },
    feeders: { main: shape.main, subPanels: subs },
    cables: { ...base.requirements.cables, circuits: [] },
  };
  return { ...base, requirements: req };
}

/** The largest realistic system of the issue: 2 groups, 3 charger sets, 60 feeders, 12 sub-panels. */
export function largestProject(base220: ProjectFile): ProjectFile {
  const main: Requirements['feeders']['main'] = [
    { kind: 'control', ratingA: 10, count: 30, names: Array.from({ length: 30 }, (_, i) => `220 kV 线路 ${i + 1} 保护测控装置电源`) },
    { kind: 'control', ratingA: 16, count: 14 },
    { kind: 'power', ratingA: 32, count: 10 },
    { kind: 'closing', ratingA: 32, count: 6 },
  ];
  const subPanels = Array.from({ length: 12 }, (_, i) => ({ name: `${i < 6 ? '220' : '110'} kV 继保小室直流分电屏 ${i + 1}`, independent: i % 2 === 1, loadFunction: 'control' as const, feeders: [{ kind: 'control' as const, ratingA: 10, count: 16 }, { kind: 'power' as const, ratingA: 16, count: 4 }] }));
  return { ...base220, requirements: { ...base220.requirements, arrangement: '2b3c', feeders: { main, subPanels }, cables: { ...base220.requirements.cables, circuits: [] } } };
}
