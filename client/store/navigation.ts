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
 * Least time an event stays on screen in a replay (and between two steps of a held arrow key), at 1×;
 * divided by the speed (0.25× → 2 s, 4× → 125 ms). SYN, SYN-ACK, ACK and FIN happen within the same
 * millisecond on loopback: without it a class never sees them go by.
 */
export const MIN_ON_SCREEN_MS = 500;

/** How long `e` stays on screen at least, at `speed`: kernel readings are polled snapshots and get no hold. */
export function minOnScreen(e: { kind?: string } | undefined, speed: number, minMs = MIN_ON_SCREEN_MS): number {
  return !e || e.kind === 'kernel' ? 0 : minMs / speed;
}

/**
 * How long a replay waits before showing the next event: the real gap between
 * the two events, scaled by the speed, capped so a long silence never stalls it,
 * and never less than the event on screen's minimum time (`minMs` at 1×).
 */
export function replayDelay(
  prev: (HasTime & { kind?: string }) | undefined,
  next: HasTime,
  speed: number,
  capMs = MAX_REPLAY_GAP_MS,
  minMs = MIN_ON_SCREEN_MS,
): number {
  if (!prev) return 0;
  const gap = Math.max(0, next.t - prev.t) / speed;
  return Math.max(Math.min(gap, capMs), minOnScreen(prev, speed, minMs));
}

/**
 * The replay clock: from the event at `fromIndex` shown at `shownAt`, which
 * event is due at `now`, and when the one after it is due. Several events can be
 * due at once (the page was busy); the caller shows the last of them in one update.
 */
export function dueIndex(
  events: readonly (HasTime & { kind?: string })[],
  fromIndex: number,
  shownAt: number,
  now: number,
  speed: number,
  minMs = MIN_ON_SCREEN_MS,
): { index: number; shownAt: number; nextAt: number | null } {
  let index = fromIndex;
  let at = shownAt;
  while (index + 1 < events.length) {
    const due = at + replayDelay(events[index], events[index + 1]!, speed, MAX_REPLAY_GAP_MS, minMs);
    if (due > now) return { index, shownAt: at, nextAt: due };
    index++;
    at = due;
  }
  return { index, shownAt: at, nextAt: null };
}
