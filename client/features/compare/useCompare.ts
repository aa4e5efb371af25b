import { useEffect, useMemo, useRef, useState } from 'react';
import { countUpTo } from '../../../shared/world';
import { findRun, scoreCompare, type CompareScore } from '../../../shared/compare/scoreboard';
import { store, useAllo } from '../../store';
import { selectCursorSeq } from '../../store/timelineSlice';

/** The scoreboard of the last run at the timeline cursor; recomputed when the cursor moves or events arrive. */
export function useCompareScore(): { score: CompareScore | null; cursorT: number } {
  const seq = useAllo(selectCursorSeq);
  const version = useAllo((s) => s.version);
  return useMemo(() => {
    const events = store.getState().events;
    const end = countUpTo(events, seq);
    return { score: scoreCompare(events, undefined, end), cursorT: events[end - 1]?.t ?? 0 };
  }, [seq, version]);
}

/** The run going on now (whatever the timeline shows): the Stop button acts on the present. */
export function useActiveRun(): string | null {
  const version = useAllo((s) => s.version);
  return useMemo(() => {
    const events = store.getState().events;
    const found = findRun(events);
    if (!found) return null;
    for (let i = found.index + 1; i < events.length; i++) {
      const e = events[i]!;
      if (e.kind === 'compare-ended' && e.run === found.started.run) return null;
    }
    return found.started.run;
  }, [version]);
}

/**
 * Display time for the drawings: the cursor event's time, moving on with the
 * wall clock (× speed) while live or replaying, so bubbles glide between
 * events; still when the timeline is paused. Capped so a quiet stream does not
 * run ahead of the events by more than `maxAheadMs`.
 */
export function useDisplayTime(cursorT: number, running: boolean, speed: number, maxAheadMs = 3000): number {
  const [now, setNow] = useState(cursorT);
  const base = useRef({ t: cursorT, at: 0 });
  useEffect(() => {
    base.current = { t: cursorT, at: performance.now() };
    setNow(cursorT);
    if (!running) return;
    let frame = requestAnimationFrame(function tick() {
      const ahead = Math.min(maxAheadMs, (performance.now() - base.current.at) * speed);
      setNow(base.current.t + ahead);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [cursorT, running, speed, maxAheadMs]);
  return now;
}
