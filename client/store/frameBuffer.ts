export interface FrameBufferOptions {
  /**
   * Least time between two hand-overs. A lone event still lands on the next
   * frame; a burst is handed over at most 1000 / minIntervalMs times a second,
   * so the views re-render ~10 times a second however fast events arrive, and
   * the frames in between stay free for the animations.
   */
  minIntervalMs?: number;
  /** Hidden tabs stop requestAnimationFrame: a timer caps the wait. */
  maxWaitMs?: number;
  now?: () => number;
}

/**
 * Collects items and hands them over on an animation frame, at most once per
 * frame and at most once per `minIntervalMs`: a burst of a thousand events costs
 * one store update and one render, not a thousand. Nothing is dropped or
 * reordered. Falls back to timers where there is no requestAnimationFrame (Node).
 */
export function createFrameBuffer<T>(flush: (items: T[]) => void, options: FrameBufferOptions = {}) {
  const { minIntervalMs = 100, maxWaitMs = 250, now = () => performance.now() } = options;
  let pending: T[] = [];
  let scheduled = false;
  let lastFlush = -Infinity;
  // The timers of the current schedule only: a stale one must not cut the next interval short.
  let timers: ReturnType<typeof setTimeout>[] = [];
  const run = () => {
    if (!scheduled) return;
    scheduled = false;
    for (const t of timers) clearTimeout(t);
    timers = [];
    lastFlush = now();
    const items = pending;
    pending = [];
    if (items.length) flush(items);
  };
  const onNextFrame = () => {
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    else run();
  };
  return {
    push(items: readonly T[]) {
      for (const item of items) pending.push(item);
      if (scheduled) return;
      scheduled = true;
      const wait = Math.max(0, lastFlush + minIntervalMs - now());
      if (wait === 0) onNextFrame();
      else timers.push(setTimeout(onNextFrame, wait));
      timers.push(setTimeout(run, wait + maxWaitMs));
    },
    /** Applies everything now (tests, export). */
    flushNow: run,
  };
}
