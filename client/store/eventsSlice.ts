import type { StateCreator } from 'zustand';
import type { Event } from '../../shared/protocol';
import type { AlloState } from './index';

export interface EventsSlice {
  /**
   * Every event of the session, in seq order. Append-only and mutated in place so
   * that 100,000 events cost nothing to extend: subscribe to `head` (or `version`),
   * never to the array itself.
   */
  events: Event[];
  /** seq of the newest event (0 when none). */
  head: number;
  /** Bumped on every change to `events`, including a reset. */
  version: number;
  /**
   * Events this page never received: gaps in seq (the server had to shed them
   * from its log before this page could read them, e.g. after a long
   * disconnection in a very busy session). 0 in normal use.
   */
  missed: number;
  appendEvents(events: readonly Event[]): void;
  /** Replaces everything (a new session, or an imported recording). */
  replaceEvents(events: readonly Event[]): void;
}

export const createEventsSlice: StateCreator<AlloState, [], [], EventsSlice> = (set, get) => ({
  events: [],
  head: 0,
  version: 0,
  missed: 0,
  appendEvents: (incoming) => {
    const { events, head } = get();
    const { head: last, gap } = appendInOrder(events, head, incoming);
    if (last !== head) set((s) => ({ head: last, version: s.version + 1, missed: s.missed + gap }));
  },
  replaceEvents: (incoming) =>
    set((s) => ({
      events: [...incoming],
      head: incoming.at(-1)?.seq ?? 0,
      version: s.version + 1,
      missed: 0,
      cursor: null,
    })),
});

/** Appends in place the events newer than `head`; returns the new head and how many seqs were skipped. */
export function appendInOrder(
  events: Event[],
  head: number,
  incoming: readonly Event[],
): { head: number; gap: number } {
  let last = head;
  let gap = 0;
  for (const e of incoming) {
    // On resume the server re-sends from lastSeq; never store an event twice.
    if (e.seq <= last) continue;
    gap += e.seq - last - 1;
    events.push(e);
    last = e.seq;
  }
  return { head: last, gap };
}
