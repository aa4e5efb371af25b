/**
 * Collects items and hands them over at most once per animation frame, so a burst
 * of a thousand events costs one store update and one render, not a thousand.
 * Falls back to a timer where there is no requestAnimationFrame (Node, hidden tabs
 * throttle rAF to nothing, so a timer also caps the wait).
 */
export function createFrameBuffer<T>(flush: (items: T[]) => void, maxWaitMs = 100) {
  let pending: T[] = [];
  let scheduled = false;
  const run = () => {
    if (!scheduled) return;
    scheduled = false;
    const items = pending;
    pending = [];
    if (items.length) flush(items);
  };
  return {
    push(items: readonly T[]) {
      for (const item of items) pending.push(item);
      if (scheduled) return;
      scheduled = true;
      if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
      setTimeout(run, maxWaitMs);
    },
    /** Applies everything now (tests, export). */
    flushNow: run,
  };
}
