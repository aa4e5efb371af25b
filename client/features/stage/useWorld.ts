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

/** The event the cursor is on (the latest one shown), if any. */
export function eventAtCursor(world: World): Event | undefined {
  const events = store.getState().events;
  const e = events[countUpTo(events, world.seq) - 1];
  return e && e.seq === world.seq ? e : undefined;
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
