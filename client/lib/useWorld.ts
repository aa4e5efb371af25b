import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Event } from '../../shared/protocol';
import { countUpTo, createWorldCursor, type World } from '../../shared/world';
import { type AlloStore, store, useAllo, useAlloStore } from '../store';
import { selectCursorSeq } from '../store/timelineSlice';

// One memoised cursor for the page: moving forward reduces only the new events.
const cursor = createWorldCursor();
// Another store (the class's spotlight) gets its own cursor, so that neither starts over for the other.
const cursors = new WeakMap<AlloStore, typeof cursor>([[store, cursor]]);
function cursorOf(s: AlloStore): typeof cursor {
  let c = cursors.get(s);
  if (!c) cursors.set(s, (c = createWorldCursor()));
  return c;
}

/** During a flood the stage redraws at most this often; a single event or a step shows at once. */
const REDRAW_MS = 80;

/**
 * For any view that follows the cursor: the cursor's seq (and the events' version), changing at most once per
 * `intervalMs` (REDRAW_MS unless said): the first change at once, the latest after the pause. A thousand
 * events a second then cost about a dozen stage renders, and nothing is
 * skipped: the world at the latest seq includes every event before it.
 */
export function useRedrawCursor(intervalMs = REDRAW_MS): { seq: number; version: number } {
  const store = useAlloStore();
  const read = () => {
    const s = store.getState();
    return { seq: selectCursorSeq(s), version: s.version };
  };
  const [at, setAt] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: subscribes once; `at` is the value it started from, `intervalMs` a constant of the caller
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const apply = () => {
      timer = undefined;
      last = performance.now();
      setAt(read());
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (selectCursorSeq(s) === selectCursorSeq(prev) && s.version === prev.version) return;
      if (timer) return;
      const wait = intervalMs - (performance.now() - last);
      if (wait <= 0) apply();
      else timer = setTimeout(apply, wait);
    });
    // Whatever changed between the first render and this subscription.
    const now = read();
    if (now.seq !== at.seq || now.version !== at.version) apply();
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, []);
  return at;
}

/**
 * The world at the timeline cursor (live: the newest event). Re-renders when
 * the cursor moves or events arrive (at most every REDRAW_MS); never
 * subscribes to the event array.
 */
export function useWorld(): World {
  const { seq, version } = useRedrawCursor();
  const store = useAlloStore();
  return useMemo(() => cursorOf(store).at(store.getState().events, seq), [store, seq, version]);
}

/** How far back to look past the kernel's own table readings for the event worth telling. */
const KERNEL_LOOKBACK = 32;

/**
 * The event the cursor is on (the latest one shown), if any. Readings of the
 * kernel's table (`kernel`) come often and say little on their own, so the
 * latest other event is told instead when there is one close by.
 */
export function eventAtCursor(world: World, from: AlloStore = store): Event | undefined {
  const events = from.getState().events;
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
export function worldNow(from: AlloStore = store): World {
  const s = from.getState();
  return cursorOf(from).at(s.events, selectCursorSeq(s));
}

// The toolbox acts on the sockets as they are now, whatever the timeline shows.
const liveCursor = createWorldCursor();

/** What the toolbox cares about in a socket: not its byte counters, which change with every chunk. */
const shapeOf = (w: World) =>
  w.order
    .map((id) => {
      const s = w.sockets[id]!;
      return `${id}|${s.phase}|${s.open}|${s.paused}|${s.label ?? ''}|${s.local?.port ?? ''}|${s.remote?.port ?? ''}`;
    })
    .join(';');

/**
 * The live world, but a new value only when a socket appears, changes phase,
 * number, peer or pause — not for every byte that arrives — so the toolbox does
 * not re-render a thousand times a second during a flood.
 */
export function useLiveWorldShape(): World {
  const cache = useRef<{ shape: string; world: World } | null>(null);
  const read = () => {
    const s = store.getState();
    const world = liveCursor.at(s.events, s.head);
    const shape = shapeOf(world);
    if (cache.current?.shape !== shape) cache.current = { shape, world };
    return cache.current.world;
  };
  return useSyncExternalStore(store.subscribe, read, read);
}
