import type { StateCreator } from 'zustand';
import type { Event } from '../../shared/protocol';
import { startSeq } from './navigation';
import { appendInOrder } from './eventsSlice';
import type { AlloState } from './index';

/** The live session, kept aside (and still fed by its connection) while a recording is on screen. */
export interface ParkedLive {
  events: Event[];
  head: number;
  missed: number;
  shed: number;
}

export interface SourceSlice {
  /** What the views show: the page's live session, or a recording opened from a file. */
  source: 'live' | 'recording';
  /** The live session while a recording is shown; null when there is none to go back to. */
  parked: ParkedLive | null;
  /** When (Date.now()) an action last brought the timeline back to live by itself, so the toolbox says so. */
  backToLiveAt: number;
  /** Shows a recording from its start; a live session stays connected, parked, to come back to. */
  openRecording(events: readonly Event[], shed: number): void;
  /** Leaves a recording for the live session, with every event it got meanwhile. */
  backToLive(): void;
  /** Events from the connection: to the views, or to the parked session while a recording is shown. */
  appendLive(events: readonly Event[]): void;
  /** A new live session (its seq starts over). */
  resetLive(): void;
  setLiveShed(shed: number): void;
  /** seq of the live session's newest event, for `hello {lastSeq}`. */
  liveHead(): number;
}

export const createSourceSlice: StateCreator<AlloState, [], [], SourceSlice> = (set, get) => ({
  source: 'live',
  parked: null,
  backToLiveAt: 0,
  openRecording: (events, shed) => {
    const s = get();
    const parked =
      s.source === 'recording'
        ? s.parked
        : s.status === 'offline'
          ? null
          : { events: s.events, head: s.head, missed: s.missed, shed: s.shed };
    s.replaceEvents(events);
    set({ parked, source: 'recording', shed, cursor: startSeq(events), playing: false });
  },
  backToLive: () => {
    const { parked } = get();
    if (!parked) return;
    set((s) => ({
      ...parked,
      version: s.version + 1,
      source: 'live',
      parked: null,
      cursor: null,
      playing: false,
    }));
  },
  appendLive: (incoming) => {
    const { parked } = get();
    if (!parked) return get().appendEvents(incoming);
    const { head, gap } = appendInOrder(parked.events, parked.head, incoming);
    set({ parked: { ...parked, head, missed: parked.missed + gap } });
  },
  resetLive: () => {
    if (get().parked) set({ parked: { events: [], head: 0, missed: 0, shed: 0 } });
    else get().replaceEvents([]);
  },
  setLiveShed: (shed) => {
    const { parked } = get();
    if (parked) set({ parked: { ...parked, shed } });
    else set({ shed });
  },
  liveHead: () => get().parked?.head ?? get().head,
});

/** The live session is on screen and connected: the end of the timeline is "live". */
export const canFollowLive = (s: Pick<AlloState, 'source' | 'status'>): boolean =>
  s.source === 'live' && s.status === 'open';
