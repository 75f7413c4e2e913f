/**
 * Calendar checks for the dates people and files put into a quote: a string that only looks like a
 * date (2026-02-31, 25:00) is not one.
 */

/** YYYY-MM-DD naming a real calendar day. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 9999 || mo < 1 || mo > 12 || d < 1) return false;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= last;
}

/** An ISO date-time with offset whose date is a real day and whose time is a real time of day. */
export function isCalendarDateTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(s);
  if (!m || !isCalendarDate(m[1]!)) return false;
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || (m[4] !== undefined && Number(m[4]) > 59)) return false;
  if (m[6] !== undefined && (Number(m[7]) > 14 || Number(m[8]) > 59)) return false;
  return Number.isFinite(Date.parse(s));
}

/** Text with every kind of space removed (ASCII, no-break, ideographic, zero-width, BOM). */
export function withoutSpaces(s: string): string {
  return s.replace(/[\s\u00A0\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u3000\uFEFF]/g, '');
}

/**
 * The calendar day in China (Asia/Shanghai) at the instant `now`, YYYY-MM-DD: the date every document is
 * stamped with, whoever makes it (the CLI, the server, the app in any time zone). The caller passes the
 * clock (the core never reads it). China keeps UTC+8 all year (no daylight saving since 1991): a fixed
 * offset gives the same day as the Asia/Shanghai zone without loading time-zone data.
 */
export function todayInChina(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
