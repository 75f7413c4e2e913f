/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  /** The input was read but has problems (validation errors, cannot size, refused export). */
  problems: 1,
  /** The command line itself is wrong (unknown command, missing argument). */
  usage: 2,
  /** A file could not be read or written. */
  io: 3,
} as const;
