import type { Event } from '../protocol';
import { emptyWorld, reduceWorld } from './reduce';
import type { World } from './types';

/**
 * Index of the first event with seq > `seq` (events are in seq order). Binary
 * search, because a session may have shed its oldest events and seqs need not
 * start at 1.
 */
export function countUpTo(events: readonly Event[], seq: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The world after every event with seq ≤ `seq`, reduced from the start. For
 * repeated calls (a live stage, a scrubbed timeline) use `createWorldCursor`.
 */
export function worldAt(events: readonly Event[], seq: number): World {
  const n = countUpTo(events, seq);
  let w = emptyWorld();
  for (let i = 0; i < n; i++) w = reduceWorld(w, events[i]!);
  return w;
}

/** A world kept every this many events, so stepping back costs at most this many reductions. */
export const CHECKPOINT_EVERY = 512;

export interface WorldCursor {
  /** Same result as `worldAt(events, seq)`, reusing earlier work. */
  at(events: readonly Event[], seq: number): World;
}

/**
 * Memoised `worldAt` for one append-only event list. Moving forward reduces
 * only the new events; moving back restarts from the nearest checkpoint. Worlds
 * are immutable, so checkpoints are plain references. A different array (a new
 * session, an imported recording) starts over.
 */
export function createWorldCursor(): WorldCursor {
  let source: readonly Event[] | null = null;
  let firstSeq = 0;
  let checkpoints: World[] = []; // checkpoints[k] = world after k * CHECKPOINT_EVERY events
  let index = 0; // events applied to `current`
  let current = emptyWorld();

  const restart = (events: readonly Event[]) => {
    source = events;
    firstSeq = events[0]?.seq ?? 0;
    checkpoints = [emptyWorld()];
    index = 0;
    current = checkpoints[0]!;
  };

  return {
    at(events, seq) {
      // Same array but its start changed: it was replaced in place, start over.
      if (events !== source || (events[0]?.seq ?? 0) !== firstSeq) restart(events);
      if (firstSeq === 0 && events.length) firstSeq = events[0]!.seq;
      const n = countUpTo(events, seq);
      if (n < index) {
        const k = Math.floor(n / CHECKPOINT_EVERY);
        current = checkpoints[k]!;
        index = k * CHECKPOINT_EVERY;
      }
      while (index < n) {
        current = reduceWorld(current, events[index]!);
        index++;
        if (index % CHECKPOINT_EVERY === 0 && !checkpoints[index / CHECKPOINT_EVERY])
          checkpoints[index / CHECKPOINT_EVERY] = current;
      }
      return current;
    },
  };
}
