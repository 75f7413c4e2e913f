import { describe, expect, it } from 'vitest';
import { record, redo, startHistory, undo } from '../src/app/store/history.ts';

describe('undo and redo across edits', () => {
  it('undoes and redoes in order, and a new edit clears the redo list', () => {
    let h = startHistory({ n: 0 });
    h = record(h, { n: 1 });
    h = record(h, { n: 2 });
    h = undo(h);
    expect(h.present).toEqual({ n: 1 });
    h = redo(h);
    expect(h.present).toEqual({ n: 2 });
    h = undo(undo(h));
    expect(h.present).toEqual({ n: 0 });
    h = record(h, { n: 9 });
    expect(h.future).toEqual([]);
    expect(redo(h)).toBe(h);
  });

  it('does nothing at either end', () => {
    const h = startHistory('a');
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });

  it('keeps memory bounded', () => {
    let h = startHistory(0);
    for (let i = 1; i <= 1000; i++) h = record(h, i, 50);
    expect(h.past.length).toBe(50);
    expect(h.past[0]).toBe(950);
  });
});
