import { useEffect, useState } from 'react';

/**
 * How many of a list's `count` items to render: a short list at once; a long one (a 200-load project's
 * statistics rows and trace, the rows of the load table's scroll window beyond those in view) its first
 * `first` items in the frame that shows the screen, and the rest right after that frame is painted, so a
 * screen switch shows the screen within its budget (issue #16). Every item is in the page a frame later;
 * nothing is left out, and lists of the sample projects' size never take this path.
 */
export function useProgressiveCount(count: number, first = 30): number {
  const [all, setAll] = useState(count <= first);
  useEffect(() => {
    if (all) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setAll(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [all]);
  return all ? count : Math.min(count, first);
}

/**
 * False in the frame that mounts the component, true from the next one: a screen renders its first
 * screenful at once and what lies below it (long tables, the sizing trace) right after that frame.
 */
export function useAfterFirstFrame(): boolean {
  return useProgressiveCount(1, 0) === 1;
}
