import { useMemo } from 'react';
import type { Event } from '../../../shared/protocol';
import { countUpTo, createWorldCursor, type World } from '../../../shared/world';
import { store, useAllo } from '../../store';
import { selectCursorSeq } from '../../store/timelineSlice';

// One memoised cursor for the page: moving forward reduces only the new events.
const cursor = createWorldCursor();

/**
 * The world at the timeline cursor (live: the newest event). Re-renders when
 * the cursor moves or events arrive; never subscribes to the event array.
 */
export function useWorld(): World {
  const seq = useAllo(selectCursorSeq);
  const version = useAllo((s) => s.version);
  return useMemo(() => cursor.at(store.getState().events, seq), [seq, version]);
}

/** How far back to look past the kernel's own table readings for the event worth telling. */
const KERNEL_LOOKBACK = 32;

/**
 * The event the cursor is on (the latest one shown), if any. Readings of the
 * kernel's table (`kernel`) come often and say little on their own, so the
 * latest other event is told instead when there is one close by.
 */
export function eventAtCursor(world: World): Event | undefined {
  const events = store.getState().events;
  const n = countUpTo(events, world.seq);
  for (let i = n - 1; i >= Math.max(0, n - KERNEL_LOOKBACK); i--) {
    if (events[i]!.kind !== 'kernel') return events[i];
  }
  return events[n - 1];
}

/**
 * Whether animations run: live, or replaying. A paused timeline freezes them,
 * and the stage then shows the state at the cursor, still.
 */
export function useMotion(): { running: boolean; speed: number } {
  const running = useAllo((s) => s.cursor === null || s.playing);
  const speed = useAllo((s) => s.speed);
  return { running, speed };
}

const reducedMotion = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;

/** prefers-reduced-motion, as the system says now (the query object follows changes). */
export function prefersReducedMotion(): boolean {
  return reducedMotion?.matches === true;
}

/** The world at the cursor right now, outside React (announcer, tests). */
export function worldNow(): World {
  const s = store.getState();
  return cursor.at(s.events, selectCursorSeq(s));
}

// The toolbox acts on the sockets as they are now, whatever the timeline shows.
const liveCursor = createWorldCursor();

/** The world after the newest event (for actions, which always act on the present). */
export function useLiveWorld(): World {
  const head = useAllo((s) => s.head);
  const version = useAllo((s) => s.version);
  return useMemo(() => liveCursor.at(store.getState().events, head), [head, version]);
}
