/**
 * Pure moves of the timeline cursor over the event list (sorted by seq, which may
 * start after 1 when a recording begins after shed events). Cursor `c` means
 * "the world after event c"; the start is just before the first event.
 */
interface HasSeq {
  seq: number;
}
interface HasTime extends HasSeq {
  t: number;
}

/** Index of the last of `n` ascending values (`at(i)`) that is ≤ `target`, or -1 when none. Binary search. */
export function lastAtOrBefore(n: number, at: (i: number) => number, target: number): number {
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at(mid) <= target) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the last event with seq ≤ `seq`, or -1 when none. */
export function indexAtOrBefore(events: readonly HasSeq[], seq: number): number {
  return lastAtOrBefore(events.length, (i) => events[i]!.seq, seq);
}

/** The cursor before any event: nothing has happened yet. */
export function startSeq(events: readonly HasSeq[]): number {
  return events.length ? events[0]!.seq - 1 : 0;
}

/** Moves `delta` events from `cursor` (negative = back), staying between the start and the last event. */
export function stepSeq(events: readonly HasSeq[], cursor: number, delta: number): number {
  if (!events.length) return 0;
  const i = indexAtOrBefore(events, cursor) + delta;
  if (i < 0) return startSeq(events);
  return events[Math.min(i, events.length - 1)]!.seq;
}

/** Longest pause a replay makes between two events, whatever the real gap was. */
export const MAX_REPLAY_GAP_MS = 1500;

/**
 * How long a replay waits before showing the next event: the real gap between
 * the two events, scaled by the speed, capped so a long silence never stalls it.
 */
export function replayDelay(
  prev: HasTime | undefined,
  next: HasTime,
  speed: number,
  capMs = MAX_REPLAY_GAP_MS,
): number {
  if (!prev) return 0;
  const gap = Math.max(0, next.t - prev.t) / speed;
  return Math.min(gap, capMs);
}

/**
 * The replay clock: from the event at `fromIndex` shown at `shownAt`, which
 * event is due at `now`, and when the one after it is due. Several events can be
 * due at once (a burst); the caller shows the last of them in one update.
 */
export function dueIndex(
  events: readonly HasTime[],
  fromIndex: number,
  shownAt: number,
  now: number,
  speed: number,
): { index: number; shownAt: number; nextAt: number | null } {
  let index = fromIndex;
  let at = shownAt;
  while (index + 1 < events.length) {
    const due = at + replayDelay(events[index], events[index + 1]!, speed);
    if (due > now) return { index, shownAt: at, nextAt: due };
    index++;
    at = due;
  }
  return { index, shownAt: at, nextAt: null };
}
