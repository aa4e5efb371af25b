import type { AlloStore } from '../../store';
import { dueIndex, indexAtOrBefore } from '../../store/navigation';
import { canFollowLive } from '../../store/sourceSlice';

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Drives a replay: while `playing`, moves the cursor event by event with the
 * real gaps between events scaled by `speed` (long silences capped), then stops
 * at the last event — live again if a server is connected. A change of speed
 * takes effect from the event on screen; any other move of the cursor (a step,
 * a scrub) has already paused the replay.
 */
export function startReplayDriver(store: AlloStore, clock: Clock = realClock): () => void {
  let timer: unknown = null;
  let index = -1; // index of the event on screen
  let shownAt = 0; // when it was shown, on the clock
  let expected: number | null = null; // cursor the driver itself last set

  const cancel = () => {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  const tick = () => {
    timer = null;
    const s = store.getState();
    if (!s.playing) return;
    const now = clock.now();
    const due = dueIndex(s.events, index, shownAt, now, s.speed);
    // A new event's time on screen counts from when it is really shown: a tick that came late (a busy page)
    // must not cut the next event's minimum short, or a class misses it.
    shownAt = due.index !== index ? now : due.shownAt;
    index = due.index;
    const seq = s.events[index]?.seq ?? s.head;
    expected = seq;
    if (due.nextAt === null) {
      // The end of what happened: show it; follow live again when there is a server.
      store.setState({ playing: false, cursor: canFollowLive(s) ? null : seq });
      return;
    }
    if (seq !== s.cursor) s.setCursor(seq);
    // The next event is due its gap after this one really appeared.
    const nextAt = due.nextAt + (shownAt - due.shownAt);
    timer = clock.setTimeout(tick, Math.max(0, nextAt - clock.now()));
  };

  const begin = () => {
    cancel();
    const s = store.getState();
    index = indexAtOrBefore(s.events, s.cursor ?? s.head);
    shownAt = clock.now();
    expected = s.cursor;
    tick();
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (s.playing && !prev.playing) begin();
    else if (!s.playing && prev.playing) cancel();
    else if (s.playing && (s.speed !== prev.speed || (s.cursor !== prev.cursor && s.cursor !== expected))) begin();
    else if (s.playing && s.head !== prev.head && timer === null) tick();
  });
  if (store.getState().playing) begin();
  return () => {
    unsubscribe();
    cancel();
  };
}
