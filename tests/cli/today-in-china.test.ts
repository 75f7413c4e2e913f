/** The quote date defaults to today in China (UTC+8, no daylight saving), whatever the machine's zone. */
import { describe, expect, it } from 'vitest';
import { todayInChina } from '../../src/core/quote/dates.ts';

describe('todayInChina', () => {
  it('turns at 16:00 UTC, which is midnight in Beijing', () => {
    expect(todayInChina(new Date('2026-11-30T15:59:59.999Z'))).toBe('2026-11-30');
    expect(todayInChina(new Date('2026-11-30T16:00:00.000Z'))).toBe('2026-12-01');
    expect(todayInChina(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
    expect(todayInChina(new Date('2028-02-28T16:30:00.000Z'))).toBe('2028-02-29');
  });
  it('agrees with the Asia/Shanghai zone over decades, hour by hour', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let t = Date.UTC(1992, 0, 1); t < Date.UTC(2040, 0, 1); t += 3_600_000 * 7 + 12_345) {
      expect(todayInChina(new Date(t))).toBe(zone.format(new Date(t)));
    }
  });
});
